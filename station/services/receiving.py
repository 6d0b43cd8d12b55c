"""Goods-in: receive a delivery against its purchase order, line by line.

A receipt is opened from a PO number (scanned or chosen); each scan is read
as GS1 data (lot, expiry, serial, count, SSCC), matched to a product by its
barcode and to the PO line, and written at once with its outbox entry. A
product that is not on the PO is recorded as a wrong item and refused; more
than ordered is recorded as over-receipt, and beyond the station's limit only
with a supervisor's approval; a tracked product needs its lot and expiry; a
remaining shelf life under the product's minimum sends the line to
quarantine with the reason. Closing the receipt records what is still short
and moves the PO to partial or received. Several receipts may serve one PO.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from station.core.barcodes import gs1_check_digit
from station.core.errors import CodedError
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    AsnItem,
    AsnPallet,
    Meta,
    Operator,
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    Supplier,
    utcnow,
)
from station.labels.discrepancy_report import (
    DiscrepancyData,
    DiscrepancyLine,
    render_discrepancy_report,
)
from station.labels.layout import FNC1
from station.services import gs1
from station.services.approvals import may_approve, require_approver


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


def _payload(line: ReceiptLine, receipt: Receipt) -> dict:
    return {
        "uuid": line.uuid,
        "receipt": receipt.uuid,
        "receipt_number": receipt.number,
        "purchase_order": receipt.purchase_order.number if receipt.purchase_order else None,
        "sku": line.product.sku if line.product_id else None,
        "barcode": line.barcode,
        "qty": line.qty,
        "lot": line.lot,
        "expiry": line.expiry,
        "serial": line.serial,
        "sscc": line.sscc,
        "status": line.status,
        "discrepancy": line.discrepancy,
        "reason": line.reason,
        "created_at": line.created_at,
    }


class ReceivingService:
    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        *,
        over_limit_pct: float = 5.0,
        gs_standin: str = "",
        today=date.today,
    ):
        self.db = db
        self.bench_id = bench_id
        self.over_limit_pct = over_limit_pct
        self.gs_standin = gs_standin
        self.today = today

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

    def open(self, code: str, operator: Operator | None) -> Receipt:
        """A new receipt for the PO whose number was scanned (or chosen)."""
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == code.strip())
        if po is None:
            raise ReceiveError("receive.unknown_po", barcode=code.strip())
        if po.status in ("closed", "cancelled", "received"):
            raise ReceiveError("receive.po_not_open", number=po.number, status=po.status)
        with self.db.atomic():
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

    # --- scanning ---

    @staticmethod
    def _product(read: gs1.Gs1Read) -> tuple[Product | None, int]:
        codes = [c for c in (read.gtin, read.gtin13) if c]
        pb = ProductBarcode.get_or_none(ProductBarcode.code.in_(codes)) if codes else None
        if pb is None:
            return None, 1
        return pb.product, pb.pack_qty

    def scan(
        self,
        receipt: Receipt,
        raw: str,
        *,
        operator: Operator | None = None,
        approved_by: Operator | None = None,
        qty: int | None = None,
    ) -> Received:
        """Record one scan on ``receipt``. Refusals raise ``ReceiveError`` (or
        ``gs1.Gs1Refused``); a wrong item is recorded and then refused."""
        if receipt.status != "open":
            raise ReceiveError("receive.receipt_closed", number=receipt.number)
        direct = ProductBarcode.get_or_none(ProductBarcode.code == raw.strip())
        if direct is not None:  # an EAN, a SKU label, a supplier code: no GS1 data to read
            read, product, pack_qty = gs1.Gs1Read(), direct.product, direct.pack_qty
        else:
            try:
                read = gs1.read(raw, gs_standin=self.gs_standin)
            except gs1.Gs1Refused as exc:
                if exc.code == "gs1.unreadable" and not raw.strip()[:2].isdigit():
                    # a supplier's own code (Code 128 text): the receiver may link it
                    raise ReceiveError("receive.unknown_barcode", barcode=raw.strip()) from None
                raise
            if read.sscc and not read.gtin:
                return self._receive_pallet(receipt, read.sscc, raw, operator, approved_by)
            product, pack_qty = self._product(read)
        if product is None:
            raise ReceiveError("receive.unknown_barcode", barcode=read.gtin13 or raw.strip())
        units = qty if qty is not None else (read.count or 1) * pack_qty
        if units <= 0:
            raise ReceiveError("receive.bad_quantity", qty=units)
        return self._receive(receipt, product, units, read, raw, operator, approved_by)

    def _receive_pallet(self, receipt, sscc, raw, operator, approved_by) -> Received:
        """A pallet announced by the supplier's ASN: everything on it, in one transaction
        (any refusal refuses the whole pallet)."""
        pallet = AsnPallet.get_or_none(
            (AsnPallet.sscc == sscc) & (AsnPallet.purchase_order == receipt.purchase_order_id)
        )
        if pallet is None:
            raise ReceiveError("receive.pallet_code", sscc=sscc)
        if pallet.received_at is not None:
            raise ReceiveError("receive.pallet_received", sscc=sscc)
        got = []
        with self.db.atomic():
            for item in pallet.items.order_by(AsnItem.id):
                read = gs1.Gs1Read(lot=item.lot, expiry=item.expiry, sscc=sscc)
                got.append(
                    self._receive(receipt, item.product, item.qty, read, raw, operator, approved_by)
                )
            pallet.received_at = utcnow()
            pallet.save()
        if not got:
            raise ReceiveError("receive.pallet_code", sscc=sscc)
        held = [r for r in got if r.status != "accepted"]
        over = next((r.discrepancy for r in got if r.discrepancy), None)
        return Received(
            got[-1].line,
            f"(00){sscc}",
            sum(r.qty for r in got),
            "quarantine" if held else "accepted",
            over,
            held[0].reason if held else None,
        )

    def _receive(self, receipt, product, units, read, raw, operator, approved_by) -> Received:
        po_line = (
            PurchaseOrderLine.select()
            .where(
                (PurchaseOrderLine.purchase_order == receipt.purchase_order_id)
                & (PurchaseOrderLine.product == product)
            )
            .first()
        )
        fields = {
            "product": product,
            "barcode": raw.strip()[:200],
            "qty": units,
            "lot": read.lot,
            "expiry": read.expiry,
            "serial": read.serial,
            "sscc": read.sscc,
        }
        if po_line is None:
            self._write(receipt, operator, status="quarantine", discrepancy="wrong_item", **fields)
            raise ReceiveError("receive.wrong_item", sku=product.sku, name=product.name)
        if product.track_lot and not read.lot:
            raise ReceiveError("receive.lot_required", sku=product.sku)
        if product.track_expiry and read.expiry is None:
            raise ReceiveError("receive.expiry_required", sku=product.sku)
        status, reason = "accepted", None
        if read.expiry is not None and product.min_shelf_life_days:
            left = (read.expiry - self.today()).days
            if left < product.min_shelf_life_days:
                status = "quarantine"
                reason = f"shelf_life:{left}<{product.min_shelf_life_days}"
        state = next(s for s in self.lines(receipt) if s.po_line_id == po_line.id)
        over = state.received + units - state.ordered
        discrepancy = None
        if over > 0:
            discrepancy = "over"
            if (
                over > state.ordered * self.over_limit_pct / 100
                and may_approve(approved_by) is None
            ):
                raise ReceiveError(
                    "receive.over_needs_supervisor",
                    sku=product.sku,
                    ordered=state.ordered,
                    received=state.received + units,
                )
        line = self._write(
            receipt,
            operator,
            purchase_order_line=po_line,
            status=status,
            discrepancy=discrepancy,
            reason=reason,
            approved_by=approved_by if discrepancy else None,
            **fields,
        )
        return Received(line, product.sku, units, status, discrepancy, reason)

    def _write(self, receipt: Receipt, operator, *, approved_by=None, **fields) -> ReceiptLine:
        with self.db.atomic():
            line = ReceiptLine.create(receipt=receipt, **fields)
            outbox.enqueue(self.bench_id, "receipt_line", line.uuid, _payload(line, receipt))
            if line.discrepancy or line.status != "accepted":
                append_audit(
                    self.bench_id,
                    f"receipt_{line.discrepancy or line.status}",
                    operator=operator,
                    approved_by=approved_by,
                    entity="receipt_line",
                    entity_uuid=line.uuid,
                    details={"sku": fields["product"].sku, "qty": line.qty, "reason": line.reason},
                )
        return line

    # --- unknown barcodes ---

    def link_barcode(
        self,
        code: str,
        product: Product | str,
        approved_by: Operator,
        operator: Operator | None = None,
    ) -> ProductBarcode:
        """Teach the station an unknown barcode (supervisor approval); sent to head office.
        ``product`` is a Product or its SKU."""
        if isinstance(product, str):
            found = Product.get_or_none(Product.sku == product)
            if found is None:
                raise ReceiveError("receive.unknown_sku", sku=product)
            product = found
        require_approver(approved_by, lambda: ReceiveError("receive.link_needs_supervisor"))
        code = code.strip()
        if ProductBarcode.get_or_none(ProductBarcode.code == code) is not None:
            raise ReceiveError("receive.barcode_known", barcode=code)
        with self.db.atomic():
            pb = ProductBarcode.create(product=product, code=code, kind="supplier")
            append_audit(
                self.bench_id,
                "barcode_linked",
                operator=operator,
                approved_by=approved_by,
                entity="product",
                entity_uuid=product.uuid,
                details={"code": code, "sku": product.sku},
            )
            outbox.enqueue(
                self.bench_id,
                "barcode_link",
                f"{product.uuid}:{code}",
                {"sku": product.sku, "code": code, "approved_by": approved_by.name},
            )
        return pb

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
        partial or received. Returns the PO's lines as they stand."""
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
        return states

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

    # --- licence plates ---

    def next_sscc(self, company_prefix: str, extension: int = 0) -> str:
        """The next SSCC of this bench: extension digit, GS1 company prefix, a serial
        reference from a counter kept in the database, and the check digit."""
        if not company_prefix.isdigit() or not 6 <= len(company_prefix) <= 12:
            raise ReceiveError("receive.bad_company_prefix", prefix=company_prefix)
        width = 16 - len(company_prefix)
        key = f"sscc_serial:{extension}:{company_prefix}"
        with self.db.atomic():
            row = Meta.get_or_none(Meta.key == key)
            n = int(row.value) + 1 if row else 1
            if n >= 10**width:
                raise ReceiveError("receive.sscc_exhausted", prefix=company_prefix)
            Meta.insert(key=key, value=str(n)).on_conflict_replace().execute()
        body = f"{extension}{company_prefix}{n:0{width}d}"
        return body + str(gs1_check_digit(body))

    def lpn_pages(
        self, receipt: Receipt, company_prefix: str = "", lines: list[ReceiptLine] | None = None
    ) -> list[dict]:
        """The fields of the ``lpn_*`` label template, one plate per carton or pallet
        received (a receipt line; the lines of one ASN pallet share its plate).

        A line without a plate gets the bench's next SSCC when there is a GS1 company
        prefix, else ``LPN-<receipt>-<n>``; the plate is kept on the line, so a reprint
        carries the same number."""
        if lines is None:
            lines = list(
                receipt.lines.where(ReceiptLine.purchase_order_line.is_null(False)).order_by(
                    ReceiptLine.id
                )
            )
        plates: dict[str, list[ReceiptLine]] = {}
        with self.db.atomic():
            for ln in lines:
                if ln.purchase_order_line_id is None:
                    continue
                if not ln.sscc:
                    plate = (
                        self.next_sscc(company_prefix)
                        if company_prefix
                        else f"LPN-{receipt.number}-{ln.id}"
                    )
                    # the plate goes on the line only if it has none yet: a plate given
                    # since the lines were read (another print of the same receipt) stays
                    # the line's plate, so a pallet never carries two numbers
                    ReceiptLine.update(sscc=plate).where(
                        (ReceiptLine.id == ln.id)
                        & (ReceiptLine.sscc.is_null() | (ReceiptLine.sscc == ""))
                    ).execute()
                    ln.sscc = (
                        ReceiptLine.select(ReceiptLine.sscc).where(ReceiptLine.id == ln.id).scalar()
                    )
                plates.setdefault(ln.sscc, []).append(ln)
        if not plates:
            raise ReceiveError("receive.nothing_received", number=receipt.number)
        today = date.today().isoformat()
        pages = []
        for plate, group in plates.items():
            sscc = len(plate) == 18 and plate.isdigit()
            first = group[0]
            held = any(ln.status != "accepted" for ln in group)
            if len(group) == 1:
                sku, name = first.product.sku, first.product.name
            else:
                sku = f"{len({ln.product_id for ln in group})} SKU"
                name = " · ".join(f"{ln.product.sku} ×{ln.qty}" for ln in group)
            lots = sorted({ln.lot for ln in group if ln.lot})
            expiries = sorted({ln.expiry.isoformat() for ln in group if ln.expiry})
            pages.append(
                {
                    "plate_barcode": f"{FNC1}00{plate}" if sscc else plate,
                    "plate_text": f"(00) {plate}" if sscc else plate,
                    "sku": sku,
                    "qty": sum(ln.qty for ln in group),
                    "name": name,
                    "lot_line": f"批号 Lot: {', '.join(lots)}" if lots else "",
                    "expiry_line": f"有效期 Expiry: {expiries[0]}" if expiries else "",
                    "receipt": receipt.number,
                    "purchase_order": receipt.purchase_order.number,
                    "date": today,
                    "status_banner": "隔离 QUARANTINE" if held else "",
                }
            )
        return pages


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
