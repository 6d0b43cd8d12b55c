"""Batches (波次): the peak day's batches by state, the orders of the one chosen, and
the open orders waiting for a batch. Scanning a batch's barcode chooses it.

Hotkeys: G groups the open orders by the rules now, B makes a batch of the open
orders chosen, P prints the chosen batch's waybills (asked first), L prints its
pick list, R reprints the chosen order's label (asked first), K marks the batch
picked, C closes a packed batch, X dissolves an open one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.errors import CodedError
from station.core.scan import Outcome, Scan
from station.db.models import Product, SalesOrder, SalesOrderLine
from station.labels.layout import TemplateError
from station.services.batches import STATES, BatchError, batchable_orders
from station.ui.confirm import Confirmation
from station.ui.messages import label_failure, message
from station.ui.pages.base import Page
from station.ui.widgets import big_label, local_time
from station.ui.workers import run_in_background

log = logging.getLogger(__name__)
OPEN_ORDERS_SHOWN = 500


def _table(columns: int, multi: bool = False) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    t.setFocusPolicy(Qt.FocusPolicy.NoFocus if not multi else Qt.FocusPolicy.StrongFocus)
    t.verticalHeader().setVisible(False)
    t.setMinimumHeight(60)  # three tables on one page: the window still fits 1366x768
    # sized once after each fill: ResizeToContents would measure every column at every
    # item set (hundreds of batches on a peak day)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setUpdatesEnabled(False)
    try:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
    finally:
        table.setUpdatesEnabled(True)


class BatchesPage(Page):
    context = "batches"
    permission = Permission.PACK
    printed = Signal(object)  # PrintResult, once a batch's waybills are queued
    moved = Signal(int, int)  # the batch print's progress, from its thread (queued)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.chosen: str | None = None  # the batch number shown below
        self.busy = False
        layout = QVBoxLayout(self)
        self.summary = big_label(size=14, bold=True)
        layout.addWidget(self.summary)
        self.batches = _table(8)
        self.batches.itemSelectionChanged.connect(self._batch_chosen)
        layout.addWidget(self.batches, 2)
        self.heading = big_label(size=12, bold=True)
        layout.addWidget(self.heading)
        self.orders = _table(6)
        layout.addWidget(self.orders, 2)
        self.open_heading = QLabel()
        layout.addWidget(self.open_heading)
        self.open_orders = _table(4, multi=True)
        layout.addWidget(self.open_orders, 1)
        self.progress = QProgressBar()
        self.progress.hide()
        self.moved.connect(self._moved)
        layout.addWidget(self.progress)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("group", self.group_now),
            ("new", self.new_batch),
            ("print", self.print_waybills),
            ("picklist", self.print_pick_list),
            ("reprint", self.reprint_label),
            ("picked", self.mark_picked),
            ("close", self.close_batch),
            ("dissolve", self.dissolve),
        ):
            b = QPushButton()
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        layout.addLayout(bar)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Batches")

    def retranslate_ui(self) -> None:
        self.batches.setHorizontalHeaderLabels(
            [
                self.tr("Batch"),
                self.tr("State"),
                self.tr("Rule"),
                self.tr("SKU"),
                self.tr("Carrier"),
                self.tr("Due"),
                self.tr("Orders"),
                self.tr("Left"),
            ]
        )
        self.orders.setHorizontalHeaderLabels(
            [
                self.tr("#"),
                self.tr("Order"),
                self.tr("Status"),
                self.tr("Waybill"),
                self.tr("First SKU"),
                self.tr("Shelf"),
            ]
        )
        self.open_orders.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Carrier"), self.tr("Due"), self.tr("Items")]
        )
        texts = {
            "group": self.tr("Group now (G)"),
            "new": self.tr("New batch from selected (B)"),
            "print": self.tr("Print waybills… (P)"),
            "picklist": self.tr("Print pick list (L)"),
            "reprint": self.tr("Reprint label… (R)"),
            "picked": self.tr("Mark picked (K)"),
            "close": self.tr("Close batch (C)"),
            "dissolve": self.tr("Dissolve (X)"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.refresh()

    # --- showing ---

    def refresh(self) -> None:
        svc = self.ctx.services.batches
        if svc is None:
            return
        counts = svc.counts_by_state()
        self.summary.setText(
            " · ".join(f"{message(f'batch_state_{s}')}: {counts[s]}" for s in STATES)
        )
        views = svc.batches(("open", "printed", "picked", "packed"))
        self._views = views
        _fill(
            self.batches,
            [
                [
                    v.number,
                    message(f"batch_state_{v.state}"),
                    message(f"batch_rule_{v.rule}"),
                    v.sku,
                    v.carrier,
                    local_time(v.deadline) if v.deadline else "",
                    str(v.total),
                    str(v.left),
                ]
                for v in views
            ],
        )
        numbers = [v.number for v in views]
        if self.chosen in numbers:
            self.batches.blockSignals(True)
            self.batches.selectRow(numbers.index(self.chosen))
            self.batches.blockSignals(False)
        self._show_batch()
        self._show_open_orders()

    def _show_open_orders(self) -> None:
        ids = [oid for (oid,) in batchable_orders().limit(OPEN_ORDERS_SHOWN).tuples()]
        total = batchable_orders().count()
        items: dict[int, list[str]] = {}
        for oid, sku, qty in (
            SalesOrderLine.select(SalesOrderLine.sales_order, Product.sku, SalesOrderLine.qty)
            .join(Product)
            .where(SalesOrderLine.sales_order.in_(ids))
            .tuples()
        ):
            items.setdefault(oid, []).append(f"{sku}×{qty}")
        orders = SalesOrder.select().where(SalesOrder.id.in_(ids)).order_by(SalesOrder.id)
        _fill(
            self.open_orders,
            [
                [
                    o.number,
                    o.carrier or "",
                    local_time(o.promised_dispatch_at) if o.promised_dispatch_at else "",
                    " ".join(items.get(o.id, [])),
                ]
                for o in orders
            ],
        )
        self.open_heading.setText(
            self.tr("Open orders in no batch: {n} (choose some, then B)").format(n=total)
        )

    def _batch_chosen(self) -> None:
        rows = self.batches.selectionModel().selectedRows()
        if rows:
            self.chosen = self.batches.item(rows[0].row(), 0).text()
        self._show_batch()

    def _show_batch(self) -> None:
        svc = self.ctx.services.batches
        state = None
        if self.chosen is None:
            self.heading.setText(self.tr("Choose a batch, or scan its barcode"))
            self.orders.setRowCount(0)
        else:
            try:
                batch = svc.find(self.chosen)
            except BatchError:
                self.chosen = None
                return self._show_batch()
            view = svc.view(batch)
            state = view.state
            self.heading.setText(
                self.tr("Batch {number} · {state} · {left} of {total} left").format(
                    number=view.number,
                    state=message(f"batch_state_{view.state}"),
                    left=view.left,
                    total=view.total,
                )
            )
            _fill(
                self.orders,
                [
                    [
                        str(ln.seq),
                        ln.order,
                        message(f"order_status_{ln.status}"),
                        ln.tracking,
                        ln.first_sku,
                        ln.location,
                    ]
                    for ln in svc.lines(batch)
                ],
            )
        enabled = {
            "group": not self.busy,
            "new": not self.busy,
            "print": not self.busy and state == "open",
            "picklist": state is not None,
            "reprint": state in ("printed", "picked", "packed"),
            "picked": state == "printed",
            "close": state == "packed",
            "dissolve": state == "open",
        }
        for key, on in enabled.items():
            self.buttons[key].setEnabled(on)
        return None

    # --- scans and keys ---

    def handle_scan(self, scan: Scan) -> None:
        """A batch's barcode (or a batch label's batch barcode) chooses it."""
        try:
            batch = self.ctx.services.batches.find(scan.data)
        except BatchError as exc:
            self.ctx.services.lookup.scan(scan, context=self.context, accepts=frozenset())
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        self.chosen = batch.number
        self.ctx.feedback.give(Outcome.OK, message("found_batch", {"number": batch.number}))
        self.refresh()

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        actions = {
            Qt.Key.Key_G: self.group_now,
            Qt.Key.Key_B: self.new_batch,
            Qt.Key.Key_P: self.print_waybills,
            Qt.Key.Key_L: self.print_pick_list,
            Qt.Key.Key_R: self.reprint_label,
            Qt.Key.Key_K: self.mark_picked,
            Qt.Key.Key_C: self.close_batch,
            Qt.Key.Key_X: self.dissolve,
        }
        action = actions.get(key)
        if action is None:
            return False
        action()
        return True

    # --- actions ---

    def _operator(self):
        return self.ctx.session.operator if self.ctx.session is not None else None

    def _refused(self, exc: CodedError) -> None:
        params = dict(exc.params)
        if exc.code == "batch_waybill_failed":
            import json

            try:
                detail = json.loads(params.get("detail") or "{}")
            except ValueError:
                detail = {}
            params["reason"] = message(params.get("reason", ""), detail)
        self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, params))

    def group_now(self) -> None:
        if self.busy:
            return
        try:
            made = self.ctx.services.batches.group(self._operator())
        except CodedError as exc:
            self._refused(exc)
            return
        if not made:
            self.ctx.feedback.give(Outcome.WARNING, message("batch_nothing_to_group"))
        else:
            orders = sum(self.ctx.services.batches.view(b).total for b in made)
            self.ctx.feedback.give(
                Outcome.OK, message("batch_grouped", {"n": len(made), "orders": orders})
            )
            self.chosen = made[0].number
        self.refresh()

    def new_batch(self) -> None:
        rows = sorted({i.row() for i in self.open_orders.selectionModel().selectedRows()})
        numbers = [self.open_orders.item(r, 0).text() for r in rows]
        try:
            batch = self.ctx.services.batches.create(numbers, self._operator())
        except CodedError as exc:
            self._refused(exc)
            return
        self.chosen = batch.number
        self.ctx.feedback.give(
            Outcome.OK, message("batch_created", {"batch": batch.number, "n": len(numbers)})
        )
        self.refresh()

    def _batch_chosen(self) -> bool:
        """Whether a batch is chosen; if not, the packer is told how to choose one
        (a key never does nothing without a word)."""
        if self.chosen is None:
            self.ctx.feedback.give(Outcome.WARNING, message("batch_choose_first"))
            return False
        return True

    def print_waybills(self) -> None:
        """Asked first: the waybills of every order of the batch get their numbers."""
        if self.busy or not self._batch_chosen():
            return
        view = self.ctx.services.batches.view(self.ctx.services.batches.find(self.chosen))
        if view.state != "open":
            self.ctx.feedback.give(
                Outcome.REFUSED, message("batch_printed_already", {"number": view.number})
            )
            return
        Confirmation(
            self.ctx,
            self.tr("Print the batch's waybills"),
            self.tr(
                "Print the waybills of batch {number} now (labels: {n})? Each order gets "
                "its waybill number; only one label can be printed again afterwards."
            ).format(n=view.left, number=view.number),
            self.tr("Yes, print them"),
            lambda: self._print(view.number),
            parent=self,
        ).open()

    def _print(self, number: str) -> None:
        services = self.ctx.services
        operator = self._operator()
        self.busy = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self._show_batch()

        def work():
            try:
                return services.batches.print_waybills(
                    number,
                    operator,
                    services.packing,
                    services.documents,
                    services.printing,
                    progress=self.moved.emit,
                )
            finally:
                services.store.db.close()

        run_in_background(self, work, lambda r: self._printed(number, r), self._print_failed)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _printed(self, number: str, result) -> None:
        self.busy = False
        self.progress.hide()
        self.ctx.feedback.give(
            Outcome.OK, message("batch_printed", {"batch": number, "n": result.labels})
        )
        self.printed.emit(result)
        self.refresh()

    def _print_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.hide()
        if isinstance(exc, CodedError):
            self._refused(exc)
        elif isinstance(exc, TemplateError):
            self.ctx.feedback.give(Outcome.REFUSED, label_failure(exc))
        else:
            log.error("batch print failed", exc_info=exc)
            self.ctx.feedback.give(Outcome.REFUSED, str(exc))
        self.refresh()

    def print_pick_list(self) -> None:
        if not self._batch_chosen():
            return
        try:
            self.ctx.services.batches.print_pick_list(
                self.chosen, self._operator(), self.ctx.services.printing
            )
        except CodedError as exc:
            self._refused(exc)
            return
        self.ctx.feedback.give(
            Outcome.OK, message("batch_pick_list_printed", {"batch": self.chosen})
        )

    def reprint_label(self) -> None:
        rows = self.orders.selectionModel().selectedRows()
        if not self._batch_chosen():
            return
        if not rows:
            self.ctx.feedback.give(Outcome.WARNING, message("batch_choose_order_first"))
            return
        seq = int(self.orders.item(rows[0].row(), 0).text())
        order = self.orders.item(rows[0].row(), 1).text()
        number = self.chosen
        Confirmation(
            self.ctx,
            self.tr("Reprint one label"),
            self.tr("Print label {seq} of batch {number} (order {order}) again?").format(
                seq=seq, number=number, order=order
            ),
            self.tr("Yes, reprint it"),
            lambda: self._reprint(number, seq),
            parent=self,
        ).open()

    def _reprint(self, number: str, seq: int) -> None:
        services = self.ctx.services
        try:
            services.batches.reprint(
                number, seq, self._operator(), services.documents, services.printing
            )
        except CodedError as exc:
            self._refused(exc)
            return
        except TemplateError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, label_failure(exc))
            return
        self.ctx.feedback.give(
            Outcome.OK, message("batch_reprinted", {"batch": number, "seq": seq})
        )

    def _step(self, step, code: str) -> bool:
        if not self._batch_chosen():
            return False
        try:
            step(self.chosen, self._operator())
        except CodedError as exc:
            self._refused(exc)
            return False
        self.ctx.feedback.give(Outcome.OK, message(code, {"batch": self.chosen}))
        self.refresh()
        return True

    def mark_picked(self) -> None:
        self._step(self.ctx.services.batches.mark_picked, "batch_marked_picked")

    def close_batch(self) -> None:
        self._step(self.ctx.services.batches.close, "batch_closed_done")

    def dissolve(self) -> None:
        if self._step(self.ctx.services.batches.dissolve, "batch_dissolved"):
            self.chosen = None
            self.refresh()
