"""The main window fits a bench screen in both languages, whichever page is in front:
no page's fields may push the scanner panel or the status bar off a 1600x1000 (or a
1366x768) screen. Pages with many rows scroll instead."""

import pytest

from tests.ui.conftest import login

SCREENS = [(1600, 1000), (1366, 768)]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_window_fits_a_bench_screen_with_every_page(qtbot, window, translations, language):
    translations.set_language(language)
    login(window, "Admin", "8642")
    assert window.nav.count() == len(window.pages) >= 7
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(lambda row=row: window.pages_stack.currentWidget() is window.pages[row])
        hint = window.minimumSizeHint()
        page = type(window.pages[row]).__name__
        for width, height in SCREENS:
            assert hint.width() <= width and hint.height() <= height, (
                f"{language} {page}: the window needs at least {hint.width()}x{hint.height()}, "
                f"more than a {width}x{height} screen"
            )
    # and the window as it opened is no taller than the smallest of those screens
    assert window.height() <= 768 and window.width() <= 1366


def test_settings_fields_scroll_and_save_stays_in_view(qtbot, window):
    login(window, "Admin", "8642")
    page = window.settings_page
    window.open_page(window.pages.index(page))
    window.resize(1366, 700)
    qtbot.waitUntil(lambda: page.isVisible() and window.height() <= 768)
    body = page.scroll.widget()
    assert body.minimumSizeHint().height() > page.scroll.viewport().height()
    assert page.scroll.verticalScrollBar().maximum() > 0  # the rows scroll
    assert page.save.isVisible() and page.save.parent() is page  # outside the scrolled part


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_long_device_names_and_problems_never_widen_the_window(
    qtbot, window, translations, language
):
    """The status bar's texts come from the world: a system printer's long name, a
    serial path deep in a folder, a printer with every problem at once, a long head
    office address. The window still fits a 1366 screen; each field shows its text
    shortened and keeps the whole of it as its tooltip."""
    from dataclasses import replace

    from station.drivers.printers.status import PrinterStatus

    translations.set_language(language)
    login(window, "Admin", "8642")
    bar = window.status
    snap = bar._snapshot
    window.layout().activate()
    before = window.minimumSizeHint().width()
    long_printer = "zpl+spool://" + "Gprinter GP-1324D 热敏标签打印机 (副本 12) " * 4
    long_scanner = "serial:///" + "/".join(["very-long-folder-name"] * 12) + "/ttyACM0"
    bar.show_state(
        window.ctx.session,
        replace(
            snap,
            printer=long_printer,
            scanner=long_scanner,
            scale="mtsics+serial:///dev/serial/by-id/usb-Mettler_Toledo_" + "X" * 80,
            head_office="https://" + "head-office." * 12 + "example.cn:8443",
        ),
    )
    bar.show_printer_state(
        PrinterStatus(
            paper_out=True,
            ribbon_out=True,
            head_open=True,
            paused=True,
            over_temperature=True,
            label_waiting=True,
        )
    )
    bar.layout().invalidate()
    window.layout().invalidate()
    window.layout().activate()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366, f"the window needs {hint.width()} px"
    assert hint.width() <= before, "long texts made the window wider"
    for field in (bar.printer, bar.scanner, bar.scale, bar.network):
        # each field can give up its room: its text never sets the window's width
        assert field.minimumSizeHint().width() <= 320, field.text()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() <= 1366)
    assert long_printer in bar.printer.toolTip() and long_scanner in bar.scanner.toolTip()
    shown = bar.printer.shown_text()
    assert "…" in shown and len(shown) < len(bar.printer.text())
