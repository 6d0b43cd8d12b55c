"""An order file read, recognised, joined and checked; then written."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from station.services.cells import clean_header
from station.services.order_import.checks import _name, check_rows
from station.services.order_import.rows import (
    ORDER_KINDS,
    OWN_COLUMNS,
    PROFILE_FIELDS,
    ImportResult,
    Rejected,
    _rows_from_json,
    clean_json_rows,
    rows_from_records,
)
from station.services.order_import.sheets import (
    all_profiles,
    decode,
    detect,
    load_profile,
    read_records,
)
from station.services.order_import.store import write_orders


@dataclass
class Prepared:
    """A file read and checked, nothing written: the result so far (refusals,
    masked recipients, the profile recognised), the orders to write, and the
    first rows as the station reads them (for the import dialog's preview)."""

    result: ImportResult
    orders: dict[str, dict] = field(default_factory=dict)
    preview: list[dict[str, str]] = field(default_factory=list)


PREVIEW_ROWS = 20


def prepare(
    data: bytes,
    *,
    kind: str = "csv",
    profile: str | None = None,
    items: bytes | None = None,
    carriers: dict[str, str] | None = None,
    profiles_dir: Path | None = None,
) -> Prepared:
    """Read and check an order file (and, for Taobao, its items file) without
    writing: the profile is ``profile`` (a name or a JSON path) or the one the
    header row is recognised as; no profile and no station columns is refused."""
    result = ImportResult()
    prof: dict | None = None
    theirs_of: dict[str, dict[str, str]] = {}
    try:
        if kind == "json":
            text, result.encoding = decode(data)
            rows, damaged = clean_json_rows(_rows_from_json(text), ORDER_KINDS)
        else:
            records, result.encoding, decimal_comma = read_records(data)
            rows_in, head = iter(records), []
            for rec in rows_in:  # up to the header row; the rest is read once, below
                head.append(rec)
                if any(c.strip() for c in rec):
                    break
            header = [clean_header(c) for c in head[-1]] if head else []
            records = itertools.chain(head, rows_in)
            known = all_profiles(profiles_dir)
            if profile:
                result.profile, prof = load_profile(profile, profiles_dir)
            elif (found := detect(header, known)) is not None:
                result.profile, prof = found[0], known[found[0]]
                if found[1] == "items":  # the items file given alone
                    raise ValueError(f"this is the items file of {found[0]}: give the orders too")
            elif "order_number" not in header:
                shown = ", ".join(h for h in header[:8] if h)
                result.rejected.append(Rejected(1, "unknown_format", shown))
                return Prepared(result)
            rows, damaged, theirs_of[""] = rows_from_records(
                records, prof, decimal_comma=decimal_comma
            )
            if prof is not None and prof.get("items"):
                rows, more = _join_items(rows, items, prof["items"], theirs_of)
                damaged += more
    except (ValueError, json.JSONDecodeError, csv.Error, FileNotFoundError) as exc:
        result.rejected.append(Rejected(0, "unreadable", str(exc)))
        return Prepared(result)
    result.platform = (prof or {}).get("platform", "")
    if not rows and not damaged:
        result.rejected.append(Rejected(0, "empty", "no order rows"))
        return Prepared(result)
    orders, refused = check_rows(rows, prof, carriers)
    if prof is not None and prof.get("items"):
        for r in refused:
            r.file = r.file or ("items" if r.reason != "no_carrier" else "")
    result.rejected = _name(damaged + refused, theirs_of)
    result.masked = [n for n, o in orders.items() if o["masked"]]
    preview = []
    for _, row in rows[:PREVIEW_ROWS]:
        shown = {k: v for k, v in row.items() if k in (*OWN_COLUMNS, *PROFILE_FIELDS)}
        order = orders.get(row.get("order_number", ""))
        if order is not None:  # what will be written: the carrier chosen, the type mapped
            shown["carrier"] = order["header"]["carrier"] or ""
            shown["order_type"] = order["header"]["order_type"]
            shown["paid"] = f"{order['header']['paid_fen'] / 100:.2f}"
        preview.append(shown)
    return Prepared(result, orders, preview)


def _join_items(
    order_rows: list[tuple[int, dict[str, str]]],
    items: bytes | None,
    part: dict,
    theirs_of: dict[str, dict[str, str]],
) -> tuple[list[tuple[int, dict[str, str]]], list[Rejected]]:
    """Taobao's two files as one: each item row (SKU, quantity) with its order's
    row (recipient, amounts) by the order number. An item whose order is not in
    the orders file, and an order with no item, are refused and named."""
    if items is None:
        raise ValueError("this export comes as two files: give the items file too")
    records, _, decimal_comma = read_records(items)
    item_rows, refused, theirs_of["items"] = rows_from_records(
        records, part, decimal_comma=decimal_comma
    )
    for r in refused:
        r.file = "items"
    by_number = {row["order_number"]: (line, row) for line, row in order_rows}
    joined, used = [], set()
    for line, item in item_rows:
        number = item.get("order_number", "")
        if number not in by_number:
            refused.append(
                Rejected(line, "no_such_order", number, field="order_number", file="items")
            )
            continue
        used.add(number)
        order = by_number[number][1]
        joined.append((line, {**order, **{k: v for k, v in item.items() if v or k not in order}}))
    for number, (line, _) in by_number.items():
        if number not in used:
            refused.append(Rejected(line, "order_without_items", number, field="order_number"))
    return joined, refused


def import_orders(
    db: pw.Database,
    bench_id: str,
    data: bytes,
    *,
    kind: str = "csv",
    profile: str | None = None,
    items: bytes | None = None,
    carriers: dict[str, str] | None = None,
    profiles_dir: Path | None = None,
    source: str = "",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportResult:
    """Read, check and (only when every row passes) write an order file: see
    :func:`prepare` for the reading, :func:`station.services.order_import.store.write_orders`
    for what becomes of orders already here. Never raises for a bad file: the
    refusals are in the result."""
    ready = prepare(
        data,
        kind=kind,
        profile=profile,
        items=items,
        carriers=carriers,
        profiles_dir=profiles_dir,
    )
    if not ready.result.ok:
        return ready.result
    return write_orders(db, bench_id, ready.orders, ready.result, progress, source)


def import_file(
    db: pw.Database,
    bench_id: str,
    path: Path,
    profile: str | None = None,
    *,
    items: Path | None = None,
    **kw,
) -> ImportResult:
    """:func:`import_orders` of a file (``.json`` read as JSON), and of Taobao's
    items file beside it."""
    kind = "json" if path.suffix.lower() == ".json" else "csv"
    extra = items.read_bytes() if items is not None else None
    kw.setdefault("source", path.name)
    return import_orders(
        db, bench_id, path.read_bytes(), kind=kind, profile=profile, items=extra, **kw
    )
