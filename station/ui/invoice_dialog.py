"""Three-way match with the invoice keyed at the bench: the supplier's paper invoice
typed in line by line (quantity and unit price), matched against the purchase order
and everything received on it. Mismatches are listed in red."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.errors import CodedError
from station.db.models import PurchaseOrder, PurchaseOrderLine
from station.services.three_way_match import MatchRow, invoice_line, match
from station.ui.messages import message

RED = QColor("#ffcdd2")
GREEN = QColor("#c8e6c9")


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:.2f}"


class InvoiceDialog(QDialog):
    def __init__(self, ctx, po_number: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.po: PurchaseOrder | None = None
        self.rows: list[MatchRow] = []
        self.setWindowTitle(self.tr("Supplier invoice"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.po_edit = QLineEdit(po_number)
        self.po_edit.returnPressed.connect(self.load_po)
        self.ref = QLineEdit()
        self.ref.setMaxLength(60)
        form.addRow(self.tr("Purchase order"), self.po_edit)
        form.addRow(self.tr("Invoice number"), self.ref)
        layout.addLayout(form)
        self.invoice = QTableWidget(0, 3)
        self.invoice.setHorizontalHeaderLabels(
            [self.tr("SKU"), self.tr("Quantity"), self.tr("Unit price (CNY)")]
        )
        self.invoice.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.invoice, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add line"))
        self.add_button.clicked.connect(lambda: self._add_row(""))
        self.match_button = QPushButton(self.tr("Match"))
        self.match_button.clicked.connect(self.run_match)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.match_button)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.result = QTableWidget(0, 6)
        self.result.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Invoiced"),
                self.tr("Price PO / invoice"),
                self.tr("Problems"),
            ]
        )
        self.result.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.result.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.result, 1)
        if po_number:
            self.load_po()

    def _add_row(self, sku: str) -> None:
        r = self.invoice.rowCount()
        self.invoice.insertRow(r)
        for c, text in enumerate((sku, "", "")):
            self.invoice.setItem(r, c, QTableWidgetItem(text))

    def load_po(self) -> bool:
        """The PO's SKUs as the invoice's first column, quantities and prices to type."""
        number = self.po_edit.text().strip()
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == number)
        if po is None:
            self.error.setText(message("receive.unknown_po", {"barcode": number}))
            return False
        self.po = po
        self.error.setText("")
        self.invoice.setRowCount(0)
        for ln in po.lines.order_by(PurchaseOrderLine.line_no):
            self._add_row(ln.product.sku)
        return True

    def set_line(self, row: int, qty: str, unit_price: str) -> None:
        self.invoice.item(row, 1).setText(qty)
        self.invoice.item(row, 2).setText(unit_price)

    def keyed_lines(self) -> list:
        """The typed lines; a row left without a quantity is not invoiced."""
        lines = []
        for r in range(self.invoice.rowCount()):
            sku, qty, price = (
                (self.invoice.item(r, c).text() if self.invoice.item(r, c) else "")
                for c in range(3)
            )
            if not qty.strip() and not price.strip():
                continue
            lines.append(invoice_line(sku, qty, price, r + 1))
        return lines

    def run_match(self) -> list[MatchRow] | None:
        if self.po is None and not self.load_po():
            return None
        try:
            lines = self.keyed_lines()
            if not lines:
                raise CodedError("match.empty")
        except CodedError as exc:
            self.error.setText(message(exc.code, exc.params))
            return None
        services = self.ctx.services
        self.rows = match(services.store.db, services.bench_id, self.po, lines, self.ref.text())
        bad = sum(1 for r in self.rows if r.problems)
        self.error.setText(
            message("match.mismatches", {"n": bad}) if bad else message("match.all_match", {})
        )
        self.result.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (
                r.sku,
                str(r.ordered),
                str(r.received),
                str(r.invoiced),
                f"{_yuan(r.po_price_fen)} / {_yuan(r.invoice_price_fen)}",
                ", ".join(message(f"match.{p}", {}) for p in r.problems),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(RED if r.problems else GREEN)
                self.result.setItem(i, c, item)
        return self.rows
