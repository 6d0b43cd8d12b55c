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


@pytest.fixture
def wedge_field(qtbot, qapp):
    """A text field with the focus, a wedge filter judging the simulated keys' own
    timing (``station.ui.wedge_sim.KEY_CLOCK``), and the scans it published."""
    import types

    from PySide6.QtWidgets import QApplication, QLineEdit

    from station.ui.scan_bus import ScanBus
    from station.ui.wedge import WedgeFilter
    from station.ui.wedge_sim import KEY_CLOCK

    bus = ScanBus(blank_ms=0)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    wedge = WedgeFilter(bus, max_gap_ms=30, min_length=4, clock=KEY_CLOCK)
    qapp.installEventFilter(wedge)
    got: list = []
    bus.scanned.connect(got.append)
    yield types.SimpleNamespace(edit=edit, got=got, wedge=wedge, bus=bus)
    qapp.removeEventFilter(wedge)
