"""Wedge scans typed as real scanners type them: every habit, every focus, nothing leaks.

Each scanner habit of ``tests/ui/wedge_keys.py`` (Shift around capitals or held,
Caps Lock on, AZERTY digits, AltGr as X11 or Windows sends it, GS as Ctrl+] or
Alt+0029, Tab or Ctrl+M at the end) sends codes with capitals, GS1 separators
and ISO/IEC 15434 envelopes. The scan must reach the bus whole and nothing else
may happen: no field changed, no hotkey, no dialog, no PIN attempt.
"""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QTableWidget

from station.core.scan import Scan
from station.db.models import AuditEntry, Operator
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.scan_bus import ScanBus
from station.ui.wedge import WedgeFilter, alt_code_char, control_char
from station.ui.wedge_sim import EOT, GS, HABITS, KEY_CLOCK, PRESS, RELEASE, RS, WedgeScanner
from tests.ui.conftest import login

CODES = [
    "OP-0001",
    "PO-2611-001",
    "SOCK-5P",
    "01169012340000441727113010LOT7",
    "0106901234000108" + "17271231" + "10H1" + GS + "21SN-42",
    "[)>" + RS + "06" + GS + "1PAB-12" + RS + EOT,
]


@pytest.fixture
def field_and_bus(wedge_field):
    return wedge_field.edit, wedge_field.got


@pytest.mark.parametrize("habit", sorted(HABITS))
def test_every_habit_delivers_every_code_whole(qtbot, field_and_bus, habit):
    edit, got = field_and_bus
    scanner = HABITS[habit]
    for code in CODES:
        scanner.scan(code)
    qtbot.waitUntil(lambda: len(got) == len(CODES), timeout=3000)
    assert [s.data for s in got] == CODES
    assert edit.text() == ""


def test_a_scanner_without_a_terminator_is_still_one_scan(qtbot, field_and_bus):
    edit, got = field_and_bus
    WedgeScanner(end="").scan("SOCK-5P")
    qtbot.waitUntil(lambda: len(got) == 1, timeout=3000)
    assert got[0].data == "SOCK-5P" and not got[0].terminated
    assert edit.text() == ""


def test_a_person_typing_capitals_and_chords_still_types(qtbot, field_and_bus):
    """The same keys, slowly: every one reaches the field, and Ctrl+A still selects."""
    edit, got = field_and_bus
    person = WedgeScanner(end="", delay_ms=60)
    for ch in "Ab-1":
        person.char(ch)
    qtbot.waitUntil(lambda: edit.text() == "Ab-1", timeout=3000)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert edit.selectedText() == "Ab-1"
    assert got == []


@pytest.mark.parametrize(
    "key, mods, text, want",
    [
        (Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, "\x1d", GS),
        (Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, "]", GS),
        (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier, "", EOT),
        (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier, "\r", "\r"),
        (
            Qt.Key.Key_6,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            "",
            RS,
        ),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "\x1b", None),
        (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier, "\x08", None),
        (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a", None),
    ],
)
def test_control_characters_follow_the_ascii_control_key_convention(key, mods, text, want):
    assert control_char(key, mods, text) == want


@pytest.mark.parametrize(
    "digits, want",
    [("0029", GS), ("29", GS), ("030", RS), ("065", "A"), ("0128", "€"), ("20013", "中")],
)
def test_alt_codes_as_windows_types_them(digits, want):
    assert alt_code_char(digits) == want


# --- the whole window: every page, every focus ---

_t = [datetime.now(UTC)]


def publish(window, code):
    _t[0] += timedelta(seconds=1)
    window.bus.publish(Scan(code, source="sim", at=_t[0]))


def _focus(qtbot, widget):
    main = widget.window()
    for w in QApplication.topLevelWidgets():
        if hasattr(w, "wedge"):
            w.wedge.clock = KEY_CLOCK  # the keys' own timing, whatever the machine's load
    main.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _focus_places(window, page):
    """A text field, a button and a table, as the tests of the issue name them."""
    panel = window.sim_panel
    button = next(b for b in panel.findChildren(QPushButton) if b is not panel.button)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # as after a click on it
    table = page.findChild(QTableWidget)
    return {"field": panel.code, "button": button, "table": table}


def _failed_pin_attempts():
    return sum(op.failed_attempts for op in Operator.select())


