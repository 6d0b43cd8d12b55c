"""Goods-in, receipts: the purchase orders to receive, a receipt opened against one,
its lines as they stand (all receipts of the PO counted), and closing it (shorts
recorded, the PO partial or received, products to replenish)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from station.core.errors import CodedError
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    Operator,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    Supplier,
    utcnow,
)
from station.services.stock import StockService


class ReceiveError(CodedError):
    pass


@dataclass(frozen=True)
class Received:
    line: ReceiptLine
    sku: str
    qty: int
    status: str  # accepted | quarantine
    discrepancy: str | None  # over | wrong_item | None
    reason: str | None


@dataclass(frozen=True)
class LineState:
    po_line_id: int
    sku: str
    name: str
    ordered: int
    received: int  # all receipts of this PO, wrong items excluded
    held: int = 0  # of those, in quarantine or rejected
    lots: tuple[tuple[str, date | None], ...] = ()  # (lot, expiry) received, oldest first
    image: str | None = None  # the product's picture reference (station.services.pictures)

    @property
    def open(self) -> int:
        return max(0, self.ordered - self.received)


class ReceiptKeeping:
    """Opening, reading and closing receipts. Part of
    :class:`station.services.receiving.ReceivingService`."""

    db: pw.Database
    bench_id: str

    # --- opening ---

    @staticmethod
    def open_purchase_orders(limit: int = 200) -> list[tuple[str, str]]:
        """(number, supplier name) of the POs still to receive, soonest expected first."""
        q = (
            PurchaseOrder.select(PurchaseOrder, Supplier)
            .join(Supplier)
            .where(PurchaseOrder.status.in_(["open", "partial"]))
            .order_by(PurchaseOrder.expected_at.asc(nulls="LAST"), PurchaseOrder.number)
            .limit(limit)
        )
        return [(po.number, po.supplier.name) for po in q]

    @staticmethod
    def is_purchase_order(code: str) -> bool:
        return PurchaseOrder.get_or_none(PurchaseOrder.number == code.strip()) is not None

    @staticmethod
    def open_receipt(code: str) -> Receipt | None:
        """The receipt still open against the PO numbered ``code`` (the oldest, were
        there several), or None: no such PO, or none of its receipts is open."""
        return (
            Receipt.select()
            .join(PurchaseOrder)
            .where((PurchaseOrder.number == code.strip()) & (Receipt.status == "open"))
            .order_by(Receipt.id)
            .first()
        )

    def open(self, code: str, operator: Operator | None) -> Receipt:
        """The receipt for the PO whose number was scanned (or chosen): the PO's receipt
        still open if it has one (a receiver who logged out, or put it aside, comes
        back to it, whoever started it: the units on the bench are counted on it;
        audited ``receipt_resumed``), else a new one numbered ``GR-<PO>-<n>``.

        Raises :class:`ReceiveError` ``receive.unknown_po`` or ``receive.po_not_open``.
        """
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == code.strip())
        if po is None:
            raise ReceiveError("receive.unknown_po", barcode=code.strip())
        if po.status in ("closed", "cancelled", "received"):
            raise ReceiveError("receive.po_not_open", number=po.number, status=po.status)
        with self.db.atomic():
            still_open = self.open_receipt(po.number)
            if still_open is not None:
                append_audit(
                    self.bench_id,
                    "receipt_resumed",
                    operator=operator,
                    entity="receipt",
                    entity_uuid=still_open.uuid,
                    details={"po": po.number, "number": still_open.number},
                )
                return still_open
            n = Receipt.select().where(Receipt.purchase_order == po).count() + 1
            receipt = Receipt.create(
                number=f"GR-{po.number}-{n}",
                purchase_order=po,
                supplier=po.supplier,
                operator=operator,
                bench_id=self.bench_id,
            )
            append_audit(
                self.bench_id,
                "receipt_opened",
                operator=operator,
                entity="receipt",
                entity_uuid=receipt.uuid,
                details={"po": po.number},
            )
        return receipt

    def lines(self, receipt: Receipt) -> list[LineState]:
        po = receipt.purchase_order
        of_po = (Receipt.purchase_order == po) & ReceiptLine.purchase_order_line.is_null(False)
        not_accepted = pw.Case(None, [(ReceiptLine.status != "accepted", ReceiptLine.qty)], 0)
        counted = {
            line_id: (received, held)
            for line_id, received, held in ReceiptLine.select(
                ReceiptLine.purchase_order_line,
                pw.fn.SUM(ReceiptLine.qty),
                pw.fn.SUM(not_accepted),
            )
            .join(Receipt)
            .where(of_po)
            .group_by(ReceiptLine.purchase_order_line)
            .tuples()
        }
        lots: dict[int, list[tuple[str, date | None]]] = {}
        for line_id, lot, expiry in (
            ReceiptLine.select(ReceiptLine.purchase_order_line, ReceiptLine.lot, ReceiptLine.expiry)
            .join(Receipt)
            .where(of_po & ReceiptLine.lot.is_null(False))
            .group_by(ReceiptLine.purchase_order_line, ReceiptLine.lot, ReceiptLine.expiry)
            .order_by(pw.fn.MIN(ReceiptLine.id))
            .tuples()
        ):
            lots.setdefault(line_id, []).append((lot, expiry))
        return [
            LineState(
                ln.id,
                ln.product.sku,
                ln.product.name,
                ln.qty_ordered,
                *counted.get(ln.id, (0, 0)),
                tuple(lots.get(ln.id, ())),
                ln.product.image,
            )
            for ln in PurchaseOrderLine.select(PurchaseOrderLine, Product)
            .join(Product)
            .where(PurchaseOrderLine.purchase_order == po)
            .order_by(PurchaseOrderLine.line_no)
        ]

    # --- closing ---

    def stock_warnings(self, receipt: Receipt) -> list[tuple[str, int, int]]:
        """(sku, accepted units, threshold) for the PO's products with a stock threshold
        whose accepted receipts stay under it: to be replenished."""
        po = receipt.purchase_order
        accepted = dict(
            ReceiptLine.select(ReceiptLine.product, pw.fn.SUM(ReceiptLine.qty))
            .join(Receipt)
            .where(
                (Receipt.purchase_order == po)
                & (ReceiptLine.status == "accepted")
                & ReceiptLine.purchase_order_line.is_null(False)
            )
            .group_by(ReceiptLine.product)
            .tuples()
        )
        out = []
        for ln in po.lines.order_by(PurchaseOrderLine.line_no):
            threshold = ln.product.stock_threshold
            got = accepted.get(ln.product_id, 0)
            if threshold and got < threshold:
                out.append((ln.product.sku, got, threshold))
        return out

    def close(self, receipt: Receipt, operator: Operator | None = None) -> list[LineState]:
        """Close the receipt: lines still open are recorded short; the PO becomes
        partial or received; the pre-sale orders waiting for stock that the accepted
        goods now fill are released in the same transaction
        (``station.services.stock``: ``StockService.released_by(receipt)`` names
        them). Returns the PO's lines as they stand."""
        if receipt.status != "open":
            raise ReceiveError("receive.receipt_closed", number=receipt.number)
        states = self.lines(receipt)
        with self.db.atomic():
            receipt.status, receipt.closed_at = "closed", utcnow()
            receipt.save()
            po = receipt.purchase_order
            po.status = "received" if all(s.open == 0 for s in states) else "partial"
            po.save()
            shorts = {s.sku: s.open for s in states if s.open}
            replenish = [
                {"sku": sku, "accepted": got, "threshold": threshold}
                for sku, got, threshold in self.stock_warnings(receipt)
            ]
            append_audit(
                self.bench_id,
                "receipt_closed",
                operator=operator,
                entity="receipt",
                entity_uuid=receipt.uuid,
                details={
                    "po": po.number,
                    "po_status": po.status,
                    "short": shorts,
                    "replenish": replenish,
                },
            )
            outbox.enqueue(
                self.bench_id,
                "receipt",
                receipt.uuid,
                {
                    "uuid": receipt.uuid,
                    "number": receipt.number,
                    "purchase_order": po.number,
                    "po_status": po.status,
                    "short": shorts,
                    "replenish": replenish,
                    "closed_at": receipt.closed_at,
                },
            )
            StockService(self.db, self.bench_id).release(receipt=receipt, operator=operator)
        return states
