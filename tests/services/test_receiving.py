"""Goods-in against the demo purchase orders, on a real SQLite file."""

import json
from datetime import date

import pytest

from station.db.models import (
    Operator,
    OutboxRecord,
    Product,
    ProductBarcode,
    PurchaseOrder,
    ReceiptLine,
)
from station.services.gs1 import Gs1Refused
from station.services.receiving import ReceiveError, ReceivingService

GS = "\x1d"
TODAY = date(2026, 11, 23)
TEA_EAN, TEA_CARTON = "6901234000047", "16901234000044"  # TEA-100, carton of 12
HONEY = "06901234000108"


SSCC = "069012340000000016"  # the supplier's pallet label (00)


def tea(lot="L2611", expiry="270630", count=None, sep=GS):
    """A unit's GS1-128 (01), or with ``count`` a logistic unit's: SSCC (00), the
    cartons' GTIN as contents (02) and their count (37), as GS1 pairs them."""
    if count:
        return f"]C100{SSCC}02{TEA_CARTON}17{expiry}10{lot}{sep}37{count}"
    return f"]C1010{TEA_EAN}17{expiry}10{lot}"


@pytest.fixture
def svc(demo_services):
    return ReceivingService(demo_services.store.db, "b1", today=lambda: TODAY)


@pytest.fixture
def receipt(svc):
    return svc.open("PO-2611-001", None)


def role(name):
    return Operator.select().where(Operator.role == name).first()


def state(svc, receipt, sku):
    return next(s for s in svc.lines(receipt) if s.sku == sku)


def test_full_receipt_closes_the_po(svc, receipt):
    # 240 TEA-100 as 20 cartons of 12 (AI 37), 120 honey one by one scanned as a count
    r = svc.scan(receipt, tea(count=20))
    assert (r.sku, r.qty, r.status, r.discrepancy) == ("TEA-100", 240, "accepted", None)
    assert r.line.lot == "L2611" and r.line.expiry == date(2027, 6, 30)
    svc.scan(receipt, f"01{HONEY}17271231" + "10H1", qty=120)
    states = svc.close(receipt)
    assert [s.open for s in states] == [0, 0]
    assert PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001").status == "received"
    kinds = [o.kind for o in OutboxRecord.select().order_by(OutboxRecord.id)]
    assert kinds[-3:] == ["receipt_line", "receipt_line", "receipt"]
    last = json.loads(OutboxRecord.select().order_by(OutboxRecord.id.desc()).first().payload)
    assert last["po_status"] == "received" and last["short"] == {}


def test_partial_delivery_over_two_receipts(svc, receipt):
    svc.scan(receipt, tea(count=10))
    states = svc.close(receipt)
    assert {s.sku: s.open for s in states} == {"TEA-100": 120, "HONEY-500": 120}
    assert PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001").status == "partial"
    second = svc.open("PO-2611-001", None)
    assert second.number.endswith("-2")
    svc.scan(second, tea(count=10))
    assert state(svc, second, "TEA-100").received == 240
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, tea())
    assert info.value.code == "receive.receipt_closed"


def test_over_receipt_needs_a_supervisor_beyond_the_limit(svc, receipt):
    svc.scan(receipt, tea(count=20))  # all 240
    small = svc.scan(receipt, tea(), qty=12)  # 5% of 240 = 12 allowed without approval
    assert small.discrepancy == "over"
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, tea(), qty=1)
    assert info.value.code == "receive.over_needs_supervisor"
    with pytest.raises(ReceiveError):
        svc.scan(receipt, tea(), qty=1, approved_by=role("receiver"))
    r = svc.scan(receipt, tea(), qty=1, approved_by=role("supervisor"))
    assert r.discrepancy == "over" and state(svc, receipt, "TEA-100").received == 253


