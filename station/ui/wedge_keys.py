"""Keys to characters: what a keyboard-wedge scanner's key events stand for.

The rules the wedge filter (``station.ui.wedge``) reads keys by, kept apart so
they can be read and tested on their own: which keys are modifiers, which end
a scan, which Ctrl chord types which ASCII control character (ECMA-48's
control-key convention), what an Alt code on the numeric keypad types, where
the GS key is by its scan code on any layout, and how X11 says Caps Lock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

K = Qt.Key
M = Qt.KeyboardModifier

# Keys that only change what other keys type.
MODIFIER_KEYS = frozenset(
    {
        K.Key_Shift,
        K.Key_Control,
        K.Key_Alt,
        K.Key_AltGr,
        K.Key_Meta,
        K.Key_CapsLock,
        K.Key_NumLock,
        K.Key_ScrollLock,
        K.Key_Super_L,
        K.Key_Super_R,
        K.Key_Hyper_L,
        K.Key_Hyper_R,
        K.Key_Mode_switch,
        K.Key_Direction_L,
        K.Key_Direction_R,
    }
)

TERMINATOR_KEYS = {
    "enter": (K.Key_Return, K.Key_Enter),
    "tab": (K.Key_Tab,),
}
DEFAULT_TERMINATORS = "enter,tab"
DEFAULT_GS_CHORD = "Ctrl+]"

# Named keys whose text is a control character but which a person presses for
# what they do, not for the character.
_NAMED_KEYS = frozenset(
    {
        K.Key_Escape,
        K.Key_Backspace,
        K.Key_Delete,
        K.Key_Return,
        K.Key_Enter,
        K.Key_Tab,
        K.Key_Backtab,
    }
)

# ASCII's control-key convention (ECMA-48 / ANSI X3.64 keyboards): Ctrl with
# @, A..Z, [, \, ], ^, _ types the code 0x00..0x1F.
_CTRL_SYMBOLS = {
    K.Key_At: 0x00,
    K.Key_BracketLeft: 0x1B,
    K.Key_Backslash: 0x1C,
    K.Key_BracketRight: 0x1D,
    K.Key_AsciiCircum: 0x1E,
    K.Key_6: 0x1E,  # Ctrl+Shift+6 on US keyboards
    K.Key_Underscore: 0x1F,
    K.Key_Minus: 0x1F,  # Ctrl+Shift+- on US keyboards
}
CR, LF = "\r", "\n"
# keys a scanner sends after its code (its suffix): eaten when they end a scan
SUFFIX_KEYS = frozenset({K.Key_Return, K.Key_Enter, K.Key_Tab})
# the physical key where US keyboards have ']', by the platform's scan code: X11's
# evdev keycode (35) and the PC/AT set-1 scan code Windows reports (0x1B)
GS_SCAN_CODES = {"xcb": frozenset({35}), "windows": frozenset({0x1B})}
LATE_S = 0.010  # a pause timer this late means the GUI thread was busy
MAX_RETRIES = 20  # ... and is given that many more pauses to catch up


X11_LOCK_MASK = 0x02  # Caps Lock in an X11 key event's state (native modifiers)


def x11_like() -> bool:
    return QGuiApplication.platformName() in ("xcb", "offscreen", "minimal")


def gs_scan_codes() -> frozenset[int]:
    platform = QGuiApplication.platformName()
    return GS_SCAN_CODES.get(platform, frozenset({35, 0x1B}))


def blocked_by_dialog(target: QObject) -> bool:
    """True when a modal dialog opened over ``target``'s window (keys for it are void)."""
    modal = QApplication.activeModalWidget()
    if modal is None or not target.isWidgetType():
        return False
    window = target.window()
    while window is not None:
        if window is modal:
            return False
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return True


def control_char(key: int, modifiers: M, text: str) -> str | None:
    """The ASCII control character a Ctrl chord types, or None when it types none.

    ``text`` is what the platform made of the chord: X11 and Windows give the
    control character itself (Ctrl+] -> ``"\\x1d"``), other platforms the
    plain key (``"]"``); both give the same answer.
    """
    if key in _NAMED_KEYS or key in MODIFIER_KEYS:
        return None
    if len(text) == 1 and (ord(text) < 0x20 or text == "\x7f"):
        return text
    if not modifiers & M.ControlModifier or modifiers & M.AltModifier:
        return None
    if K.Key_A <= key <= K.Key_Z:
        return chr(key - K.Key_A + 1)
    code = _CTRL_SYMBOLS.get(key)
    return None if code is None else chr(code)


def alt_code_char(digits: str) -> str:
    """The character Alt + ``digits`` on the numeric keypad stands for.

    Up to 255: Windows' Alt codes; a leading zero selects the ANSI code page
    (Windows-1252), no leading zero the OEM one (CP437); both keep the ASCII
    control and printable range as is, so Alt+0029 and Alt+29 are both GS.
    Past 255: the Unicode code point, as scanners in their "Unicode Alt code"
    mode send Chinese text from a QR code (Alt+20013 is 中); Windows' own
    keyboard would wrap it modulo 256, which no scanner means. A number that is
    no character gives U+FFFD.
    """
    n = int(digits)
    if n < 0x80:
        return chr(n)
    if n <= 0xFF:
        return bytes([n]).decode("cp1252" if digits.startswith("0") else "cp437", "replace")
    if n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        return "\ufffd"
    return chr(n)


def parse_chord(text: str) -> tuple[int, M] | None:
    """``"Ctrl+]"`` -> (key, modifiers), from Qt's portable key-sequence text."""
    seq = QKeySequence.fromString(text.strip(), QKeySequence.SequenceFormat.PortableText)
    if seq.isEmpty():
        return None
    combo = seq[0]
    return int(combo.key()), combo.keyboardModifiers()


def terminator_keys(names: str) -> frozenset[int]:
    """``"enter,tab"`` -> the key codes that end a scan (unknown names ignored)."""
    keys: set[int] = set()
    for name in names.split(","):
        keys.update(TERMINATOR_KEYS.get(name.strip().lower(), ()))
    return frozenset(keys)
