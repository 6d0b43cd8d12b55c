"""The demo scanner panel: click a code, or type one and press Enter, to scan it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from station.core.scan import Scan
from station.ui.scan_bus import ScanBus


class SimScannerPanel(QGroupBox):
    SOURCE = "sim"

    def __init__(self, bus: ScanBus, samples: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.bus = bus
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.returnPressed.connect(self.scan_typed)
        self.button = QPushButton()
        self.button.clicked.connect(self.scan_typed)
        row.addWidget(self.code, 1)
        row.addWidget(self.button)
        self.weight_label = QLabel()
        self.weight = QSpinBox()
        self.weight.setRange(0, 99999)
        self.weight.setSuffix(" g")
        self.weight.valueChanged.connect(self._weight_changed)
        self.scale = None  # set by the main window when the demo scale is in use
        row.addWidget(self.weight_label)
        row.addWidget(self.weight)
        layout.addLayout(row)
        samples_row = QHBoxLayout()
        for label, code in samples:
            b = QPushButton(label)
            b.setToolTip(code)
            b.clicked.connect(lambda _=False, c=code: self.scan(c))
            samples_row.addWidget(b)
        layout.addLayout(samples_row)
        self.retranslate_ui()

    def _weight_changed(self, grams: int) -> None:
        if self.scale is not None:
            self.scale.grams = None if grams == 0 else Decimal(grams)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Demo scanner: click a code, or type one and press Enter"))
        self.weight_label.setText(self.tr("Demo scale:"))
        self.weight.setSpecialValueText(self.tr("auto (expected weight)"))
        self.code.setPlaceholderText(self.tr("Barcode"))
        self.button.setText(self.tr("Scan"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def scan_typed(self) -> None:
        code = self.code.text().strip()
        self.code.clear()
        if code:
            self.scan(code)

    def scan(self, code: str) -> None:
        self.bus.publish(Scan(data=code, source=self.SOURCE))
