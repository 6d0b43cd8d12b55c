"""The figure tiles: one figure of the day each, big, with its rates under it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from station.ui.board.style import set_font


class ShrinkingLabel(QLabel):
    """A big figure that takes its place's width and shrinks its type, never below
    half, when the figure would not fit at full size (a six-digit day on a tile)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.full_size = self.font().pointSizeF()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_full_size(self, points: float) -> None:
        self.full_size = points
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        f = self.font()
        size = self.full_size
        room = self.width() - 2 * self.margin() - 4
        while size > self.full_size / 2:
            f.setPointSizeF(size)
            if QFontMetrics(f).horizontalAdvance(self.text()) <= room:
                break
            size -= 1
        if f.pointSizeF() != self.font().pointSizeF():
            self.setFont(f)

    def sizeHint(self) -> QSize:  # the figure at its type now; the height of the full size
        f = self.font()
        f.setPointSizeF(self.full_size)
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin()
        return QSize(width, QFontMetrics(f).height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())


class Tile(QFrame):
    """One figure, big, with its rates under it."""

    def __init__(self, colour: str, scale: float, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setSpacing(0)
        self.name = QLabel()
        self.value = ShrinkingLabel("—")
        self.rate = QLabel()
        set_font(self.name, 12 * scale)
        set_font(self.value, 38 * scale, bold=True)
        self.value.set_full_size(38 * scale)
        set_font(self.rate, 10 * scale)
        self.value.setStyleSheet(f"color: {colour};")
        self.rate.setMinimumHeight(2 * self.rate.fontMetrics().lineSpacing())  # two lines, always
        for w in (self.name, self.value, self.rate):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)

    def show_figure(self, value: int, rates: tuple[float, float] | None) -> None:
        """The figure, and under it its rates per hour over the last 15 and the last 60
        minutes (None: a figure without rates, the line left blank)."""
        self.value.setText(str(value))
        if rates is not None:
            # two short lines: a tile a quarter of the wall wide holds them in large type
            self.rate.setText(
                self.tr("{n:g}/h last 15 min").format(n=rates[0])
                + "\n"
                + self.tr("{n:g}/h last hour").format(n=rates[1])
            )
        else:
            self.rate.setText("")
