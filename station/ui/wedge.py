"""Keyboard-wedge scanners: tell a scanner's burst of keys from a person typing.

A USB wedge scanner types its barcode as a keyboard does, a few milliseconds a
character, and usually ends with Enter or Tab. It presses Shift (left or
right) around each capital, AltGr for ``@`` or ``#`` on German and French
layouts, Shift for the digits of a French AZERTY layout, and types control
characters as chords: the GS1 group separator (GS, 0x1D) as Ctrl+] or as
Alt+0029 on the numeric keypad, RS and EOT of ISO/IEC 15434 as Ctrl+^ and
Ctrl+D. An application-wide event filter reads every key press before any
widget does:

- a character (whatever modifiers produce it) is held back, not delivered;
  the burst goes on while the next character comes within ``max_gap_ms``;
- a modifier key's own press and release (Shift, Ctrl, Alt, AltGr, Caps Lock)
  carries no character: it neither ends a burst nor counts as a gap;
- a burst of at least ``min_length`` characters is a scan, ended by a
  terminator key (``terminators``, Enter and Tab by default) or by the pause
  after it: it goes to the scan bus whole, and no key of it reaches a
  widget, a hotkey, a dialog or a PIN field;
- a shorter burst is a person typing: its keys are replayed in order to the
  widget they were meant for, through the hotkeys of the page in front.

Keys that are not characters (Esc, Backspace, arrows, F-keys) and command
chords of a person (Ctrl+L, Ctrl+A) pass at once, after any held keys. The
page's hotkeys (``hotkeys``) see every typed key first, wherever the focus is,
unless the focus is in a text field.

Times come from ``clock`` (seconds) and, when the platform stamps its key
events (X11, Windows), from the events' own time stamps, so a busy GUI thread
that takes a burst's keys late does not split it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from station.core.scan import Scan
from station.core.wedge_text import WedgeFormat
from station.drivers.scanners.aim import split_symbology
from station.ui.scan_bus import ScanBus
from station.ui.wedge_keys import (  # alt_code_char, control_char: importable from here too
    CR,
    DEFAULT_GS_CHORD,
    DEFAULT_TERMINATORS,
    LATE_S,
    LF,
    MAX_RETRIES,
    MODIFIER_KEYS,
    SUFFIX_KEYS,
    X11_LOCK_MASK,
    alt_code_char,
    blocked_by_dialog,
    control_char,
    gs_scan_codes,
    parse_chord,
    terminator_keys,
    x11_like,
)

K = Qt.Key
M = Qt.KeyboardModifier


@dataclass
class _Held:
    """One character of a burst, and how to replay it if the burst was typing."""

    char: str  # what the barcode holds at this place
    target: QObject
    key: int
    modifiers: M
    text: str
    shifted_lower: bool = False  # a letter typed with Shift came out small: Caps Lock
    caps_locked: bool = False  # the platform says Caps Lock was on (X11's LockMask)


# hotkeys(target, key, modifiers, text) -> True when the page took the key
Hotkeys = Callable[[QObject, int, M, str], bool]


class WedgeFilter(QObject):
    """The application-wide key filter that turns wedge bursts into scans.

    Install it on the QApplication. ``hotkeys`` (optional) is offered every key
    a person typed before its widget gets it. Raises nothing; a widget closed
    while its keys were held simply does not get them.
    """

    def __init__(
        self,
        bus: ScanBus,
        *,
        max_gap_ms: int = 30,
        min_length: int = 4,
        source: str = "wedge",
        text_format: WedgeFormat | None = None,
        gs_chord: str = DEFAULT_GS_CHORD,
        terminators: str = DEFAULT_TERMINATORS,
        caps_lock_repair: bool = True,
        hotkeys: Hotkeys | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.bus = bus
        self.max_gap = max_gap_ms / 1000.0
        self.min_length = min_length
        self.source = source
        self.text_format = text_format or WedgeFormat()
        self.gs_chord = parse_chord(gs_chord)
        self.terminators = terminator_keys(terminators)
        self.caps_lock_repair = caps_lock_repair
        self.hotkeys = hotkeys
        self.clock = clock
        self.enabled = True
        self._held: list[_Held] = []
        self._last = 0.0  # clock time of the burst's last key
        self._last_stamp = 0  # the platform's time stamp of it (ms), 0 if none
        self._armed_at = 0.0
        self._swallow: dict[int, float] = {}  # keys whose release is ours to eat
        self._alt_digits: str | None = None  # Alt held: keypad digits so far
        self._alt_target: QObject | None = None
        self._passed: tuple[int, int, QObject] | None = None  # a key let through
        self._alt_echo = ""  # the character an Alt code made, if the OS types it too
        self._retries = 0  # late timer fires in a row (the GUI thread was busy)
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)

    def configure(
        self, *, max_gap_ms, min_length, text_format, gs_chord, terminators, caps_lock_repair=True
    ) -> None:
        """New settings, from the Settings page."""
        self.caps_lock_repair = caps_lock_repair
        self.max_gap = max_gap_ms / 1000.0
        self.min_length = min_length
        self.text_format = text_format
        self.gs_chord = parse_chord(gs_chord)
        self.terminators = terminator_keys(terminators)

    @property
    def collecting(self) -> bool:
        """True while a burst is held (no key of it delivered yet)."""
        return bool(self._held) or self._alt_digits not in (None, "")

    # --- the filter ---

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            not self.enabled
            or self._replaying
            or kind
            not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
            or not obj.isWidgetType()
        ):
            return False
        if kind == QEvent.Type.KeyRelease:
            if self.collecting:
                self._touch(event)  # any key event of the burst keeps it going
            return self._on_release(obj, event)
        if self._is_propagation(obj, event):
            return False  # the same key climbing to the parent of a widget that let it pass
        if kind == QEvent.Type.ShortcutOverride:
            # a key we will hold must reach us as a key press, not fire a shortcut
            if self._would_hold(event):
                event.accept()
                return True
            return False
        return self._on_press(obj, event)

    def _on_press(self, obj: QObject, event: QKeyEvent) -> bool:
        key, mods, text = event.key(), event.modifiers(), event.text()
        if self._alt_echo:
            echo, self._alt_echo = self._alt_echo, ""
            if text == echo and key not in MODIFIER_KEYS:
                self._eat_release(key)  # Windows types the Alt code's character as well
                return True
        if self._held and self._gap(event) > self.max_gap:
            self._end_burst()  # the timer had no chance to run: judge the burst now
        if event.isAutoRepeat():
            # a key held down repeats at scanner speed; no scanner auto-repeats
            self._release()
            return self._typed(obj, event)
        if key in MODIFIER_KEYS:
            if key == K.Key_Alt:
                self._alt_digits = ""
                self._alt_target = obj
            if self.collecting:
                self._eat_release(key)
                self._touch(event)  # Shift around a capital is part of the burst's rhythm
                return True
            return False
        alt_code = self._alt_digits is not None and mods & M.AltModifier
        if alt_code and mods & M.KeypadModifier and K.Key_0 <= key <= K.Key_9:
            self._alt_digits += chr(key)
            self._eat_release(key)
            self._touch(event)
            return True
        if key in self.terminators and not mods & (M.ControlModifier | M.AltModifier):
            return self._terminate(obj, event)
        char = self._char_of(key, mods, text, event.nativeScanCode())
        if char is None:
            # a key that is no character: a scan's end if a scan came before it (a Tab
            # the settings do not count as an end), else the end of a person's typing
            was_scan = self._is_scan(terminated=True) and key in SUFFIX_KEYS
            self._end_burst()
            if was_scan:  # the scanner's own suffix key: it moves no focus
                self._eat_release(key)
                return True
            return self._typed(obj, event)
        if char in (CR, LF):  # Ctrl+M / Ctrl+J: the scanner's own Enter
            return self._terminate(obj, event)
        shifted_lower = (
            len(text) == 1
            and text.isascii()
            and text.isalpha()
            and bool(mods & M.ShiftModifier)
            and text.islower()
        )
        caps_locked = bool(event.nativeModifiers() & X11_LOCK_MASK) and x11_like()
        self._held.append(_Held(char, obj, key, mods, text, shifted_lower, caps_locked))
        self._eat_release(key)
        self._touch(event)
        return True

    def _terminate(self, obj: QObject, event: QKeyEvent) -> bool:
        """An end key: the burst before it is a scan (the key is eaten), or typing
        (replayed, then the key goes on as typed)."""
        if self._is_scan(terminated=True):
            self._eat_release(event.key())
            self._emit_scan()
            return True
        self._release()
        return self._typed(obj, event)

    def _char_of(self, key: int, mods: M, text: str, scan_code: int = 0) -> str | None:
        """What this key press adds to a burst, or None when it is not part of one."""
        ctrl_only = mods & (M.ControlModifier | M.AltModifier) == M.ControlModifier
        if ctrl_only and scan_code and scan_code in gs_scan_codes():
            # Ctrl on the key where US keyboards have ']': GS whatever the PC's layout
            # makes of that key (German '+', French '$')
            return "\x1d"
        if self.gs_chord is not None:
            gs_key, gs_mods = self.gs_chord
            wanted = gs_mods & (M.ControlModifier | M.AltModifier | M.MetaModifier)
            have = mods & (M.ControlModifier | M.AltModifier | M.MetaModifier)
            if key == gs_key and wanted == have and wanted:
                return "\x1d"
        ctrl = control_char(key, mods, text)
        if ctrl is not None:
            # a control character is a scanner's (GS, RS, EOT...) inside a burst; on its
            # own it is a person's command chord (Ctrl+L, Ctrl+A) and passes
            if ctrl == "\x1d" or self._held or ctrl in (CR, LF):
                return ctrl
            return None
        if not text or not text.isprintable():
            return None
        ctrl_alt = M.ControlModifier | M.AltModifier
        if mods & M.MetaModifier:
            return None
        if mods & ctrl_alt and (mods & ctrl_alt) != ctrl_alt:
            return None  # Alt+F, Ctrl+C: a command; Ctrl+Alt is Windows' AltGr
        return text

    def _would_hold(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in MODIFIER_KEYS:
            return self.collecting
        if self._alt_digits is not None and event.modifiers() & M.KeypadModifier:
            return True
        if key in self.terminators:
            return self._is_scan(terminated=True)
        return (
            self._char_of(key, event.modifiers(), event.text(), event.nativeScanCode()) is not None
        )

    def _on_release(self, obj: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        self._passed = None
        if key == K.Key_Alt and self._alt_digits is not None:
            digits, self._alt_digits = self._alt_digits, None
            target = self._alt_target or obj
            self._alt_target = None
            if digits:
                char = alt_code_char(digits)
                if char in (CR, LF) and self._is_scan(terminated=True):
                    self._emit_scan()
                else:
                    self._held.append(_Held(char, target, 0, M.NoModifier, char))
                    self._touch(event)
                self._alt_echo = char
                self._swallow.pop(key, None)
                return True
        return self._swallow.pop(key, None) is not None

    # --- bookkeeping ---

    def _gap(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        if stamp and self._last_stamp and stamp >= self._last_stamp:
            return (stamp - self._last_stamp) / 1000.0
        return self.clock() - self._last

    def _touch(self, event: QKeyEvent) -> None:
        self._retries = 0
        self._last = self.clock()
        self._last_stamp = event.timestamp()
        self._arm(max(1, int(self.max_gap * 1000) + 5))

    def _arm(self, ms: int) -> None:
        self._armed_at = time.monotonic()
        self._timer.start(ms)

    def _eat_release(self, key: int) -> None:
        now = time.monotonic()
        if len(self._swallow) > 32:  # releases that never came (focus lost): forget them
            self._swallow = {k: t for k, t in self._swallow.items() if now - t < 2}
        self._swallow[key] = now

    def _is_propagation(self, obj: QObject, event: QKeyEvent) -> bool:
        """A key we let pass is offered again to each parent that the widget ignored
        it for; only its first receiver is ours to judge."""
        passed = self._passed
        if passed is None:
            return False
        kind, key, first = passed
        if kind != int(event.type().value) or key != event.key():
            return False
        if not shiboken6.isValid(first):
            return False
        parent = first.parent()
        while parent is not None:
            if parent is obj:
                return True
            parent = parent.parent()
        return False

    def _timed_out(self) -> None:
        late = time.monotonic() - self._armed_at
        expected = self._timer.interval() / 1000.0
        if late > expected + LATE_S and self._retries < MAX_RETRIES:
            # the GUI thread was busy: the burst's next keys may be queued behind this
            # timer; let them in before judging the pause
            self._retries += 1
            self._arm(max(1, int(self.max_gap * 1000)))
            return
        self._end_burst()

    def _is_scan(self, *, terminated: bool) -> bool:
        """A burst at scanner speed is a scan when a terminator ends it and it has two
        characters or more (no person types two keys and Enter within the gap), or when
        only its pause ends it and it has ``min_length`` characters."""
        return len(self._held) >= (min(2, self.min_length) if terminated else self.min_length)

    def _end_burst(self) -> None:
        """No terminator came: a long enough burst is a scan all the same, a short one typing."""
        if self._is_scan(terminated=False):
            self._emit_scan(terminated=False)
        else:
            self._release()

    # --- outcomes ---

    def _emit_scan(self, *, terminated: bool = True) -> None:
        self._timer.stop()
        self._retries = 0
        held, self._held = self._held, []
        chars = [h.char for h in held]
        if self.caps_lock_repair and any(h.shifted_lower or h.caps_locked for h in held):
            # Caps Lock is on and the scanner shifts for capitals: Shift says the case
            chars = [
                (h.char.upper() if h.modifiers & M.ShiftModifier else h.char.lower())
                if h.char.isascii() and h.char.isalpha()
                else h.char
                for h in held
            ]
        typed = "".join(chars)
        symbology, data = split_symbology(self.text_format.clean(typed))
        if data:
            self.bus.publish(
                Scan(
                    data=data,
                    symbology=symbology,
                    source=self.source,
                    raw=typed,
                    terminated=terminated,
                )
            )

    def _release(self) -> None:
        """The held keys were a person typing: give them to their widgets, in order."""
        self._timer.stop()
        self._retries = 0
        held, self._held = self._held, []
        for h in held:
            if not shiboken6.isValid(h.target):
                continue  # the widget was closed meanwhile
            self._replay(h.target, h.key, h.modifiers, h.text)

    def _replay(self, target: QObject, key: int, mods: M, text: str) -> None:
        if blocked_by_dialog(target):
            return  # a dialog opened meanwhile: the keys were for the window behind it
        if self.hotkeys is not None and self.hotkeys(target, key, mods, text):
            return
        self._replaying = True
        try:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, key, mods, text))
        finally:
            self._replaying = False

    def _typed(self, obj: QObject, event: QKeyEvent) -> bool:
        """A key a person pressed, not held: the page's hotkeys first, then its widget."""
        if self.hotkeys is not None and self.hotkeys(
            obj, event.key(), event.modifiers(), event.text()
        ):
            self._eat_release(event.key())
            return True
        self._passed = (int(QEvent.Type.KeyPress.value), event.key(), obj)
        return False
