"""What a scanned code is: a product, a sales order, a purchase order, a badge...

Each page accepts some kinds of code; ``LookupService.scan`` decides the
verdict, writes the scan event and returns what was found, in one
transaction, so the scan is on disk before the page gives its beep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import peewee as pw

from station.core.scan import Outcome, Scan, Verdict
from station.db.models import (
    Operator,
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
)
from station.services.barcode_info import check_digit_refusal
from station.services.scans import record_scan

BLOCKED_ORDER_STATES = {"held", "cancelled"}


@dataclass(frozen=True)
class ProductView:
    sku: str
    name: str
    unit: str
    pack_qty: int
    weight_g: int | None


@dataclass(frozen=True)
class LineView:
    line_no: int
    sku: str
    name: str
    qty: int
    is_gift: bool = False


@dataclass(frozen=True)
class SalesOrderView:
    number: str
    status: str
    status_reason: str | None
    buyer_name: str
    address: str
    carrier: str | None
    promised_dispatch_at: datetime | None
    seller_remark: str | None
    buyer_message: str | None
    paid_fen: int
    lines: list[LineView] = field(default_factory=list)


@dataclass(frozen=True)
class PurchaseOrderView:
    number: str
    status: str
    supplier: str
    expected_at: datetime | None
    lines: list[LineView] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    kind: str  # product | sales_order | purchase_order | unknown
    product: ProductView | None = None
    sales_order: SalesOrderView | None = None
    purchase_order: PurchaseOrderView | None = None


def _order_lines(order_ids: list[int]) -> dict[int, list[LineView]]:
    """Lines of many sales orders in one query, by order id."""
    by_order: dict[int, list[LineView]] = {i: [] for i in order_ids}
    q = (
        SalesOrderLine.select(SalesOrderLine, Product)
        .join(Product)
        .where(SalesOrderLine.sales_order.in_(order_ids))
        .order_by(SalesOrderLine.sales_order, SalesOrderLine.line_no)
    )
    for ln in q:
        by_order[ln.sales_order_id].append(
            LineView(ln.line_no, ln.product.sku, ln.product.name, ln.qty, ln.is_gift)
        )
    return by_order


def sales_order_view(order: SalesOrder, lines: list[LineView] | None = None) -> SalesOrderView:
    if lines is None:
        lines = _order_lines([order.id])[order.id]
    return SalesOrderView(
        number=order.number,
        status=order.status,
        status_reason=order.status_reason,
        buyer_name=order.buyer_name,
        address=order.address,
        carrier=order.carrier,
        promised_dispatch_at=order.promised_dispatch_at,
        seller_remark=order.seller_remark,
        buyer_message=order.buyer_message,
        paid_fen=order.paid_fen,
        lines=lines,
    )


def purchase_order_view(po: PurchaseOrder) -> PurchaseOrderView:
    q = (
        PurchaseOrderLine.select(PurchaseOrderLine, Product)
        .join(Product)
        .where(PurchaseOrderLine.purchase_order == po)
        .order_by(PurchaseOrderLine.line_no)
    )
    return PurchaseOrderView(
        number=po.number,
        status=po.status,
        supplier=po.supplier.name,
        expected_at=po.expected_at,
        lines=[LineView(ln.line_no, ln.product.sku, ln.product.name, ln.qty_ordered) for ln in q],
    )


def identify(code: str) -> Found:
    code = code.strip()
    bc = (
        ProductBarcode.select(ProductBarcode, Product)
        .join(Product)
        .where(ProductBarcode.code == code)
        .first()
    )
    if bc is not None:
        p = bc.product
        return Found("product", product=ProductView(p.sku, p.name, p.unit, bc.pack_qty, p.weight_g))
    order = SalesOrder.get_or_none(SalesOrder.number == code)
    if order is not None:
        return Found("sales_order", sales_order=sales_order_view(order))
    po = PurchaseOrder.get_or_none(PurchaseOrder.number == code)
    if po is not None:
        return Found("purchase_order", purchase_order=purchase_order_view(po))
    return Found("unknown")


class LookupService:
    def __init__(self, db: pw.Database, bench_id: str):
        self.db = db
        self.bench_id = bench_id

    def scan(
        self,
        scan: Scan,
        *,
        context: str,
        accepts: frozenset[str],
        operator: Operator | None,
    ) -> tuple[Verdict, Found]:
        with self.db.atomic():
            found = identify(scan.data)
            verdict = self._verdict(scan, found, accepts)
            record_scan(scan, verdict, bench_id=self.bench_id, context=context, operator=operator)
        return verdict, found

    def record(
        self, scan: Scan, verdict: Verdict, *, context: str, operator: Operator | None
    ) -> None:
        """Log a scan whose verdict was reached without a lookup (a double read)."""
        with self.db.atomic():
            record_scan(scan, verdict, bench_id=self.bench_id, context=context, operator=operator)

    @staticmethod
    def _verdict(scan: Scan, found: Found, accepts: frozenset[str]) -> Verdict:
        if found.kind == "unknown":
            misread = check_digit_refusal(scan.data)
            if misread is not None:  # the verdict `station barcode parse` gives
                return Verdict(
                    Outcome.REFUSED, "bad_check_digit", {"code": scan.data, "detail": misread}
                )
            return Verdict(Outcome.REFUSED, "unknown_code", {"code": scan.data})
        if found.kind not in accepts:
            return Verdict(Outcome.WARNING, f"not_here_{found.kind}", {"code": scan.data})
        so = found.sales_order
        if so is not None and so.status in BLOCKED_ORDER_STATES:
            return Verdict(
                Outcome.REFUSED,
                f"order_{so.status}",
                {"number": so.number, "reason": so.status_reason or ""},
            )
        return Verdict(Outcome.OK, f"found_{found.kind}", {"code": scan.data})

    def open_orders(self, limit: int = 200) -> list[SalesOrderView]:
        """Orders to pack (the pack-out queue), soonest dispatch deadline first. A
        pre-sale order waiting for stock is not one until goods-in releases it
        (``station.services.stock.packable_now``)."""
        from station.services.stock import packable_now

        q = (
            SalesOrder.select()
            .where(
                SalesOrder.status.not_in(["shipped", "cancelled"])
                & (packable_now() | (SalesOrder.status != "new"))
            )
            .order_by(SalesOrder.promised_dispatch_at.asc(nulls="last"), SalesOrder.id)
            .limit(limit)
        )
        orders = list(q)
        lines = _order_lines([o.id for o in orders])
        return [sales_order_view(o, lines[o.id]) for o in orders]
