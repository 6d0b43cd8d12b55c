"""A language changed in Settings reloads the login screen's list of names behind
the page in front; the keys typed next still go to the page, never into the hidden
PIN field (where they would spoil the next login and cost a try before lock-out)."""

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import login


def test_keys_after_a_language_change_never_reach_the_hidden_pin(qtbot, window, translations):
    window.show()
    qtbot.waitExposed(window)
    login(window, "Admin", "8642")
    batches = next(i for i, p in enumerate(window.pages) if type(p).__name__ == "BatchesPage")
    window.open_page(batches)
    qtbot.waitUntil(lambda: window.pages_stack.currentWidget() is window.pages[batches])
    for language in ("zh_CN", "en"):
        translations.set_language(language)
        focus = QApplication.focusWidget() or window
        assert focus is not window.login.pin
        QTest.keyClicks(focus, "rll")
        assert window.login.pin.text() == ""
