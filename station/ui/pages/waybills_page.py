"""Waybills: the orders of the day by dispatch deadline; scan one to select it.

Hotkey: I opens the order import (a marketplace export), wherever the focus is
on the page; Tab leaves the orders table for the buttons.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.deadlines import PenaltyRule, urgency
from station.core.scan import Outcome
from station.db.models import utcnow
from station.services.lookup import Found
from station.services.order_import import import_file
from station.services.order_import.carriers import import_carriers
from station.ui.import_messages import refusal_text
from station.ui.messages import message
from station.ui.order_import_dialog import OrderImportDialog
from station.ui.pages.base import Page
from station.ui.print_queue import PrintQueuePanel
from station.ui.widgets import big_label, due_text, local_time
from station.ui.workers import run_in_background

REFUSALS_SHOWN = 200  # rows listed in the refusals window


class WaybillsPage(Page):
    context = "waybills"
    accepts = frozenset({"sales_order"})
    permission = Permission.PRINT

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_import_file)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        self.print_queue = PrintQueuePanel(ctx)
        # a voided waybill puts its order back to packing: the list says so at once
        self.print_queue.voided.connect(lambda _number: self.refresh())
        layout.addWidget(self.print_queue, 2)
        self._numbers: list[str] = []
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Waybills")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Orders by dispatch deadline"))
        self.import_button.setText(self.tr("Import orders… (I)"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Buyer"),
                self.tr("Carrier"),
                self.tr("Status"),
                self.tr("Due"),
                self.tr("Time left"),
                self.tr("Penalty at risk"),
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """Reload the orders and the print jobs; a selected order stays selected."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        chosen = (
            self._numbers[rows[0].row()] if rows and rows[0].row() < len(self._numbers) else None
        )
        self.print_queue.refresh()
        orders = self.ctx.services.lookup.open_orders()
        now = utcnow()
        p = self.ctx.services.settings.packing
        rule = PenaltyRule(p.penalty_rate_pct, p.penalty_min_fen, p.penalty_max_fen)
        warn = timedelta(minutes=p.warn_before_minutes)
        self._numbers = [o.number for o in orders]
        self.table.setRowCount(len(orders))
        for row, o in enumerate(orders):
            late = o.promised_dispatch_at is not None and o.promised_dispatch_at < now
            cells = [
                o.number,
                o.buyer_name,
                o.carrier or "",
                message(f"order_status_{o.status}"),
                local_time(o.promised_dispatch_at),
                due_text(o.promised_dispatch_at, now),
                f"¥{rule.at_risk(o.paid_fen) / 100:.2f}"
                if urgency(o.promised_dispatch_at, now, warn_before=warn) in ("late", "at_risk")
                else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if late:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(row, col, item)
        self.table.clearSelection()
        if chosen in self._numbers:
            self.table.selectRow(self._numbers.index(chosen))

    def show_found(self, found: Found) -> None:
        if found.sales_order is not None and found.sales_order.number in self._numbers:
            self.table.selectRow(self._numbers.index(found.sales_order.number))

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key == Qt.Key.Key_I:
            self.choose_import_file()
            return True
        return False

    # --- importing orders from a file ---

    def choose_import_file(self) -> None:
        self.open_import_dialog()

    def open_import_dialog(
        self, path: Path | None = None, items: Path | None = None
    ) -> OrderImportDialog:
        """The import dialog: the export chosen (or ``path``), the platform it was
        recognised as and its first rows shown before anything is written."""
        dialog = OrderImportDialog(self.ctx, self)
        dialog.imported.connect(self._imported)
        self.import_dialog = dialog
        dialog.open()
        if path is not None:
            dialog.set_files(path, items)
        else:
            dialog.choose_file()
        return dialog

    def import_file(
        self, path: Path, profile: str | None = None, items: Path | None = None
    ) -> QProgressDialog:
        """Import off the GUI thread with a progress bar; the answer in the banner.
        Without a ``profile``, a marketplace export is recognised from its header."""
        progress = QProgressDialog(
            self.tr("Importing {name}…").format(name=path.name), "", 0, 0, self
        )
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress = progress
        bridge = _Progress(self)
        bridge.moved.connect(
            lambda done, total: (progress.setMaximum(total), progress.setValue(done))
        )
        services = self.ctx.services
        carriers = import_carriers(services.settings.packing)

        def work():
            try:
                return import_file(
                    services.store.db,
                    services.bench_id,
                    path,
                    profile,
                    items=items,
                    carriers=carriers,
                    profiles_dir=services.data_dir.profiles,
                    progress=bridge.moved.emit,
                )
            finally:
                services.store.db.close()  # this thread's connection

        run_in_background(
            self, work, lambda result: self._imported(path, result), self._import_failed
        )
        progress.show()
        return progress

    def _imported(self, path: Path, result) -> None:
        if getattr(self, "progress", None) is not None:
            self.progress.close()
        self.last_import = result
        if result.ok:
            text = self.tr(
                "{name}: new orders {orders}, already here {already}, updated {updated}, "
                "cancelled {cancelled}, packed and changed at the platform {conflicts}"
            ).format(
                name=path.name,
                orders=result.orders,
                already=result.already,
                updated=len(result.updated),
                cancelled=len(result.cancelled),
                conflicts=len(result.conflicts),
            )
            if result.conflicts:
                text += " — " + self.tr("a supervisor decides: {orders}").format(
                    orders=", ".join(result.conflicts[:5])
                )
            if result.masked:
                text += self.tr(
                    "; recipient masked by the platform (e-waybill only): {n} ({first})"
                ).format(n=len(result.masked), first=result.masked[0])
            warn = result.conflicts or result.cancelled or result.masked
            self.ctx.feedback.give(Outcome.WARNING if warn else Outcome.OK, text)
        else:
            lines = [self._refusal_line(r) for r in result.rejected]
            text = self.tr("{name}: nothing imported; rows refused: {n} ({first})").format(
                name=path.name, n=len(result.rejected), first=lines[0]
            )
            self.ctx.feedback.give(Outcome.REFUSED, text)
            self._show_refusals(text, lines)
        self.refresh()

    def _refusal_line(self, r) -> str:
        line = self._row_line(r)
        if getattr(r, "file", "") == "items":
            return self.tr("items file {where}").format(where=line)
        return line

    def _row_line(self, r) -> str:
        reason = refusal_text(r.reason, r.detail, r.field)
        if r.column:
            return self.tr("row {line}, column {column}: {reason}").format(
                line=r.line, column=r.column, reason=reason
            )
        return self.tr("row {line}: {reason}").format(line=r.line, reason=reason)

    def _show_refusals(self, text: str, lines: list[str]) -> None:
        """Every refused row, in a window that stays until it is closed: the banner
        shows the first for a moment only, and each one is to be put right."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import refused"), text, parent=self)
        shown = lines[:REFUSALS_SHOWN]
        if len(lines) > len(shown):
            shown.append(self.tr("… and {n} more").format(n=len(lines) - len(shown)))
        box.setInformativeText("\n".join(shown[:5]))
        box.setDetailedText("\n".join(shown))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.refusals_box = box
        box.open()

    def _import_failed(self, exc: BaseException) -> None:
        self.progress.close()
        self.ctx.feedback.give(
            Outcome.REFUSED, self.tr("Import failed: {error}").format(error=str(exc))
        )


class _Progress(QObject):
    moved = Signal(int, int)
