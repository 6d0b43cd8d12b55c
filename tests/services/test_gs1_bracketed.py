"""GS1 data in its human-readable bracketed form, ``(01)06901234000047(10)L1`` (typed
from the label, or sent by a scanner set to output HRI), is the element string it
shows: read and checked whole at goods-in, pack-out and ``station barcode parse``,
never offered for linking as a product's own code."""

import json
import subprocess
import sys
from datetime import date

import pytest

from station.services.gs1 import Gs1Refused, bracketed_elements, read
from station.services.receiving import ReceivingService

TEA = "06901234000047"


@pytest.mark.parametrize(
    "text, elements",
    [
        (f"(01){TEA}(17)270630(10)L2611", f"01{TEA}\x1d17270630\x1d10L2611"),
        (f"(01){TEA}(10)AB(C)", f"01{TEA}\x1d10AB(C)"),  # "(C)" is no AI: the lot's
        ("(00)106141411234567897", "00106141411234567897"),
        ("(99)x", "99x"),
        ("(AB)12", None),
        ("(01", None),
        ("01" + TEA, None),
    ],
)
def test_the_bracketed_form_as_element_strings(text, elements):
    assert bracketed_elements(text) == elements


def test_goods_in_reads_the_bracketed_form(demo_services):
    raw = f"(01){TEA}(17)270630(10)L2611"
    r = read(raw)
    assert (r.gtin, r.lot, r.expiry) == (TEA, "L2611", date(2027, 6, 30))
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    got = svc.scan(svc.open("PO-2611-001", None), raw)
    assert (got.line.product.sku, got.line.lot) == ("TEA-100", "L2611")


@pytest.mark.parametrize(
    "raw, code",
    [
        (f"(01){TEA}(10)L1(10)L2", "gs1.repeated_ai"),
        ("(10)L1(17)270630", "gs1.missing_partner"),
        (f"(01){TEA}(17)270631", "gs1.no_such_date"),
    ],
)
def test_a_bracketed_string_wrong_as_a_whole_is_refused_not_linked(demo_services, raw, code):
    with pytest.raises(Gs1Refused) as info:
        read(raw)
    assert info.value.code == code
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    with pytest.raises(Gs1Refused):  # not receive.unknown_barcode: never offered for linking
        svc.scan(svc.open("PO-2611-001", None), raw)


def test_barcode_parse_explains_the_bracketed_form():
    r = subprocess.run(
        [sys.executable, "-m", "station", "barcode", "parse", f"(01){TEA}(21)S1(21)S2"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    out = json.loads(r.stdout)
    assert r.returncode == 1 and out["rule"]["code"] == "gs1.repeated_ai"


def test_pack_out_packs_a_unit_by_its_bracketed_form(demo_services):
    from station.core.scan import Scan
    from station.db.models import Operator
    from station.services.operators import Session
    from station.services.order_import import import_orders

    order = (
        "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
        "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
        "T5001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,59.00,spot,,SF,,,CUP-350,2,0\n"
    )
    assert import_orders(demo_services.store.db, "b1", order.encode()).ok
    svc = demo_services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    _, state = svc.open(Scan("T5001"), who)
    verdict = svc.scan_item(state.order, Scan("(01)06901234000030(21)S9"), who)[0]
    assert verdict.code == "packed"
    verdict = svc.scan_item(state.order, Scan("(01)06901234000030(21)S1(21)S2"), who)[0]
    assert verdict.code == "gs1.repeated_ai"
