"""Wedge inputs the habit tests do not send, each a fault found and fixed or a known limit.

Raw ``QKeyEvent`` sequences (ShortcutOverride, press, release) where the
simulated scanner cannot express a pattern: X11 time stamps, auto-repeat,
AltGr as X11 reports it, Ctrl chords on other layouts, a busy GUI thread.
Timing is the keys' own: ``KEY_CLOCK`` (and the events' time stamps where a
test says so) advance per event, whatever the machine's load.

Tests marked ``xfail(strict=True)`` are the known limits of a keyboard filter
(keys a modal dialog's window blocks before any filter sees them, dead keys
an input method composes); their reason says what goes wrong.
"""

from __future__ import annotations

import shutil
import subprocess
import types
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QTableWidget

import station.ui.wedge as wedge_mod
from station.core.scan import Scan
from station.db.models import AuditEntry, Operator
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.scan_bus import ScanBus
from station.ui.wedge import WedgeFilter, alt_code_char
from station.ui.wedge_sim import GS, KEY_CLOCK, PRESS, RELEASE, WedgeScanner
from tests.ui.conftest import login
from tests.ui.test_wedge_xdotool import Bench

K = Qt.Key
M = Qt.KeyboardModifier
OVERRIDE = QEvent.Type.ShortcutOverride
X11_LOCK_MASK = 0x02  # LockMask in an X11 key event's state


class Keys:
    """Raw key events to the focus widget, each advancing KEY_CLOCK by ``step_ms``.

    ``stamped``: the events carry time stamps (ms) as X11 and Windows stamp them.
    """

    def __init__(self, step_ms: float = 4, *, stamped: bool = False):
        self.step = step_ms
        self.stamped = stamped
        self.ms = 5_000_000

    def send(
        self,
        action,
        key,
        text="",
        mods=M.NoModifier,
        *,
        autorep=False,
        native_mods=0,
        scan_code=0,
        step=None,
        target=None,
    ):
        target = target or QApplication.focusWidget()
        assert target is not None, "no widget has the focus"
        if action == PRESS:
            override = QKeyEvent(OVERRIDE, key, mods, scan_code, 0, native_mods, text, autorep)
            override.ignore()
            QApplication.sendEvent(target, override)
        step = self.step if step is None else step
        KEY_CLOCK.t += step / 1000.0
        self.ms += int(step)
        event = QKeyEvent(action, key, mods, scan_code, 0, native_mods, text, autorep)
        if self.stamped:
            event.setTimestamp(self.ms)
        QApplication.sendEvent(target, event)

    def click(self, key, text="", mods=M.NoModifier, **kw):
        self.send(PRESS, key, text, mods, **kw)
        self.send(RELEASE, key, text, mods, **kw)

    def plain(self, code: str, mods=M.NoModifier, **kw):
        """Characters with the key of their own name (digits, letters, - . /)."""
        names = {"-": K.Key_Minus, ".": K.Key_Period, "/": K.Key_Slash, " ": K.Key_Space}
        for ch in code:
            key = names.get(ch) or getattr(K, f"Key_{ch.upper()}")
            self.click(key, ch, mods, **kw)

    def enter(self, mods=M.NoModifier, **kw):
        self.click(K.Key_Return, "\r", mods, **kw)


@pytest.fixture
def field(wedge_field):
    """A text field with the focus, a wedge filter on the keys' clock, the scans it made."""
    return wedge_field


def _settled(qtbot, wedge):
    """Wait until the filter holds no burst (its pause timer fired)."""
    qtbot.waitUntil(lambda: not wedge.collecting and not wedge._timer.isActive(), timeout=3000)


# --- the whole window ---

_t = [datetime.now(UTC)]


def publish(window, code):
    _t[0] += timedelta(seconds=1)
    window.bus.publish(Scan(code, source="sim", at=_t[0]))


def _focus(qtbot, widget):
    window = widget.window()
    for w in QApplication.topLevelWidgets():
        if hasattr(w, "wedge"):
            w.wedge.clock = KEY_CLOCK
    window.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _pack_with_one_unit(qtbot, window):
    """Pack-out, order 2611230002 (2 cups, 2 towels) open, one cup packed."""
    login(window, "张伟", "1357")
    page = window.page(PackPage)
    publish(window, "2611230002")
    publish(window, "6901234000030")  # CUP-350
    assert page.state is not None and page.state.parcel.seq == 1
    assert sum(ln.packed for ln in page.state.lines) == 1
    return page