@pytest.mark.parametrize("place", ["field", "button", "table"])
@pytest.mark.parametrize("habit", ["shift-each", "caps-lock", "gs-alt0029", "azerty-x11"])
def test_pack_out_takes_the_whole_scan_wherever_the_focus_is(qtbot, window, place, habit):
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    assert page.state is not None
    where = _focus_places(window, page)[place]
    _focus(qtbot, where)
    text_before = window.sim_panel.code.text()
    audits = AuditEntry.select().count()
    pins = _failed_pin_attempts()
    seen = []
    window.bus.scanned.connect(lambda s: seen.append(s.data))
    HABITS[habit].scan("SOCK-5P")
    qtbot.waitUntil(lambda: seen == ["SOCK-5P"], timeout=3000)
    assert QApplication.activeModalWidget() is None  # no ship-short approval
    assert page.state is not None and page.state.order.number == "2611230002"
    assert page.qty_typed == ""
    assert window.sim_panel.code.text() == text_before
    assert _failed_pin_attempts() == pins
    assert AuditEntry.select().count() == audits
    assert window.banner.outcome.value == "refused"  # a wrong item, refused loudly


@pytest.mark.parametrize("habit", ["shift-each", "shift-held", "caps-lock", "gs-ctrl-plain"])
def test_goods_in_gs1_scan_with_capitals_receives_and_closes_nothing(qtbot, window, habit):
    login(window, "李娜", "2468")
    page = window.page(GoodsInPage)
    window.nav.setCurrentRow(window.pages.index(page))
    publish(window, "PO-2611-001")
    assert page.receipt is not None
    _focus(qtbot, page.findChild(QTableWidget))
    with qtbot.waitSignal(page.received, timeout=3000) as got:
        HABITS[habit].scan("0006901234000000003002169012340000441727113010LOT7" + GS + "3712")
    assert got.args[0].sku == "TEA-100"
    assert page.receipt is not None  # not closed short
    assert QApplication.activeModalWidget() is None


def test_login_by_badge_with_the_focus_in_the_pin_field(qtbot, window):
    _focus(qtbot, window.login.pin)
    with qtbot.waitSignal(window.login.logged_in, timeout=3000):
        HABITS["shift-each"].scan("OP-0001")
    assert window.ctx.session.operator.name == "张伟"
    assert window.login.pin.text() == ""


def test_approval_dialog_takes_a_badge_scan_not_pin_keys(qtbot, window):
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    page.ship_short()
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    _focus(qtbot, dialog.pin)
    with qtbot.waitSignal(dialog.approved, timeout=3000) as approved:
        HABITS["shift-each"].scan("SV-0001")
    assert approved.args[0].name == "王芳"
    assert dialog.pin.text() == ""


def test_a_scan_is_refused_while_a_question_is_open(qtbot, window):
    """A dialog that takes no scans: the scan neither acts behind it nor types into it."""
    from PySide6.QtWidgets import QInputDialog

    login(window, "张伟", "1357")
    page = window.page(PackPage)
    ask = QInputDialog(window)
    ask.setComboBoxItems(["a", "b"])
    ask.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is ask)
    with qtbot.waitSignal(window.sounds.sound_requested, timeout=3000) as sound:
        HABITS["shift-each"].scan("2611230002")
    assert sound.args == ["refused"]
    assert page.state is None  # the order did not open behind the question
    ask.reject()


# --- hotkeys wherever the focus is ---


def _person_types(qtbot, key, text=""):
    """One key as a person presses it: the wedge holds it for a moment, then gives it."""
    w = QApplication.focusWidget()
    qtbot.keyClick(w, key) if not text else qtbot.keyClicks(w, text)


@pytest.mark.parametrize("place", ["button", "table", "combo"])
def test_hotkeys_work_wherever_the_focus_is(qtbot, window, place):
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    places = _focus_places(window, page)
    combo = QComboBox()
    combo.addItems(["1", "2", "3"])
    window.sim_panel.layout().addWidget(combo)
    places["combo"] = combo
    _focus(qtbot, places[place])
    _person_types(qtbot, None, "3")
    qtbot.waitUntil(lambda: page.qty_typed == "3", timeout=3000)
    if place == "combo":
        assert combo.currentText() == "1"  # the hotkey took the key, not the combo
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state is None, timeout=3000)  # put aside


