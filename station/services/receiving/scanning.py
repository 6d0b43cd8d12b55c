"""Goods-in, scanning: each scan read as GS1 data (or a known plain barcode), matched
to the product and its PO line and written at once with its record for head office;
pallets announced by an ASN received whole; unknown barcodes linked with approval."""

from __future__ import annotations

from station.core.wedge_text import GS
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    AsnItem,
    AsnPallet,
    Operator,
    Product,
    ProductBarcode,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    utcnow,
)
from station.services import gs1
from station.services.approvals import may_approve, require_approver
from station.services.barcode_info import check_digit_fault
from station.services.receiving.receipts import Received, ReceiveError


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


class UnitScanning:
    """Receiving scanned units and pallets, linking barcodes. Part of
    :class:`station.services.receiving.ReceivingService`."""

    # --- scanning ---

    @staticmethod
    def _product(read: gs1.Gs1Read) -> tuple[Product | None, int]:
        codes = read.gtin_forms
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
                raise _refusal(exc, raw, self.gs_standin) from None
            if read.sscc and not read.gtin:
                return self._receive_pallet(receipt, read.sscc, raw, operator, approved_by)
            product, pack_qty = self._product(read)
        if product is None:
            raise ReceiveError("receive.unknown_barcode", barcode=read.printed_gtin or raw.strip())
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


# refusals whose detail is the barcode library's (English) reason
_LIBRARY_DETAIL = ("gs1.unreadable", "gs1.bad_gtin", "gs1.bad_sscc")


def _refusal(exc: gs1.Gs1Refused, raw: str, gs_standin: str) -> Exception:
    """What a refused GS1 read tells the receiver, as a code with data, never the
    barcode library's English: a misread check digit (``bad_check_digit`` with the
    number's kind, the digit expected and the digit read, as at pack-out), else the
    refusal with the code as scanned (group separators shown as spaces)."""
    fault = check_digit_fault(raw, gs_standin=gs_standin)
    if fault is not None:
        misread = ReceiveError("bad_check_digit")
        misread.params = {"code": raw.strip(), **fault.params()}  # "code" names the scan
        return misread
    if exc.code in _LIBRARY_DETAIL:
        shown = raw.strip().replace(GS, " ")
        return gs1.Gs1Refused(exc.code, detail=shown)
    return exc