# ============================================================================
# Faults once found here, the most dangerous first
# ============================================================================


def test_a_three_character_scan_closes_no_parcel(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    _focus(qtbot, page)  # where refresh() leaves the focus
    with qtbot.assertNotEmitted(page.parcel_closed, wait=1500):
        WedgeScanner().scan("N12")
    assert page.state.parcel.seq == 1
    assert page.qty_typed == ""


def test_a_three_character_scan_opens_no_approval_and_types_nothing_behind_it(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    _focus(qtbot, page)
    WedgeScanner().scan("S12")
    _settled(qtbot, window.wedge)
    assert (QApplication.activeModalWidget(), page.qty_typed) == (None, "")


def test_keys_replayed_after_a_dialog_opened_do_not_act_behind_it(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    _focus(qtbot, page)
    keys = Keys(step_ms=20)
    with qtbot.assertNotEmitted(page.parcel_closed, wait=1500):
        keys.click(K.Key_S, "s")
        keys.click(K.Key_N, "n")
        _settled(qtbot, window.wedge)
        assert QApplication.activeModalWidget() is not None  # S: the approval, as asked
    assert page.state.parcel.seq == 1


@pytest.mark.parametrize("where", ["approval-pin", "login-pin"])
def test_a_three_character_scan_is_no_pin_attempt(qtbot, window, where):
    if where == "approval-pin":
        page = _pack_with_one_unit(qtbot, window)
        page.ship_short()
        dialog = QApplication.activeModalWidget()
        pin = dialog.pin
    else:
        window.login.operators.setCurrentRow(0)
        pin = window.login.pin
    _focus(qtbot, pin)
    before = sum(op.failed_attempts for op in Operator.select())
    WedgeScanner().scan("A12")
    _settled(qtbot, window.wedge)
    assert sum(op.failed_attempts for op in Operator.select()) == before
    assert pin.text() == ""


def test_one_wrong_pin_typed_with_one_enter_is_one_failed_attempt(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    page.ship_short()
    dialog = QApplication.activeModalWidget()
    _focus(qtbot, dialog.pin)
    person = Keys(step_ms=150)
    for ch in "1111":
        person.click(getattr(K, f"Key_{ch}"), ch)
        _settled(qtbot, window.wedge)
    assert dialog.pin.text() == "1111"
    person.enter()
    qtbot.waitUntil(lambda: dialog.pin.text() == "", timeout=3000)
    assert sum(op.failed_attempts for op in Operator.select()) == 1


@pytest.mark.parametrize(
    "report_ms",
    [
        4,
        6,
        pytest.param(
            8,
        ),
        pytest.param(
            10,
        ),
    ],
    ids=lambda ms: f"{ms}ms",
)
def test_shift_around_capitals_at_usb_polling_intervals(qtbot, field, report_ms):
    """One USB HID report per key change; a capital is 4 reports (Shift, key, key up,
    Shift up), a small letter or digit 2. Every report is ``report_ms`` after the last."""
    keys = Keys(step_ms=report_ms)
    for ch in "SOCK-5P":
        if ch.isupper():
            keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier)
            keys.click(getattr(K, f"Key_{ch}"), ch, M.ShiftModifier)
            keys.send(RELEASE, K.Key_Shift, "")
        else:
            keys.plain(ch)
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) >= 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == ["SOCK-5P"] and field.edit.text() == ""


@pytest.mark.parametrize(
    "layout, key, text",
    [
        # the key at the US ']' position, with Ctrl, as X11 reports it on each layout:
        # xkb's control transform leaves '+' and '$' as they are
        pytest.param(
            "de-x11",
            K.Key_Plus,
            "+",
        ),
        pytest.param(
            "fr-x11",
            K.Key_Dollar,
            "$",
        ),
        # Windows keeps the control characters at their key positions: text GS
        ("de-windows", K.Key_Plus, GS),
        # a scanner that types ']' the German way, AltGr+9, with Ctrl
        ("de-x11-altgr", K.Key_BracketRight, GS),
    ],
)
def test_gs_chord_on_other_layouts_stays_inside_the_scan(qtbot, field, layout, key, text):
    keys = Keys()
    mods = M.ControlModifier
    if layout == "de-x11-altgr":
        mods |= M.GroupSwitchModifier
    keys.plain("0106901234000108" + "10")
    keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier)
    keys.click(K.Key_A, "A", M.ShiftModifier)
    keys.send(RELEASE, K.Key_Shift, "")
    keys.send(PRESS, K.Key_Control, "", M.ControlModifier)
    # the physical key: X11 keycode 35 (evdev), where US keyboards have ']'
    keys.click(key, text, mods, scan_code=35)
    keys.send(RELEASE, K.Key_Control, "")
    keys.plain("3712")
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) >= 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == ["0106901234000108" + "10A" + GS + "3712"]
    assert field.edit.text() == ""


