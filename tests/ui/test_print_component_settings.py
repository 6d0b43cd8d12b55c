"""A platform's print component at the bench: its printers listed in Settings for the
user to choose, and its state in the status bar (red when it is not running)."""

from station.drivers.simulators.print_component import SimulatedPrintComponent
from station.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import login
from tests.ui.test_devices import make_window


def test_settings_lists_the_components_printers_to_choose_from(qtbot, demo_services, translations):
    with SimulatedPrintComponent("pdd", printers=("GP-1324D", "汉印 N41")) as sim:
        w = make_window(qtbot, demo_services, translations)
        try:
            login(w, "Admin", "8642")
            page = w.page(SettingsPage)
            page.printer.setText(sim.uri)
            page.component_printers.click()
            qtbot.waitUntil(lambda: "汉印 N41" in page.device_result.text(), timeout=5000)
            assert "GP-1324D" in page.device_result.text()
            menus = [a.menu() for a in page.component_menu.actions()]
            assert [m.title() for m in menus][1] == "汉印 N41"
            assert "GP-1324D" in menus[0].title()  # the default, marked
            label, standby = menus[1].actions()
            label.trigger()
            assert page.printer.text() == f"{sim.uri}?printer=汉印%20N41"
            standby.trigger()
            assert page.standby_printer.text() == page.printer.text()
            page.component_menu.close()
        finally:
            w.shutdown()


def test_a_component_not_running_is_said_when_listing(qtbot, demo_services, translations):
    with SimulatedPrintComponent("cainiao") as sim:
        uri = sim.uri
    w = make_window(qtbot, demo_services, translations)
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        page.printer.setText(uri)
        page.component_printers.click()
        qtbot.waitUntil(lambda: "not running" in page.device_result.text(), timeout=5000)
        assert page.component_printers.isEnabled()
        page.printer.setText("zpl+tcp://127.0.0.1:9100")
        page.component_printers.click()
        assert "cainiao+ws://" in page.device_result.text()
    finally:
        w.shutdown()


def test_status_bar_shows_the_component_ready_then_red_when_it_stops(
    qtbot, demo_services, translations
):
    sim = SimulatedPrintComponent("douyin").start()
    demo_services.settings = demo_services.settings.replace("devices", printer=sim.printer_uri())
    w = make_window(qtbot, demo_services, translations)
    try:
        qtbot.waitUntil(lambda: "ready" in w.status.printer.text(), timeout=5000)
        assert "color: #c62828" not in w.status.printer.styleSheet()
        sim.stop()
        w.devices.spooler.status_every = 0  # ask again at once
        w.devices.spooler.service.wake.set()
        qtbot.waitUntil(lambda: "OFFLINE" in w.status.printer.text(), timeout=10000)
        assert "color: #c62828" in w.status.printer.styleSheet()
    finally:
        w.shutdown()
        sim.stop()