def test_wrong_item_is_recorded_and_refused(svc, receipt):
    before = ReceiptLine.select().count()
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "6901234000085")  # SOCK-5P is not on this PO
    assert info.value.code == "receive.wrong_item"
    line = ReceiptLine.select().order_by(ReceiptLine.id.desc()).first()
    assert ReceiptLine.select().count() == before + 1
    assert (line.discrepancy, line.status, line.product.sku) == (
        "wrong_item",
        "quarantine",
        "SOCK-5P",
    )


@pytest.mark.parametrize("code", ["6920000000012", "SUPP-XYZ-9"])
def test_unknown_barcode_then_linked_with_approval(svc, receipt, code):
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, code)
    assert info.value.code == "receive.unknown_barcode"
    tea_product = Product.get(Product.sku == "TEA-100")
    with pytest.raises(ReceiveError):
        svc.link_barcode(code, tea_product, approved_by=role("receiver"))
    svc.link_barcode(code, tea_product, approved_by=role("supervisor"))
    assert ProductBarcode.get(ProductBarcode.code == code).product.sku == "TEA-100"
    link = OutboxRecord.select().where(OutboxRecord.kind == "barcode_link").get()
    assert json.loads(link.payload)["code"] == code
    with pytest.raises(ReceiveError):  # lot and expiry are required for tea
        svc.scan(receipt, code)


@pytest.mark.parametrize("sep, standin", [(GS, ""), ("|", "|")])
def test_lot_and_expiry_from_gs1_128_with_each_separator(demo_services, sep, standin):
    svc = ReceivingService(demo_services.store.db, "b1", gs_standin=standin, today=lambda: TODAY)
    receipt = svc.open("PO-2611-001", None)
    raw = "]C10106901234000108" + f"10HONEY-B7{sep}" + "17271100"
    r = svc.scan(receipt, raw, qty=12)
    assert (r.line.lot, r.line.expiry, r.qty) == ("HONEY-B7", date(2027, 11, 30), 12)


def test_without_separator_the_lot_swallows_the_rest_and_expiry_is_missing(svc, receipt):
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "]C10106901234000108" + "10HONEY-B7" + "17271100")
    assert info.value.code == "receive.expiry_required"


def test_missing_lot_is_refused_for_tracked_products(svc, receipt):
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, TEA_EAN)
    assert info.value.code == "receive.lot_required"


def test_short_shelf_life_goes_to_quarantine_with_the_reason(svc, receipt):
    r = svc.scan(receipt, tea(expiry="270301"))  # 98 days left, tea needs 180
    assert r.status == "quarantine" and r.reason == "shelf_life:98<180"
    ok = svc.scan(receipt, tea(expiry="270601"))  # 190 days
    assert ok.status == "accepted"


def test_bad_scans_are_refused_with_codes(svc, receipt):
    for raw in ("", "garbage", "0106901234000049"):  # wrong check digit
        with pytest.raises((ReceiveError, Gs1Refused)):
            svc.scan(receipt, raw)
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "00106141411234567897")
    assert info.value.code == "receive.pallet_code"
    with pytest.raises(ReceiveError) as info:
        svc.open("PO-NOPE", None)
    assert info.value.code == "receive.unknown_po"


def test_discrepancy_report_pdf_decodes_and_lists_every_difference(svc, receipt):
    from tests.barcodes import decode_pdf, pdf_text

    svc.scan(receipt, tea(count=10))  # 120 of 240: short 120
    svc.scan(receipt, tea(lot="OLD1", expiry="270101"), qty=12)  # short shelf life: held
    with pytest.raises(ReceiveError):
        svc.scan(receipt, "6901234000085")  # socks: wrong item
    svc.close(receipt)
    data = svc.report_data(receipt)
    rows = {ln.sku: (ln.expected, ln.received, ln.short, ln.over, ln.held) for ln in data.lines}
    assert rows == {
        "TEA-100": (240, 132, 108, 0, 12),
        "HONEY-500": (120, 0, 120, 0, 0),
        "SOCK-5P": (0, 1, 0, 1, 1),
    }
    tea_line = data.lines[0]
    assert "L2611 (2027-06-30) ×120" in tea_line.lots and "OLD1 (2027-01-01) ×12" in tea_line.lots
    assert tea_line.note == "保质期不足 short shelf life: 39 d < 180 d"
    pdf = svc.report_pdf(receipt)
    assert decode_pdf(pdf) == [[("Code128", receipt.number)]]
    text = pdf_text(pdf)
    for expected in ("收货差异单", "杭州西湖茶叶有限公司", "TEA-100", "错货", "OLD1 (2027-01-01)"):
        assert expected in text