def _busy_clock(monkeypatch):
    """The filter's wall clock, advanced by hand: a busy GUI thread is a jump of it."""
    now = types.SimpleNamespace(t=50_000.0)
    monkeypatch.setattr(wedge_mod, "time", types.SimpleNamespace(monotonic=lambda: now.t))
    return now


def _busy(qtbot, wedge, now, seconds):
    """The GUI thread was busy ``seconds``; its overdue pause timer runs before the
    keys queued meanwhile (the order a busy event loop may take them in)."""
    with qtbot.waitSignal(wedge._timer.timeout, timeout=3000):
        now.t += seconds
        KEY_CLOCK.t += seconds


def test_a_gui_thread_busy_100_ms_mid_burst_does_not_split_the_scan(qtbot, field, monkeypatch):
    now = _busy_clock(monkeypatch)
    keys = Keys(stamped=True)
    keys.plain("0106901234000108")
    _busy(qtbot, field.wedge, now, 0.100)
    keys.plain("10LOT7")
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) >= 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == ["0106901234000108" + "10LOT7"]


def test_a_gui_thread_busy_200_ms_mid_burst_does_not_split_the_scan(qtbot, field, monkeypatch):
    now = _busy_clock(monkeypatch)
    keys = Keys(stamped=True)
    keys.plain("0106901234000108")
    _busy(qtbot, field.wedge, now, 0.200)
    keys.plain("10LOT7")
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) >= 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == ["0106901234000108" + "10LOT7"]


def test_two_busy_spells_in_one_long_burst_do_not_split_it(qtbot, field, monkeypatch):
    now = _busy_clock(monkeypatch)
    keys = Keys(stamped=True)
    code = "HTTPS-EXAMPLE-" + "0123456789" * 4
    keys.plain(code[:20])
    _busy(qtbot, field.wedge, now, 0.200)
    keys.plain(code[20:40])
    _busy(qtbot, field.wedge, now, 0.200)
    keys.plain(code[40:])
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) >= 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == [code]


def test_a_held_key_auto_repeating_is_typing_not_a_scan(qtbot, field):
    keys = Keys(step_ms=1)
    keys.send(PRESS, K.Key_A, "a")
    _settled(qtbot, field.wedge)  # the first 'a' reaches the field as typing
    KEY_CLOCK.t += 0.5  # the repeat delay
    for _ in range(6):  # X11 auto-repeat: release + press, both flagged
        keys.send(RELEASE, K.Key_A, "a", autorep=True, step=15)
        keys.send(PRESS, K.Key_A, "a", autorep=True, step=15)
    keys.send(RELEASE, K.Key_A, "a", step=15)
    _settled(qtbot, field.wedge)
    assert field.got == []
    assert field.edit.text() == "a" * 7


def test_caps_lock_on_and_a_code_of_small_letters_only(qtbot, field):
    keys = Keys()
    for ch in "lot-abc7":
        key = K.Key_Minus if ch == "-" else getattr(K, f"Key_{ch.upper()}")
        keys.click(key, ch.upper() if ch.isalpha() else ch, native_mods=X11_LOCK_MASK)
    keys.enter(native_mods=X11_LOCK_MASK)
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "lot-abc7"


def test_a_scanner_that_compensates_caps_lock_keeps_its_case(qtbot, field):
    """Such a scanner's events are a naive scanner's for the inverted code: the
    setting scanner.caps_lock_repair (off) says which it is."""
    field.wedge.caps_lock_repair = False
    keys = Keys()
    for ch in "Lot7abc":
        key = getattr(K, f"Key_{ch.upper()}")
        if ch.islower():  # Caps Lock + Shift: a small letter
            keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier, native_mods=X11_LOCK_MASK)
            keys.click(key, ch, M.ShiftModifier, native_mods=X11_LOCK_MASK | 0x01)
            keys.send(RELEASE, K.Key_Shift, "", native_mods=X11_LOCK_MASK)
        else:
            keys.click(key, ch, native_mods=X11_LOCK_MASK)
    keys.enter(native_mods=X11_LOCK_MASK)
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "Lot7abc"


