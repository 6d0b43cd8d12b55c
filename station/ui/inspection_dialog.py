"""The inspector's dialog (质检): the sampling plan, defects by code and class, the verdict."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from station.core.errors import CodedError
from station.core.scan import Outcome, Scan
from station.db.models import Inspection
from station.ui.camera_dialog import CameraDialog, cameras
from station.ui.confirm import ask
from station.ui.messages import message
from station.ui.widgets import big_label

SEVERITIES = ("critical", "major", "minor")


class InspectionDialog(QDialog):
    decided = Signal(str)  # accepted | rejected | held

    def __init__(self, ctx, inspection: Inspection, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = inspection
        self.photo: Path | None = None
        self.setWindowTitle(self.tr("Inspection"))
        layout = QVBoxLayout(self)
        i = inspection
        self.plan = big_label(size=14, bold=True)
        self.plan.setText(
            self.tr(
                "{sku} · lot size {lot} · AQL {aql} · letter {letter}: inspect {n}, "
                "accept {ac}, reject {re}"
            ).format(
                sku=i.product.sku,
                lot=i.lot_size,
                aql=i.aql,
                letter=i.code_letter,
                n=i.sample_size,
                ac=i.accept_no,
                re=i.reject_no,
            )
        )
        layout.addWidget(self.plan)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.severity = QComboBox()
        for s in SEVERITIES:
            self.severity.addItem(message(f"severity_{s}"), s)
        self.severity.setCurrentIndex(2)
        self.qty = QSpinBox()
        self.qty.setRange(1, max(1, i.sample_size))
        self.note = QLineEdit()
        photo_row = QHBoxLayout()
        self.photo_label = QLabel(self.tr("no photo"))
        self.photo_button = QPushButton(self.tr("Photo…"))
        self.photo_button.clicked.connect(self.choose_photo)
        self.camera_button = QPushButton(self.tr("Camera…"))
        self.camera_button.clicked.connect(self.open_camera)
        self.camera_button.setVisible(bool(cameras()))  # only where a camera exists
        photo_row.addWidget(self.photo_label, 1)
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.camera_button)
        form.addRow(self.tr("Defect code"), self.code)
        form.addRow(self.tr("Class"), self.severity)
        form.addRow(self.tr("Units"), self.qty)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Photo"), photo_row)
        layout.addLayout(form)
        self.add_button = QPushButton(self.tr("Record defect"))
        self.add_button.clicked.connect(self.add_defect)
        layout.addWidget(self.add_button)
        self.defects = QListWidget()
        layout.addWidget(self.defects)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.decide_button = QPushButton(self.tr("Decide"))
        self.hold_button = QPushButton(self.tr("Hold the lot"))
        self.decide_button.clicked.connect(lambda: self.decide(hold=False))
        self.hold_button.clicked.connect(lambda: self.decide(hold=True))
        buttons.addStretch(1)
        buttons.addWidget(self.hold_button)
        buttons.addWidget(self.decide_button)
        layout.addLayout(buttons)
        # while open the dialog takes the bench's scans: a scanned code is a defect code
        # (from the defect sheet), never keys typed into whichever field has the cursor
        ctx.scan_targets.append(self)
        self.finished.connect(self._detach)

    def _detach(self) -> None:
        if self in self.ctx.scan_targets:
            self.ctx.scan_targets.remove(self)

    def handle_scan(self, scan: Scan) -> None:
        """A scan while inspecting fills the defect code."""
        code = scan.data.strip()[: self.code.maxLength()]
        self.code.setText(code)
        self.ctx.feedback.give(Outcome.OK, self.tr("Defect code {code}").format(code=code))

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Photo of the defect"), "", self.tr("Images (*.jpg *.jpeg *.png *.webp)")
        )
        if path:
            self.set_photo(Path(path))

    def open_camera(self) -> CameraDialog | None:
        found = cameras()
        if not found:
            return None
        folder = self.ctx.services.data_dir.root / "photos" / "camera"
        dialog = CameraDialog(found[0], folder, parent=self)
        dialog.captured.connect(self.set_photo)
        dialog.open()
        return dialog

    def set_photo(self, path: Path | None) -> None:
        self.photo = path
        self.photo_label.setText(path.name if path else self.tr("no photo"))

    def add_defect(self) -> None:
        try:
            d = self.ctx.services.inspection.record_defect(
                self.inspection,
                self.code.text(),
                self.severity.currentData(),
                qty=self.qty.value(),
                note=self.note.text(),
                photo=self.photo,
            )
        except CodedError as exc:
            self.error.setText(message(exc.code, exc.params))
            self.ctx.feedback.give(Outcome.REFUSED, self.error.text())
            return
        self.error.setText("")
        extra = " 📷" if d.photo_path else ""
        self.defects.addItem(f"{d.code} · {message('severity_' + d.severity)} ×{d.qty}{extra}")
        self.code.clear()
        self.note.clear()
        self.qty.setValue(1)
        self.set_photo(None)

    def decide(self, *, hold: bool) -> QMessageBox | None:
        """Decide the lot. Rejecting or holding puts the lot in quarantine and reports it
        to head office, which cannot be undone: the inspector is asked first (the open
        question is returned; None when the lot is accepted straight away)."""
        result = self.ctx.services.inspection.verdict(self.inspection, hold=hold)
        if result == "accepted":
            self._decide(hold=hold)
            return None
        sku = self.inspection.product.sku
        if result == "rejected":
            title = self.tr("Reject the lot?")
            question = self.tr(
                "The defects found reject this lot of {sku}. Reject it? It goes to "
                "quarantine and the supplier is told."
            ).format(sku=sku)
            yes = self.tr("Yes, reject the lot")
        else:
            title = self.tr("Hold the lot?")
            question = self.tr(
                "Hold this lot of {sku}? It goes to quarantine until someone decides on it."
            ).format(sku=sku)
            yes = self.tr("Yes, hold the lot")
        return ask(self.ctx, self, title, question, yes, lambda: self._decide(hold=hold))

    def _decide(self, *, hold: bool) -> None:
        operator = self.ctx.session.operator if self.ctx.session else None
        try:
            result = self.ctx.services.inspection.decide(
                self.inspection, hold=hold, operator=operator
            )
        except CodedError as exc:
            self.error.setText(message(exc.code, exc.params))
            return
        outcome = Outcome.OK if result == "accepted" else Outcome.REFUSED
        if result == "held":
            outcome = Outcome.WARNING
        self.ctx.feedback.give(
            outcome, message(f"inspection_{result}", {"sku": self.inspection.product.sku})
        )
        self.decided.emit(result)
        self.accept()
