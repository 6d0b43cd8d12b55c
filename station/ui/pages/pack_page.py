"""Pack-out: open an order by scanning it; its lines, remarks and deadline, large."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from station.core.auth import Permission
from station.db.models import utcnow
from station.services.lookup import Found, SalesOrderView
from station.ui.pages.base import Page
from station.ui.widgets import LinesTable, big_label, due_text, local_time


class PackPage(Page):
    context = "pack"
    accepts = frozenset({"sales_order", "product"})
    permission = Permission.PACK

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.order: SalesOrderView | None = None
        layout = QVBoxLayout(self)
        self.heading = big_label(size=20, bold=True)
        self.buyer = big_label(size=14)
        self.remarks = QLabel()
        self.remarks.setWordWrap(True)
        self.remarks.setFrameShape(QFrame.Shape.StyledPanel)
        self.remarks.hide()
        self.lines = LinesTable()
        for w in (self.heading, self.buyer, self.remarks, self.lines):
            layout.addWidget(w)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Pack-out")

    def retranslate_ui(self) -> None:
        self.lines.retranslate_ui()
        self._render()

    def show_found(self, found: Found) -> None:
        if found.sales_order is not None:
            self.order = found.sales_order
            self._render()

    def _render(self) -> None:
        o = self.order
        if o is None:
            self.heading.setText(self.tr("Scan an order or pick ticket to start"))
            self.buyer.setText("")
            self.remarks.hide()
            self.lines.show_lines([])
            return
        self.heading.setText(
            self.tr("Order {number} · due {due} ({left})").format(
                number=o.number,
                due=local_time(o.promised_dispatch_at),
                left=due_text(o.promised_dispatch_at, utcnow()),
            )
        )
        self.buyer.setText(f"{o.buyer_name} · {o.address} · {o.carrier or ''}")
        notes = []
        if o.seller_remark:
            notes.append(self.tr("Seller remark: {text}").format(text=o.seller_remark))
        if o.buyer_message:
            notes.append(self.tr("Buyer message: {text}").format(text=o.buyer_message))
        if o.status in ("held", "cancelled"):
            notes.insert(0, self.tr("Not to be packed: {reason}").format(reason=o.status_reason))
        blocked = o.status in ("held", "cancelled")
        colours = (
            "background: #c62828; color: #ffffff;"
            if blocked
            else ("background: #fff3cd; color: #5d4037;")
        )
        self.remarks.setStyleSheet(f"{colours} font-size: 16pt; padding: 8px;")
        self.remarks.setText("\n".join(notes))
        self.remarks.setVisible(bool(notes))
        self.lines.show_lines(o.lines)
