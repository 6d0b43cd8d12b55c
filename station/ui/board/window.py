"""Board mode: the board alone, full screen, in large type for a wall screen (F11)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from station.ui.board.view import BoardView


class BoardWindow(QWidget):
    """The board alone, full screen, in large type (a wall screen). Esc or F11 closes."""

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.view = BoardView(scale=1.8, fit=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        for key in ("Esc", "F11"):
            QShortcut(QKeySequence(key), self).activated.connect(self.close)
