"""Waybills: the orders of the day by dispatch deadline; scan one to select it."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.db.models import utcnow
from station.services.lookup import Found
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.print_queue import PrintQueuePanel
from station.ui.widgets import big_label, due_text, local_time


class WaybillsPage(Page):
    context = "waybills"
    accepts = frozenset({"sales_order"})
    permission = Permission.PRINT

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 3)
        self.print_queue = PrintQueuePanel(ctx)
        layout.addWidget(self.print_queue, 2)
        self._numbers: list[str] = []
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Waybills")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Orders by dispatch deadline"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Buyer"),
                self.tr("Carrier"),
                self.tr("Status"),
                self.tr("Due"),
                self.tr("Time left"),
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        self.print_queue.refresh()
        orders = self.ctx.services.lookup.open_orders()
        now = utcnow()
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
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if late:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(row, col, item)

    def show_found(self, found: Found) -> None:
        if found.sales_order is not None and found.sales_order.number in self._numbers:
            self.table.selectRow(self._numbers.index(found.sales_order.number))
