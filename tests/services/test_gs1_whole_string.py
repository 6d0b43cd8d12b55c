"""GS1 strings wrong as a whole, through the bench's paths: ``station barcode parse``
(a subprocess), goods-in and pack-out on a real SQLite store."""

import json
import subprocess
import sys
from datetime import date

import pytest

from station.core.scan import Outcome, Scan
from station.db.models import PackedItem, ReceiptLine, ScanEvent
from station.services.gs1 import Gs1Refused
from station.services.operators import Session
from station.services.receiving import ReceiveError, ReceivingService
from tests.gs1_cases import GS, GTIN, REFUSED, SSCC, VALID

TODAY = date(2026, 11, 23)
# the refusals that are not a misread check digit (goods-in answers that one as a misread)
WHOLE = [c for c in REFUSED if c[1] != "gs1.check_digit"]


def parse(data):
    r = subprocess.run(
        [sys.executable, "-m", "station", "barcode", "parse", data],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not r.stderr.strip(), r.stderr  # a refusal is an answer, never a traceback
    return r.returncode, json.loads(r.stdout)


# one string of each kind of refusal (the first of each code), through the command line
ONE_EACH = list({code: (data, code, params) for data, code, params in REFUSED[::-1]}.values())


@pytest.mark.parametrize("data, code, params", ONE_EACH, ids=[c[1] for c in ONE_EACH])
def test_barcode_parse_refuses_with_the_rule_and_exit_1(data, code, params):
    rc, out = parse(data)
    assert rc == 1 and out["ok"] is False
    assert out["rule"] == {"code": code, **params}
    if code == "gs1.check_digit":  # a misread says which digit it expected
        assert "check digit" in out["refused"] and "Expected 8, got 9" in out["refused"]
    else:
        assert out["refused"].startswith(f"({params['ai']})")


def test_barcode_parse_names_the_lost_separator_not_an_ai_90():
    rc, out = parse("10L1234567172712310106901234000108")
    assert rc == 1
    assert out["refused"] == (
        "(10) is 32 characters long, at most 20 are allowed: "
        "a group separator (FNC1) is missing after it"
    )


def test_barcode_parse_passes_a_long_string_right_as_a_whole():
    data, ais = VALID[0]
    rc, out = parse(data)
    assert rc == 0 and out["ok"] and "rule" not in out
    assert [e["ai"] for e in out["gs1"]] == ais


@pytest.fixture
def svc(demo_services):
    return ReceivingService(demo_services.store.db, "b1", today=lambda: TODAY)


@pytest.fixture
def receipt(svc):
    return svc.open("PO-2611-001", None)


@pytest.mark.parametrize("data, code, params", WHOLE, ids=[c[0][:30] for c in WHOLE])
@pytest.mark.parametrize("symbology", ["", "]C1"])
def test_goods_in_refuses_with_the_rule_and_keeps_nothing(
    svc, receipt, data, code, params, symbology
):
    before = ReceiptLine.select().count()
    if not symbology and data.isdigit() and len(data) in (8, 12, 13, 14):
        # digits only, of a GTIN's length, read as a GTIN with a wrong check digit first
        with pytest.raises(ReceiveError, match="bad_check_digit"):
            svc.scan(receipt, data)
        return
    with pytest.raises(Gs1Refused) as info:
        svc.scan(receipt, symbology + data)
    # the rule, never "unknown barcode" (which offers to link the scan to a product)
    assert (info.value.code, info.value.params) == (code, params)
    assert ReceiptLine.select().count() == before


def test_goods_in_answers_a_misread_check_digit_as_a_misread(svc, receipt):
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, f"01{GTIN[:-1]}9" + "17271231" + "10L1")
    assert info.value.code == "bad_check_digit" and info.value.params["expected"] == GTIN[-1]


def test_goods_in_takes_the_stand_in_separator_before_the_rules(demo_services):
    svc = ReceivingService(demo_services.store.db, "b1", gs_standin="|", today=lambda: TODAY)
    receipt = svc.open("PO-2611-001", None)
    with pytest.raises(Gs1Refused) as info:
        svc.scan(receipt, f"]C101{GTIN}17271231" + "10H1|10H2")
    assert info.value.code == "gs1.repeated_ai"
    got = svc.scan(receipt, f"]C101{GTIN}17271231" + "10H1|21S9", qty=1)
    assert (got.line.lot, got.line.serial) == ("H1", "S9")


def test_goods_in_receives_the_long_string_and_the_logistic_unit(svc, receipt):
    got = svc.scan(receipt, "]C1" + VALID[0][0], qty=1)
    assert (got.sku, got.line.lot, got.line.expiry, got.line.serial) == (
        "HONEY-500",
        "LOT-7/A",
        date(2027, 12, 31),
        "SN.0042",
    )
    unit = svc.scan(receipt, f"]C100{SSCC}0216901234000105" + "17271231" + f"10B1{GS}3710")
    assert (unit.sku, unit.qty, unit.line.sscc) == ("HONEY-500", 120, SSCC)


def session():
    from station.db.models import Operator

    return Session(Operator.get(Operator.name == "张伟"), "bench")


def test_pack_out_refuses_two_serials_and_packs_nothing(demo_services):
    svc = demo_services.packing
    _, state = svc.open(Scan("2611230004"), session())  # earbuds, serial-tracked
    buds = "06901234000078"
    for data, code in [
        (f"01{buds}21SN-0001{GS}21SN-0002", "gs1.repeated_ai"),
        (f"01{buds}21SN-0001" + "17271231" + "10L1" * 4, "gs1.too_long"),
        (f"01{buds}3712", "gs1.exclusive"),
    ]:
        verdict, state = svc.scan_item(state.order, Scan(data), session())
        assert (verdict.outcome, verdict.code) == (Outcome.REFUSED, code)
        assert svc.is_item(data) is False
    assert PackedItem.select().count() == 0
    logged = [e.message for e in ScanEvent.select().where(ScanEvent.context == "pack")]
    assert logged[-3:] == ["gs1.repeated_ai", "gs1.too_long", "gs1.exclusive"]  # on the scan log
    verdict, _ = svc.scan_item(state.order, Scan(f"01{buds}21SN-0001"), session())
    assert verdict.outcome is Outcome.OK and PackedItem.get().serial == "SN-0001"
