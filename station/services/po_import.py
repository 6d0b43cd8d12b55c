"""Purchase orders from files: the station's own CSV or JSON (docs/formats.md).

The same rules as the sales-order import: the whole file is decoded (UTF-8,
with or without BOM, or GBK/GB18030) and checked before anything is written;
any refused row is listed with its line number and reason and nothing is
imported; a file that passes is written in one transaction; a purchase order
already here is left alone (re-importing adds nothing) and one that differs
is reported as a conflict, never overwritten.

A supplier not yet known is created when the file gives its name; a bare
unknown supplier code is refused.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import peewee as pw

from station.db.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier, new_uuid
from station.services.cells import fen, is_plain_number
from station.services.order_import import (
    ImportResult,
    Rejected,
    _parse_time,
    _rows_from_csv,
    check_line,
    clean_json_rows,
    decode,
    name_columns,
    write_new,
)

PO_COLUMNS = ("po_number", "supplier_code", "supplier_name", "expected_at", "sku", "qty")
REQUIRED = ("po_number", "supplier_code", "sku", "qty")
PO_KINDS = {  # station/services/cells.py
    "po_number": "id",
    "supplier_code": "id",
    "supplier_name": "text",
    "expected_at": "date",
    "sku": "id",
    "qty": "number",
    "unit_price": "number",
}


def _rows_from_json(text: str) -> list[tuple[int, dict[str, str]]]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("a JSON purchase-order file holds a list of purchase orders")
    rows = []
    for n, po in enumerate(data, start=1):
        if not isinstance(po, dict):
            rows.append((n, {"_bad": "not an object"}))
            continue
        for ln in po.get("lines") or [{}]:
            if not isinstance(ln, dict):
                rows.append((n, {"_bad": "a line is not an object"}))
                continue
            row = {
                "po_number": po.get("number", po.get("po_number", "")),
                "supplier_code": po.get("supplier_code", ""),
                "supplier_name": po.get("supplier_name", ""),
                "expected_at": po.get("expected_at", ""),
                "sku": ln.get("sku", ""),
                "qty": ln.get("qty", ""),
                "unit_price": ln.get("unit_price", ""),
            }
            rows.append((n, {k: "" if v is None else str(v) for k, v in row.items()}))
    return rows


def check_rows(
    rows: list[tuple[int, dict[str, str]]],
) -> tuple[dict[str, dict[str, Any]], list[Rejected]]:
    skus = {p.sku: p.id for p in Product.select(Product.id, Product.sku)}
    suppliers = {s.code for s in Supplier.select(Supplier.code)}
    pos: dict[str, dict[str, Any]] = {}
    rejected: list[Rejected] = []
    for line, row in rows:
        qty, refusal = check_line(line, row, REQUIRED, skus, "not_a_purchase_order")
        if refusal is not None:
            rejected.append(refusal)
            continue
        code, name = row["supplier_code"], row.get("supplier_name", "")
        if code not in suppliers and not name:
            rejected.append(Rejected(line, "unknown_supplier", code, field="supplier_code"))
            continue
        try:
            price = Decimal(row.get("unit_price") or "0")
            if price < 0 or not is_plain_number(row.get("unit_price") or "0"):
                raise InvalidOperation
            price_fen = fen(price)
        except InvalidOperation:
            rejected.append(
                Rejected(line, "bad_amount", row.get("unit_price", ""), field="unit_price")
            )
            continue
        try:
            expected = _parse_time(row.get("expected_at", ""))
        except ValueError:
            rejected.append(
                Rejected(line, "bad_time", row.get("expected_at", ""), field="expected_at")
            )
            continue
        header = {"supplier_code": code, "supplier_name": name, "expected_at": expected}
        number = row["po_number"]
        po = pos.setdefault(number, {"header": header, "lines": []})
        if po["header"] != header:
            rejected.append(Rejected(line, "order_differs", f"{number}: rows of one PO disagree"))
            continue
        unit_price_fen = price_fen if row.get("unit_price") else None
        po["lines"].append((skus[row["sku"]], qty, unit_price_fen))
    return pos, rejected


def _same(existing: PurchaseOrder, po: dict[str, Any]) -> bool:
    def key(t: tuple) -> tuple:
        return (t[0], t[1], -1 if t[2] is None else t[2])

    mine = [(ln.product_id, ln.qty_ordered, ln.unit_price_fen) for ln in existing.lines]
    same_lines = sorted(mine, key=key) == sorted(po["lines"], key=key)
    return same_lines and existing.supplier.code == po["header"]["supplier_code"]


def import_purchase_orders(
    db: pw.Database,
    bench_id: str,
    data: bytes,
    *,
    kind: str = "csv",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportResult:
    """Check and import; ``result.orders``/``result.lines`` count the new POs and their lines."""
    result = ImportResult()
    try:
        text, result.encoding = decode(data)
        if kind == "json":
            rows, damaged = clean_json_rows(_rows_from_json(text), PO_KINDS)
        else:
            rows, damaged = _rows_from_csv(text, None, PO_KINDS)
    except (ValueError, json.JSONDecodeError, csv.Error) as exc:
        result.rejected.append(Rejected(0, "unreadable", str(exc)))
        return result
    if not rows and not damaged:
        result.rejected.append(Rejected(0, "empty", "no purchase-order rows"))
        return result
    pos, refused = check_rows(rows)
    result.rejected = name_columns(damaged + refused, None)
    if result.rejected:
        return result

    def create(number: str, po: dict[str, Any]) -> None:
        header = po["header"]
        supplier, _ = Supplier.get_or_create(
            code=header["supplier_code"],
            defaults={"name": header["supplier_name"] or header["supplier_code"]},
        )
        record = PurchaseOrder.create(
            number=number, supplier=supplier, expected_at=header["expected_at"]
        )
        PurchaseOrderLine.insert_many(
            [
                {
                    "uuid": new_uuid(),
                    "created_at": record.created_at,
                    "purchase_order": record.id,
                    "line_no": i,
                    "product": pid,
                    "qty_ordered": qty,
                    "unit_price_fen": price,
                }
                for i, (pid, qty, price) in enumerate(po["lines"], start=1)
            ]
        ).execute()

    return write_new(
        db,
        bench_id,
        "purchase_orders_imported",
        pos,
        lambda numbers: {
            p.number: p for p in PurchaseOrder.select().where(PurchaseOrder.number.in_(numbers))
        },
        _same,
        create,
        result,
        progress,
    )


def import_file(db: pw.Database, bench_id: str, path: Path, **kw) -> ImportResult:
    kind = "json" if path.suffix.lower() == ".json" else "csv"
    return import_purchase_orders(db, bench_id, path.read_bytes(), kind=kind, **kw)
