"""Real devices into the running window: a serial scanner over socat, a network printer."""

import pytest

from station.core.scan import Scan
from station.db.models import SalesOrder, ScanEvent
from station.drivers.printers.status import PrinterStatus
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.simulators.serial_scanner import SimulatedSerialScanner
from station.drivers.simulators.vserial import VirtualSerialPair
from station.ui.main_window import MainWindow
from station.ui.pages.pack_page import PackPage
from tests.ui.conftest import login


@pytest.fixture
def pair(tmp_path):
    p = VirtualSerialPair(tmp_path / "tty").start()
    yield p
    p.stop()


def make_window(qtbot, services, translations, **devices):
    services.settings = services.settings.replace("devices", **devices)
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    return w


def test_serial_scanner_scan_reaches_the_pack_page(qtbot, demo_services, translations, pair):
    w = make_window(qtbot, demo_services, translations, scanner=f"serial://{pair.station_end}")
    try:
        qtbot.waitUntil(lambda: "connected" in w.status.scanner.text(), timeout=5000)
        login(w, "张伟", "1357")
        sim = SimulatedSerialScanner(str(pair.device_end))
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            sim.scan("2611230001")
        sim.close()
        assert w.page(PackPage).state.order.number == "2611230001"
        assert ScanEvent.get(ScanEvent.data == "2611230001").source.startswith("serial://")
        pair.stop()
        qtbot.waitUntil(lambda: "DISCONNECTED" in w.status.scanner.text(), timeout=5000)
        assert "color: #c62828" in w.status.scanner.styleSheet()
    finally:
        w.shutdown()


def test_printer_problem_shows_in_the_status_bar(qtbot, demo_services, translations):
    with SimulatedLabelPrinter(status=PrinterStatus(paper_out=True)) as sim:
        w = make_window(qtbot, demo_services, translations, printer=sim.uri)
        try:
            qtbot.waitUntil(lambda: "paper out" in w.status.printer.text(), timeout=5000)
            assert "color: #c62828" in w.status.printer.styleSheet()
        finally:
            w.shutdown()


@pytest.mark.parametrize(
    "sim_args,shown",
    [
        ({"status": PrinterStatus(over_temperature=True)}, "head too hot"),
        ({"status": PrinterStatus(corrupt_ram=True, head_open=True)}, "settings lost"),
        ({"answer": "silent"}, "NOT ANSWERING"),
        ({"answer": "partial", "partial_strings": 1}, "answer cut off"),
    ],
)
def test_printer_flags_and_silence_show_in_the_status_bar(
    qtbot, demo_services, translations, sim_args, shown
):
    """Flags after the pause flag and a printer that opens but does not answer are
    not ready: red, with their own reason."""
    with SimulatedLabelPrinter(**sim_args) as sim:
        w = make_window(qtbot, demo_services, translations, printer=sim.uri)
        try:
            qtbot.waitUntil(lambda: shown in w.status.printer.text(), timeout=10000)
            assert "color: #c62828" in w.status.printer.styleSheet()
            assert "ready" not in w.status.printer.text()
        finally:
            w.shutdown()


def test_double_read_is_reported_and_not_counted(qtbot, window):
    login(window, "张伟", "1357")
    window.bus.publish(Scan("2611230002", source="sim"))
    with qtbot.waitSignal(window.sounds.sound_requested) as sound:
        window.bus.publish(Scan("2611230002", source="sim"))
    assert sound.args == ["warning"]
    assert "Read twice" in window.banner.text()
    events = list(ScanEvent.select().where(ScanEvent.data == "2611230002").order_by(ScanEvent.id))
    assert [(e.outcome, e.message) for e in events] == [
        ("ok", "order_opened"),
        ("warning", "double_read"),
    ]


def test_test_label_from_the_waybills_page_prints_through_the_spooler(
    qtbot, demo_services, translations
):
    from station.ui.pages.waybills_page import WaybillsPage

    with SimulatedLabelPrinter() as sim:
        w = make_window(qtbot, demo_services, translations, printer=sim.uri)
        try:
            login(w, "张伟", "1357")
            panel = w.page(WaybillsPage).print_queue
            panel.test_label.click()
            assert sim.wait_for_jobs(1)[0].startswith(b"^XA")
            qtbot.waitUntil(
                lambda: bool(panel.jobs) and panel.jobs[0].status == "done", timeout=5000
            )
            assert panel.table.item(0, 4).text() == "printed"
            panel.select_job(panel.jobs[0].id)
            assert panel.reprint.isEnabled() and not panel.confirm.isEnabled()
            panel.reprint.click()
            assert len(sim.wait_for_jobs(2)) == 2
        finally:
            w.shutdown()


