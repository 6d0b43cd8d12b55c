"""Goods-in, licence plates: SSCCs numbered from the bench's counter, and the
putaway plate of each carton or pallet received (kept on the line, so a reprint
carries the same number)."""

from __future__ import annotations

from datetime import date

from station.core.barcodes import gs1_check_digit
from station.db.models import Meta, Receipt, ReceiptLine
from station.labels.layout import FNC1
from station.services.receiving.receipts import ReceiveError


class PlateNumbering:
    """SSCCs and putaway plates. Part of
    :class:`station.services.receiving.ReceivingService`."""

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
