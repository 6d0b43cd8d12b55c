"""Steps that cannot be undone ask first; what is done for good is refused, not repeated.

Each test drives the real window with the demo database and answers the question as
the operator does (clicks its button); "no" must leave everything as it was.
"""

import itertools
from datetime import UTC, datetime, timedelta

from station.core.scan import Scan
from station.db.models import (
    AuditEntry,
    Inspection,
    PrintJob,
    PurchaseOrder,
    Receipt,
    ReceiptLine,
    SalesOrder,
)
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.resources import read_json
from station.ui.main_window import MainWindow
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.pages.waybills_page import WaybillsPage
from tests.ui.conftest import login
from tests.ui.dialogs import answer, no_question, wait_question

GS = "\x1d"
_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    """A scan a second after the last (faster repeats are double reads by design)."""
    window.bus.publish(Scan(code, source="wedge", at=_T0 + timedelta(seconds=next(_clock))))


def ean(sku):
    p = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return p["barcodes"][0]["code"]


def tea_cartons(n, lot="L2611", expiry="300630"):
    return "]C100069012340000000030" + "0216901234000044" + f"17{expiry}10{lot}{GS}37{n}"


def window_as(qtbot, services, translations, name, pin, page_cls, **devices):
    if devices:
        services.settings = services.settings.replace("devices", **devices)
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    login(w, name, pin)
    page = w.page(page_cls)
    w.nav.setCurrentRow(w.pages.index(page))
    assert w.pages_stack.currentWidget() is page
    return w, page


# --- goods-in: closing short ---


def test_closing_a_receipt_with_lines_short_asks_first(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(5))
        receipt = page.receipt
        short = sum(ln.qty_ordered for ln in receipt.purchase_order.lines) - sum(
            ln.qty for ln in ReceiptLine.select()
        )
        page.close_button.click()
        question = answer(qtbot, yes=False)
        assert f"Still short: units {short}, lines 2" in question
        assert Receipt.get_by_id(receipt.id).status == "open" and page.receipt is not None
        assert PrintJob.select().where(PrintJob.kind == "report").count() == 0
        assert PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001").status != "partial"

        # while the question is open, a scan is refused and counts nothing
        page.close_button.click()
        wait_question(qtbot)
        before = ReceiptLine.select().count()
        scan(w, tea_cartons(5, lot="L2612"))
        assert w.banner.outcome.value == "refused" and "Answer the question" in w.banner.text()
        assert ReceiptLine.select().count() == before
        with qtbot.waitSignal(page.receipt_closed):
            answer(qtbot, yes=True)
        assert Receipt.get_by_id(receipt.id).status == "closed"
        assert "still short" in w.banner.text()
    finally:
        w.shutdown()


def test_blind_receiving_asks_without_telling_the_expected_quantities(
    qtbot, demo_services, translations
):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        page.blind.setChecked(True)
        scan(w, "PO-2611-002")
        scan(w, ean("SOCK-5P"))
        with qtbot.waitSignal(page.receipt_closed):
            page.close_button.click()
            question = answer(qtbot, yes=True)
        assert "Not everything on PO PO-2611-002 has arrived" in question
        for expected in ("300", "299", "200", "96", "500"):  # nothing of the PO's quantities
            assert expected not in question
    finally:
        w.shutdown()


