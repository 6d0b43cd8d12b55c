"""Dispatch (出库交接): open a handover by the carrier's bag code or by choosing the
carrier, scan each parcel's waybill into it, close it with the sheet the courier
signs. Every scan is answered: green taken, red refused with the reason, purple
with the alarm for an intercepted order (pull the parcel out).

Hotkeys: C closes the handover, X cancels it while it holds no parcel (opened by
mistake), U takes the selected parcel back out (a supervisor), P prints the last
sheet again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.scan import Outcome, Scan
from station.db.models import Handover
from station.labels.layout import TemplateError
from station.services.daily.days import local_zone
from station.services.dispatch import DispatchError, DispatchService
from station.services.dispatch.intercepts import intercept_list
from station.services.dispatch.sheet import handover_sheet
from station.ui.approval import ApprovalDialog
from station.ui.messages import label_failure, message
from station.ui.pages.base import Page
from station.ui.widgets import big_label, local_time

log = logging.getLogger(__name__)


def _table(columns: int) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]], colour: str | None = None) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour:
                item.setForeground(QColor(colour))
            table.setItem(r, c, item)


def kg(weight_g: int | None) -> str:
    return "—" if weight_g is None else f"{weight_g / 1000:.3f}"


class DispatchPage(Page):
    context = "dispatch"
    permission = Permission.PACK
    handover_closed = Signal(object)  # the closed Handover

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.service = DispatchService(ctx.services.store.db, ctx.services.bench_id)
        self.last_closed: Handover | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = big_label(size=18, bold=True)
        self.carrier = QComboBox()
        self.carrier.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_chosen)
        top.addWidget(self.heading, 1)
        top.addWidget(self.carrier)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.count = big_label(size=28, bold=True)
        self.offline = QLabel()
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet("color: #6a1b9a; font-weight: bold;")
        counted = QHBoxLayout()
        counted.addWidget(self.count, 1)
        self.action_row = counted
        layout.addLayout(counted)
        layout.addWidget(self.offline)
        grid = QGridLayout()
        self.in_label, self.waiting_label, self.intercept_label = QLabel(), QLabel(), QLabel()
        self.parcels = _table(3)
        self.waiting = _table(3)
        self.intercepts = _table(4)
        grid.addWidget(self.in_label, 0, 0)
        grid.addWidget(self.waiting_label, 0, 1)
        grid.addWidget(self.parcels, 1, 0)
        grid.addWidget(self.waiting, 1, 1)
        layout.addLayout(grid, 3)
        layout.addWidget(self.intercept_label)
        layout.addWidget(self.intercepts, 1)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_handover)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_handover)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_selected)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_last)
        for b in (self.close_button, self.cancel_button, self.undo_button, self.print_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            counted.addWidget(b)
        self._trackings: list[str] = []
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Dispatch")

    def retranslate_ui(self) -> None:
        self.open_button.setText(self.tr("Open handover"))
        self.close_button.setText(self.tr("Close handover (C)"))
        self.cancel_button.setText(self.tr("Cancel empty handover (X)"))
        self.undo_button.setText(self.tr("Take parcel out (U)"))
        self.print_button.setText(self.tr("Print sheet again (P)"))
        self.in_label.setText(self.tr("In this handover"))
        self.waiting_label.setText(self.tr("Packed, still to scan"))
        self.intercept_label.setText(self.tr("Intercepted orders (for the supervisor)"))
        heads = [self.tr("Waybill"), self.tr("Order"), self.tr("Weight (kg)")]
        self.parcels.setHorizontalHeaderLabels(heads)
        self.waiting.setHorizontalHeaderLabels(heads)
        self.intercepts.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Status"), self.tr("Where"), self.tr("Waybills")]
        )
        self.refresh()

    # --- what is shown ---

    def refresh(self) -> None:
        carriers = sorted(self.service.carriers())
        chosen = self.carrier.currentText()
        self.carrier.blockSignals(True)
        self.carrier.clear()
        self.carrier.addItems(carriers)
        if chosen in carriers:
            self.carrier.setCurrentText(chosen)
        self.carrier.blockSignals(False)
        h = self.service.current()
        view = self.service.view(h) if h is not None else None
        if h is not None:  # the box names the open handover's carrier, however it opened
            self.carrier.blockSignals(True)
            if self.carrier.findText(h.carrier) < 0:
                self.carrier.addItem(h.carrier)
            self.carrier.setCurrentText(h.carrier)
            self.carrier.blockSignals(False)
        self.open_button.setEnabled(h is None)
        self.carrier.setEnabled(h is None)
        self.close_button.setEnabled(h is not None)
        self.cancel_button.setEnabled(view is not None and not view.lines)
        self.undo_button.setEnabled(view is not None and bool(view.lines))
        self.print_button.setEnabled(self.last_closed is not None)
        if h is None:
            self.heading.setText(self.tr("No handover open"))
            self.count.setText(self.tr("Scan the carrier's bag or cage, or choose the carrier"))
            self.offline.setText("")
            _fill(self.parcels, [])
            self._trackings = []
            waiting = self.service.waiting(carriers[0] if not chosen and carriers else chosen)
            _fill(self.waiting, [[w.tracking, w.order, kg(w.weight_g)] for w in waiting])
        else:
            self.heading.setText(
                self.tr("Handover {number} · {carrier}").format(number=h.number, carrier=h.carrier)
            )
            self.count.setText(
                self.tr("Scanned {n} of {total}").format(n=view.scanned, total=view.expected)
            )
            self.offline.setText(
                self.tr(
                    "Head office has not been reached lately: intercepts may be missing. "
                    "The sheet will say so."
                )
                if self.service.stale()
                else ""
            )
            self._trackings = [ln.tracking for ln in view.lines]
            _fill(self.parcels, [[ln.tracking, ln.order, kg(ln.weight_g)] for ln in view.lines])
            _fill(
                self.waiting,
                [[w.tracking, w.order, kg(w.weight_g)] for w in view.waiting],
                "#c62828",
            )
        rows = intercept_list()
        where = {
            "packed": self.tr("on the bench: pull it out"),
            "pulled": self.tr("pulled out at dispatch"),
            "handed_over": self.tr("already handed over: call the carrier"),
        }
        _fill(
            self.intercepts,
            [
                [
                    r.order,
                    message(f"intercept_{r.status}") + (f" ({r.reason})" if r.reason else ""),
                    where.get(r.state, r.state) + " · " + local_time(r.arrived_at),
                    ", ".join(r.trackings),
                ]
                for r in rows
            ],
            "#6a1b9a",
        )

    # --- scans and keys ---

    def handle_scan(self, scan: Scan) -> None:
        session = self.ctx.session
        opened_before = self.service.current()
        verdict = self.service.scan(scan, session)
        params = dict(verdict.params)
        if "status" in params:  # an intercept: its kind in the packer's words
            params["status"] = message(f"intercept_{params['status']}")
            params["reason"] = f"({params['reason']})" if params.get("reason") else ""
        self.ctx.feedback.give(verdict.outcome, self._text(verdict.code, params))
        if opened_before is None and verdict.code == "handover_opened":
            self._pull_master_data()
        self.refresh()

    def _text(self, code: str, params: dict) -> str:
        """The banner text of a dispatch answer: the page's own for the answers of
        cancelling, the shared message texts for the rest."""
        own = {
            "handover_cancelled": self.tr("Handover {number} ({carrier}) cancelled: it was empty"),
            "handover_not_empty": self.tr(
                "Handover {number} holds {n} parcel(s): take them out first (U, a "
                "supervisor), then cancel it"
            ),
            "dispatch_no_carrier_parcels": self.tr(
                "{code}: no {carrier} parcels packed here to hand over"
            ),
        }
        if code in own:
            return own[code].format(**params)
        return message(code, params)

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        if key == Qt.Key.Key_C:
            self.close_handover()
            return True
        if key == Qt.Key.Key_X:
            self.cancel_handover()
            return True
        if key == Qt.Key.Key_U:
            self.undo_selected()
            return True
        if key == Qt.Key.Key_P:
            self.print_last()
            return True
        return False

    def _pull_master_data(self) -> None:
        """Once more when a handover opens: intercepts that came in since the last
        round reach the bench before the first parcel is scanned."""
        sync = self.ctx.sync
        if sync is not None and sync.configured:
            sync.sync_now()

    # --- actions ---

    def open_chosen(self) -> None:
        carrier = self.carrier.currentText()
        try:
            h = self.service.open(carrier, self.ctx.session)
        except DispatchError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        self.ctx.feedback.give(
            Outcome.OK, message("handover_opened", {"carrier": h.carrier, "number": h.number})
        )
        self._pull_master_data()
        self.refresh()

    def close_handover(self, approved_by=None) -> None:
        try:
            view = self.service.close(self.ctx.session, approved_by=approved_by)
        except DispatchError as exc:
            if exc.code == "parcels_missing" and approved_by is None:
                self._ask_to_close_short(exc.params["n"])
                return
            alarm = exc.code == "intercepted_in_handover"
            self.ctx.feedback.give(
                Outcome.ALARM if alarm else Outcome.REFUSED, message(exc.code, exc.params)
            )
            self.refresh()
            return
        self.last_closed = view.handover
        printed = self._print(view.handover)
        self.ctx.feedback.give(
            Outcome.OK if printed else Outcome.WARNING,
            message(
                "handover_closed" if printed else "handover_closed_not_printed",
                {"number": view.handover.number, "n": view.scanned},
            ),
        )
        self.handover_closed.emit(view.handover)
        self.refresh()

    def cancel_handover(self) -> None:
        """End a handover opened by mistake, while nothing is in it (audited)."""
        try:
            h = self.service.cancel(self.ctx.session)
        except DispatchError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, self._text(exc.code, exc.params))
            self.refresh()
            return
        self.ctx.feedback.give(
            Outcome.OK,
            self._text("handover_cancelled", {"number": h.number, "carrier": h.carrier}),
        )
        self.refresh()

    def _ask_to_close_short(self, n: int) -> None:
        h = self.service.current()
        missing = ", ".join(w.tracking for w in self.service.waiting(h.carrier))
        self.ctx.feedback.give(Outcome.WARNING, message("parcels_missing", {"n": n}))
        dialog = ApprovalDialog(
            self.ctx,
            "handover_short",
            self.tr("Close without the packed parcels not scanned ({n}): {missing}").format(
                n=n, missing=missing
            ),
            entity="handover",
            entity_uuid=h.uuid,
            details={"missing": missing},
            parent=self,
        )
        dialog.approved.connect(lambda sup: self.close_handover(approved_by=sup))
        dialog.open()

    def undo_selected(self) -> None:
        rows = self.parcels.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._trackings):
            self.ctx.feedback.give(Outcome.REFUSED, message("dispatch_choose_parcel"))
            return
        tracking = self._trackings[rows[0].row()]
        h = self.service.current()
        dialog = ApprovalDialog(
            self.ctx,
            "handover_undo",
            self.tr("Take {tracking} out of handover {number}?").format(
                tracking=tracking, number=h.number
            ),
            entity="handover",
            entity_uuid=h.uuid,
            details={"tracking": tracking},
            parent=self,
        )
        dialog.approved.connect(lambda sup: self._undo(tracking, sup))
        dialog.open()

    def _undo(self, tracking: str, supervisor) -> None:
        try:
            self.service.undo(tracking, supervisor, "scanned into the wrong bag")
        except DispatchError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        self.ctx.feedback.give(Outcome.OK, message("dispatch_undone", {"tracking": tracking}))
        self.refresh()

    def print_last(self) -> None:
        if self.last_closed is None:
            self.ctx.feedback.give(Outcome.REFUSED, message("dispatch_no_sheet"))
            return
        if self._print(self.last_closed):
            self.ctx.feedback.give(
                Outcome.OK, message("handover_sheet_printed", {"number": self.last_closed.number})
            )

    def _print(self, handover: Handover) -> bool:
        """The sheet to the document printer; False (said on the banner) when it could
        not be made or there is no document printer."""
        services = self.ctx.services
        try:
            pdf = handover_sheet(
                self.service, handover, services.settings.bench.bench_name, local_zone()
            )
        except (TemplateError, ValueError, OSError) as exc:
            self.ctx.feedback.give(Outcome.REFUSED, label_failure(exc))
            return False
        if not services.settings.devices.document_printer or services.printing is None:
            return False
        services.printing.submit(
            "handover_sheet",
            pdf,
            language="pdf",
            document_ref=handover.number,
            role="document",
            operator=self.ctx.session.operator if self.ctx.session else None,
        )
        return True
