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
