"""Advance shipping notices: import, then a pallet's SSCC received whole."""

import json

import pytest

from station.db.models import AsnPallet, ReceiptLine
from station.services.asn_import import import_asn
from station.services.receiving import ReceiveError, ReceivingService
from tests.services.test_receiving import TODAY

SSCC = "069012340000000016"
SSCC2 = "069012340000000023"
NOTICE = {
    "asn": "ASN-77",
    "po": "PO-2611-001",
    "pallets": [
        {
            "sscc": SSCC,
            "items": [
                {"sku": "TEA-100", "qty": 120, "lot": "L7", "expiry": "2027-08-31"},
                {"sku": "HONEY-500", "qty": 60, "lot": "H7", "expiry": "2027-01-10"},
            ],
        },
        {
            "sscc": SSCC2,
            "items": [{"sku": "TEA-100", "qty": 120, "lot": "L8", "expiry": "2027-09-30"}],
        },
    ],
}


@pytest.fixture
def svc(demo_services):
    return ReceivingService(demo_services.store.db, "b1", today=lambda: TODAY)


def run(db, notice):
    return import_asn(db, "b1", json.dumps(notice).encode())


def test_import_then_a_pallet_scan_receives_everything_on_it(demo_services, svc):
    db = demo_services.store.db
    result = run(db, NOTICE)
    assert result.ok and (result.orders, result.lines) == (2, 3)
    assert run(db, NOTICE).already == 2  # nothing twice
    receipt = svc.open("PO-2611-001", None)
    got = svc.scan(receipt, "]C100" + SSCC)
    assert (got.sku, got.qty) == (f"(00){SSCC}", 180)
    # honey with 48 days left of its 365: the pallet is received, honey quarantined
    assert got.status == "quarantine" and got.reason.startswith("shelf_life:")
    lines = {ln.product.sku: ln for ln in ReceiptLine.select()}
    assert (lines["TEA-100"].lot, lines["TEA-100"].sscc, lines["TEA-100"].qty) == ("L7", SSCC, 120)
    assert AsnPallet.get(AsnPallet.sscc == SSCC).received_at is not None
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "00" + SSCC)
    assert info.value.code == "receive.pallet_received"


def test_a_refusal_on_one_item_refuses_the_whole_pallet(demo_services, svc):
    db = demo_services.store.db
    run(db, NOTICE)
    receipt = svc.open("PO-2611-001", None)
    svc.scan(receipt, "]C100" + SSCC2)  # 120 tea
    svc.scan(
        receipt, "]C100069012340000000030" + "0216901234000044" + "17271231" + "10L9\x1d3710"
    )  # +120 = 240
    before = ReceiptLine.select().count()
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "00" + SSCC)  # 120 more tea: over beyond 5%
    assert info.value.code == "receive.over_needs_supervisor"
    assert ReceiptLine.select().count() == before  # the honey on it was not kept either
    assert AsnPallet.get(AsnPallet.sscc == SSCC).received_at is None


def test_unannounced_pallet_is_refused(demo_services, svc):
    receipt = svc.open("PO-2611-001", None)
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "00" + SSCC)
    assert info.value.code == "receive.pallet_code"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"po": "PO-NOPE"}, "unknown_po"),
        (
            {"pallets": [{"sscc": "069012340000000017", "items": [{"sku": "TEA-100", "qty": 1}]}]},
            "bad_sscc",
        ),
        ({"pallets": [{"sscc": SSCC, "items": [{"sku": "NOPE", "qty": 1}]}]}, "unknown_sku"),
        ({"pallets": [{"sscc": SSCC, "items": [{"sku": "TEA-100", "qty": 0}]}]}, "bad_item"),
        (
            {
                "pallets": [
                    {"sscc": SSCC, "items": [{"sku": "TEA-100", "qty": 1, "expiry": "soon"}]}
                ]
            },
            "bad_item",
        ),
        ({"pallets": [{"sscc": SSCC, "items": []}]}, "empty_pallet"),
    ],
)
def test_bad_notices_import_nothing(demo_services, change, reason):
    result = run(demo_services.store.db, {**NOTICE, **change})
    assert reason in [r.reason for r in result.rejected]
    assert AsnPallet.select().count() == 0


def test_a_pallet_gets_one_plate_for_all_its_products(demo_services, svc):
    run(demo_services.store.db, NOTICE)
    receipt = svc.open("PO-2611-001", None)
    svc.scan(receipt, "]C100" + SSCC)
    svc.scan(receipt, "]C100" + SSCC2)
    first, second = svc.lpn_pages(receipt, "6901234")  # the supplier's SSCCs are kept
    assert first["plate_barcode"] == "\xf100" + SSCC and second["plate_text"] == f"(00) {SSCC2}"
    assert (first["sku"], first["qty"]) == ("2 SKU", 180)
    assert "TEA-100 ×120" in first["name"] and "HONEY-500 ×60" in first["name"]
    assert first["status_banner"] == "隔离 QUARANTINE"  # the honey is short-dated
    assert (second["sku"], second["qty"], second["status_banner"]) == ("TEA-100", 120, "")
