"""Goods-in: open a purchase order by scanning it; what is expected, line by line."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from station.core.auth import Permission
from station.services.lookup import Found, PurchaseOrderView
from station.ui.pages.base import Page
from station.ui.widgets import LinesTable, big_label, local_time


class GoodsInPage(Page):
    context = "receive"
    accepts = frozenset({"purchase_order", "product"})
    permission = Permission.RECEIVE

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.po: PurchaseOrderView | None = None
        layout = QVBoxLayout(self)
        self.heading = big_label(size=20, bold=True)
        self.detail = big_label(size=14)
        self.lines = LinesTable()
        for w in (self.heading, self.detail, self.lines):
            layout.addWidget(w)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Goods-in")

    def retranslate_ui(self) -> None:
        self.lines.retranslate_ui()
        self._render()

    def show_found(self, found: Found) -> None:
        if found.purchase_order is not None:
            self.po = found.purchase_order
            self._render()

    def _render(self) -> None:
        po = self.po
        if po is None:
            self.heading.setText(self.tr("Scan a purchase order to receive against it"))
            self.detail.setText("")
            self.lines.show_lines([])
            return
        self.heading.setText(self.tr("Purchase order {number}").format(number=po.number))
        self.detail.setText(
            self.tr("{supplier} · expected {when}").format(
                supplier=po.supplier, when=local_time(po.expected_at)
            )
        )
        self.lines.show_lines(po.lines)
