"""Each row checked against the station's rules, rows grouped into orders."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import peewee as pw

from station.core.privacy import recipient_masked
from station.db.audit import append_audit
from station.db.models import Product
from station.services.cells import fen, is_plain_number
from station.services.order_import.rows import (
    FALSE,
    ORDER_TYPES,
    REQUIRED,
    TRUE,
    ImportResult,
    Rejected,
    _parse_time,
)


def check_line(
    line: int, row: dict[str, str], required: tuple[str, ...], skus: dict[str, int], bad: str
) -> tuple[int, Rejected | None]:
    """What every order or PO line needs: its fields, a whole quantity > 0, a known SKU."""
    if "_bad" in row:
        return 0, Rejected(line, bad, row["_bad"])
    missing = [f for f in required if not row.get(f)]
    if missing:
        return 0, Rejected(line, "missing", ", ".join(missing), field=missing[0])
    try:
        qty = int(row["qty"]) if is_plain_number(row["qty"]) else 0
    except ValueError:
        qty = 0
    if qty <= 0:
        return 0, Rejected(line, "bad_quantity", row["qty"], field="qty")
    if row["sku"] not in skus:
        return 0, Rejected(line, "unknown_sku", row["sku"], field="sku")
    return qty, None


def _paid(text: str) -> Decimal:
    """An amount in yuan: at most two decimals (fen), not negative; a leading
    ¥/￥ is the currency sign. Raises InvalidOperation otherwise."""
    text = text.strip().lstrip("¥￥").strip() or "0"
    if not is_plain_number(text):  # 1_0, 1e2, NaN: only a programming language reads them
        raise InvalidOperation
    paid = Decimal(text)
    if paid < 0:
        raise InvalidOperation
    fen(paid)  # a part smaller than a fen is no amount
    return paid


# a virtual number with its extension, as exports print it: 17012345678-1234,
# 17012345678转1234 (the extension is 1 to 6 digits; a landline's own number is 7-8)
_EXTENSION = re.compile(r"^(\+?[\d*]{11,})\s*(?:-|转|,|，|ext\.?)\s*(\d{1,6})$")


def is_masked(row: dict[str, str]) -> bool:
    """Whether the export hid the recipient (王**, an address of ****): the waybill
    can then come only from the platform's print component (BRIEF: privacy orders).
    The rule is :func:`station.core.privacy.recipient_masked`, the one pack-out keeps."""
    return recipient_masked(row.get("buyer_name"), row.get("address"))


def check_rows(
    rows: list[tuple[int, dict[str, str]]],
    profile: dict | None = None,
    carriers: dict[str, str] | None = None,
) -> tuple[dict[str, dict], list[Rejected]]:
    """Checked rows grouped by order number: {number: {"header", "lines", "line",
    "subs", "cancelled", "masked"}}, and the refused rows. ``carriers`` gives a
    shop's default carrier ({shop: code}, "" for every shop) for an order the file
    names none for; an order left without one is refused before anything is
    written (its parcel could not close)."""
    profile = profile or {}
    carriers = carriers or {}
    types = profile.get("order_types", {})
    cancelled_states = set(profile.get("cancelled", []))
    skus = {p.sku: p.id for p in Product.select(Product.id, Product.sku)}
    orders: dict[str, dict[str, Any]] = {}
    rejected: list[Rejected] = []
    for line, row in rows:
        qty, refusal = check_line(line, row, REQUIRED, skus, "not_an_order")
        if refusal is not None:
            rejected.append(refusal)
            continue
        gift = row.get("gift", "").strip().lower()
        if gift not in TRUE | FALSE:
            rejected.append(Rejected(line, "bad_gift", row["gift"], field="gift"))
            continue
        try:
            paid = _paid(row.get("paid", ""))
        except InvalidOperation:
            rejected.append(Rejected(line, "bad_amount", row.get("paid", ""), field="paid"))
            continue
        try:
            insured = _paid(row.get("insured", "")) if row.get("insured", "").strip() else None
        except InvalidOperation:
            rejected.append(Rejected(line, "bad_amount", row.get("insured", ""), field="insured"))
            continue
        try:
            due = _parse_time(row.get("promised_dispatch_at", ""))
        except ValueError:
            rejected.append(
                Rejected(
                    line,
                    "bad_time",
                    row.get("promised_dispatch_at", ""),
                    field="promised_dispatch_at",
                )
            )
            continue
        written = row.get("order_type", "")
        order_type = types.get(written, written) or "spot"
        if order_type not in ORDER_TYPES:
            rejected.append(Rejected(line, "bad_order_type", written, field="order_type"))
            continue
        if any(not " " <= c <= "~" for c in row["order_number"]):
            # the waybill carries it as a Code 128 barcode: printable ASCII only, so a
            # CR, LF or other control character never reaches a printer from here
            rejected.append(
                Rejected(line, "bad_order_number", repr(row["order_number"]), field="order_number")
            )
            continue
        phone, ext = row.get("buyer_phone", ""), row.get("recipient_ext", "")
        split = _EXTENSION.match(phone)
        if split and not ext:
            phone, ext = split.group(1), split.group(2)
        shop = row.get("shop") or ""
        carrier = (row.get("carrier") or carriers.get(shop) or carriers.get("") or "").upper()
        header = {
            "shop": shop or None,
            "buyer_name": row["buyer_name"],
            "buyer_phone": phone or None,
            "address": row["address"],
            "paid_fen": fen(paid),
            "order_type": order_type,
            "promised_dispatch_at": due,
            "carrier": carrier or None,
            "seller_remark": row.get("seller_remark") or None,
            "buyer_message": row.get("buyer_message") or None,
            "recipient_ext": ext or None,
            "platform": profile.get("platform") or None,
            # the carrier's service the export asks for: printed on pool waybills
            "service_type": row.get("service_type") or None,
            "payment": row.get("payment") or None,
            "insured_fen": fen(insured) if insured else None,
        }
        number = row["order_number"]
        order = orders.setdefault(
            number,
            {
                "header": header,
                "lines": [],
                "line": line,
                "subs": [],
                "cancelled": row.get("status", "") in cancelled_states,
                "masked": is_masked(row),
            },
        )
        if order["header"] != header:
            rejected.append(
                Rejected(line, "order_differs", f"{number}: rows of one order disagree")
            )
            continue
        if row.get("sub_order"):
            order["subs"].append(row["sub_order"])
        order["lines"].append((skus[row["sku"]], qty, gift in TRUE))
    for number, order in orders.items():
        if order["header"]["carrier"] is None:
            rejected.append(Rejected(order["line"], "no_carrier", number, field="carrier"))
    return orders, rejected


def name_columns(rejected: list[Rejected], profile: dict | None) -> list[Rejected]:
    """Each refusal with the file's header of its column (a profile's Chinese
    header for a marketplace export), in row order."""
    theirs = {own: t for t, own in (profile or {}).get("columns", {}).items()}
    if profile is not None:
        theirs["address"] = "/".join(profile.get("address", []))
    for r in rejected:
        if r.field and not r.column:
            r.column = theirs.get(r.field, r.field)
    return sorted(rejected, key=lambda r: r.line)


def _name(rejected: list[Rejected], theirs_of: dict[str, dict[str, str]]) -> list[Rejected]:
    """Each refusal with the header its file has for its field, in file, row order."""
    for r in rejected:
        if r.field and not r.column:
            r.column = theirs_of.get(r.file, {}).get(r.field, r.field)
    return sorted(rejected, key=lambda r: (r.file, r.line))


def write_new(
    db: pw.Database,
    bench_id: str,
    action: str,
    records: dict[str, dict],
    load_existing: Callable[[list[str]], dict],
    same: Callable[[Any, dict], bool],
    create: Callable[[str, dict], None],
    result: ImportResult,
    progress: Callable[[int, int], None],
) -> ImportResult:
    """Write checked records in one transaction: new ones created, ones already here
    left alone (counted as already there when the same, as conflicts when not)."""
    total = len(records)
    with db.atomic():
        existing = load_existing(list(records))
        for n, (number, record) in enumerate(records.items(), start=1):
            if number in existing:
                if same(existing[number], record):
                    result.already += 1
                else:
                    result.conflicts.append(number)
            else:
                create(number, record)
                result.orders += 1
                result.lines += len(record["lines"])
            if n % 200 == 0 or n == total:
                progress(n, total)
        append_audit(
            bench_id,
            action,
            details={
                "new": result.orders,
                "already": result.already,
                "conflicts": result.conflicts[:50],
                "encoding": result.encoding,
            },
        )
    return result
