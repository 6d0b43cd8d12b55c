"""The bench's print jobs: what printed, what waits for a person, and the buttons for it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.scan import Outcome
from station.db.models import Parcel, PrintJob
from station.drivers.errors import DeviceError
from station.services.devices import bench_printers
from station.services.packing import PackError
from station.services.printing import PrintRefused, voided_waybill
from station.services.tracking_pool import PoolError
from station.ui.approval import ApprovalDialog
from station.ui.context import UiContext
from station.ui.messages import message
from station.ui.widgets import big_label, local_time

STATUS_COLOURS = {"failed": "#c62828", "held": "#e65100", "done": "#1b7f3b"}


class PrintQueuePanel(QWidget):
    voided = Signal(str)  # the number of the order whose waybill was voided

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs: list[PrintJob] = []
        self._voided: set[int] = set()  # ids of the listed jobs whose waybill is voided
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = big_label(size=16, bold=True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        self.test_label = QPushButton()
        self.reprint = QPushButton()
        self.confirm = QPushButton()
        self.retry = QPushButton()
        self.cancel = QPushButton()
        self.void = QPushButton()
        for b, slot in (
            (self.test_label, self.print_test_label),
            (self.reprint, self.reprint_selected),
            (self.confirm, self.confirm_selected),
            (self.retry, self.retry_selected),
            (self.cancel, self.cancel_selected),
            (self.void, self.void_selected),
        ):
            b.clicked.connect(slot)
            buttons.addWidget(b)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Print jobs"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Document"),
                self.tr("Kind"),
                self.tr("Printer"),
                self.tr("Status"),
                self.tr("Note"),
            ]
        )
        self.test_label.setText(self.tr("Print test label"))
        self.reprint.setText(self.tr("Print again"))
        self.confirm.setText(self.tr("Confirm and print"))
        self.retry.setText(self.tr("Try again"))
        self.cancel.setText(self.tr("Cancel job"))
        self.void.setText(self.tr("Void waybill…"))
        self.refresh()

    def status_text(self, job: PrintJob) -> str:
        return {
            "queued": self.tr("waiting"),
            "printing": self.tr("printing"),
            "done": self.tr("printed"),
            "failed": self.tr("FAILED"),
            "held": self.tr("CONFIRM"),
            "cancelled": self.tr("cancelled"),
        }.get(job.status, job.status)

    def note_text(self, job: PrintJob) -> str:
        if job.id in self._voided:
            return self.tr("VOIDED: never printed again")
        if job.status == "held" and job.held_reason == "stale":
            return self.tr("Waited too long: check the order before printing it")
        if job.status == "held" and job.held_reason == "interrupted":
            return self.tr("The station stopped while printing: check whether it came out")
        if job.status == "failed":
            return job.error or ""
        if job.reprint_of_id:
            return self.tr("reprint")
        return ""

    def refresh(self, *_) -> None:
        """Reload the jobs; the selection stays on the job it was on (a reprint adds a
        row at the top, which must not move the operator's choice to another job)."""
        chosen = self.selected()
        printing = self.ctx.services.printing
        self.jobs = printing.recent() if printing else []
        self._voided = {job.id for job in self.jobs if voided_waybill(job)}
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            cells = [
                local_time(job.created_at),
                job.document_ref,
                message(f"job_kind_{job.kind}"),
                job.printer_uri,
                self.status_text(job),
                self.note_text(job),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4 and job.status in STATUS_COLOURS:
                    item.setForeground(QColor(STATUS_COLOURS[job.status]))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        if chosen is not None:
            self.select_job(chosen.id)
        self.table.blockSignals(False)
        self._update_buttons()

    def selected(self) -> PrintJob | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.jobs[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        job = self.selected()
        status = job.status if job else ""
        printable = job is not None and job.id not in self._voided
        self.reprint.setEnabled(status == "done" and printable)
        self.confirm.setEnabled(status == "held" and printable)
        self.retry.setEnabled(status == "failed" and printable)
        self.cancel.setEnabled(status in ("held", "failed"))
        self.void.setEnabled(status == "done" and job.kind == "waybill" and printable)

    def select_job(self, job_id: int) -> None:
        for row, job in enumerate(self.jobs):
            if job.id == job_id:
                self.table.selectRow(row)
                return

    # --- actions ---

    def _operator(self):
        return self.ctx.session.operator if self.ctx.session else None

    def print_test_label(self) -> None:
        settings = self.ctx.services.settings
        printer = bench_printers(settings, self.ctx.services.data_dir.output, "label").primary
        if printer is None:
            self.ctx.feedback.give(Outcome.REFUSED, self.tr("No label printer is set up"))
            return
        try:
            data = printer.test_label()
        except DeviceError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, str(exc))
            return
        self.ctx.services.printing.submit(
            "test",
            data,
            language=printer.job_language,
            document_ref="TEST",
            operator=self._operator(),
        )
        self.refresh()

    def _act(self, statuses: tuple[str, ...], action) -> None:
        job = self.selected()
        if job is not None and job.status in statuses:
            try:
                action(job, self._operator())
            except PrintRefused as exc:  # a voided waybill: never printed again
                self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            self.refresh()

    def reprint_selected(self) -> None:
        self._act(("done",), self.ctx.services.printing.reprint)

    def confirm_selected(self) -> None:
        self._act(("held",), self.ctx.services.printing.confirm)

    def retry_selected(self) -> None:
        self._act(("failed",), self.ctx.services.printing.retry)

    def cancel_selected(self) -> None:
        self._act(("held", "failed"), self.ctx.services.printing.cancel)

    def void_selected(self) -> ApprovalDialog | None:
        """A supervisor voids the selected waybill: number retired, order packed again."""
        job = self.selected()
        if job is None or job.status != "done" or job.kind != "waybill":
            return None
        parcel = Parcel.get_or_none(Parcel.tracking_number == job.document_ref)
        if parcel is None:
            return None
        if parcel.status == "voided" or voided_waybill(job):
            # refused before any supervisor is asked: there is nothing left to void
            self.ctx.feedback.give(
                Outcome.REFUSED, message("voided_already", {"tracking": job.document_ref})
            )
            self.refresh()
            return None
        dialog = ApprovalDialog(
            self.ctx,
            "void_waybill",
            self.tr(
                "Void waybill {tracking}? The number is retired and the order is packed again."
            ).format(tracking=job.document_ref),
            entity="parcel",
            entity_uuid=parcel.uuid,
            parent=self,
        )

        def approved(supervisor) -> None:
            try:
                self.ctx.services.packing.void_parcel(parcel, supervisor, "voided at the bench")
            except (PackError, PoolError) as exc:
                self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
                return
            number = parcel.sales_order.number
            self.ctx.feedback.give(
                Outcome.WARNING,
                message("parcel_voided", {"tracking": job.document_ref, "order": number}),
            )
            self.refresh()
            self.voided.emit(number)

        dialog.approved.connect(approved)
        dialog.open()
        return dialog
