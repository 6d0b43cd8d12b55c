"""Goods-in, the supplier's discrepancy report: the PO lines as they stand after a
receipt (short, over, held, lots) and the items not on the PO."""

from __future__ import annotations

from station.db.models import Receipt, ReceiptLine
from station.labels.discrepancy_report import (
    DiscrepancyData,
    DiscrepancyLine,
    render_discrepancy_report,
)


class DiscrepancyReporting:
    """The report's data and PDF. Part of
    :class:`station.services.receiving.ReceivingService`."""

    # --- the supplier's discrepancy report ---

    def report_data(self, receipt: Receipt) -> DiscrepancyData:
        """PO lines as they stand after this receipt, and the items not on the PO."""
        mine = list(receipt.lines.order_by(ReceiptLine.id))
        out = []
        for s in self.lines(receipt):
            here = [ln for ln in mine if ln.purchase_order_line_id == s.po_line_id]
            held = sum(ln.qty for ln in here if ln.status != "accepted")
            reasons = sorted({_reason_text(ln.reason) for ln in here if ln.reason})
            out.append(
                DiscrepancyLine(
                    sku=s.sku,
                    name=s.name,
                    expected=s.ordered,
                    received=s.received,
                    short=s.open,
                    over=max(0, s.received - s.ordered),
                    held=held,
                    lots=_lots(here),
                    note=", ".join(reasons),
                )
            )
        for ln in mine:
            if ln.discrepancy == "wrong_item":
                out.append(
                    DiscrepancyLine(
                        sku=ln.product.sku if ln.product_id else (ln.barcode or ""),
                        name=ln.product.name if ln.product_id else "",
                        expected=0,
                        received=ln.qty,
                        short=0,
                        over=ln.qty,
                        held=ln.qty,
                        lots=_lots([ln]),
                        note="错货 not on the PO",
                    )
                )
        when = receipt.closed_at or receipt.created_at
        return DiscrepancyData(
            receipt=receipt.number,
            purchase_order=receipt.purchase_order.number,
            supplier=f"{receipt.supplier.code} {receipt.supplier.name}" if receipt.supplier else "",
            date=when.strftime("%Y-%m-%d %H:%M UTC"),
            lines=out,
        )

    def report_pdf(self, receipt: Receipt) -> bytes:
        return render_discrepancy_report(self.report_data(receipt))


def _reason_text(reason: str) -> str:
    """A line's machine reason as the report prints it."""
    kind, _, detail = reason.partition(":")
    if kind == "shelf_life" and "<" in detail:
        left, minimum = detail.split("<", 1)
        return f"保质期不足 short shelf life: {left} d < {minimum} d"
    return reason


def _lots(lines: list[ReceiptLine]) -> str:
    seen: dict[tuple, int] = {}
    for ln in lines:
        if ln.lot or ln.expiry:
            key = (ln.lot or "-", ln.expiry.isoformat() if ln.expiry else "")
            seen[key] = seen.get(key, 0) + ln.qty
    return ", ".join(
        f"{lot}{f' ({exp})' if exp else ''} ×{qty}" for (lot, exp), qty in seen.items()
    )
