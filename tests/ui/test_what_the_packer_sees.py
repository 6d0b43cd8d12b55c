"""What the packer sees is true: lists follow what happened, refusals say what was scanned,
the banner does not outlive its answer, headers are headers."""

import itertools
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication

from station.core.scan import Scan
from station.db.models import Product, SalesOrder
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.resources import read_json
from station.ui.main_window import MainWindow
from station.ui.messages import message
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.pages.waybills_page import WaybillsPage
from tests.ui.conftest import login

_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    window.bus.publish(Scan(code, source="wedge", at=_T0 + timedelta(seconds=next(_clock))))


def ean(sku):
    p = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return p["barcodes"][0]["code"]


def make_window(qtbot, services, translations, **settings):
    for section, values in settings.items():
        services.settings = services.settings.replace(section, **values)
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    return w


def show(w, cls):
    page = w.page(cls)
    w.nav.setCurrentRow(w.pages.index(page))
    assert w.pages_stack.currentWidget() is page
    return page


def status_cell(page: WaybillsPage, number: str) -> str:
    return page.table.item(page._numbers.index(number), 3).text()


# --- after a void, after a reprint ---


def test_after_a_void_the_order_shows_as_packable_at_once(qtbot, demo_services, translations):
    with SimulatedLabelPrinter() as sim:
        w = make_window(
            qtbot, demo_services, translations, devices={"printer": sim.uri, "document_printer": ""}
        )
        try:
            login(w, "张伟", "1357")
            for code in ("2611230005", ean("SOCK-5P"), ean("SOCK-5P")):
                scan(w, code)
            sim.wait_for_jobs(1)
            page = show(w, WaybillsPage)
            assert status_cell(page, "2611230005") == message("order_status_packed")
            panel = page.print_queue
            qtbot.waitUntil(lambda: panel.jobs and panel.jobs[0].status == "done", timeout=5000)
            panel.select_job(panel.jobs[0].id)
            panel.void_selected()
            scan(w, "SV-0001")
            # no page change, no refresh by hand: the list already says it is to pack again
            assert status_cell(page, "2611230005") == message("order_status_packing")
            pack = show(w, PackPage)
            scan(w, "2611230005")
            assert w.banner.outcome.value == "ok"
            assert pack.state is not None and pack.state.order.number == "2611230005"
            assert all(ln.packed == 0 for ln in pack.state.lines)  # re-verified from nothing
        finally:
            w.shutdown()


def test_the_selection_stays_on_its_job_after_a_reprint(qtbot, demo_services, translations):
    with SimulatedLabelPrinter() as sim:
        w = make_window(
            qtbot, demo_services, translations, devices={"printer": sim.uri, "document_printer": ""}
        )
        try:
            login(w, "张伟", "1357")
            for code in ("2611230005", ean("SOCK-5P"), ean("SOCK-5P")):
                scan(w, code)
            for code in ("2611230002", ean("CUP-350"), ean("TOWEL-M"), ean("CUP-350")):
                scan(w, code)
            scan(w, ean("TOWEL-M"))
            sim.wait_for_jobs(2)
            page = show(w, WaybillsPage)
            panel = page.print_queue
            qtbot.waitUntil(
                lambda: len(panel.jobs) == 2 and {j.status for j in panel.jobs} == {"done"},
                timeout=5000,
            )
            older = panel.jobs[1]  # the first parcel's waybill, second row
            panel.table.selectRow(1)
            assert panel.selected().id == older.id
            for n in range(2):
                panel.reprint_selected()
                assert panel.jobs[0].reprint_of_id == older.id  # the new job is the top row
                assert panel.selected().id == older.id, f"after reprint {n + 1}"
                assert panel.reprint.isEnabled()
            sim.wait_for_jobs(4)

            # the orders list too: a new order sorted in above keeps the choice where it was
            page.table.selectRow(page._numbers.index("2611230002"))
            first = SalesOrder.get(SalesOrder.number == "2611230002")
            SalesOrder.create(
                number="2611239999",
                buyer_name="新客户",
                address="杭州",
                promised_dispatch_at=first.promised_dispatch_at - timedelta(days=2),
            )
            page.refresh()
            assert page._numbers[0] == "2611239999"
            rows = page.table.selectionModel().selectedRows()
            assert [page._numbers[r.row()] for r in rows] == ["2611230002"]
        finally:
            w.shutdown()


# --- refusals that say what was scanned ---


