import pytest
from PySide6.QtCore import Qt

from station.ui.i18n import Translations
from station.ui.main_window import MainWindow


@pytest.fixture
def translations(qapp, data_dir):
    t = Translations(qapp, data_dir.cache / "i18n")
    yield t
    t.set_language("en")


@pytest.fixture
def window(qtbot, demo_services, translations):
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()


def login(window, name, pin):
    """Log in through the login screen as a person would: pick the name, type the PIN."""
    lp = window.login
    for row in range(lp.operators.count()):
        if lp.operators.item(row).text().startswith(name):
            lp.operators.setCurrentRow(row)
            break
    else:
        raise AssertionError(f"{name} not on the login screen")
    lp.pin.setText(pin)
    lp.button.click()
    assert window.ctx.session is not None, lp.error.text()
    return window.ctx.session


def scan_keys(qtbot, widget, code, delay=-1):
    """Type ``code`` + Enter into ``widget`` as a keyboard-wedge scanner does."""
    qtbot.keyClicks(widget, code, delay=delay)
    qtbot.keyClick(widget, Qt.Key.Key_Return, delay=delay)


@pytest.fixture(autouse=True)
def _no_dialog_outlives_its_test(qapp):
    """A dialog a test left open would take the next test's scans: close it."""
    yield
    from PySide6.QtWidgets import QDialog

    for w in qapp.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.reject()
