"""A simulated USB keyboard-wedge scanner: key events as real ones send them.

Product code like the simulators in ``station/drivers/simulators``, for the tests and
the benchmarks of the wedge filter (``station.ui.wedge``).

A wedge scanner is a USB keyboard: for each character it presses the keys a
person would on the PC's layout, modifiers included, and releases them. These
helpers send the same sequences, event by event (a ShortcutOverride, then the
press; the release), to the widget that has the focus, with the modifier
keys' own presses and releases where the scanner makes them:

- ``shift``: ``"each"`` presses Shift around every capital (most scanners),
  ``"held"`` keeps it down across a run of capitals, ``"right"`` uses the
  right Shift key (same key code, another scan code);
- ``caps_lock``: Caps Lock is on at the PC, so the scanner's unshifted letters
  come out as capitals and its shifted ones as small letters;
- ``layout``: ``"us"``; ``"azerty"`` (French: digits need Shift, ``@`` needs
  AltGr); ``"de"`` (German: ``@`` is AltGr+Q); ``altgr`` says how AltGr
  arrives: ``"x11"`` (ISO_Level3_Shift) or ``"windows"`` (Ctrl+Alt);
- ``gs``: how the group separator is typed: ``"ctrl]"`` (text GS, as X11 and
  Windows report it), ``"ctrl]-plain"`` (text "]", as some platforms report
  it), ``"alt0029"`` (Alt held, 0 0 2 9 on the keypad);
- ``end``: ``"enter"``, ``"tab"``, ``"ctrl-m"`` or ``""`` (no terminator).

Time: the keys are sent at once, and ``KEY_CLOCK`` is advanced by the scanner's
inter-key time (4 ms, or ``delay_ms``) per event. A wedge filter given
``clock=KEY_CLOCK`` so judges the timing the scanner meant, however busy the
test machine is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

K = Qt.Key
M = Qt.KeyboardModifier
PRESS, RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
GS, RS, EOT = "\x1d", "\x1e", "\x04"

US_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
SYMBOL_KEYS = {
    "-": K.Key_Minus,
    "/": K.Key_Slash,
    ".": K.Key_Period,
    '"': K.Key_QuoteDbl,
    "@": K.Key_At,
    " ": K.Key_Space,
    "#": K.Key_NumberSign,
    "+": K.Key_Plus,
    "_": K.Key_Underscore,
    "%": K.Key_Percent,
    "$": K.Key_Dollar,
    "*": K.Key_Asterisk,
    ":": K.Key_Colon,
    "(": K.Key_ParenLeft,
    ")": K.Key_ParenRight,
    "|": K.Key_Bar,
    "!": K.Key_Exclam,
    "[": K.Key_BracketLeft,
    "]": K.Key_BracketRight,
    ">": K.Key_Greater,
    "<": K.Key_Less,
}


def _key_of(ch: str) -> int:
    if ch.isascii() and ch.isalpha():
        return getattr(K, f"Key_{ch.upper()}")
    if ch.isdigit():
        return getattr(K, f"Key_{ch}")
    return SYMBOL_KEYS.get(ch, K.Key_unknown)


class KeyClock:
    """Seconds that pass only as the simulated keys say."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


KEY_CLOCK = KeyClock()


