"""Whole pack flows through the scan bus, as a packer does them."""

import itertools
from datetime import UTC, datetime, timedelta

from station.core.scan import Scan
from station.db.models import AuditEntry, Parcel, SalesOrder
from station.resources import read_json
from station.ui.main_window import MainWindow
from station.ui.pages.pack_page import PackPage
from tests.ui.conftest import login


def ean(sku):
    p = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return p["barcodes"][0]["code"]


_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    """A scan a second after the last one, as a packer scans unit after unit (faster
    repeats of one code are double reads by design)."""
    at = _T0 + timedelta(seconds=next(_clock))
    window.bus.publish(Scan(code, source="wedge", at=at))


def pack_window(qtbot, services, translations, **devices):
    if devices:
        services.settings = services.settings.replace("devices", **devices)
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    login(w, "张伟", "1357")
    return w, w.page(PackPage)


def test_happy_path_closes_itself_on_the_last_unit(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230002")
        assert page.state.order.number == "2611230002"
        for code in (ean("CUP-350"), ean("TOWEL-M"), ean("CUP-350")):
            scan(w, code)
            assert w.banner.outcome.value == "ok"
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, ean("TOWEL-M"))  # the last unit: the parcel closes itself
        result = closed.args[0]
        assert result.tracking_number.startswith("YT")
        assert result.parcel.weight_g == 860  # the demo scale reads the expected weight
        assert "Parcel closed" in w.banner.text() and page.state is None
    finally:
        w.shutdown()


