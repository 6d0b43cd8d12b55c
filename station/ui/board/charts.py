"""The hourly charts: bars per local hour for some of the day's figures."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from station.services.daily import METRICS
from station.ui.board.style import TILE_COLOURS


class HourChart(QChartView):
    """Bars per local hour for some of the day's metrics."""

    def __init__(self, metrics: tuple[str, ...], scale: float, parent=None):
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.metrics = metrics
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.series = QBarSeries()
        self.sets: dict[str, QBarSet] = {}
        for m in metrics:
            s = QBarSet(m)
            s.setColor(QColor(TILE_COLOURS[METRICS.index(m)]))
            s.append([0] * 24)
            self.sets[m] = s
            self.series.append(s)
        self.chart_.addSeries(self.series)
        self.x = QBarCategoryAxis()
        # a label every third hour (the others blank, each blank unique): readable at
        # any width; the bars still stand one per hour
        self.x.append([str(h) if h % 3 == 0 else "\u200b" * (h + 1) for h in range(24)])
        self.y = QValueAxis()
        self.y.setLabelFormat("%d")
        self.y.setRange(0, 1)
        self.chart_.addAxis(self.x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x)
        self.series.attachAxis(self.y)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        for axis in (self.x, self.y):
            axis.setTruncateLabels(False)
            f = axis.labelsFont()
            f.setPointSizeF(8 * scale)
            axis.setLabelsFont(f)
        f = self.chart_.legend().font()
        f.setPointSizeF(9 * scale)
        self.chart_.legend().setFont(f)
        self.chart_.setMargins(self.chart_.margins() * 0)
        self.setMinimumHeight(int(100 * scale))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_hours(self, hourly: dict[str, list[int]], names: dict[str, str]) -> None:
        top = 1
        for m, s in self.sets.items():
            s.setLabel(names[m])
            for h, n in enumerate(hourly[m]):
                if s.at(h) != n:
                    s.replace(h, n)
                top = max(top, n)
        self.y.setRange(0, top)
        self.y.setTickCount(min(top, 5) + 1)
        if top > 5:
            self.y.applyNiceNumbers()  # 0, 100, 200…, not 0, 74, 148…
