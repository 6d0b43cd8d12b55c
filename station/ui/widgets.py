"""Small widgets shared by pages: big labels, the lines table, time formatting."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget

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


class BigTable(QTableWidget):
    """Lines to pack or receive, big enough to read at arm's length; column 1 stretches."""

    def __init__(self, columns: int, parent=None):
        super().__init__(0, columns, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        font = QFont(self.font())
        font.setPointSize(16)
        self.setFont(font)
        header.setFont(font)  # set, not inherited: Qt does not always pass it on
        self.verticalHeader().setDefaultSectionSize(44)