def test_held_job_waits_for_a_person(qtbot, demo_services, translations):
    from datetime import timedelta

    from station.db.models import PrintJob, utcnow
    from station.ui.pages.waybills_page import WaybillsPage

    old = PrintJob.create(
        kind="waybill",
        document_ref="2611230003",
        printer_uri="x",
        language="zpl",
        payload=b"^XA^FDold^FS^XZ",
        created_at=utcnow() - timedelta(hours=2),
    )
    with SimulatedLabelPrinter() as sim:
        w = make_window(qtbot, demo_services, translations, printer=sim.uri)
        try:
            login(w, "张伟", "1357")
            panel = w.page(WaybillsPage).print_queue
            qtbot.waitUntil(lambda: PrintJob.get_by_id(old.id).status == "held", timeout=5000)
            panel.refresh()
            panel.select_job(old.id)
            assert panel.table.item(0, 4).text() == "CONFIRM"
            assert "Waited too long" in panel.table.item(0, 5).text()
            assert sim.jobs == []
            panel.confirm.click()
            assert sim.wait_for_jobs(1) == [b"^XA^FDold^FS^XZ"]
        finally:
            w.shutdown()


def test_configured_scale_state_and_reading(qtbot, demo_services, translations, pair):
    from station.drivers.simulators.scale import SimulatedSerialScale
    from station.ui.pages.settings_page import SettingsPage

    sim = SimulatedSerialScale(str(pair.device_end), grams=2140).start()
    uri = f"mtsics+serial://{pair.station_end}"
    w = make_window(qtbot, demo_services, translations, scale=uri)
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        page.read_scale.click()
        qtbot.waitUntil(lambda: "2140 g" in page.device_result.text(), timeout=5000)
        assert "(ok)" in w.status.scale.text()
        sim.garbage = b"@@@@\r\n"
        page.read_scale.click()
        qtbot.waitUntil(lambda: "SENDS GARBAGE" in w.status.scale.text(), timeout=5000)
        assert "color: #c62828" in w.status.scale.styleSheet()
    finally:
        w.shutdown()
        sim.stop()


def test_void_a_waybill_from_the_print_queue(qtbot, demo_services, translations):
    from station.resources import read_json
    from station.ui.pages.waybills_page import WaybillsPage

    sock = next(p for p in read_json("demo", "products.json") if p["sku"] == "SOCK-5P")["barcodes"][
        0
    ]["code"]
    with SimulatedLabelPrinter() as sim:
        w = make_window(qtbot, demo_services, translations, printer=sim.uri, document_printer="")
        try:
            login(w, "张伟", "1357")
            from datetime import UTC, datetime, timedelta

            t0 = datetime.now(UTC)
            for n, code in enumerate(("2611230005", sock, sock)):
                w.bus.publish(Scan(code, source="wedge", at=t0 + timedelta(seconds=n)))
            sim.wait_for_jobs(1)
            panel = w.page(WaybillsPage).print_queue
            qtbot.waitUntil(
                lambda: bool(panel.jobs) and panel.jobs[0].status == "done", timeout=5000
            )
            panel.select_job(panel.jobs[0].id)
            assert panel.void.isEnabled()
            dialog = panel.void_selected()
            w.bus.publish(Scan("SV-0001", source="wedge", at=t0 + timedelta(seconds=10)))
            assert not dialog.isVisible()
            assert "voided" in w.banner.text()
            assert SalesOrder.get(SalesOrder.number == "2611230005").status == "packing"
        finally:
            w.shutdown()


def test_label_printer_resolution_in_settings(qtbot, demo_services, translations):
    """The resolution chosen in Settings is saved per printer; one that contradicts the
    address's dpi= is refused with the reason, and nothing is saved."""
    from station.ui.pages.settings_page import SettingsPage

    w = make_window(qtbot, demo_services, translations, printer="zpl+tcp://127.0.0.1:9")
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        page.refresh()
        assert page.printer_dpi.currentData() == 0
        assert "203" in page.printer_dpi.currentText()
        page.printer_dpi.setCurrentIndex(page.printer_dpi.findData(300))
        page.standby_printer_dpi.setCurrentIndex(page.standby_printer_dpi.findData(600))
        page.request_save()
        d = w.ctx.services.settings.devices
        assert (d.printer_dpi, d.standby_printer_dpi) == (300, 600)
        assert w.ctx.services.documents.label_dpi() == 300
        page.printer.setText("zpl+tcp://127.0.0.1:9?dpi=203")
        page.request_save()
        assert "dpi=203" in w.banner.text() and "300" in w.banner.text()
        assert w.ctx.services.settings.devices.printer == "zpl+tcp://127.0.0.1:9"
    finally:
        w.shutdown()