def test_stock_under_threshold_is_flagged_for_replenishment(svc):
    receipt = svc.open("PO-2611-002", None)
    svc.scan(receipt, "6901234000085", qty=40)  # socks: threshold 50
    assert svc.stock_warnings(receipt) == [("SOCK-5P", 40, 50)]
    svc.close(receipt)
    sent = json.loads(OutboxRecord.select().order_by(OutboxRecord.id.desc()).first().payload)
    assert sent["replenish"] == [{"sku": "SOCK-5P", "accepted": 40, "threshold": 50}]
    second = svc.open("PO-2611-002", None)
    svc.scan(second, "6901234000085", qty=10)
    assert svc.stock_warnings(second) == []


def test_sscc_numbers_count_up_with_a_valid_check_digit(svc):
    from station.core.barcodes import gs1_check_digit

    a, b = svc.next_sscc("6901234"), svc.next_sscc("6901234")
    assert a == "069012340000000016" and b[:-1] == "06901234000000002"
    assert all(int(x[-1]) == gs1_check_digit(x[:-1]) for x in (a, b))
    with pytest.raises(ReceiveError):
        svc.next_sscc("12ab")


def _plates(svc, receipt, prefix, fmt):
    from station.config import Settings
    from station.services.documents import DocumentService

    pages = svc.lpn_pages(receipt, prefix)
    return DocumentService(lambda: Settings()).render_labels("lpn_100x150", pages, fmt)


@pytest.mark.parametrize("prefix", ["", "6901234"])
def test_lpn_labels_decode_with_sscc_or_own_number(svc, receipt, prefix):
    from tests.barcodes import decode_pdf, decode_zpl, pdf_text

    svc.scan(receipt, tea(), qty=120)  # ten cartons of 12, counted
    svc.scan(receipt, tea(lot="OLD1", expiry="270101"), qty=12)  # quarantined
    lines = list(receipt.lines.order_by(ReceiptLine.id))
    pdf = _plates(svc, receipt, prefix, "pdf")
    pages = decode_pdf(pdf)
    if prefix:
        want = [[("Code128", "00069012340000000016")], [("Code128", "00069012340000000023")]]
        assert _symbology_of_first_page(pdf) == "]C1"  # GS1-128: FNC1 after the start
    else:
        want = [[("Code128", f"LPN-{receipt.number}-{ln.id}")] for ln in lines]
    assert pages == want
    text = pdf_text(pdf)
    assert "TEA-100" in text and "L2611" in text and "隔离 QUARANTINE" in text
    # the plate is kept on the line: the label printer's copy carries the same numbers
    zpl = _plates(svc, receipt, prefix, "zpl")
    assert decode_zpl(zpl) == want
    assert [ln.sscc for ln in receipt.lines.order_by(ReceiptLine.id)] == [
        w[0][1][2:] if prefix else w[0][1] for w in want
    ]


def test_lpn_labels_in_tspl_use_fnc1_in_subset_c(svc, receipt):
    svc.scan(receipt, tea(), qty=120)
    tspl = _plates(svc, receipt, "6901234", "tspl").decode("gb18030")
    assert '"128M"' in tspl and '"!105!10200069012340000000016"' in tspl
    assert "(00) 069012340000000016" in tspl and tspl.count("PRINT 1,1") == 1