class WedgeScanner:
    """Sends one code as a wedge scanner with the given habits would."""

    def __init__(
        self,
        *,
        shift: str = "each",
        caps_lock: bool = False,
        layout: str = "us",
        altgr: str = "x11",
        gs: str = "ctrl]",
        end: str = "enter",
        delay_ms: int = -1,
    ):
        self.shift, self.caps_lock, self.layout = shift, caps_lock, layout
        self.altgr, self.gs, self.end, self.delay = altgr, gs, end, delay_ms
        self._shift_down = False

    def _send(self, action, key, text="", mods=M.NoModifier) -> None:
        target = QApplication.focusWidget()
        if target is None:  # the scan closed the window that had the focus
            assert action == RELEASE, "no widget has the focus"
            return
        if action == PRESS:
            override = QKeyEvent(QEvent.Type.ShortcutOverride, key, mods, text)
            override.ignore()
            QApplication.sendEvent(target, override)
        KEY_CLOCK.t += (self.delay if self.delay > 0 else 4) / 1000.0
        QApplication.sendEvent(target, QKeyEvent(action, key, mods, text))
        if self.delay > 0:
            QTest.qWait(self.delay)

    def _click(self, key, text, mods) -> None:
        self._send(PRESS, key, text, mods)
        self._send(RELEASE, key, text, mods)

    def _shift_press(self) -> None:
        if not self._shift_down:
            self._send(PRESS, K.Key_Shift, "", M.ShiftModifier)
            self._shift_down = True

    def _shift_release(self) -> None:
        if self._shift_down:
            self._send(RELEASE, K.Key_Shift, "", M.NoModifier)
            self._shift_down = False

    def _altgr_char(self, ch: str) -> None:
        self._shift_release()
        if self.altgr == "windows":
            both = M.ControlModifier | M.AltModifier
            self._send(PRESS, K.Key_Control, "", M.ControlModifier)
            self._send(PRESS, K.Key_Alt, "", both)
            self._click(_key_of(ch), ch, both)
            self._send(RELEASE, K.Key_Alt, "", M.ControlModifier)
            self._send(RELEASE, K.Key_Control, "", M.NoModifier)
        else:
            self._send(PRESS, K.Key_AltGr, "", M.GroupSwitchModifier)
            self._click(_key_of(ch), ch, M.GroupSwitchModifier)
            self._send(RELEASE, K.Key_AltGr, "", M.NoModifier)

    def _needs_shift(self, ch: str) -> bool:
        if ch.isascii() and ch.isalpha():
            return ch.isupper()
        if self.layout == "azerty" and ch.isdigit():
            return True
        return self.layout == "us" and ch in US_SHIFTED

    def _needs_altgr(self, ch: str) -> bool:
        return self.layout in ("azerty", "de") and ch in "@#|"

    def char(self, ch: str) -> None:
        if ch == GS:
            self._gs()
            return
        if ch in (RS, EOT):
            self._shift_release()
            key = K.Key_AsciiCircum if ch == RS else K.Key_D
            self._send(PRESS, K.Key_Control, "", M.ControlModifier)
            self._click(key, ch, M.ControlModifier)
            self._send(RELEASE, K.Key_Control, "", M.NoModifier)
            return
        if self._needs_altgr(ch):
            self._altgr_char(ch)
            return
        shifted = self._needs_shift(ch)
        if shifted:
            self._shift_press()
        elif self._shift_down:
            self._shift_release()
        text = ch
        if self.caps_lock and ch.isascii() and ch.isalpha():
            text = ch.swapcase()
        self._click(_key_of(ch), text, M.ShiftModifier if shifted else M.NoModifier)
        if shifted and self.shift != "held":
            self._shift_release()

    def _gs(self) -> None:
        self._shift_release()
        if self.gs == "alt0029":
            self._send(PRESS, K.Key_Alt, "", M.AltModifier)
            for d in "0029":
                self._click(getattr(K, f"Key_{d}"), d, M.AltModifier | M.KeypadModifier)
            self._send(RELEASE, K.Key_Alt, "", M.NoModifier)
            return
        text = "]" if self.gs == "ctrl]-plain" else GS
        self._send(PRESS, K.Key_Control, "", M.ControlModifier)
        self._click(K.Key_BracketRight, text, M.ControlModifier)
        self._send(RELEASE, K.Key_Control, "", M.NoModifier)

    def scan(self, code: str) -> None:
        for ch in code:
            self.char(ch)
        self._shift_release()
        if self.end == "enter":
            self._click(K.Key_Return, "\r", M.NoModifier)
        elif self.end == "tab":
            self._click(K.Key_Tab, "\t", M.NoModifier)
        elif self.end == "ctrl-m":
            self._send(PRESS, K.Key_Control, "", M.ControlModifier)
            self._click(K.Key_M, "\r", M.ControlModifier)
            self._send(RELEASE, K.Key_Control, "", M.NoModifier)


# The habits a shop's scanners come with, each a case every test runs through.
HABITS = {
    "shift-each": WedgeScanner(),
    "shift-held": WedgeScanner(shift="held"),
    "caps-lock": WedgeScanner(caps_lock=True),
    "azerty-x11": WedgeScanner(layout="azerty"),
    "de-altgr-windows": WedgeScanner(layout="de", altgr="windows"),
    "gs-alt0029": WedgeScanner(gs="alt0029"),
    "gs-ctrl-plain": WedgeScanner(gs="ctrl]-plain"),
    "tab-end": WedgeScanner(end="tab"),
    "ctrl-m-end": WedgeScanner(end="ctrl-m"),
}