def test_a_complete_receipt_closes_without_a_question(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        scan(w, "PO-2611-003")
        for sku, n in (("BUDS-X2", 50), ("CABLE-C1", 400), ("CASE-P15", 300)):
            page.qty_typed = str(n)
            scan(w, ean(sku))
        with qtbot.waitSignal(page.receipt_closed):
            assert page.close_receipt() is None
        assert no_question()
    finally:
        w.shutdown()


# --- goods-in: inspection ---


def _inspection(qtbot, w, page):
    from station.ui.inspection_dialog import InspectionDialog

    scan(w, "PO-2611-001")
    scan(w, tea_cartons(20))
    dialog = page.inspect()
    assert isinstance(dialog, InspectionDialog)
    return dialog


def test_rejecting_a_lot_asks_first(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        dialog = _inspection(qtbot, w, page)
        dialog.code.setText("CRACK")
        dialog.severity.setCurrentIndex(dialog.severity.findData("major"))
        dialog.qty.setValue(2)  # at the plan's reject number: the lot is rejected
        dialog.add_defect()
        dialog.decide_button.click()
        question = answer(qtbot, yes=False)
        assert "reject this lot of TEA-100" in question
        assert Inspection.get_by_id(dialog.inspection.id).result is None
        assert {ln.status for ln in ReceiptLine.select()} == {"accepted"}
        assert dialog.isVisible()  # the inspector is back in the dialog
        with qtbot.waitSignal(dialog.decided) as got:
            dialog.decide_button.click()
            answer(qtbot, yes=True)
        assert got.args == ["rejected"]
        assert {ln.status for ln in ReceiptLine.select()} == {"quarantine"}
    finally:
        w.shutdown()


def test_holding_a_lot_asks_first_and_accepting_does_not(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        dialog = _inspection(qtbot, w, page)
        dialog.hold_button.click()
        assert "Hold this lot of TEA-100" in answer(qtbot, yes=False)
        assert Inspection.get_by_id(dialog.inspection.id).result is None
        with qtbot.waitSignal(dialog.decided) as got:
            dialog.hold_button.click()
            answer(qtbot, yes=True)
        assert got.args == ["held"]
        assert AuditEntry.select().where(AuditEntry.action == "inspection_held").count() == 1

        # a clean lot of honey: accepted without a question
        scan(w, "]C100069012340000000030" + "0216901234000105" + "17300630" + f"10H2611{GS}3710")
        assert page.last_sku == "HONEY-500", w.banner.text()
        second = page.inspect()
        with qtbot.waitSignal(second.decided) as got:
            second.decide_button.click()
        assert got.args == ["accepted"] and no_question()
    finally:
        w.shutdown()


# --- waybills: a voided waybill ---


def _packed_and_voided(qtbot, w, sim):
    """Pack order 2611230005 (two socks: the parcel closes and its waybill prints), then
    void the waybill with the supervisor's badge. Returns the print-queue panel and
    the waybill's job."""
    login(w, "张伟", "1357")
    for code in ("2611230005", ean("SOCK-5P"), ean("SOCK-5P")):
        scan(w, code)
    sim.wait_for_jobs(1)
    page = w.page(WaybillsPage)
    w.nav.setCurrentRow(w.pages.index(page))
    panel = page.print_queue
    qtbot.waitUntil(lambda: bool(panel.jobs) and panel.jobs[0].status == "done", timeout=5000)
    job = panel.jobs[0]
    panel.select_job(job.id)
    panel.void_selected()
    scan(w, "SV-0001")
    assert "voided" in w.banner.text()
    return panel, job


def test_a_voided_waybill_is_never_printed_again(qtbot, demo_services, translations):
    with SimulatedLabelPrinter() as sim:
        demo_services.settings = demo_services.settings.replace(
            "devices", printer=sim.uri, document_printer=""
        )
        w = MainWindow(demo_services, translations)
        qtbot.addWidget(w)
        w.show()
        try:
            panel, job = _packed_and_voided(qtbot, w, sim)
            panel.select_job(job.id)
            assert panel.selected().id == job.id
            assert not panel.reprint.isEnabled() and not panel.void.isEnabled()
            row = [j.id for j in panel.jobs].index(job.id)
            assert "VOIDED" in panel.table.item(row, 5).text()
            jobs_before = PrintJob.select().count()
            panel.reprint_selected()  # as a key or a script would, past the disabled button
            assert w.banner.outcome.value == "refused"
            assert "never printed again" in w.banner.text()
            assert PrintJob.select().count() == jobs_before
            assert len(sim.jobs) == 1
        finally:
            w.shutdown()


def test_voiding_a_voided_waybill_is_refused_before_a_supervisor_is_asked(
    qtbot, demo_services, translations
):
    with SimulatedLabelPrinter() as sim:
        demo_services.settings = demo_services.settings.replace(
            "devices", printer=sim.uri, document_printer=""
        )
        w = MainWindow(demo_services, translations)
        qtbot.addWidget(w)
        w.show()
        try:
            panel, job = _packed_and_voided(qtbot, w, sim)
            audits = AuditEntry.select().count()
            panel.select_job(job.id)
            assert panel.void_selected() is None
            assert w.ctx.scan_targets == []  # no approval dialog waits for a badge
            assert w.banner.outcome.value == "refused" and "VOIDED already" in w.banner.text()
            scan(w, "SV-0001")  # a badge now is just a scan on the page: nothing approved
            assert AuditEntry.select().count() == audits
            assert AuditEntry.select().where(AuditEntry.action == "parcel_voided").count() == 1
        finally:
            w.shutdown()


# --- typed quantities ---


def test_a_refusal_resets_the_typed_quantity_on_pack_out(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "张伟", "1357", PackPage)
    try:
        scan(w, "2611230010")  # 6 pens, 6 notebooks, gift socks
        page.setFocus()
        qtbot.keyClick(page, "6")
        qtbot.waitUntil(lambda: page.qty_typed == "6")
        scan(w, ean("TEA-100"))  # not in this order: refused
        assert w.banner.outcome.value == "refused"
        assert page.qty_typed == "" and page.qty_label.text() == "Qty: 1"
        scan(w, ean("PEN-12"))
        pens = next(ln for ln in page.state.lines if ln.sku == "PEN-12")
        assert pens.packed == 1  # the 6 did not carry over to the next product
    finally:
        w.shutdown()


def test_a_refusal_resets_the_typed_quantity_on_goods_in(qtbot, demo_services, translations):
    w, page = window_as(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        scan(w, "PO-2611-002")
        page.setFocus()
        qtbot.keyClick(page, "7")
        qtbot.waitUntil(lambda: page.qty_typed == "7")
        scan(w, ean("TEA-100"))  # not on this PO: refused
        assert w.banner.outcome.value == "refused" and page.qty_typed == ""
        scan(w, ean("SOCK-5P"))
        sock = next(s for s in page.states if s.sku == "SOCK-5P")
        assert sock.received == 1
    finally:
        w.shutdown()


# --- put aside, resumed ---


def test_put_aside_stays_aside_until_scanned_and_shows_who_started_it(
    qtbot, demo_services, translations
):
    w, page = window_as(qtbot, demo_services, translations, "张伟", "1357", PackPage)
    try:
        scan(w, "2611230002")
        scan(w, ean("CUP-350"))
        page.clear_button.click()  # put aside (Esc)
        assert page.state is None
        waybills = w.page(WaybillsPage)
        w.nav.setCurrentRow(w.pages.index(waybills))
        w.nav.setCurrentRow(w.pages.index(page))  # back on the page: refresh()
        assert page.state is None and "Scan an order" in page.heading.text()
        assert SalesOrder.get(SalesOrder.number == "2611230002").status == "packing"
        w.logout()
    finally:
        w.shutdown()
        w.close()
    # the station starts again; another packer logs in: the order stays aside
    w2, page2 = window_as(qtbot, demo_services, translations, "王芳", "9876", PackPage)
    try:
        assert page2.state is None
        scan(w2, "2611230002")  # scanned again: it resumes with what was packed
        assert page2.state is not None and page2.state.order.number == "2611230002"
        assert next(ln for ln in page2.state.lines if ln.sku == "CUP-350").packed == 1
        assert "resumed" in w2.banner.text() and "started by 张伟" in w2.banner.text()
        assert "started by 张伟" in page2.info.text()
    finally:
        w2.shutdown()


def test_an_interrupted_pack_still_resumes_by_itself(qtbot, demo_services, translations):
    """Not put aside, the station stopped: the order comes back, saying whose it was."""
    w, page = window_as(qtbot, demo_services, translations, "张伟", "1357", PackPage)
    scan(w, "2611230002")
    scan(w, ean("CUP-350"))
    w.shutdown()
    w.close()
    w2, page2 = window_as(qtbot, demo_services, translations, "王芳", "9876", PackPage)
    try:
        assert page2.state is not None and page2.state.order.number == "2611230002"
        assert "started by 张伟" in page2.info.text()
    finally:
        w2.shutdown()
