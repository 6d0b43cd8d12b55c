"""What the packer sees and hears after every scan: a big coloured banner and a sound.

Green with the "ok" chime, red with the "refused" buzz, amber with the "warning" tone,
purple with the "alarm" siren (an intercepted parcel: pull it out). Sounds are WAV files
in ``station/resources/sounds``, played by QSoundEffect without blocking. A PC with no audio
output still works: the banner alone, and one log line saying so. ``sound_requested`` is
emitted for every sound asked for, played or not, so tests can check the right one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.resources import as_file

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy

from station.core.scan import Outcome
from station.resources import resource

log = logging.getLogger(__name__)

COLOURS = {
    Outcome.OK: ("#1b7f3b", "#ffffff"),
    Outcome.REFUSED: ("#c62828", "#ffffff"),
    Outcome.WARNING: ("#f9a825", "#000000"),
    Outcome.ALARM: ("#6a1b9a", "#ffffff"),  # purple: no packer mistakes it for red or amber
}
IDLE_COLOURS = ("#eceff1", "#37474f")


class SoundPlayer(QObject):
    """Plays the three feedback sounds; silent (and says so once) without a device."""

    sound_requested = Signal(str)

    def __init__(self, enabled: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, object] = {}
        self._files = []  # keep as_file() contexts alive
        self.available = False
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:
            log.warning("no sound: QtMultimedia unavailable (%s); banner only", exc)
            return
        if not QMediaDevices.audioOutputs():
            log.warning("no sound device found; feedback is shown by the banner only")
            return
        for outcome in Outcome:
            ctx = as_file(resource("sounds", f"{outcome.value}.wav"))
            path = ctx.__enter__()
            self._files.append(ctx)
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(1.0)
            self._effects[outcome.value] = effect
        self.available = True

    def play(self, outcome: Outcome) -> None:
        self.sound_requested.emit(outcome.value)
        if not self.enabled:
            return
        effect = self._effects.get(outcome.value)
        if effect is not None:
            effect.play()


class Banner(QLabel):
    """The big line across the top of the window that answers every scan."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("feedbackBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.font()
        font.setPointSize(22)
        font.setBold(True)
        self.setFont(font)
        self.outcome: Outcome | None = None
        self._paint(*IDLE_COLOURS)

    def _paint(self, bg: str, fg: str) -> None:
        if getattr(self, "_colours", None) == (bg, fg):
            return  # restyling costs a repolish: only when the colour changes
        self._colours = (bg, fg)
        self.setStyleSheet(
            f"QLabel#feedbackBanner {{ background: {bg}; color: {fg}; "
            "border-radius: 6px; padding: 8px; }"
        )

    def show_outcome(self, outcome: Outcome, text: str) -> None:
        self.outcome = outcome
        self.setText(text)
        self._paint(*COLOURS[outcome])

    def show_idle(self, text: str) -> None:
        self.outcome = None
        self.setText(text)
        self._paint(*IDLE_COLOURS)


class Feedback(QObject):
    """Banner + sound together: one call per scan verdict.

    The coloured answer stays ``banner_seconds`` (settings ``feedback.banner_seconds``;
    0 keeps it until the next answer), then the banner returns to neutral with
    ``idle_text()``: a green banner left from an earlier scan must not be read as the
    answer to the next one."""

    shown = Signal(str, str)  # outcome, text
    faded = Signal()

    def __init__(
        self, banner: Banner, sounds: SoundPlayer, parent=None, *, banner_seconds: float = 3.0
    ):
        super().__init__(parent)
        self.banner = banner
        self.sounds = sounds
        self.banner_seconds = banner_seconds
        self.idle_text: Callable[[], str] = lambda: ""
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self._to_neutral)

    def give(self, outcome: Outcome, text: str) -> None:
        self.banner.show_outcome(outcome, text)
        self.sounds.play(outcome)
        if self.banner_seconds > 0:
            self._fade.start(round(self.banner_seconds * 1000))
        else:
            self._fade.stop()
        self.shown.emit(outcome.value, text)

    def idle(self, text: str) -> None:
        """Neutral now, with ``text`` (logging out: no answer follows to the login screen)."""
        self._fade.stop()
        self.banner.show_idle(text)

    def _to_neutral(self) -> None:
        self.banner.show_idle(self.idle_text())
        self.faded.emit()