def test_a_tab_after_a_scan_moves_no_focus_when_tab_is_not_a_terminator(qtbot, qapp):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    box = QWidget()
    col = QVBoxLayout(box)
    first, second = QLineEdit(), QLineEdit()
    col.addWidget(first)
    col.addWidget(second)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    bus = ScanBus(blank_ms=0)
    wedge = WedgeFilter(bus, terminators="enter", clock=KEY_CLOCK)
    qapp.installEventFilter(wedge)
    got = []
    bus.scanned.connect(lambda s: got.append(s.data))
    try:
        WedgeScanner(end="tab").scan("SOCK-5P")
        qtbot.waitUntil(lambda: got == ["SOCK-5P"], timeout=3000)
        assert QApplication.focusWidget() is first
    finally:
        qapp.removeEventFilter(wedge)


def test_alt_code_past_255_is_not_silently_wrapped():
    assert alt_code_char("20013") == "中"


# ============================================================================
# Inputs that hold (pass)
# ============================================================================


def test_shift_held_from_before_the_first_key_to_after_enter(qtbot, field):
    keys = Keys()
    keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier)
    keys.plain("SOCK", M.ShiftModifier)
    keys.click(K.Key_Underscore, "_", M.ShiftModifier)
    keys.plain("P", M.ShiftModifier)
    keys.enter(M.ShiftModifier)
    keys.send(RELEASE, K.Key_Shift, "")
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "SOCK_P" and field.edit.text() == ""


def test_right_shift_and_a_shift_release_after_the_next_press(qtbot, field):
    """The Shift release of a capital comes after the next key's press (its state
    already without Shift); the right Shift key has its own scan code."""
    keys = Keys()
    for ch in "OP-0001":
        if ch.isupper():
            keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier)
            keys.click(getattr(K, f"Key_{ch}"), ch, M.ShiftModifier)
            pending_shift = True
            continue
        key = K.Key_Minus if ch == "-" else getattr(K, f"Key_{ch}")
        keys.send(PRESS, key, ch)
        if pending_shift:
            keys.send(RELEASE, K.Key_Shift, "")
            pending_shift = False
        keys.send(RELEASE, key, ch)
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "OP-0001" and field.edit.text() == ""


def test_ctrl_released_late_around_every_gs(qtbot, field):
    """Ctrl's release arrives after the next character's press (state without Ctrl)."""
    keys = Keys()
    keys.plain("0106901234000108")
    for part in ("10AB", "21XY", "3712"):
        keys.send(PRESS, K.Key_Control, "", M.ControlModifier)
        keys.click(K.Key_BracketRight, GS, M.ControlModifier)
        keys.send(PRESS, getattr(K, f"Key_{part[0]}"), part[0])
        keys.send(RELEASE, K.Key_Control, "")
        keys.send(RELEASE, getattr(K, f"Key_{part[0]}"), part[0])
        keys.plain(part[1:])
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "0106901234000108" + GS + "10AB" + GS + "21XY" + GS + "3712"


@pytest.mark.parametrize(
    "altgr_key, altgr_mods, char_mods",
    [
        (K.Key_AltGr, M.GroupSwitchModifier, M.GroupSwitchModifier),  # ISO_Level3_Shift
        (K.Key_AltGr, M.NoModifier, M.NoModifier),  # no modifier reported at all
        (K.Key_Mode_switch, M.GroupSwitchModifier, M.GroupSwitchModifier),
    ],
    ids=["level3-groupswitch", "level3-no-modifier", "mode-switch"],
)
def test_altgr_as_x11_sends_it_for_at_hash_bar(qtbot, field, altgr_key, altgr_mods, char_mods):
    keys = Keys()
    code = "AB@12#X|9"
    for ch in code:
        if ch in "@#|":
            key = {"@": K.Key_At, "#": K.Key_NumberSign, "|": K.Key_Bar}[ch]
            keys.send(PRESS, altgr_key, "", altgr_mods)
            keys.click(key, ch, char_mods)
            keys.send(RELEASE, altgr_key, "")
        elif ch.isupper():
            keys.send(PRESS, K.Key_Shift, "", M.ShiftModifier)
            keys.click(getattr(K, f"Key_{ch}"), ch, M.ShiftModifier)
            keys.send(RELEASE, K.Key_Shift, "")
        else:
            keys.plain(ch)
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    _settled(qtbot, field.wedge)
    assert [s.data for s in field.got] == [code]