def _symbology_of_first_page(pdf: bytes) -> str:
    import subprocess
    import tempfile
    from pathlib import Path

    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "a.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "203", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile"]
            + [str(Path(d) / "a.pdf"), str(Path(d) / "p")],
            check=True,
        )
        found = zxingcpp.read_barcodes(Image.open(Path(d) / "p.png"))
    return found[0].symbology_identifier


def test_line_state_counts_what_is_held_and_lists_lots_across_receipts(svc, receipt):
    svc.scan(receipt, tea(lot="A1", expiry="270601", count=2))  # 24 accepted
    svc.scan(receipt, tea(lot="B2", expiry="270301", count=1))  # 12, short shelf life
    svc.scan(receipt, tea(lot="A1", expiry="270601", count=1))  # the same lot again
    svc.close(receipt)
    second = svc.open("PO-2611-001", None)
    svc.scan(second, tea(lot="C3", expiry="270701", count=1))
    tea_state = state(svc, second, "TEA-100")
    assert (tea_state.received, tea_state.held) == (60, 12)
    assert tea_state.lots == (
        ("A1", date(2027, 6, 1)),
        ("B2", date(2027, 3, 1)),
        ("C3", date(2027, 7, 1)),
    )
    assert state(svc, second, "HONEY-500").lots == ()


def test_a_line_keeps_the_plate_it_was_given_when_printed_from_an_older_reading(svc, receipt):
    """Two prints of one receipt's plates, the second from lines read before the first
    gave them plates: the pallet keeps one SSCC, the one on the database, and the
    second print carries it too."""
    svc.scan(receipt, tea(count=10))
    read_before = list(receipt.lines.order_by(ReceiptLine.id))
    first = svc.lpn_pages(receipt, "6901234")
    second = svc.lpn_pages(receipt, "6901234", lines=read_before)
    assert [p["plate_text"] for p in second] == [p["plate_text"] for p in first]
    stored = [ln.sscc for ln in receipt.lines.order_by(ReceiptLine.id)]
    assert [p["plate_text"] for p in first] == [f"(00) {s}" for s in stored]


def test_an_open_receipt_is_resumed_never_doubled(svc):
    from station.db.models import AuditEntry, Operator, Receipt

    li = Operator.get(Operator.name == "李娜")
    first = svc.open("PO-2611-001", li)
    svc.scan(first, tea(count=1))
    assert svc.open_receipt("PO-2611-001").id == first.id
    again = svc.open(" PO-2611-001 ", None)  # as scanned, with the bench's whitespace
    assert again.id == first.id and again.operator_id == li.id
    assert Receipt.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "receipt_resumed").count() == 1
    other = svc.open("PO-2611-002", None)  # another PO: its own receipt
    assert other.id != first.id and svc.open_receipt("PO-2611-002").id == other.id
    svc.close(first)
    assert svc.open_receipt("PO-2611-001") is None and svc.open_receipt("PO-NOPE") is None
    assert svc.open("PO-2611-001", None).number == "GR-PO-2611-001-2"


@pytest.mark.parametrize(
    ("code", "what", "expected", "found"),
    [
        ("6901234000048", "GTIN", "7", "8"),  # EAN-13 misread
        ("]C1" + "0116901234000048" + "17300630", "GTIN", "4", "8"),  # in GS1-128
        ("]C1" + "00369012340000000018", "SSCC", "7", "8"),  # a pallet's SSCC
    ],
)
def test_a_misread_at_goods_in_is_a_check_digit_refusal_with_its_digits(
    svc, receipt, code, what, expected, found
):
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, code)
    assert info.value.code == "bad_check_digit"
    assert info.value.params == {"code": code, "what": what, "expected": expected, "found": found}


def test_cut_gs1_data_is_refused_with_the_ai_and_its_lengths(svc, receipt):
    for code, ai, length, needs in (("0012ABC", "00", 5, 18), ("01123", "01", 3, 14)):
        with pytest.raises(Gs1Refused) as info:
            svc.scan(receipt, code)
        assert info.value.code == "gs1.too_short"  # a code and data, not the library's English
        assert info.value.params == {"ai": ai, "length": length, "min": needs}
