"""Advance shipping notices (ASN) from a JSON file: pallets by SSCC and what is on them.

``[{"asn": "ASN-1", "po": "PO-…", "pallets": [{"sscc": "…18 digits…",
"items": [{"sku": "…", "qty": 24, "lot": "…", "expiry": "2027-06-30"}]}]}]``
(a single notice may be given without the list). Checked whole first like
every import: a known PO, SSCCs with a valid check digit, known SKUs, whole
quantities, ISO dates; any refusal imports nothing. Values go through the
spreadsheet-damage rules of station/services/cells.py first (an SSCC written
as a number keeps its leading zeros back, one that lost digits is refused). A pallet already here
is left alone. At goods-in, scanning a pallet's SSCC receives all of it.
"""

from __future__ import annotations

import json
from datetime import date

import peewee as pw

from station.core.barcodes import gs1_check_digit
from station.db.audit import append_audit
from station.db.models import AsnItem, AsnPallet, Product, PurchaseOrder
from station.services.cells import CellDamage, clean_cell, is_plain_number
from station.services.order_import import ImportResult, Rejected, decode


def _cell(value: object, kind: str, n: int, field: str, result: ImportResult) -> str | None:
    """A JSON value through the spreadsheet-damage rules (JSON made from a sheet
    carries the same: an SSCC as a number that lost its leading zero or its last
    digits, a date as a serial); ``None`` and a refusal noted when it is lost."""
    text = "" if value is None else str(value)
    try:
        return clean_cell(text, kind)
    except CellDamage as damage:
        code = "bad_sscc" if damage.code == "bad_check_digit" else damage.code
        result.rejected.append(Rejected(n, code, text, column=field, field=field))
        return None


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
        number = _cell(notice.get("po"), "id", n, "po", result)
        if number is None:
            continue
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == number)
        if po is None:
            result.rejected.append(Rejected(n, "unknown_po", number, field="po"))
            continue
        for pallet in notice.get("pallets") or []:
            sscc = (
                _cell(pallet.get("sscc"), "sscc", n, "sscc", result)
                if isinstance(pallet, dict)
                else ""
            )
            if sscc is None:
                continue
            if not _sscc_ok(sscc) or sscc in seen:
                result.rejected.append(Rejected(n, "bad_sscc", sscc, field="sscc"))
                continue
            seen.add(sscc)
            items = []
            for item in pallet.get("items") or []:
                if not isinstance(item, dict):
                    result.rejected.append(Rejected(n, "bad_item", f"{sscc}: {item}"))
                    continue
                cells = {
                    field: _cell(item.get(field), kind, n, field, result)
                    for field, kind in (("sku", "id"), ("qty", "number"), ("lot", "id"))
                }
                cells["expiry"] = _cell(item.get("expiry"), "date", n, "expiry", result)
                if None in cells.values():
                    continue
                try:
                    qty = int(cells["qty"]) if is_plain_number(cells["qty"]) else 0
                    expiry = date.fromisoformat(cells["expiry"][:10]) if cells["expiry"] else None
                    if qty <= 0:
                        raise ValueError
                except ValueError:
                    result.rejected.append(Rejected(n, "bad_item", f"{sscc}: {item}"))
                    continue
                if cells["sku"] not in skus:
                    result.rejected.append(Rejected(n, "unknown_sku", cells["sku"], field="sku"))
                    continue
                items.append((skus[cells["sku"]], qty, cells["lot"] or None, expiry))
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
