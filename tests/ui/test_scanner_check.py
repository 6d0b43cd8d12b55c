"""The scanner set-up check in the window: the printed code, the scan, the verdict."""

import zxingcpp
from PIL import Image

from station.core.scan import Scan
from station.core.scanner_check import GS, TEST_CODE
from station.ui.pages.settings_page import SettingsPage
from station.ui.scanner_check import BarcodeView, check_code_modules
from tests.ui.conftest import login, scan_keys


def test_the_code_on_screen_decodes_to_the_test_string(qtbot, tmp_path):
    view = BarcodeView(check_code_modules())
    qtbot.addWidget(view)
    view.resize(700, 160)
    path = tmp_path / "code.png"
    view.grab().toImage().save(str(path))
    found = zxingcpp.read_barcodes(Image.open(path), text_mode=zxingcpp.TextMode.Plain)
    assert [(r.format, r.text) for r in found] == [(zxingcpp.BarcodeFormat.Code128, TEST_CODE)]
    assert GS in found[0].text


def open_check(window):
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    return page, page.open_scanner_check()


def test_a_good_scan_says_so(qtbot, window):
    _, dialog = open_check(window)
    window.bus.publish(Scan(TEST_CODE, source="wedge", raw=TEST_CODE))
    assert [f.code for f in dialog.findings] == ["scanner_ok"]
    assert "ready" in dialog.result.text()
    assert not dialog.apply.isVisible()


def test_stand_in_found_by_a_wedge_scan_and_applied(qtbot, window):
    page, dialog = open_check(window)
    typed = TEST_CODE.replace(GS, "|")
    scan_keys(qtbot, dialog.catch, typed)  # at scanner speed, ending in Enter
    assert [f.code for f in dialog.findings] == ["gs_standin"]
    assert dialog.catch.text() == ""
    dialog.apply.click()
    assert window.services.settings.scanner.gs_standin == "|"
    assert page.gs_standin.text() == "|"
    # from now on the wedge filter turns the stand-in back into the separator
    with qtbot.waitSignal(window.bus.scanned) as got:
        scan_keys(qtbot, page.bench_name, "0106901234000016|21SN9")
    assert got.args[0].data == "0106901234000016\x1d21SN9"


def test_scanner_without_enter_is_caught_in_the_field(qtbot, window):
    _, dialog = open_check(window)
    dialog.catch.setFocus()
    qtbot.keyClicks(dialog.catch, TEST_CODE.replace(GS, ""))  # fast, but no Enter
    qtbot.waitUntil(lambda: bool(dialog.findings), timeout=3000)
    assert [f.code for f in dialog.findings] == ["no_terminator", "gs_dropped"]
    assert "no Enter" in dialog.result.text()


def test_read_scale_from_settings(qtbot, window):
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    page.scale.setText("sim?grams=1250")
    page.read_scale.click()
    qtbot.waitUntil(lambda: "1250 g" in page.device_result.text(), timeout=3000)
    page.scale.setText(f"mtsics+serial://{window.services.data_dir.root}/gone")
    page.read_scale.click()
    qtbot.waitUntil(
        lambda: page.read_scale.isEnabled() and "gone" in page.device_result.text(), timeout=5000
    )
    assert window.banner.outcome.value == "refused"


def test_ports_menu_lists_ports(qtbot, window):
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    page._fill_ports_menu()
    assert page.ports_menu.actions()  # a port, or the "none found" line
    assert page.find_ports.popupMode() == page.find_ports.ToolButtonPopupMode.InstantPopup


def _focus_in(qtbot, widget):
    from PySide6.QtWidgets import QApplication

    from station.ui.wedge_sim import KEY_CLOCK

    for w in QApplication.topLevelWidgets():
        if hasattr(w, "wedge"):
            w.wedge.clock = KEY_CLOCK  # the keys' own timing, whatever the machine's load
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_the_test_code_typed_as_a_wedge_scanner_types_it_is_whole(qtbot, window):
    """Shift around S and Q, GS as Ctrl+] or Alt+0029: the check must blame nobody."""
    from station.ui.wedge_sim import WedgeScanner

    _, dialog = open_check(window)
    window.bus.doubles.blank_ms = 0  # the same test code three times is three scans here
    for scanner in (WedgeScanner(), WedgeScanner(gs="alt0029"), WedgeScanner(shift="held")):
        dialog.findings = []
        _focus_in(qtbot, dialog.catch)
        scanner.scan(TEST_CODE)
        qtbot.waitUntil(lambda: bool(dialog.findings), timeout=3000)
        assert [f.code for f in dialog.findings] == ["scanner_ok"]
        assert dialog.catch.text() == ""


def test_a_scanner_without_enter_is_told_so_not_blamed_for_lost_keys(qtbot, window):
    from station.ui.wedge_sim import WedgeScanner

    _, dialog = open_check(window)
    _focus_in(qtbot, dialog.catch)
    WedgeScanner(end="").scan(TEST_CODE)
    qtbot.waitUntil(lambda: bool(dialog.findings), timeout=3000)
    assert [f.code for f in dialog.findings] == ["no_terminator"]


def test_a_long_verdict_grows_the_dialog_instead_of_covering_the_code(qtbot, window):
    _, dialog = open_check(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.check("#" + TEST_CODE.replace(GS, "").swapcase() + "!", terminated=False)
    assert len(dialog.findings) >= 3
    shown = [
        w
        for w in (
            dialog.heading,
            dialog.picture,
            dialog.catch_hint,
            dialog.catch,
            dialog.result,
            dialog.apply,
            dialog.buttons,
        )
        if w.isVisible()
    ]
    for upper, lower in zip(shown, shown[1:], strict=False):
        assert upper.geometry().bottom() < lower.geometry().top(), (upper, lower)