def _alt_code(keys, digits):
    keys.send(PRESS, K.Key_Alt, "", M.AltModifier)
    for d in digits:
        keys.click(getattr(K, f"Key_{d}"), d, M.AltModifier | M.KeypadModifier)
    keys.send(RELEASE, K.Key_Alt, "")


def test_alt_codes_with_three_digits_and_at_the_very_start(qtbot, field):
    keys = Keys()
    _alt_code(keys, "029")  # a leading GS, as some GS1 DataMatrix scanners send FNC1
    keys.plain("0106901234000108")
    _alt_code(keys, "29")
    keys.plain("10LOT7")
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == GS + "0106901234000108" + GS + "10LOT7"
    assert field.edit.text() == ""


def test_a_person_alt_tabs_away_then_a_scan_with_keypad_digits(qtbot, field):
    """Alt+Tab: the Alt release goes to another window. A scanner typing its digits on
    the numeric keypad (NumLock on) afterwards is not taken for an Alt code."""
    person = Keys(step_ms=150)
    person.send(PRESS, K.Key_Alt, "", M.AltModifier)
    person.send(PRESS, K.Key_Tab, "\t", M.AltModifier)
    _settled(qtbot, field.wedge)
    keys = Keys()
    for d in "6901234000016":
        keys.click(getattr(K, f"Key_{d}"), d, M.KeypadModifier)
    keys.click(K.Key_Enter, "\r", M.KeypadModifier)
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "6901234000016" and field.edit.text() == ""


def test_a_scanner_in_alt_mode_types_every_character_as_an_alt_code(qtbot, field):
    """Zebra 'Emulate Alt+Keypad', Honeywell 'Alt mode': layout-proof, 10 events a character."""
    keys = Keys()
    code = "SOCK-5P" + GS + "21X"
    for ch in code:
        _alt_code(keys, f"{ord(ch):04d}")
    _alt_code(keys, "0013")  # CR as the terminator
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == code and field.got[0].terminated
    assert field.edit.text() == ""


@pytest.mark.parametrize(
    "typed, symbology, data",
    [
        ("]C1" + "0106901234000108" + "10AB", "GS1_128", "0106901234000108" + "10AB"),
        ("]d2" + "0106901234000108" + "10AB" + GS + "21X", "GS1_DATAMATRIX", None),
        ("]Q1" + "https://id.gs1.org/01/06901234000108", "QR_CODE", None),
        (GS + "0106901234000108", "", None),
    ],
    ids=["aim-c1", "aim-d2", "aim-q1", "leading-gs"],
)
def test_codes_with_aim_ids_or_a_leading_gs(qtbot, field, typed, symbology, data):
    WedgeScanner().scan(typed)
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    want = data if data is not None else (typed[3:] if symbology else typed)
    assert (field.got[0].symbology, field.got[0].data) == (symbology, want)
    assert field.edit.text() == ""


@pytest.mark.parametrize(
    "code",
    ["A B", "RÜCK SENDUNG 12", "X" * 200, "0106901234000108" + ("10" + "L" * 18 + GS) * 8],
    ids=["short-with-space", "spaces", "200-chars", "long-gs1"],
)
def test_codes_with_spaces_and_very_long_codes(qtbot, field, code):
    sc = WedgeScanner()
    if not code.isascii():
        keys = Keys()
        for ch in code:
            key = {" ": K.Key_Space}.get(ch, K.Key_unknown if not ch.isascii() else None)
            if key is None:
                key = getattr(K, f"Key_{ch}")
            keys.click(key, ch, M.ShiftModifier if ch.isupper() else M.NoModifier)
        keys.enter()
    else:
        sc.scan(code)
    _settled(qtbot, field.wedge)
    # ended by Enter at scanner speed: a scan, however short
    assert [s.data for s in field.got] == [code] and field.edit.text() == ""


@pytest.mark.parametrize("key", [0, K.Key_unknown], ids=["key-0", "key-unknown"])
def test_characters_with_no_key_code_chinese_from_a_qr_code(qtbot, field, key):
    """Text events with key 0 (Windows VK_PACKET, an IME's keys): part of a scan, and
    replayed to the field as typed when slow."""
    keys = Keys()
    code = "运单SF1234567890顺丰"
    for ch in code:
        keys.click(key, ch)
    keys.enter()
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == code and field.edit.text() == ""
    slow = Keys(step_ms=80)
    for ch in "中文":
        slow.click(key, ch)
        _settled(qtbot, field.wedge)
    assert field.edit.text() == "中文"


