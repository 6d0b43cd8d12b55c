"""The exceptions: coloured lines, as many as the place holds, the rest summarised in
a last "+N more" row."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from station.services.daily import DayFigures
from station.ui.board.style import GREEN, ORANGE, RED


class FittedLines(QWidget):
    """Coloured lines, one a row, as many as the height holds: when they do not all fit
    the last row says "+N more" instead, and a line too long for the width ends in "…"
    (its whole text in the tool tip). Nothing scrolls, nothing is cut in half."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[tuple[str, str]] = []  # (text, colour)
        self.labels: list[QLabel] = []
        self.hidden_lines = 0  # lines summarised in the last row

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        self.lines = list(lines)
        self._place()

    def line_height(self) -> int:
        probe = QLabel("Ag国")  # never shown: measures a line of this font
        probe.setFont(self.font())
        return max(probe.sizeHint().height(), self.fontMetrics().lineSpacing()) + 2

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 20, 2 * self.line_height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, 4 * self.line_height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def _label(self, i: int) -> QLabel:
        while len(self.labels) <= i:
            label = QLabel(self)
            label.setFont(self.font())
            self.labels.append(label)
        return self.labels[i]

    def _place(self) -> None:
        h = self.line_height()
        room = max(1, self.height() // h)
        shown = self.lines
        self.hidden_lines = 0
        rest: list[str] = []
        if len(shown) > room:
            self.hidden_lines = len(shown) - (room - 1)
            rest = [text for text, _ in shown[room - 1 :]]
            more = self.tr("+{n} more").format(n=self.hidden_lines)
            shown = [*shown[: room - 1], (more, "palette(text)")]
        pad = self.fontMetrics().averageCharWidth() // 2
        width = self.width() - 2 * pad
        for i, (text, colour) in enumerate(shown):
            label = self._label(i)
            fitted = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 4)
            label.setText(fitted)
            label.setToolTip(text if fitted != text else "")
            if rest and i == len(shown) - 1:  # the summary row: the lines it stands for
                label.setToolTip("\n".join(rest))
            label.setStyleSheet(f"color: {colour};")
            label.setGeometry(pad, i * h, width, h)
            label.show()
        for label in self.labels[len(shown) :]:
            label.hide()

    def shown_texts(self) -> list[str]:
        return [label.text() for label in self.labels if not label.isHidden()]


class ExceptionsList(FittedLines):
    """The day's exceptions in this order: the penalty at risk, each kind with a
    count, low tracking-number pools, then every late or at-risk order; "No
    exceptions" in green on a clean day."""

    def show_exceptions(self, f: DayFigures) -> None:
        x = f.exceptions
        lines = [
            (x.wrong_item_refusals, RED, self.tr("Wrong items refused: {n}")),
            (x.late_orders, RED, self.tr("Orders late: {n}")),
            (x.at_risk_orders, ORANGE, self.tr("Orders at risk: {n}")),
            (x.shorts, ORANGE, self.tr("Shorts shipped: {n}")),
            (x.reships, ORANGE, self.tr("Reships: {n}")),
            (x.overrides, ORANGE, self.tr("Supervisor overrides: {n}")),
            (x.voids, ORANGE, self.tr("Voids: {n}")),
            (x.quarantined_lines, ORANGE, self.tr("Receipt lines quarantined: {n}")),
            (x.lots_rejected, RED, self.tr("Lots rejected or held: {n}")),
            (len(x.printer_alerts), RED, self.tr("Print jobs failed or held: {n}")),
            (
                x.order_conflicts,
                RED,
                self.tr("Packed orders changed at the platform: {n}"),
            ),
        ]
        items: list[tuple[str, str]] = []
        if x.penalty_at_risk_fen:
            items.append(
                (
                    self.tr("Penalty at risk: {amount} CNY").format(
                        amount=f"{x.penalty_at_risk_fen / 100:.2f}"
                    ),
                    RED,
                )
            )
        for n, colour, text in lines:
            if n:
                items.append((text.format(n=n), colour))
        for p in x.pools_low:
            items.append(
                (
                    self.tr("Tracking numbers low: {carrier} {free} left").format(
                        carrier=p["carrier"], free=p["free"]
                    ),
                    RED,
                )
            )
        for o in x.late_list:
            items.append(
                (
                    self.tr("{order}: due {time}, penalty {amount} CNY").format(
                        order=o.order,
                        time=o.promised.replace("T", " ")[5:16],
                        amount=f"{o.penalty_fen / 100:.2f}",
                    ),
                    RED if o.state == "late" else ORANGE,
                )
            )
        if not items:
            items.append((self.tr("No exceptions"), GREEN))
        self.set_lines(items)
