"""Goods-in flows through the scan bus, as a receiver does them."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from station.core.scan import Scan
from station.db.models import PrintJob, PurchaseOrder, ReceiptLine
from station.ui.approval import ApprovalDialog
from station.ui.main_window import MainWindow
from station.ui.pages.goods_in_page import GoodsInPage
from tests.barcodes import decode_pdf
from tests.ui.conftest import login
from tests.ui.dialogs import answer

GS = "\x1d"
_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    window.bus.publish(Scan(code, source="wedge", at=_T0 + timedelta(seconds=next(_clock))))


def tea_cartons(n, lot="L2611", expiry="300630"):
    """A logistic unit's label: SSCC (00), the cartons' GTIN as contents (02), count (37)."""
    return "]C100069012340000000030" + "0216901234000044" + f"17{expiry}10{lot}{GS}37{n}"


def tea_carton(lot="L2611", expiry="300630"):
    """One carton of 12 by its own GTIN (01), no SSCC of the supplier's."""
    return "]C10116901234000044" + f"17{expiry}10{lot}"


def goods_in_window(qtbot, services, translations):
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    login(w, "李娜", "2468")
    page = w.page(GoodsInPage)
    w.nav.setCurrentRow(w.pages.index(page))
    assert w.pages_stack.currentWidget() is page
    return w, page


def rows(page):
    return {
        page.lines.item(r, 0).text(): page.lines.item(r, 3).text()
        for r in range(page.lines.rowCount())
    }