def test_two_scans_back_to_back_with_no_gap(qtbot, field):
    sc = WedgeScanner(delay_ms=-1)
    sc.scan("SOCK-5P")
    sc.scan("OP-0001")
    sc.scan("0106901234000108" + "10A" + GS + "3712")
    qtbot.waitUntil(lambda: len(field.got) == 3, timeout=3000)
    assert [s.data for s in field.got] == [
        "SOCK-5P",
        "OP-0001",
        "0106901234000108" + "10A" + GS + "3712",
    ]


def test_releases_of_eaten_keys_reach_no_widget_after_the_focus_moved(qtbot, field):
    """The scan's Space release arrives after the focus moved to a button: the button
    must not be clicked by a release whose press it never had."""
    button = QPushButton("danger")
    qtbot.addWidget(button)
    button.show()
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    keys = Keys()
    keys.plain("AB12")
    keys.send(PRESS, K.Key_Space, " ")
    keys.send(PRESS, K.Key_Return, "\r")
    button.activateWindow()
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    keys.send(RELEASE, K.Key_Space, " ")
    keys.send(RELEASE, K.Key_Return, "\r")
    qtbot.waitUntil(lambda: len(field.got) == 1, timeout=3000)
    assert field.got[0].data == "AB12 " and clicks == []


# --- the window: dialogs, login, hotkeys ---


def test_a_scan_while_the_close_short_question_is_open(qtbot, window):
    """Goods-in, Enter asks before closing short; a GS1 scan (with a capital and Enter)
    arrives meanwhile: refused, the question stays, nothing received, nothing closed."""
    login(window, "李娜", "2468")
    page = window.page(GoodsInPage)
    window.nav.setCurrentRow(window.pages.index(page))
    publish(window, "PO-2611-001")
    assert page.receipt is not None
    question = page.close_receipt()
    assert question is not None and QApplication.activeModalWidget() is question
    _focus(qtbot, question.defaultButton())
    with qtbot.waitSignal(window.sounds.sound_requested, timeout=3000) as sound:
        WedgeScanner().scan("01169012340000441727113010LOT7")
    assert sound.args == ["refused"]
    assert question.isVisible() and question.answered_yes is None
    assert page.receipt is not None and page.receipt.lines.count() == 0
    question.done(0)


def test_a_badge_scan_with_the_focus_on_the_login_list(qtbot, window):
    lp = window.login
    lp.operators.setCurrentRow(1)
    lp.operators.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    _focus(qtbot, lp.operators)
    with qtbot.waitSignal(lp.logged_in, timeout=3000):
        WedgeScanner(shift="held").scan("OP-0001")
    assert window.ctx.session.operator.name == "张伟"
    assert sum(op.failed_attempts for op in Operator.select()) == 0


def test_a_supervisor_badge_with_the_focus_on_the_approval_combo(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    page.ship_short()
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    audits = AuditEntry.select().count()
    _focus(qtbot, dialog.supervisor)
    before = dialog.supervisor.currentIndex()
    with qtbot.waitSignal(dialog.approved, timeout=3000) as approved:
        WedgeScanner(caps_lock=True).scan("SV-0001")
    assert approved.args[0].name == "王芳"
    assert dialog.supervisor.currentIndex() == before and dialog.pin.text() == ""
    assert AuditEntry.select().count() > audits  # the approval, audited


@pytest.mark.parametrize("place", ["combo", "table", "button"])
def test_enter_esc_and_digits_as_a_person_presses_them(qtbot, window, place):
    """Digits set the quantity, Esc puts aside, whatever has the focus (not a text field)."""
    page = _pack_with_one_unit(qtbot, window)
    combo = QComboBox()
    combo.addItems(["1", "2", "3"])
    window.sim_panel.layout().addWidget(combo)
    button = next(
        b for b in window.sim_panel.findChildren(QPushButton) if b is not window.sim_panel.button
    )
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    where = {"combo": combo, "table": page.findChild(QTableWidget), "button": button}[place]
    _focus(qtbot, where)
    keys = Keys(step_ms=120)
    keys.click(K.Key_2, "2")
    _settled(qtbot, window.wedge)
    keys.click(K.Key_5, "5")
    _settled(qtbot, window.wedge)
    assert page.qty_typed == "25"
    assert combo.currentIndex() == 0 and window.sim_panel.code.text() == ""
    keys.click(K.Key_Escape, "\x1b")
    qtbot.waitUntil(lambda: page.state is None, timeout=3000)


def test_a_person_typing_two_keys_fast_then_enter_on_pack_out(qtbot, window):
    """'1' '2' 20 ms apart (rollover) then Enter 150 ms later: typing. The quantity is
    12 and Enter is the close hotkey: with units missing the close is refused out loud,
    nothing is closed (the parcel closes on its last unit by itself)."""
    page = _pack_with_one_unit(qtbot, window)
    _focus(qtbot, page)
    keys = Keys(step_ms=20)
    keys.click(K.Key_1, "1")
    keys.click(K.Key_2, "2")
    _settled(qtbot, window.wedge)
    assert page.qty_typed == "12"
    with qtbot.assertNotEmitted(page.parcel_closed, wait=1000):
        keys.click(K.Key_Return, "\r", step=150)
    assert window.banner.outcome.value == "refused"
    assert page.state is not None and page.state.parcel.seq == 1


def test_typing_in_the_demo_field_fast_is_typing_and_fires_no_hotkey(qtbot, window):
    page = _pack_with_one_unit(qtbot, window)
    _focus(qtbot, window.sim_panel.code)
    keys = Keys(step_ms=20)
    keys.plain("ns1")
    _settled(qtbot, window.wedge)
    assert window.sim_panel.code.text() == "ns1"
    assert page.qty_typed == "" and QApplication.activeModalWidget() is None
    assert page.state.parcel.seq == 1


# ============================================================================
# The real station under Xvfb, typed with ``xdotool key`` on German and French
# layouts (``setxkbmap`` on the private display; ``xdotool key`` maps each keysym
# to its key on that layout, as the scanner set to that country does)
# ============================================================================

needs_x = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool") and shutil.which("setxkbmap")),
    reason="needs Xvfb, xdotool and setxkbmap (x11-xkb-utils)",
)

