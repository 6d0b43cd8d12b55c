"""Advance shipping notices (ASN) from a JSON file: pallets by SSCC and what is on them.

``[{"asn": "ASN-1", "po": "PO-…", "pallets": [{"sscc": "…18 digits…",
"items": [{"sku": "…", "qty": 24, "lot": "…", "expiry": "2027-06-30"}]}]}]``
(a single notice may be given without the list). Checked whole first like
every import: a known PO, SSCCs with a valid check digit, known SKUs, whole
quantities, ISO dates; any refusal imports nothing. A pallet already here
is left alone. At goods-in, scanning a pallet's SSCC receives all of it.
"""

from __future__ import annotations

import json
from datetime import date

import peewee as pw

from station.core.barcodes import gs1_check_digit
from station.db.audit import append_audit
from station.db.models import AsnItem, AsnPallet, Product, PurchaseOrder
from station.services.order_import import ImportResult, Rejected, decode


def _sscc_ok(code: str) -> bool:
    return len(code) == 18 and code.isdigit() and gs1_check_digit(code[:-1]) == int(code[-1])


def _check(notices: list, result: ImportResult) -> list[tuple]:
    skus = {p.sku: p.id for p in Product.select(Product.id, Product.sku)}
    pallets = []
    seen: set[str] = set()
    for n, notice in enumerate(notices, start=1):
        if not isinstance(notice, dict):
            result.rejected.append(Rejected(n, "not_a_notice"))
            continue
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == str(notice.get("po", "")))
        if po is None:
            result.rejected.append(Rejected(n, "unknown_po", str(notice.get("po", ""))))
            continue
        for pallet in notice.get("pallets") or []:
            sscc = str(pallet.get("sscc", "")) if isinstance(pallet, dict) else ""
            if not _sscc_ok(sscc) or sscc in seen:
                result.rejected.append(Rejected(n, "bad_sscc", sscc))
                continue
            seen.add(sscc)
            items = []
            for item in pallet.get("items") or []:
                try:
                    qty = int(item["qty"])
                    expiry = date.fromisoformat(item["expiry"]) if item.get("expiry") else None
                    if qty <= 0:
                        raise ValueError
                except (KeyError, TypeError, ValueError):
                    result.rejected.append(Rejected(n, "bad_item", f"{sscc}: {item}"))
                    continue
                if item.get("sku") not in skus:
                    result.rejected.append(Rejected(n, "unknown_sku", str(item.get("sku"))))
                    continue
                items.append((skus[item["sku"]], qty, item.get("lot") or None, expiry))
            if not items:
                result.rejected.append(Rejected(n, "empty_pallet", sscc))
                continue
            pallets.append((po.id, str(notice.get("asn") or ""), sscc, items))
    return pallets


def import_asn(db: pw.Database, bench_id: str, data: bytes) -> ImportResult:
    """``result.orders`` counts the new pallets, ``result.lines`` their items."""
    result = ImportResult()
    try:
        text, result.encoding = decode(data)
        notices = json.loads(text)
    except (ValueError, json.JSONDecodeError) as exc:
        result.rejected.append(Rejected(0, "unreadable", str(exc)))
        return result
    if isinstance(notices, dict):
        notices = [notices]
    if not isinstance(notices, list) or not notices:
        result.rejected.append(Rejected(0, "empty", "no notices"))
        return result
    pallets = _check(notices, result)
    if result.rejected:
        return result
    with db.atomic():
        for po_id, asn, sscc, items in pallets:
            if AsnPallet.get_or_none(AsnPallet.sscc == sscc) is not None:
                result.already += 1
                continue
            pallet = AsnPallet.create(purchase_order=po_id, asn_number=asn, sscc=sscc)
            for product_id, qty, lot, expiry in items:
                AsnItem.create(pallet=pallet, product=product_id, qty=qty, lot=lot, expiry=expiry)
            result.orders += 1
            result.lines += len(items)
        append_audit(
            bench_id, "asn_imported", details={"pallets": result.orders, "already": result.already}
        )
    return result
