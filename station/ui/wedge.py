"""Keyboard-wedge scanners: tell a scanner's burst of keys from a person typing.

A USB wedge scanner types its barcode as keystrokes, a few milliseconds
apart, ending with Enter (or Tab). An application-wide event filter holds
every printable key press back for a moment:

- if the next key comes within ``max_gap_ms``, the burst goes on;
- if a terminator ends a burst of at least ``min_length`` keys, the burst is
  a scan: it goes to the scan bus and no key of it reaches any widget;
- if the pause runs out, or a terminator ends a shorter burst, the keys were
  typed by a person and are replayed, in order, to the widget they were
  meant for (a delay of ``max_gap_ms``, not noticeable).

Keys with Ctrl/Alt/Meta and non-printable keys (arrows, F-keys) pass at once.
Times come from ``clock`` (seconds), so tests can also drive it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from drivers.scanners.aim import split_symbology
from station.core.scan import Scan
from station.core.wedge_text import WedgeFormat
from station.ui.scan_bus import ScanBus

TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass
class _HeldKey:
    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class WedgeFilter(QObject):
    def __init__(
        self,
        bus: ScanBus,
        *,
        max_gap_ms: int = 30,
        min_length: int = 4,
        source: str = "wedge",
        text_format: WedgeFormat | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.bus = bus
        self.max_gap = max_gap_ms / 1000.0
        self.min_length = min_length
        self.source = source
        self.text_format = text_format or WedgeFormat()
        self.clock = clock
        self.enabled = True
        self._held: list[_HeldKey] = []
        self._last = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._release)

    # --- the filter ---

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            not self.enabled
            or self._replaying
            or event.type() != QEvent.Type.KeyPress
            or not obj.isWidgetType()
        ):
            return False
        now = self.clock()
        if self._held and now - self._last > self.max_gap:
            self._release()
        key = event.key()
        if event.modifiers() & _COMMAND_MODIFIERS:
            self._release()
            return False
        if key in TERMINATORS:
            if len(self._held) >= self.min_length:
                self._emit_scan()
                return True
            self._release()
            return False
        text = event.text()
        if text and text.isprintable():
            self._held.append(_HeldKey(obj, key, event.modifiers(), text))
            self._last = now
            self._timer.start(max(1, int(self.max_gap * 1000) + 5))
            return True
        self._release()
        return False

    # --- outcomes ---

    def _emit_scan(self) -> None:
        self._timer.stop()
        typed = "".join(h.text for h in self._held)
        self._held.clear()
        symbology, data = split_symbology(self.text_format.clean(typed))
        if data:
            self.bus.publish(Scan(data=data, symbology=symbology, source=self.source, raw=typed))

    def _release(self) -> None:
        """The held keys were a person typing: give them to their widgets, in order."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for h in held:
                if not shiboken6.isValid(h.target):
                    continue  # the widget was closed meanwhile
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(h.target, QKeyEvent(kind, h.key, h.modifiers, h.text))
        finally:
            self._replaying = False
