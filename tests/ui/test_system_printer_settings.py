"""Settings offers the printers of the computer's print system (QPrinterInfo, here a
private CUPS scheduler) for the label, standby and document printers."""

from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.uri import parse_uri
from station.ui.pages.settings_page import SettingsPage
from tests.cupsd import add_queue, needs_cupsd
from tests.ui.conftest import login


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


@needs_cupsd
def test_the_system_printers_menu_fills_the_printer_fields(qtbot, window, cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("Zebra_ZT410", sim.uri)
        add_queue("Office_A4", sim.uri)
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    page._fill_system_printers_menu()
    subs = {a.text(): a.menu() for a in page.system_printers_menu.actions()}
    assert set(subs) == {"Zebra_ZT410", "Office_A4"}
    choices = {a.text(): a for a in subs["Zebra_ZT410"].actions() if not a.isSeparator()}
    assert len(choices) == len(page.system_printer_choices()) == 7
    choices["Label printer: TSPL passed to its queue"].trigger()
    choices["Standby label printer: drawn by its driver (images)"].trigger()
    {a.text(): a for a in subs["Office_A4"].actions()}[
        "Document printer: drawn by its driver"
    ].trigger()
    assert page.printer.text() == "tspl+spool://Zebra_ZT410"
    assert page.standby_printer.text() == "zpl+system://Zebra_ZT410"
    assert page.document_printer.text() == "pdf+system://Office_A4"
    for field in (page.printer, page.standby_printer, page.document_printer):
        parse_uri("printer", field.text())  # each an address the station reads back


@needs_cupsd
def test_no_system_printers_says_so(qtbot, window, cups):
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    page._fill_system_printers_menu()
    (only,) = page.system_printers_menu.actions()
    assert not only.isEnabled() and "No printers" in only.text()