def test_typing_in_a_text_field_is_typing_not_hotkeys(qtbot, window):
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    _focus(qtbot, window.sim_panel.code)
    qtbot.keyClicks(window.sim_panel.code, "n3", delay=60)
    qtbot.waitUntil(lambda: window.sim_panel.code.text() == "n3", timeout=3000)
    assert page.qty_typed == "" and page.state is not None


def test_arrow_keys_on_the_login_screen_move_in_the_list(qtbot, window):
    lp = window.login
    lp.operators.setCurrentRow(0)
    _focus(qtbot, lp.pin)
    qtbot.keyClick(lp.pin, Qt.Key.Key_Down)
    qtbot.keyClick(lp.pin, Qt.Key.Key_Down)
    assert lp.operators.currentRow() == 2
    qtbot.keyClick(lp.pin, Qt.Key.Key_Up)
    assert lp.operators.currentRow() == 1


def test_approval_dialog_puts_the_cursor_in_the_pin_field(qtbot, window):
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    page.ship_short()
    dialog = QApplication.activeModalWidget()
    _focus(qtbot, dialog.supervisor)
    dialog.supervisor.setCurrentIndex(dialog.supervisor.count() - 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin)
    dialog.reject()


def test_the_settings_say_which_chord_is_gs_and_which_keys_end_a_scan(qtbot, qapp):
    """A scanner set to type GS as Ctrl+5, on a bench where only Enter ends a scan."""
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    _focus(qtbot, edit)
    bus = ScanBus(blank_ms=0)
    wedge = WedgeFilter(bus, gs_chord="Ctrl+5", terminators="enter", clock=KEY_CLOCK)
    qapp.installEventFilter(wedge)
    seen = []
    bus.scanned.connect(lambda s: seen.append(s.data))
    ctrl = Qt.KeyboardModifier.ControlModifier
    try:
        sc = WedgeScanner()
        for ch in "0106901234000108" + "10AB":
            sc.char(ch)
        sc._send(PRESS, Qt.Key.Key_Control, "", ctrl)
        sc._click(Qt.Key.Key_5, "5", ctrl)
        sc._send(RELEASE, Qt.Key.Key_Control, "", Qt.KeyboardModifier.NoModifier)
        for ch in "21XY":
            sc.char(ch)
        sc._click(Qt.Key.Key_Return, "\r", Qt.KeyboardModifier.NoModifier)
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
        assert seen == ["0106901234000108" + "10AB" + GS + "21XY"]
        # Tab is no terminator here, yet a Tab right after a scan's burst still ends it
        WedgeScanner(end="tab").scan("SOCK-5P")
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
        assert seen[1] == "SOCK-5P" and edit.text() == ""
    finally:
        qapp.removeEventFilter(wedge)


def test_the_inspection_dialog_takes_a_scan_as_its_defect_code(qtbot, window):
    from station.ui.inspection_dialog import InspectionDialog

    login(window, "李娜", "2468")
    page = window.page(GoodsInPage)
    window.nav.setCurrentRow(window.pages.index(page))
    publish(window, "PO-2611-001")
    publish(
        window, "00069012340000000030" + "0216901234000044" + "17300630" + "10L2611" + GS + "3720"
    )
    dialog = page.inspect()
    assert isinstance(dialog, InspectionDialog)
    _focus(qtbot, dialog.note)
    HABITS["shift-each"].scan("DMG-01A")
    qtbot.waitUntil(lambda: dialog.code.text() == "DMG-01A", timeout=3000)
    assert dialog.note.text() == "" and dialog.defects.count() == 0
    dialog.reject()


def test_a_supervisor_logs_in_by_badge_and_pin_when_the_settings_ask_both(qtbot, window):
    import json

    from station.db.models import AuditEntry

    window.services.operators.supervisor_badge_and_pin = True  # as the setting makes it
    lp = window.login
    _focus(qtbot, lp.pin)
    HABITS["shift-each"].scan("SV-0001")
    qtbot.waitUntil(lambda: "PIN" in lp.error.text(), timeout=3000)
    assert window.ctx.session is None
    assert lp.operators.currentItem().text().startswith("王芳")
    assert QApplication.focusWidget() is lp.pin
    lp.pin.setText("9876")
    lp.button.click()
    assert window.ctx.session is not None and window.ctx.session.operator.name == "王芳"
    last = AuditEntry.select().where(AuditEntry.action == "login").order_by(AuditEntry.id.desc())
    assert json.loads(last.first().details)["by"] == "badge+pin"
