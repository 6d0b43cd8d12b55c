"""Small widgets shared by pages: big labels, the lines table, time formatting."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from station.services.lookup import LineView
from station.ui.tr import tr


def big_label(text: str = "", size: int = 16, bold: bool = False) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def local_time(utc_naive: datetime | None) -> str:
    if utc_naive is None:
        return ""
    return utc_naive.replace(tzinfo=UTC).astimezone().strftime("%m-%d %H:%M")


def due_text(utc_naive: datetime | None, now: datetime) -> str:
    """'in 3 h 10 min' or 'LATE 2 h 5 min' for a dispatch deadline."""
    if utc_naive is None:
        return ""
    minutes = int((utc_naive - now).total_seconds() // 60)
    h, m = divmod(abs(minutes), 60)
    span = tr("{h} h {m} min").format(h=h, m=m) if h else tr("{m} min").format(m=m)
    return (
        tr("in {span}").format(span=span) if minutes >= 0 else tr("LATE {span}").format(span=span)
    )


class LinesTable(QTableWidget):
    """What to pack or receive, big enough to read at arm's length."""

    def __init__(self, parent=None):
        super().__init__(0, 4, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        font = QFont(self.font())
        font.setPointSize(15)
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(40)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels([tr("SKU"), tr("Product"), tr("Qty"), tr("Note")])

    def show_lines(self, lines: list[LineView]) -> None:
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [line.sku, line.name, str(line.qty), tr("GIFT") if line.is_gift else ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if line.is_gift:
                    item.setBackground(QColor("#fff3cd"))
                self.setItem(row, col, item)