# xdotool key names: capitals with Shift, as a scanner presses them
NAMES = {"-": "minus", ".": "period", "/": "slash", " ": "space", "#": "numbersign", "|": "bar"}


def x_keys(code: str, gs: str = "ctrl+bracketright", at: str = "at") -> list[str]:
    out = []
    for ch in code:
        if ch == "\x1d":
            out.append(gs)
        elif ch == "@":
            out.append(at)
        elif ch in NAMES:
            out.append(NAMES[ch])
        elif ch.isupper():
            out.append(f"shift+{ch.lower()}")
        else:
            out.append(ch)
    return out


@pytest.fixture
def x_bench(tmp_path):
    b = Bench(tmp_path)
    yield b
    b.close()


def _layout(bench: Bench, name: str) -> None:
    # no wait needed: the X server queues its keymap notice to the station ahead of
    # every key xdotool sends after this, and the station reads them in that order
    subprocess.run(["setxkbmap", "-display", bench.display, name], check=True, timeout=30)


def _scan(bench: Bench, names: list[str]) -> None:
    bench.xdo("key", "--delay", "5", *names, "Return")


def _login_goods_in(bench: Bench) -> None:
    _scan(bench, x_keys("OP-0002"))
    bench.wait_for(
        "SELECT 1 FROM audit_entry a JOIN operator o ON o.id = a.operator_id "
        "WHERE a.action = 'login' AND o.name = '李娜'"
    )
    bench.press("F2")  # the X server keeps the order: F2 is handled before the scan
    _scan(bench, x_keys("PO-2611-001"))
    bench.wait_for("SELECT 1 FROM receipt")


@needs_x
@pytest.mark.timeout(180)
def test_gs1_scan_with_gs_as_ctrl_bracket_on_a_german_layout(x_bench):
    bench = x_bench
    _layout(bench, "de")
    _login_goods_in(x_bench)
    # the key at the US ']' position is 'plus' on the German layout
    _scan(
        bench,
        x_keys(
            "00069012340000000030" + "0216901234000044" + "17271130" + "10LOT7" + "\x1d" + "3712",
            gs="ctrl+plus",
        ),
    )
    bench.wait_for("SELECT 1 FROM receipt_line")
    # a last scan after it: once it is answered, a tail split off the code would be too
    _scan(bench, x_keys("PO-2611-001"))
    answered = bench.wait_answered("PO-2611-001", times=2)
    assert bench.query("SELECT lot, qty FROM receipt_line") == [("LOT7", 144)]  # 12 x 12
    assert "3712" not in answered  # no second scan made of the code's tail