def test_full_delivery_then_close(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        assert page.receipt is not None and page.lines.rowCount() == 2
        with qtbot.waitSignal(page.received):
            scan(w, tea_cartons(20))
        assert w.banner.outcome.value == "ok" and "TEA-100 ×240" in w.banner.text()
        assert "lot L2611" in w.banner.text()
        # 120 honey typed as a quantity, then one scan
        typed = ""
        for ch in "120":  # typed by a person: each key reaches the page after a moment
            qtbot.keyClick(page, ch)
            typed = (typed + ch).lstrip("0")
            qtbot.waitUntil(lambda t=typed: page.qty_typed == t)
        scan(w, "]C10106901234000108" + "17301231" + "10H-1")
        assert rows(page) == {"TEA-100": "240", "HONEY-500": "120"}
        with qtbot.waitSignal(page.receipt_closed, timeout=3000):
            qtbot.keyClick(page, Qt.Key.Key_Return)
        assert "complete" in w.banner.text() and page.receipt is None
        assert PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001").status == "received"
    finally:
        w.shutdown()


def test_partial_then_wrong_item_and_unknown_barcode(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(5))
        scan(w, "6901234000085")  # socks: not on this PO
        assert w.banner.outcome.value == "refused" and "WRONG ITEM" in w.banner.text()
        assert ReceiptLine.select().where(ReceiptLine.discrepancy == "wrong_item").count() == 1
        scan(w, "SUPPLIER-CODE-77")
        assert w.banner.outcome.value == "refused" and "Unknown barcode" in w.banner.text()
        with qtbot.waitSignal(page.receipt_closed):
            page.close_button.click()
            answer(qtbot, yes=True)  # lines are short: the receiver is asked first
        assert w.banner.outcome.value == "warning" and "still short" in w.banner.text()
        assert "discrepancy report" in w.banner.text()
        assert "REPLENISH" not in w.banner.text()  # tea and honey have no threshold
        assert PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001").status == "partial"
        job = PrintJob.get(PrintJob.kind == "report")
        assert job.document_ref == "GR-PO-2611-001-1"
        qtbot.waitUntil(lambda: PrintJob.get_by_id(job.id).status == "done", timeout=10000)
        pdfs = list(demo_services.data_dir.output.glob("*.pdf"))
        assert [decode_pdf(p.read_bytes()) for p in pdfs] == [[[("Code128", job.document_ref)]]]
    finally:
        w.shutdown()


def test_over_receipt_asks_a_supervisor(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(20))
        scan(w, tea_cartons(2))  # 24 over 240: beyond 5%
        assert w.banner.outcome.value == "refused"
        dialog = page.findChild(ApprovalDialog)
        assert dialog is not None
        with qtbot.waitSignal(page.received) as got:
            dialog.supervisor.setCurrentIndex(dialog.supervisor.findText("王芳"))
            dialog.pin.setText("9876")
            dialog._try(supervisor_id=dialog.supervisor.currentData(), pin="9876")
        assert got.args[0].discrepancy == "over"
        assert w.banner.outcome.value == "warning" and rows(page)["TEA-100"] == "264"
    finally:
        w.shutdown()


def test_short_shelf_life_quarantines_and_blind_hides_expected(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        page.blind.setChecked(True)
        scan(w, "PO-2611-001")
        assert page.lines.isColumnHidden(2) and page.lines.isColumnHidden(4)
        expiry = (datetime.now() + timedelta(days=30)).strftime("%y%m%d")
        with qtbot.waitSignal(page.received) as got:
            scan(w, tea_cartons(1, expiry=expiry))
        assert got.args[0].status == "quarantine"
        assert w.banner.outcome.value == "warning" and "QUARANTINE" in w.banner.text()
        row = next(
            r for r in range(page.lines.rowCount()) if page.lines.item(r, 0).text() == "TEA-100"
        )
        lot = got.args[0].line.lot
        assert page.lines.item(row, 5).text() == str(got.args[0].qty)  # held
        assert page.lines.item(row, 6).text().startswith(f"{lot} · 20")  # lot · expiry
    finally:
        w.shutdown()


def test_cli_discrepancy_report(tmp_path):
    import json
    import subprocess
    import sys

    from station.app import build_services
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    assert cli("demo").returncode == 0
    dd = DataDir(tmp_path / "d")
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    services = build_services(dd, load_settings(dd.settings), store, demo=False)
    try:
        receipt = services.receiving.open("PO-2611-002", None)
        services.receiving.close(receipt)
    finally:
        services.close()
    out = tmp_path / "report.pdf"
    r = cli("label", "discrepancy", receipt.number, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["receipt"] == receipt.number
    assert decode_pdf(out.read_bytes()) == [[("Code128", receipt.number)]]
    r = cli("label", "lpn", receipt.number, "-o", str(out))  # nothing was received
    assert r.returncode == 2 and "receive.nothing_received" in r.stderr
    r = cli("label", "discrepancy", "GR-NOPE", "-o", str(out))
    assert r.returncode == 2 and "no receipt GR-NOPE" in r.stderr


def test_unknown_barcode_is_linked_with_a_supervisor_and_counted(
    qtbot, demo_services, translations
):
    from PySide6.QtWidgets import QInputDialog

    from station.db.models import ProductBarcode

    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-002")
        scan(w, "YW-SOCK-BOX")  # the supplier's own carton label
        assert w.banner.outcome.value == "refused"
        choose = page.findChild(QInputDialog)
        assert choose is not None and choose.isVisible()
        sock = next(i for i in choose.comboBoxItems() if i.startswith("SOCK-5P"))
        choose.setTextValue(sock)
        choose.accept()
        dialog = page.findChild(ApprovalDialog)
        with qtbot.waitSignal(page.received) as got:
            dialog._try(
                supervisor_id=dialog.supervisor.itemData(dialog.supervisor.findText("王芳")),
                pin="9876",
            )
        assert got.args[0].sku == "SOCK-5P"
        assert ProductBarcode.get(ProductBarcode.code == "YW-SOCK-BOX").product.sku == "SOCK-5P"
        with qtbot.waitSignal(page.receipt_closed):
            page.close_button.click()
            answer(qtbot, yes=True)  # lines are short: the receiver is asked first
        assert "REPLENISH SOCK-5P: 1 received, threshold 50" in w.banner.text()
    finally:
        w.shutdown()


@pytest.mark.parametrize(
    "code, said",
    [
        # a lot first, its separator lost: not a lot, an expiry, a GTIN and an invented (90)
        ("10L1234567172712310106901234000108", "(10) is 32 characters long, at most 20"),
        # two lots: not lot H2 with H1 dropped
        ("0106901234000108" + "17271231" + f"10H1{GS}10H2", "(10) appears twice"),
        ("21SN-1", "(21) must come with (01) / (03) / (8006)"),
        ("]C1" + "0216901234000105", "(02) must come with (37)"),
    ],
)
def test_gs1_wrong_as_a_whole_is_refused_loudly_and_never_offered_for_linking(
    qtbot, demo_services, translations, code, said
):
    from PySide6.QtWidgets import QInputDialog

    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-002")
        with qtbot.waitSignal(w.feedback.shown) as shown:
            scan(w, code)
        assert shown.args[0] == "refused" and said in shown.args[1]  # red, the error sound
        assert w.banner.outcome.value == "refused" and said in w.banner.text()
        assert page.findChild(QInputDialog) is None  # no "which product is it on?"
        assert ReceiptLine.select().count() == 0
        scan(w, "YW-SOCK-BOX")  # a supplier's own label is still offered
        assert page.findChild(QInputDialog) is not None
    finally:
        w.shutdown()


def test_inspection_from_the_page_rejects_and_quarantines(
    qtbot, demo_services, translations, tmp_path
):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(20))
        qtbot.keyClick(page, "i")
        from station.ui.inspection_dialog import InspectionDialog

        qtbot.waitUntil(lambda: page.findChild(InspectionDialog) is not None)
        dialog = page.findChild(InspectionDialog)
        assert "inspect 50" in dialog.plan.text() and "accept 1, reject 2" in dialog.plan.text()
        dialog.add_defect()  # no code: refused in the dialog, nothing recorded
        assert dialog.defects.count() == 0 and "defect code" in dialog.error.text()
        photo = tmp_path / "crack.png"
        photo.write_bytes(b"\x89PNG\r\n\x1a\n")
        dialog.code.setText("CRACK")
        dialog.severity.setCurrentIndex(dialog.severity.findData("major"))
        dialog.qty.setValue(2)
        dialog.set_photo(photo)
        dialog.add_defect()
        assert dialog.defects.count() == 1 and "CRACK" in dialog.defects.item(0).text()
        with qtbot.waitSignal(dialog.decided) as got:
            dialog.decide_button.click()
            answer(qtbot, yes=True)  # rejecting cannot be undone: the inspector is asked
        assert got.args == ["rejected"]
        assert w.banner.outcome.value == "refused" and "REJECTED" in w.banner.text()
        assert {ln.status for ln in ReceiptLine.select()} == {"quarantine"}
        held = {page.lines.item(r, 0).text(): page.lines.item(r, 5).text() for r in range(2)}
        assert held == {"TEA-100": "240", "HONEY-500": ""}  # the page shows the lot held
    finally:
        w.shutdown()


def test_a_po_can_be_chosen_instead_of_scanned(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        numbers = [page.po_choice.itemData(i) for i in range(page.po_choice.count())]
        assert "PO-2611-002" in numbers
        page.po_choice.setCurrentIndex(numbers.index("PO-2611-002"))
        page.open_button.click()
        assert page.receipt is not None and page.receipt.purchase_order.number == "PO-2611-002"
        assert w.banner.outcome.value == "ok"
    finally:
        w.shutdown()


def test_gs1_with_and_without_separators_through_the_scan_bus(qtbot, demo_services, translations):
    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        # no separator after the lot: the expiry is swallowed by it, so honey is refused
        scan(w, "]C10106901234000108" + "10HONEY-B7" + "17301100")
        assert w.banner.outcome.value == "refused" and "expiry date" in w.banner.text()
        with qtbot.waitSignal(page.received) as got:
            scan(w, "]C10116901234000105" + "10HONEY-B7\x1d" + "17301100")  # a carton of 12
        line = got.args[0].line
        assert (line.lot, line.expiry.isoformat(), line.qty) == ("HONEY-B7", "2030-11-30", 12)
        assert "lot HONEY-B7" in w.banner.text() and "expires 2030-11-30" in w.banner.text()
    finally:
        w.shutdown()


def _receiving_window(qtbot, services, translations, printer, plates):
    services.settings = services.settings.replace(
        "devices", printer=printer.uri, document_printer=""
    ).replace("receiving", company_prefix="6901234", plates=plates)
    return goods_in_window(qtbot, services, translations)


def test_each_carton_gets_its_putaway_label_on_the_label_printer(
    qtbot, demo_services, translations
):
    from station.drivers.simulators.label_printer import SimulatedLabelPrinter
    from tests.barcodes import decode_zpl

    with SimulatedLabelPrinter() as printer:
        w, page = _receiving_window(qtbot, demo_services, translations, printer, "each")
        try:
            scan(w, "PO-2611-001")
            with qtbot.waitSignal(page.received):
                scan(w, tea_carton())
            assert w.banner.outcome.value == "ok"  # the scan was answered before printing
            with qtbot.waitSignal(page.received):
                scan(w, tea_carton(lot="L2612"))
            jobs = printer.wait_for_jobs(2, timeout=10)
        finally:
            w.shutdown()
    plates = [ln.sscc for ln in ReceiptLine.select().order_by(ReceiptLine.id)]
    assert plates == ["069012340000000016", "069012340000000023"]
    assert [decode_zpl(j) for j in jobs] == [[[("Code128", "00" + p)]] for p in plates]
    assert PrintJob.select().where(PrintJob.kind == "lpn").count() == 2


def test_plates_at_close_in_tspl(qtbot, demo_services, translations):
    from station.drivers.simulators.label_printer import SimulatedLabelPrinter

    with SimulatedLabelPrinter(language="tspl") as printer:
        w, page = _receiving_window(qtbot, demo_services, translations, printer, "close")
        try:
            scan(w, "PO-2611-001")
            scan(w, tea_carton())
            scan(w, tea_carton(lot="L2612"))
            assert PrintJob.select().where(PrintJob.kind == "lpn").count() == 0
            with qtbot.waitSignal(page.receipt_closed, timeout=3000):
                qtbot.keyClick(page, Qt.Key.Key_Return)
                answer(qtbot, yes=True)
            assert "Putaway labels printed: 2" in w.banner.text()
            job = printer.wait_for_jobs(1, timeout=10)[0].decode("gb18030")
        finally:
            w.shutdown()
    assert job.count("PRINT 1,1") == 2
    assert '"!105!10200069012340000000016"' in job and '"!105!10200069012340000000023"' in job


def test_camera_button_only_where_a_camera_exists_and_a_picture_is_saved(
    qtbot, demo_services, translations, tmp_path
):
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtMultimedia import QCameraDevice, QMediaDevices

    from station.ui.camera_dialog import CameraDialog, cameras
    from station.ui.inspection_dialog import InspectionDialog

    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(5))
        qtbot.keyClick(page, Qt.Key.Key_I)
        qtbot.waitUntil(lambda: page.findChild(InspectionDialog) is not None)
        dialog = page.findChild(InspectionDialog)
        assert len(cameras()) == len(QMediaDevices.videoInputs())
        assert dialog.camera_button.isVisibleTo(dialog) == bool(cameras())
        # what a camera hands over: the picture is written and attached like a file
        camera = CameraDialog(QCameraDevice(), tmp_path / "camera", parent=dialog)
        camera.captured.connect(dialog.set_photo)
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(QColor("orange"))
        with qtbot.waitSignal(camera.captured) as got:
            camera.save(image)
        saved = got.args[0]
        assert saved.suffix == ".jpg" and QImage(str(saved)).size() == image.size()
        assert dialog.photo == saved and dialog.photo_label.text() == saved.name
        assert camera.save(QImage()) is None and "could not be saved" in camera.error.text()
    finally:
        w.shutdown()


def test_a_keyed_invoice_is_matched_and_mismatches_listed(qtbot, demo_services, translations):
    from station.db.models import OutboxRecord, PurchaseOrderLine

    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        scan(w, tea_cartons(10))  # 120 of 240 tea
        dialog = page.key_invoice()
        qtbot.addWidget(dialog)
        assert [dialog.invoice.item(r, 0).text() for r in range(2)] == ["TEA-100", "HONEY-500"]
        price = {
            ln.product.sku: ln.unit_price_fen
            for ln in PurchaseOrderLine.select()
            .join(PurchaseOrder)
            .where(PurchaseOrder.number == "PO-2611-001")
        }
        dialog.set_line(0, "x", "1")
        assert dialog.run_match() is None and "line 1" in dialog.error.text()
        dialog.ref.setText("INV-88")
        dialog.set_line(0, "240", f"{price['TEA-100'] / 100:.2f}")  # billed for all of it
        rows = dialog.run_match()
        assert {r.sku: r.problems for r in rows} == {
            "TEA-100": ("invoiced_more_than_received",),
            "HONEY-500": (),
        }
        assert "Lines that do not match: 1" in dialog.error.text()
        assert "invoiced more than received" in dialog.result.item(0, 5).text()
        dialog.set_line(0, "120", f"{price['TEA-100'] / 100 + 1:.2f}")
        assert dialog.run_match()[0].problems == ("price_differs",)
        sent = OutboxRecord.select().where(OutboxRecord.kind == "invoice_match").count()
        assert sent == 2
    finally:
        w.shutdown()


def test_scanning_the_po_again_resumes_its_open_receipt(qtbot, demo_services, translations):
    from station.db.models import Receipt

    w, page = goods_in_window(qtbot, demo_services, translations)
    try:
        scan(w, "PO-2611-001")
        first = page.receipt
        with qtbot.waitSignal(page.received):
            scan(w, tea_cartons(5))
        w.logout()  # the receiver leaves mid-receipt
        login(w, "王芳", "9876")  # someone else takes over the bench
        w.nav.setCurrentRow(w.pages.index(page))
        scan(w, "PO-2611-001")
        assert page.receipt.id == first.id and page.receipt.number == "GR-PO-2611-001-1"
        assert rows(page)["TEA-100"] == "60"  # what was counted before stays counted
        text = w.banner.text()
        assert w.banner.outcome.value == "ok"
        assert "GR-PO-2611-001-1 resumed" in text and "started by 李娜" in text
        # put aside, then scanned again: still the same receipt, never a second one
        page.aside()
        scan(w, "PO-2611-001")
        assert page.receipt.id == first.id
        with qtbot.waitSignal(page.received):
            scan(w, tea_cartons(1))
        assert rows(page)["TEA-100"] == "72"
        assert Receipt.select().count() == 1
        # once closed, the next delivery opens a new receipt
        with qtbot.waitSignal(page.receipt_closed):
            page.close_button.click()
            answer(qtbot, yes=True)
        scan(w, "PO-2611-001")
        assert page.receipt.number == "GR-PO-2611-001-2"
        assert "Receiving against PO PO-2611-001" in w.banner.text()
    finally:
        w.shutdown()