def test_stx_etx_reads_back_to_back_pack_two_units(qtbot, demo_services, translations, pair):
    """Issue 14 part 2: a scanner framing reads as STX … ETX with no CR, two reads in one
    burst, through the reader thread's signal into the pack page."""
    from station.db.models import PackedItem, SalesOrderLine

    w = make_window(qtbot, demo_services, translations, scanner=f"serial://{pair.station_end}")
    try:
        qtbot.waitUntil(lambda: "connected" in w.status.scanner.text(), timeout=5000)
        login(w, "张伟", "1357")
        page = w.page(PackPage)
        sim = SimulatedSerialScanner(str(pair.device_end), terminator="etx")
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            sim.scan("2611230001")  # MAT-240 and TAPE-01, and a remark to read
        assert page.state.order.number == "2611230001"
        sim.write_raw(b"\x02]C10106901234000016\x03\x02]C10106901234000023\x03")
        sim.close()
        qtbot.waitUntil(
            lambda: page.state is not None and sum(ln.packed for ln in page.state.lines) == 2,
            timeout=10000,
        )
        assert page.state.complete
        order = SalesOrder.get(SalesOrder.number == "2611230001")
        packed = PackedItem.select().join(SalesOrderLine).where(SalesOrderLine.sales_order == order)
        assert sum(i.qty for i in packed) == 2
        events = ScanEvent.select().where(ScanEvent.context == "pack").order_by(ScanEvent.id)
        assert [(e.data, e.symbology, e.outcome) for e in events][-2:] == [
            ("0106901234000016", "GS1_128", "ok"),
            ("0106901234000023", "GS1_128", "ok"),
        ]
        assert "connected" in w.status.scanner.text()
    finally:
        w.shutdown()


def test_a_read_cut_off_is_not_counted_and_the_packer_is_told(
    qtbot, demo_services, translations, pair
):
    """An STX frame whose ETX never comes: nothing counted, a red banner, the scanner's
    state red until the next good read, and that read is whole."""
    from station.core.scan import Outcome

    w = make_window(qtbot, demo_services, translations, scanner=f"serial://{pair.station_end}")
    try:
        qtbot.waitUntil(lambda: "connected" in w.status.scanner.text(), timeout=5000)
        login(w, "张伟", "1357")
        page = w.page(PackPage)
        sim = SimulatedSerialScanner(str(pair.device_end), terminator="etx")
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            sim.scan("2611230002")  # 2 cups, 2 towels
        with qtbot.waitSignal(w.feedback.shown, timeout=5000) as shown:
            sim.write_raw(b"\x02]C1010690123400")  # cut off: no ETX
        assert shown.args == [Outcome.REFUSED.value, w.banner.text()]
        assert "incomplete and was not counted" in w.banner.text()
        assert "(error)" in w.status.scanner.text()
        assert "color: #c62828" in w.status.scanner.styleSheet()
        assert sum(ln.packed for ln in page.state.lines) == 0
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            sim.scan("0106901234000030", aim="]C1")
        sim.close()
        assert sum(ln.packed for ln in page.state.lines) == 1
        assert "(connected)" in w.status.scanner.text()
    finally:
        w.shutdown()


def test_settings_refuse_a_scanner_option_by_name(qtbot, demo_services, translations):
    from station.ui.pages.settings_page import SettingsPage

    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        page.scanner.setText("serial:///dev/ttyUSB0?terminater=etx")
        with qtbot.waitSignal(w.feedback.shown, timeout=5000) as shown:
            page.request_save()
        assert shown.args[0] == "refused"
        assert "Settings not saved" in w.banner.text()
        assert "unknown option 'terminater'" in w.banner.text()
        assert w.services.settings.devices.scanner != "serial:///dev/ttyUSB0?terminater=etx"
        page.scanner.setText("serial:///dev/ttyUSB0?terminator=etx")
        with qtbot.waitSignal(w.feedback.shown, timeout=5000) as shown:
            page.request_save()
        assert shown.args[0] == "ok"
        assert w.services.settings.devices.scanner == "serial:///dev/ttyUSB0?terminator=etx"
    finally:
        w.shutdown()
