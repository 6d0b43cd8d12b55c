"""A supervisor approves an exception on another operator's screen.

The supervisor scans their badge, or picks their name and types their PIN; with
``security.supervisor_badge_and_pin`` on, a badge scan picks the supervisor and
the dialog waits for their PIN (or takes the one already typed).
Opened with ``open()`` (never a blocking ``exec()``); ``approved`` carries
the approving operator. While open, the dialog takes the bench's scans.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from station.core.scan import Outcome, Scan
from station.services.operators import AuthError
from station.ui.context import UiContext
from station.ui.messages import message
from station.ui.widgets import big_label


class ApprovalDialog(QDialog):
    approved = Signal(object)  # the supervisor's Operator

    def __init__(
        self,
        ctx: UiContext,
        action: str,
        description: str,
        *,
        entity: str = "",
        entity_uuid: str = "",
        details: dict[str, Any] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.action = action
        self.audit = {"entity": entity, "entity_uuid": entity_uuid, "details": details}
        self.approved_by = None
        self._badge: tuple[str, int] | None = None  # a scanned badge waiting for its PIN
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.what = big_label(description, size=15, bold=True)
        self.how = QLabel()
        self.how.setWordWrap(True)
        form = QFormLayout()
        self.supervisor = QComboBox()
        for op in ctx.services.operators.supervisors():
            self.supervisor.addItem(op.name, op.id)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.supervisor_label = QLabel()
        self.pin_label = QLabel()
        form.addRow(self.supervisor_label, self.supervisor)
        form.addRow(self.pin_label, self.pin)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._approve_with_pin)
        self.buttons.rejected.connect(self.reject)
        # Enter in the PIN field presses the dialog's default button (Approve): one
        # attempt; connecting returnPressed as well would count a wrong PIN twice
        # once a name is chosen the cursor waits in the PIN field
        self.supervisor.activated.connect(lambda _: self.pin.setFocus())
        self.supervisor.currentIndexChanged.connect(lambda _: self.pin.setFocus())
        for w in (self.what, self.how):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.finished.connect(self._detach)
        ctx.scan_targets.append(self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.how.setText(
            self.tr("A supervisor scans their badge, or chooses their name and enters their PIN.")
        )
        self.supervisor_label.setText(self.tr("Supervisor"))
        self.pin_label.setText(self.tr("PIN"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))

    def _detach(self) -> None:
        if self in self.ctx.scan_targets:
            self.ctx.scan_targets.remove(self)

    def _requester(self):
        return self.ctx.session.operator

    def handle_scan(self, scan: Scan) -> None:
        self._badge = None
        self._try(badge_code=scan.data, pin=self.pin.text() or None)

    def _approve_with_pin(self) -> None:
        chosen = self.supervisor.currentData()
        if self._badge is not None and self._badge[1] == chosen:
            self._try(badge_code=self._badge[0], pin=self.pin.text())
        else:
            self._try(supervisor_id=chosen, pin=self.pin.text())

    def _try(self, **credentials) -> None:
        try:
            sup = self.ctx.services.operators.approve(
                self.action, self._requester(), **credentials, **self.audit
            )
        except AuthError as exc:
            if exc.code == "badge_needs_pin":
                self._badge = (credentials["badge_code"], exc.params["operator_id"])
                self.supervisor.setCurrentIndex(self.supervisor.findData(exc.params["operator_id"]))
                self.pin.setFocus()
            self.pin.clear()
            text = message(exc.code, exc.params)
            self.error.setText(text)
            self.ctx.feedback.give(Outcome.REFUSED, text)
            return
        self.approved_by = sup
        self.ctx.feedback.give(Outcome.OK, message("approved", {"name": sup.name}))
        self.approved.emit(sup)
        self.accept()