def test_wrong_item_and_over_scan_are_refused_loudly(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230002")
        with qtbot.waitSignal(w.sounds.sound_requested) as sound:
            scan(w, ean("TEA-100"))
        assert sound.args == ["refused"] and "WRONG ITEM" in w.banner.text()
        scan(w, ean("CUP-350"))
        scan(w, ean("CUP-350"))
        scan(w, ean("CUP-350"))
        assert "TOO MANY" in w.banner.text() and w.banner.outcome.value == "refused"
        cups = next(ln for ln in page.state.lines if ln.sku == "CUP-350")
        assert cups.packed == 2
    finally:
        w.shutdown()


def test_quantity_key_for_a_bulk_line(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230010")  # 6 pens, 6 notebooks, gift socks
        page.setFocus()
        qtbot.keyClick(page, "6")
        qtbot.waitUntil(lambda: page.qty_typed == "6")
        scan(w, ean("PEN-12"))
        pens = next(ln for ln in page.state.lines if ln.sku == "PEN-12")
        assert pens.packed == 6 and page.qty_typed == ""
    finally:
        w.shutdown()


def test_remark_must_be_read_before_the_parcel_closes(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230001")  # seller remark: ... 送胶 (a gift of tape)
        scan(w, ean("MAT-240"))
        scan(w, ean("TAPE-01"))  # complete, but the remark is unread
        # the unit is counted: amber with what to do, not a red refusal of a good scan
        assert "remark" in w.banner.text() and page.state is not None
        assert w.banner.outcome.value == "warning"
        assert all(ln.remaining == 0 for ln in page.state.lines)
        page.setFocus()
        with qtbot.waitSignal(page.parcel_closed):
            qtbot.keyClick(page, "r")  # R alone closes it: every unit was in
    finally:
        w.shutdown()


def test_short_shipment_with_a_supervisor_badge(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230006")  # 2 honey, 1 tea; the remark first
        page.acknowledge_remark()
        scan(w, ean("HONEY-500"))
        page.ship_short()
        dialog = w.ctx.scan_targets[-1]
        assert "TEA-100" not in dialog.what.text() and "×1" in dialog.what.text()
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, "SV-0001")
        assert closed.args[0].reship.number == "2611230006-R1"
        assert "reship" in w.banner.text()
    finally:
        w.shutdown()


def test_second_attempt_on_a_packed_order_needs_a_supervisor(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230005")
        with qtbot.waitSignal(page.parcel_closed):
            scan(w, ean("SOCK-5P"))
            scan(w, ean("SOCK-5P"))
        with qtbot.waitSignal(w.sounds.sound_requested) as sound:
            scan(w, "2611230005")
        assert sound.args == ["refused"] and "PACKED ALREADY" in w.banner.text()
        assert page.state is None
        scan(w, "SV-0001")  # the supervisor overrides on the packer's screen
        assert page.state.order.number == "2611230005"
        assert AuditEntry.get(AuditEntry.action == "duplicate_override").approved_by.name == "王芳"
    finally:
        w.shutdown()


def test_interrupted_pack_resumes_after_restart(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    scan(w, "2611230002")
    scan(w, ean("CUP-350"))
    w.shutdown()
    w.close()
    w2, page2 = pack_window(qtbot, demo_services, translations)  # the station starts again
    try:
        assert page2.state is not None and page2.state.order.number == "2611230002"
        assert next(ln for ln in page2.state.lines if ln.sku == "CUP-350").packed == 1
    finally:
        w2.shutdown()


def test_a_pack_stopped_between_its_last_unit_and_the_close_closes_when_resumed(
    qtbot, demo_services, translations
):
    from station.db.models import Operator
    from station.services.operators import Session

    svc = demo_services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    _, state = svc.open(Scan("2611230005"), who)
    for n in range(2):  # both units verified; the station stopped before the close
        svc.scan_item(state, Scan(ean("SOCK-5P"), at=_T0 + timedelta(seconds=n)), who)
    assert SalesOrder.get(SalesOrder.number == "2611230005").status == "packing"
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        with qtbot.waitSignal(page.parcel_closed, timeout=3000):
            scan(w, "2611230005")
        assert SalesOrder.get(SalesOrder.number == "2611230005").status == "packed"
    finally:
        w.shutdown()


def test_weight_out_of_tolerance_needs_a_recheck_or_a_supervisor(
    qtbot, demo_services, translations
):
    w, page = pack_window(qtbot, demo_services, translations, scale="sim?grams=1500")
    try:
        scan(w, "2611230005")  # 2 socks: expected 2x200 + 60 = 460 g
        scan(w, ean("SOCK-5P"))
        scan(w, ean("SOCK-5P"))  # complete: weighs, 1500 g is far off
        qtbot.waitUntil(lambda: "WEIGHT" in w.banner.text(), timeout=3000)
        assert page.state is not None
        assert SalesOrder.get(SalesOrder.number == "2611230005").status == "packing"
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, "SV-0001")
        assert closed.args[0].parcel.weight_g == 1500
        assert Parcel.get_by_id(closed.args[0].parcel.id).status == "closed"
    finally:
        w.shutdown()


def test_closing_prints_the_waybill_on_the_label_printer(qtbot, demo_services, translations):
    from station.drivers.simulators.label_printer import SimulatedLabelPrinter
    from tests.barcodes import decode_zpl

    with SimulatedLabelPrinter() as printer:
        w, page = pack_window(
            qtbot, demo_services, translations, printer=printer.uri, document_printer=""
        )
        try:
            scan(w, "2611230005")
            scan(w, ean("SOCK-5P"))
            with qtbot.waitSignal(page.parcel_closed) as closed:
                scan(w, ean("SOCK-5P"))
            tracking = closed.args[0].tracking_number
            job = printer.wait_for_jobs(1, timeout=10)[0]
        finally:
            w.shutdown()
    wanted = [("Code128", "2611230005"), ("Code128", tracking), ("QRCode", tracking)]
    assert decode_zpl(job) == [sorted(wanted)]


def test_a_broken_waybill_template_closes_the_parcel_and_says_so(
    qtbot, demo_services, translations
):
    """A user's template that is not JSON: the parcel is closed and recorded, the
    banner says the label did not print, and nothing reaches the crash handler."""
    folder = demo_services.documents.user_templates
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "waybill_100x150.json").write_text('{"size_mm": [100, 150], "elements": [', "utf-8")
    w, page = pack_window(
        qtbot, demo_services, translations, printer="zpl+file:///dev/null", document_printer=""
    )
    try:
        scan(w, "2611230005")
        scan(w, ean("SOCK-5P"))
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, ean("SOCK-5P"))
        parcel = Parcel.get_by_id(closed.args[0].parcel.id)
        assert parcel.status == "closed"
        assert w.banner.outcome.value == "warning"
        assert "Parcel closed" in w.banner.text() and "Label not printed" in w.banner.text()
        assert "waybill_100x150.json" in w.banner.text()
    finally:
        w.shutdown()


def test_ship_short_with_an_unread_remark_asks_no_supervisor(qtbot, demo_services, translations):
    from PySide6.QtWidgets import QApplication

    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230006")  # 2 honey, 1 tea; a seller remark
        scan(w, ean("HONEY-500"))
        audits = AuditEntry.select().count()
        page.ship_short()
        assert QApplication.activeModalWidget() is None and not w.ctx.scan_targets
        assert w.banner.outcome.value == "refused" and "remark" in w.banner.text()
        assert AuditEntry.select().count() == audits
    finally:
        w.shutdown()


def test_a_code_that_is_no_badge_in_the_approval_dialog_says_so(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230002")
        page.ship_short()
        dialog = w.ctx.scan_targets[-1]
        scan(w, ean("CUP-350"))  # a product, not a badge
        assert "badge is not known" in dialog.error.text()
        dialog.reject()
    finally:
        w.shutdown()


def test_put_aside_says_so(qtbot, demo_services, translations):
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, "2611230002")
        page.put_aside()
        assert page.state is None and w.banner.outcome.value == "ok"
        assert "2611230002" in w.banner.text() and "again" in w.banner.text()
    finally:
        w.shutdown()
