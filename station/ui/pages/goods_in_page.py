"""Goods-in: scan the purchase order, scan what arrived, close the receipt.

A scan of a PO number opens a receipt against it; every other scan is an item
or carton (GS1 lot, expiry and count are read from it). Keys: digits set the
quantity of the next scan, Enter closes the receipt, Esc puts it aside.
Blind receiving hides the expected quantities.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.errors import CodedError
from station.core.scan import Outcome, Scan
from station.db.models import Product, Receipt, ReceiptLine
from station.labels.discrepancy_report import render_discrepancy_report
from station.services.receiving import LineState, Received
from station.services.stock import StockService
from station.ui.approval import ApprovalDialog
from station.ui.confirm import Confirmation, ask
from station.ui.inspection_dialog import InspectionDialog
from station.ui.invoice_dialog import InvoiceDialog
from station.ui.messages import label_failure, message
from station.ui.pages.base import Page
from station.ui.pictures import PICTURE_PX, picture_book
from station.ui.widgets import BigTable, big_label, local_time


class GoodsInPage(Page):
    context = "receive"
    permission = Permission.RECEIVE
    received = Signal(object)  # Received
    receipt_closed = Signal(object)  # list[LineState]

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.receipt: Receipt | None = None
        self.states: list[LineState] = []
        self.qty_typed = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=20, bold=True)
        chooser = QHBoxLayout()
        self.po_choice = QComboBox()
        self.po_choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button = QPushButton()
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button.clicked.connect(
            lambda: self.po_choice.currentData() and self.open_po(self.po_choice.currentData())
        )
        self.invoice_button = QPushButton()
        self.invoice_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.invoice_button.clicked.connect(self.key_invoice)
        chooser.addWidget(self.po_choice, 1)
        chooser.addWidget(self.open_button)
        chooser.addWidget(self.invoice_button)
        self.detail = big_label(size=14)
        self.lines = BigTable(7)
        # each line with its product's picture (no large picture beside the table: its
        # seven columns need the width at 1280 px)
        self.pictures = picture_book(ctx)
        self.pictures.arrived.connect(self._pictures_arrived)
        self.lines.verticalHeader().setDefaultSectionSize(PICTURE_PX + 8)
        self.last = big_label(size=14)
        bar = QHBoxLayout()
        self.qty_label = big_label(size=16, bold=True)
        self.blind = QCheckBox()
        self.blind.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.blind.toggled.connect(lambda _: self._render())
        self.last_sku: str | None = None
        self.inspect_button = QPushButton()
        self.close_button = QPushButton()
        self.aside_button = QPushButton()
        for b, slot in (
            (self.inspect_button, self.inspect),
            (self.close_button, self.close_receipt),
            (self.aside_button, self.aside),
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
        bar.addWidget(self.qty_label)
        bar.addWidget(self.blind)
        bar.addStretch(1)
        bar.addWidget(self.inspect_button)
        bar.addWidget(self.close_button)
        bar.addWidget(self.aside_button)
        layout.addWidget(self.heading)
        layout.addLayout(chooser)
        for w in (self.detail, self.lines, self.last):
            layout.addWidget(w)
        layout.addLayout(bar)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Goods-in")

    def retranslate_ui(self) -> None:
        self.open_button.setText(self.tr("Receive against this PO"))
        self.invoice_button.setText(self.tr("Supplier invoice…"))
        self.blind.setText(self.tr("Blind receiving"))
        self.inspect_button.setText(self.tr("Inspect… (I)"))
        self.close_button.setText(self.tr("Close receipt (Enter)"))
        self.aside_button.setText(self.tr("Put aside (Esc)"))
        # the real headers whether a receipt is open or not (never Qt's 1, 2, 3…)
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Product"),
                self.tr("Expected"),
                self.tr("Received"),
                self.tr("Open"),
                self.tr("Held"),
                self.tr("Lot · expiry"),
            ]
        )
        self._render()

    def refresh(self) -> None:
        picture_book(self.ctx)  # pictures the sync hub fetches show when they arrive
        self.po_choice.clear()
        for number, supplier in self.ctx.services.receiving.open_purchase_orders():
            self.po_choice.addItem(f"{number} · {supplier}", number)
        if self.receipt is not None:
            self.states = self.ctx.services.receiving.lines(self.receipt)
        self._render()
        self.setFocus()

    def _render(self) -> None:
        self.qty_label.setText(self.tr("Qty: {n}").format(n=self.qty_typed or "—"))
        open_ = self.receipt is not None
        for b in (self.inspect_button, self.close_button, self.aside_button):
            b.setEnabled(open_)
        self.blind.setEnabled(not open_)
        if not open_:
            self.heading.setText(self.tr("Scan a purchase order to receive against it"))
            self.detail.setText("")
            self.lines.setRowCount(0)
            return
        po = self.receipt.purchase_order
        self.heading.setText(
            self.tr("Receipt {receipt} · PO {po}").format(receipt=self.receipt.number, po=po.number)
        )
        self.detail.setText(po.supplier.name)
        blind = self.blind.isChecked()
        self.lines.setColumnHidden(2, blind)
        self.lines.setColumnHidden(4, blind)
        self.lines.setRowCount(len(self.states))
        dpr = self.lines.devicePixelRatioF()
        for row, s in enumerate(self.states):
            cells = [
                s.sku,
                s.name,
                str(s.ordered),
                str(s.received),
                str(s.open),
                str(s.held) if s.held else "",
                _lots_text(s.lots),
            ]
            colour = None
            if not blind:
                if s.received > s.ordered:
                    colour = QColor("#fff3cd")
                elif s.open == 0:
                    colour = QColor("#c8e6c9")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if 2 <= col <= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 1:
                    picture = self.pictures.pixmap(s.image, PICTURE_PX, dpr)
                    item.setData(Qt.ItemDataRole.DecorationRole, picture)
                if col == 5 and s.held:
                    item.setBackground(QColor("#f8d7da"))  # quarantined or rejected
                elif colour is not None:
                    item.setBackground(colour)
                self.lines.setItem(row, col, item)

    def _pictures_arrived(self) -> None:
        """New pictures from head office: the lines again, with their (new) references."""
        if self.receipt is not None:
            self.states = self.ctx.services.receiving.lines(self.receipt)
        self._render()

    # --- scans ---

    def handle_scan(self, scan: Scan) -> None:
        code = scan.data.strip()
        if self.receipt is None or self.ctx.services.receiving.is_purchase_order(code):
            self.open_po(code)
        else:
            self.receive(scan.data)

    def open_po(self, code: str) -> None:
        """Receive against the PO ``code``: its receipt still open is resumed (the
        banner says whose it was and since when), else a new receipt is opened."""
        operator = self.ctx.session.operator if self.ctx.session else None
        svc = self.ctx.services.receiving
        resumed = svc.open_receipt(code) is not None
        try:
            self.receipt = svc.open(code, operator)
        except CodedError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        self.states = svc.lines(self.receipt)
        self.last.setText("")
        number = self.receipt.purchase_order.number
        if resumed:
            text = message("receipt_resumed", {"receipt": self.receipt.number, "number": number})
            starter = self.receipt.operator
            if starter is not None:
                # units on the bench may be theirs: say who started it
                text += " · " + message(
                    "pack_started_by",
                    {"name": starter.name, "time": local_time(self.receipt.created_at)},
                )
        else:
            text = message("receipt_opened", {"number": number})
        self.ctx.feedback.give(Outcome.OK, text)
        self._render()

    def receive(self, data: str, approved_by=None, qty: int | None = None) -> None:
        """Record one scan on the open receipt; ``qty`` (else the typed quantity) overrides
        the count the code carries. A refusal resets the typed quantity: the next scan
        counts by itself unless a quantity is typed again."""
        operator = self.ctx.session.operator if self.ctx.session else None
        if qty is None and self.qty_typed:
            qty = int(self.qty_typed)
        try:
            result = self.ctx.services.receiving.scan(
                self.receipt, data, operator=operator, approved_by=approved_by, qty=qty
            )
        except CodedError as exc:
            text = message(exc.code, exc.params)
            self.qty_typed = ""
            self.ctx.feedback.give(Outcome.REFUSED, text)
            self.last.setText(text)
            if exc.code == "receive.over_needs_supervisor":
                dialog = ApprovalDialog(
                    self.ctx,
                    "over_receipt",
                    text,
                    entity="receipt",
                    entity_uuid=self.receipt.uuid,
                    details=dict(exc.params),
                    parent=self,
                )
                dialog.approved.connect(lambda sup: self.receive(data, approved_by=sup, qty=qty))
                dialog.open()
            elif exc.code == "receive.unknown_barcode" and self.states:
                self._offer_link(exc.params["barcode"], data)
            self.states = self.ctx.services.receiving.lines(self.receipt)
            self._render()
            return
        self.qty_typed = ""
        self.last_sku = result.sku
        self.states = self.ctx.services.receiving.lines(self.receipt)
        self._answer(result)
        self._render()
        if self.ctx.services.settings.receiving.plates == "each":
            self._print_plates(result.line)  # after the beep: rendering is not the scan's
        self.received.emit(result)

    def _offer_link(self, barcode: str, data: str) -> None:
        """Unknown barcode: the receiver picks the PO line it belongs to, a supervisor
        approves, the link is kept (and sent to head office), and the scan counts."""
        choose = QInputDialog(self)
        choose.setWindowTitle(self.tr("Unknown barcode"))
        choose.setLabelText(
            self.tr("Barcode {barcode} is on which product?").format(barcode=barcode)
        )
        choose.setComboBoxItems([f"{s.sku} · {s.name}" for s in self.states])
        choose.setComboBoxEditable(False)
        skus = {f"{s.sku} · {s.name}": s.sku for s in self.states}

        def chosen(text: str) -> None:
            sku = skus.get(text)
            if sku is None:
                return
            dialog = ApprovalDialog(
                self.ctx,
                "link_barcode",
                self.tr("Link barcode {barcode} to {sku}").format(barcode=barcode, sku=sku),
                details={"barcode": barcode, "sku": sku},
                parent=self,
            )
            dialog.approved.connect(lambda sup: self._link(barcode, sku, sup, data))
            dialog.open()

        choose.textValueSelected.connect(chosen)
        choose.open()

    def _link(self, barcode: str, sku: str, supervisor, data: str) -> None:
        operator = self.ctx.session.operator if self.ctx.session else None
        try:
            self.ctx.services.receiving.link_barcode(barcode, sku, supervisor, operator)
        except CodedError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        if self.receipt is not None:
            self.receive(data)

    def _answer(self, r: Received) -> None:
        line = r.line
        parts = [message("received", {"sku": r.sku, "qty": r.qty})]
        if line.lot:
            parts.append(message("received_lot", {"lot": line.lot}))
        if line.expiry:
            parts.append(message("received_expiry", {"date": line.expiry.isoformat()}))
        outcome = Outcome.OK
        if r.status == "quarantine":
            left, minimum = (r.reason or ":0<0").split(":")[1].split("<")
            parts.append(message("quarantine_shelf_life", {"days": left, "minimum": minimum}))
            outcome = Outcome.WARNING
        if r.discrepancy == "over":
            parts.append(message("received_over", {}))
            outcome = Outcome.WARNING
        if r.status == "accepted" and self._stock().awaited(line.product_id):
            # the receiver learns at once that these goods are awaited by pre-sale orders
            n = self._stock().release(dry_run=True).count
            if n:
                parts.append(message("presale_would_release", {"n": n}))
        text = " · ".join(parts)
        self.last.setText(text)
        self.ctx.feedback.give(outcome, text)

    def _stock(self) -> StockService:
        return StockService(self.ctx.services.store.db, self.ctx.services.bench_id)

    # --- keys and actions ---

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if text.isdigit() and self.receipt is not None:
            self.qty_typed = (self.qty_typed + text)[-5:].lstrip("0")
        elif key == Qt.Key.Key_Backspace:
            self.qty_typed = self.qty_typed[:-1]
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.close_receipt()
        elif key == Qt.Key.Key_Escape:
            self.aside()
        elif key == Qt.Key.Key_I:
            self.inspect()
        else:
            return False
        self._render()
        return True

    def _print_report(self, receipt: Receipt, operator) -> bool:
        """The supplier's discrepancy report to the document printer, when there is any
        difference to report. The receipt is closed whatever happens here."""
        services = self.ctx.services
        data = services.receiving.report_data(receipt)
        if not any(ln.short or ln.over or ln.held for ln in data.lines):
            return False
        if not services.settings.devices.document_printer:
            return False
        try:
            services.printing.submit(
                "report",
                render_discrepancy_report(data),
                language="pdf",
                document_ref=receipt.number,
                role="document",
                operator=operator,
            )
        except (OSError, ValueError) as exc:
            self.ctx.feedback.give(Outcome.WARNING, label_failure(exc))
            return False
        return True

    def _print_plates(self, line: ReceiptLine | None = None, receipt: Receipt | None = None) -> int:
        """Putaway labels to the label printer, in its language: the plate of the carton
        or pallet just received (``line``, with the other lines of its pallet), or of
        every line of ``receipt``. Returns how many labels were queued."""
        services = self.ctx.services
        language = services.documents.label_language()
        receipt = receipt or (line.receipt if line is not None else None)
        if not language or receipt is None:
            return 0
        lines = None
        if line is not None:
            lines = [line]
            if line.sscc:
                lines = list(receipt.lines.where(ReceiptLine.sscc == line.sscc))
        operator = self.ctx.session.operator if self.ctx.session else None
        try:
            pages = services.receiving.lpn_pages(
                receipt, services.settings.receiving.company_prefix, lines
            )
            services.printing.submit(
                "lpn",
                services.documents.render_labels("lpn_100x150", pages, language),
                language=language,
                document_ref=pages[0]["plate_text"] if len(pages) == 1 else receipt.number,
                operator=operator,
            )
        except CodedError as exc:
            self.ctx.feedback.give(Outcome.WARNING, message(exc.code, exc.params))
            return 0
        except (OSError, ValueError) as exc:
            self.ctx.feedback.give(Outcome.WARNING, label_failure(exc))
            return 0
        return len(pages)

    def key_invoice(self) -> InvoiceDialog:
        """Type the supplier's invoice and match it against the PO and its receipts."""
        po = ""
        if self.receipt is not None:
            po = self.receipt.purchase_order.number
        elif self.po_choice.currentData():
            po = self.po_choice.currentData()
        dialog = InvoiceDialog(self.ctx, po, parent=self)
        dialog.open()
        return dialog

    def inspect(self) -> InspectionDialog | None:
        """Inspect the product scanned last (else the first one received) by sampling."""
        if self.receipt is None:
            return None
        sku = self.last_sku or next((s.sku for s in self.states if s.received), None)
        if sku is None:
            self.ctx.feedback.give(
                Outcome.REFUSED, message("inspect.nothing_received", {"sku": ""})
            )
            return None
        operator = self.ctx.session.operator if self.ctx.session else None
        try:
            inspection = self.ctx.services.inspection.start(
                self.receipt, Product.get(Product.sku == sku), operator=operator
            )
        except CodedError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return None
        dialog = InspectionDialog(self.ctx, inspection, parent=self)
        dialog.decided.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def aside(self) -> None:
        """Stop showing the receipt; it stays open."""
        self.receipt, self.states, self.qty_typed = None, [], ""
        self._render()

    def close_receipt(self) -> Confirmation | None:
        """Close the open receipt. With lines still short the receiver is asked first
        (closing records them short and reports them to the supplier; it cannot be
        undone); the open question is returned, None when nothing was asked."""
        if self.receipt is None:
            return None
        states = self.ctx.services.receiving.lines(self.receipt)
        short = [s for s in states if s.open > 0]
        if not short:
            self._close_receipt()
            return None
        receipt = self.receipt
        if self.blind.isChecked():  # the receiver is not told the expected quantities
            question = self.tr(
                "Not everything on PO {po} has arrived. Close receipt {number} anyway? "
                "What is missing is recorded short and reported to the supplier."
            ).format(po=receipt.purchase_order.number, number=receipt.number)
        else:
            question = self.tr(
                "Still short: units {n}, lines {lines}. Close receipt {number} anyway? "
                "They are recorded short and reported to the supplier."
            ).format(n=sum(s.open for s in short), lines=len(short), number=receipt.number)
        return ask(
            self.ctx,
            self,
            self.tr("Close the receipt short?"),
            question,
            self.tr("Yes, close it short"),
            lambda: self.receipt is receipt and self._close_receipt(),
        )

    def _close_receipt(self) -> None:
        if self.receipt is None:
            return
        operator = self.ctx.session.operator if self.ctx.session else None
        try:
            states = self.ctx.services.receiving.close(self.receipt, operator)
        except CodedError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        short = sum(s.open for s in states)
        receipt, number = self.receipt, self.receipt.number
        self.receipt, self.states, self.qty_typed = None, [], ""
        if short:
            text = message("receipt_closed_short", {"number": number, "n": short})
        else:
            text = message("receipt_closed", {"number": number})
        printed = self._print_report(receipt, operator)
        if printed:
            text += " · " + message("discrepancy_report_printed", {})
        if self.ctx.services.settings.receiving.plates == "close":
            plates = self._print_plates(receipt=receipt)
            if plates:
                text += " · " + message("plates_printed", {"n": plates})
        low = self.ctx.services.receiving.stock_warnings(receipt)
        for sku, got, threshold in low:
            text += " · " + message("replenish", {"sku": sku, "got": got, "threshold": threshold})
        released = self._stock().released_by(receipt)
        release_text = ""
        if released:
            # the pre-sale orders waiting for these goods go to the pack-out queue
            shown = ", ".join(released[:5]) + (" …" if len(released) > 5 else "")
            release_text = message("presale_released", {"n": len(released), "orders": shown})
            text += " · " + release_text
        warn = short or printed or low
        self.ctx.feedback.give(Outcome.WARNING if warn else Outcome.OK, text)
        self.last.setText(release_text)  # stays on the page for the receiver to read
        self.refresh()  # the PO list changes: a received PO leaves it
        self.receipt_closed.emit(states)


def _lots_text(lots: tuple, shown: int = 2) -> str:
    """``L2611 · 2030-06-30``, the first lots received; ``+N`` for the rest."""
    parts = [f"{lot} · {expiry}" if expiry else lot for lot, expiry in lots[:shown]]
    if len(lots) > shown:
        parts.append(f"+{len(lots) - shown}")
    return ", ".join(parts)
