"""Three-way match: the supplier's invoice against the purchase order and what was received.

Per SKU: ordered and PO unit price, received (all receipts of the PO, wrong
items and quarantined units included: they arrived), invoiced quantity and
unit price. A line matches when the invoice asks for no more than was
received and at the PO's price; every other case is listed with its kind:
``invoiced_more_than_received``, ``price_differs``, ``not_on_po``,
``received_not_invoiced``. The result is audited and sent to head office.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

import peewee as pw

from station.core.errors import CodedError
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine, new_uuid
from station.services.cells import fen
from station.services.order_import import decode


class MatchError(CodedError):
    pass


@dataclass(frozen=True)
class InvoiceLine:
    sku: str
    qty: int
    unit_price_fen: int


@dataclass(frozen=True)
class MatchRow:
    sku: str
    ordered: int
    po_price_fen: int | None
    received: int
    invoiced: int
    invoice_price_fen: int | None
    problems: tuple[str, ...]


def parse_invoice(data: bytes) -> list[InvoiceLine]:
    """CSV with ``sku,qty,unit_price`` (CNY), UTF-8 or GBK; refuses the whole file on a bad row."""
    try:
        text, _ = decode(data)
    except ValueError as exc:
        raise MatchError("match.unreadable", detail=str(exc)) from None
    lines = []
    reader = csv.DictReader(io.StringIO(text))
    try:
        for row in reader:
            lines.append(
                invoice_line(row.get("sku"), row.get("qty"), row.get("unit_price"), reader.line_num)
            )
    except csv.Error as exc:
        raise MatchError("match.unreadable", detail=str(exc)) from None
    if not lines:
        raise MatchError("match.empty")
    return lines


def invoice_line(
    sku: str | None, qty: str | None, unit_price: str | None, line: int
) -> InvoiceLine:
    """One invoice line from text (a CSV row or keyed at the bench): the price in CNY."""
    sku = (sku or "").strip()
    try:
        n = int((qty or "").strip())
        price = Decimal((unit_price or "").strip())
        if n <= 0 or not price.is_finite() or price < 0:
            raise ValueError
        price_fen = fen(price)
    except (ValueError, InvalidOperation):
        raise MatchError("match.bad_row", line=line) from None
    if not sku:
        raise MatchError("match.bad_row", line=line)
    return InvoiceLine(sku, n, price_fen)


def match(
    db: pw.Database, bench_id: str, po: PurchaseOrder, invoice: list[InvoiceLine], ref: str = ""
) -> list[MatchRow]:
    ordered: dict[str, tuple[int, int | None]] = {}
    for ln in po.lines.order_by(PurchaseOrderLine.line_no):
        qty, price = ordered.get(ln.product.sku, (0, ln.unit_price_fen))
        ordered[ln.product.sku] = (qty + ln.qty_ordered, price)
    received: dict[str, int] = {}
    for ln in ReceiptLine.select().join(Receipt).where(Receipt.purchase_order == po):
        if ln.product_id:
            received[ln.product.sku] = received.get(ln.product.sku, 0) + ln.qty
    invoiced: dict[str, tuple[int, int]] = {}
    for inv in invoice:
        qty, _ = invoiced.get(inv.sku, (0, inv.unit_price_fen))
        invoiced[inv.sku] = (qty + inv.qty, inv.unit_price_fen)
    rows = []
    for sku in list(ordered) + sorted(set(invoiced) - set(ordered)):
        o_qty, o_price = ordered.get(sku, (0, None))
        i_qty, i_price = invoiced.get(sku, (0, None))
        got = received.get(sku, 0)
        problems = []
        if sku not in ordered:
            problems.append("not_on_po")
        if i_qty > got:
            problems.append("invoiced_more_than_received")
        if i_price is not None and o_price is not None and i_price != o_price:
            problems.append("price_differs")
        if got and not i_qty:
            problems.append("received_not_invoiced")
        rows.append(MatchRow(sku, o_qty, o_price, got, i_qty, i_price, tuple(problems)))
    with db.atomic():
        uuid = new_uuid()
        problems = [asdict(r) for r in rows if r.problems]
        append_audit(
            bench_id,
            "invoice_matched",
            entity="purchase_order",
            entity_uuid=po.uuid,
            details={"invoice": ref, "mismatches": len(problems)},
        )
        outbox.enqueue(
            bench_id,
            "invoice_match",
            uuid,
            {"purchase_order": po.number, "invoice": ref, "rows": [asdict(r) for r in rows]},
        )
    return rows