@needs_x
@pytest.mark.timeout(180)
def test_capitals_and_altgr_at_on_german_french_and_uk_layouts(x_bench):
    bench = x_bench
    """'@' is AltGr+Q (de) or AltGr+0 (fr), typed with ISO_Level3_Shift; digits on
    AZERTY need Shift (xdotool presses it, as the scanner does)."""
    _layout(bench, "de")
    _scan(bench, x_keys("OP-0001"))
    bench.wait_for("SELECT 1 FROM audit_entry WHERE action = 'login'")
    _scan(bench, x_keys("AB@12-Xy", at="ISO_Level3_Shift+q"))
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = 'AB@12-Xy'")
    _layout(bench, "fr")
    _scan(bench, x_keys("CD@34-Zw", at="ISO_Level3_Shift+agrave"))
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = 'CD@34-Zw'")
    _layout(bench, "gb")  # '@' is Shift+', '#' a key of its own, '|' Shift+\\
    _scan(bench, x_keys("EF@56#Q|v"))
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = 'EF@56#Q|v'")
    rows = bench.query("SELECT data FROM scan_event WHERE context = 'pack'")
    assert rows == [("AB@12-Xy",), ("CD@34-Zw",), ("EF@56#Q|v",)]


@needs_x
@pytest.mark.timeout(180)
def test_a_three_character_scan_closes_no_parcel_at_the_real_station(x_bench):
    bench = x_bench
    _scan(bench, x_keys("OP-0001"))
    bench.wait_for("SELECT 1 FROM audit_entry WHERE action = 'login'")
    _scan(bench, x_keys("2611230002"))
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = '2611230002'")
    _scan(bench, x_keys("6901234000030"))  # one cup of two, towels not yet
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = '6901234000030'")
    _scan(bench, x_keys("N12"))
    # answered as a scan (a code nobody knows), so none of its keys was a hotkey
    bench.wait_answered("N12")
    closed = bench.query("SELECT COUNT(*) FROM parcel WHERE status = 'closed'")
    assert closed == [(0,)]


@needs_x
@pytest.mark.timeout(180)
@pytest.mark.xfail(
    strict=True,
    reason="real X11: two scans back to back (a batch scanner uploading, a double "
    "trigger, a supervisor's badge right after the carton): the first, an over-receipt, "
    "opens the supervisor approval; the first keys of the second scan reach the "
    "main window before the dialog is active and Qt drops them before any filter sees "
    "them: the badge SV-0001 arrives short ('V-0001', '-0001') and approves nothing",
)
def test_a_badge_scanned_right_after_the_scan_that_opens_the_approval(x_bench):
    bench = x_bench
    _login_goods_in(bench)
    # 30 cartons of 12 = 360 TEA-100 on a PO of 240: over, a supervisor must approve
    over = "00069012340000000030" + "0216901234000044" + "17271130" + "10LOT7" + "\x1d" + "3730"
    bench.xdo("key", "--delay", "5", *x_keys(over), "Return", *x_keys("SV-0001"), "Return")
    bench.wait_for("SELECT 1 FROM audit_entry WHERE action = 'approved:over_receipt'")
    assert bench.query("SELECT lot, qty FROM receipt_line") == [("LOT7", 360)]


@needs_x
@pytest.mark.timeout(180)
@pytest.mark.parametrize("focus", ["page", "text-field"])
@pytest.mark.xfail(
    strict=True,
    reason="German X11 layout, a code with '^' (dead key + space, as a scanner set to "
    "German types it): with the focus on the page the dead key is no character and ends "
    "the burst ('AB' replayed through the hotkeys, ' 123' a scan of its own); with the "
    "focus in a text field the X input method composes '^' and gives it to the field "
    "directly, past the filter: the scan is published as 'AB123', a wrong code, silently",
)
def test_a_code_with_a_dead_key_character_on_a_german_layout(x_bench, focus):
    bench = x_bench
    _layout(bench, "de")
    _scan(bench, x_keys("OP-0001"))
    bench.wait_for("SELECT 1 FROM audit_entry WHERE action = 'login'")
    if focus == "text-field":  # the demo scanner's field, at the foot of the window
        # the X server delivers the click before the keys that follow it
        bench.xdo("mousemove", "--window", bench.window, "400", "787", "click", "1")
    bench.xdo(
        "key",
        "--delay",
        "5",
        *["shift+a", "shift+b", "dead_circumflex", "space", "1", "2", "3", "Return"],
    )
    bench.wait_for("SELECT 1 FROM scan_event")
    # a last scan after it: once it is answered, a split-off part would be too
    _scan(bench, x_keys("9999"))
    bench.wait_answered("9999")
    rows = bench.query("SELECT data FROM scan_event WHERE data != '9999'")
    assert rows == [("AB^123",)]
