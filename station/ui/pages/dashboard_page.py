"""Dashboard: the day's scans at a glance (the supervisor issue builds the full board)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from station.core.auth import Permission
from station.services.status import today_figures
from station.ui.pages.base import Page
from station.ui.widgets import big_label


class DashboardPage(Page):
    context = "dashboard"
    permission = Permission.VIEW_DASHBOARD
    REFRESH_MS = 10_000

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        layout.addWidget(self.heading)
        grid = QGridLayout()
        self.figure_names: list[QLabel] = []
        self.figures: list[QLabel] = []
        for col, colour in enumerate(("#37474f", "#1b7f3b", "#c62828", "#f9a825")):
            name = big_label(size=14)
            value = big_label(size=40, bold=True)
            value.setStyleSheet(f"color: {colour};")
            grid.addWidget(name, 0, col)
            grid.addWidget(value, 1, col)
            self.figure_names.append(name)
            self.figures.append(value)
        layout.addLayout(grid)
        self.per_operator = QTableWidget(0, 2)
        self.per_operator.verticalHeader().setVisible(False)
        self.per_operator.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.per_operator)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(self.REFRESH_MS)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Dashboard")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Today"))
        names = (self.tr("Scans"), self.tr("Accepted"), self.tr("Refused"), self.tr("Warnings"))
        for label, text in zip(self.figure_names, names, strict=True):
            label.setText(text)
        self.per_operator.setHorizontalHeaderLabels([self.tr("Operator"), self.tr("Scans")])
        self.refresh()

    def refresh(self) -> None:
        if not self.isVisible() and self.figures[0].text():
            return
        f = today_figures()
        for label, value in zip(self.figures, (f.scans, f.ok, f.refused, f.warnings), strict=True):
            label.setText(str(value))
        self.per_operator.setRowCount(len(f.by_operator))
        for row, (name, count) in enumerate(f.by_operator):
            self.per_operator.setItem(row, 0, QTableWidgetItem(name))
            self.per_operator.setItem(row, 1, QTableWidgetItem(str(count)))