@pytest.mark.parametrize("sku", ["TEA-100", "BUDS-X2", "HONEY-500"])
def test_a_wrong_item_names_the_product_scanned(qtbot, demo_services, translations, sku):
    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "张伟", "1357")
        scan(w, "2611230002")  # cups and towels
        scan(w, ean(sku))
        product = Product.get(Product.sku == sku)
        text = w.banner.text()
        assert w.banner.outcome.value == "refused" and "WRONG ITEM" in text
        assert product.name in text and sku in text and ean(sku) in text
    finally:
        w.shutdown()


def barcode_parse(code: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-m", "station", "barcode", "parse", code],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return json.loads(r.stdout.splitlines()[0])


BAD_CHECK = [  # (code, the number that fails, the digit it should end in, the digit read)
    ("6900000000000", "GTIN", "7", "0"),  # EAN-13
    ("12345678", "GTIN", "0", "8"),  # EAN-8
    ("0106901234000041" + "17300630", "GTIN", "7", "1"),  # a bad GTIN in a GS1 string
    ("00" + "369012340000000018", "SSCC", "7", "8"),  # a pallet's SSCC
]


@pytest.mark.parametrize(("code", "what", "expected", "found"), BAD_CHECK)
def test_an_unknown_code_with_a_bad_check_digit_says_so(
    qtbot, demo_services, translations, code, what, expected, found
):
    verdict = barcode_parse(code)
    assert verdict["ok"] is False  # the command refuses it, and says why
    said = f"{what} check digit should be {expected}, the scanner read {found}"
    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "张伟", "1357")
        scan(w, code)  # no order open: not an order
        assert w.banner.outcome.value == "refused"

        def told() -> None:
            text = w.banner.text()
            assert "MISREAD" in text and said in text, text
            assert verdict["refused"] not in text  # our words, not the barcode library's

        told()
        scan(w, "2611230002")
        scan(w, code)  # an order open: not an item
        told()
        show(w, WaybillsPage)
        scan(w, code)  # the same on a page that looks codes up
        told()
    finally:
        w.shutdown()


@pytest.mark.parametrize("code", ["6900000000007", "ABC-123", "12345670"])
def test_an_unknown_code_with_a_good_check_digit_is_just_unknown(
    qtbot, demo_services, translations, code
):
    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "张伟", "1357")
        scan(w, "2611230002")
        scan(w, code)
        assert w.banner.outcome.value == "refused"
        assert "MISREAD" not in w.banner.text() and code in w.banner.text()
    finally:
        w.shutdown()


# --- the banner ---


def test_the_banner_returns_to_neutral_after_its_seconds(qtbot, demo_services, translations):
    w = make_window(qtbot, demo_services, translations, feedback={"banner_seconds": 0.3})
    try:
        login(w, "张伟", "1357")
        for code, outcome in (("2611230002", "ok"), ("6900000000007", "refused")):
            with qtbot.waitSignal(w.feedback.faded, timeout=3000):
                scan(w, code)
                assert w.banner.outcome.value == outcome  # the answer first
            assert w.banner.outcome is None
            assert w.banner.text() == "Ready to scan"
            assert "#eceff1" in w.banner.styleSheet()  # the neutral colours
    finally:
        w.shutdown()


def test_the_banner_does_not_follow_the_operator_onto_the_login_screen(
    qtbot, demo_services, translations
):
    w = make_window(qtbot, demo_services, translations)
    try:
        assert demo_services.settings.feedback.banner_seconds >= 1  # the fade is not the reason
        login(w, "张伟", "1357")
        scan(w, "6900000000007")
        assert w.banner.outcome.value == "refused"
        w.logout()
        assert w.screens.currentWidget() is w.login
        assert w.banner.outcome is None and w.banner.text() == "Log in"
        assert "6900000000007" not in w.banner.text()
    finally:
        w.shutdown()


# --- goods-in headers ---


def test_goods_in_with_no_receipt_shows_its_column_headers_translated(
    qtbot, demo_services, translations
):
    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "李娜", "2468")
        page = show(w, GoodsInPage)
        assert page.receipt is None

        def headers():
            return [
                page.lines.horizontalHeaderItem(c).text() for c in range(page.lines.columnCount())
            ]

        english = ["SKU", "Product", "Expected", "Received", "Open", "Held", "Lot · expiry"]
        assert headers() == english
        translations.set_language("zh_CN")
        qtbot.waitUntil(lambda: headers() != english)
        chinese = [QCoreApplication.translate("GoodsInPage", h) for h in english]
        assert headers() == chinese
        assert all(c != e for c, e in zip(chinese[1:], english[1:], strict=True))
    finally:
        w.shutdown()
