"""Orders from files: the station's own CSV/JSON, or a marketplace export with Chinese headers.

The whole file is read and checked before anything is written: rejected rows
are listed with their line number and reason, and then nothing is imported.
A file that passes is written in one transaction. Orders already here are
left as they are (importing the same file twice adds nothing); one that
differs from the file is reported as a conflict, never overwritten.
Encodings: UTF-8 (with or without BOM) and GBK/GB18030.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import peewee as pw

from station.db.audit import append_audit
from station.db.models import Product, SalesOrder, SalesOrderLine, new_uuid
from station.resources import read_json
from station.services.cells import clean_header, clean_records, fen, is_plain_number

ORDER_FIELDS = (
    "shop",
    "buyer_name",
    "buyer_phone",
    "address",
    "paid",
    "order_type",
    "promised_dispatch_at",
    "carrier",
    "seller_remark",
    "buyer_message",
)
OWN_COLUMNS = ("order_number", *ORDER_FIELDS, "sku", "qty", "gift")  # docs/formats.md
REQUIRED = ("order_number", "buyer_name", "address", "sku", "qty")
# each column's cells kind (station/services/cells.py): what a spreadsheet may
# have done to it and what may be put right
ORDER_KINDS = {
    "order_number": "id",
    "shop": "text",
    "buyer_name": "text",
    "buyer_phone": "phone",
    "address": "text",
    "paid": "number",
    "order_type": "id",
    "promised_dispatch_at": "date",
    "carrier": "text",
    "seller_remark": "note",
    "buyer_message": "note",
    "sku": "id",
    "qty": "number",
    "gift": "text",
}
TRUE = {"1", "true", "yes", "y", "是", "赠品", "x"}
FALSE = {"", "0", "false", "no", "n", "否"}


@dataclass
class Rejected:
    """A refused row: ``line`` is its spreadsheet row (the header is row 1) or, in
    JSON, the object's number; ``column`` the file's header of the refused cell,
    ``field`` the station's name for it (``order_number``…), both '' when the
    whole row is refused."""

    line: int
    reason: str
    detail: str = ""
    column: str = ""
    field: str = ""


@dataclass
class ImportResult:
    orders: int = 0  # new orders written
    lines: int = 0
    already: int = 0  # orders that were here already, identical
    conflicts: list[str] = field(default_factory=list)  # here already, but different
    rejected: list[Rejected] = field(default_factory=list)
    encoding: str = ""
    # new orders whose recipient the platform masked (王**, **** in the address):
    # they ship only with the platform's e-waybill (station.core.privacy)
    masked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with BOM, UTF-16 with its BOM (Excel's "Unicode
    text"), UTF-8, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-16 text (byte {exc.start})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 or GBK text (byte {exc.start})") from None


# what separates cells: a comma, a semicolon where the decimal sign is a comma
# (Excel's CSV in much of Europe writes the list separator of the system), a tab
# (Excel's "Unicode text")
DELIMITERS = (",", ";", "\t")


def delimiter_of(text: str) -> str:
    """The cell separator of a CSV ``text``, by its header line: the one of
    :data:`DELIMITERS` that splits it into the most cells (a comma on a tie, and
    for a one-column file)."""
    header = text.split("\n", 1)[0]
    best, cells = ",", 1
    for candidate in DELIMITERS:
        try:
            n = len(next(csv.reader([header], delimiter=candidate), []))
        except csv.Error:
            continue
        if n > cells:
            best, cells = candidate, n
    return best


def _rows_from_csv(
    text: str, profile: dict | None, kinds: dict[str, str] | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[Rejected]]:
    """The rows of a CSV file by the station's column names, their cells put right
    by their kind (``kinds``: own column -> cells kind, :data:`ORDER_KINDS` unless
    given), and the cells refused as spreadsheet damage. Rows are numbered as the
    spreadsheet shows them: the header is row 1, a line break inside a quoted cell
    does not move the rows after it, a blank row still counts."""
    kinds = ORDER_KINDS if kinds is None else kinds
    delimiter = delimiter_of(text)
    if delimiter == ";":  # saved where the comma is the decimal sign
        kinds = {k: "number_comma" if v == "number" else v for k, v in kinds.items()}
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not records:
        return [], []
    header = [clean_header(h) for h in records[0]]
    raw = [
        (n, {h: (rec[i] if i < len(rec) else "") for i, h in enumerate(header) if h})
        for n, rec in enumerate(records[1:], start=2)
        if any(clean_header(c) for c in rec)
    ]
    if profile is None:
        theirs_kind = {h: kinds[h] for h in header if h in kinds}
        own_of = {h: h for h in theirs_kind}
    else:
        own_of = {theirs: own for theirs, own in profile["columns"].items() if theirs in header}
        theirs_kind = {theirs: kinds.get(own, "text") for theirs, own in own_of.items()}
        theirs_kind.update({part: "text" for part in profile.get("address", []) if part in header})
        # a profile may say more of a column than its station name does: a shop
        # whose 商家编码 is the product's EAN declares it "gtin"
        theirs_kind.update({t: k for t, k in profile.get("kinds", {}).items() if t in own_of})
        own_of.update({part: "address" for part in profile.get("address", [])})
    cleaned, damages = clean_records(raw, theirs_kind)
    refused = [
        Rejected(d.row, d.code, d.value, column=d.column, field=own_of.get(d.column, ""))
        for d in damages
    ]
    damaged = {d.row for d in damages}
    rows = []
    for line, clean in cleaned:
        if line in damaged:
            continue
        if profile is not None:
            mapped = {own: clean.get(theirs, "") for theirs, own in profile["columns"].items()}
            mapped["address"] = "".join(clean.get(part, "") for part in profile.get("address", []))
            carrier = mapped.get("carrier", "")
            mapped["carrier"] = profile.get("carriers", {}).get(carrier, carrier)
            clean = mapped
        rows.append((line, clean))
    return rows, refused


def clean_json_rows(
    rows: list[tuple[int, dict[str, str]]], kinds: dict[str, str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Rejected]]:
    """JSON rows (numbered by their object) through the same cell rules as a CSV
    file's: JSON made from a spreadsheet carries the same damage."""
    cleaned, damages = clean_records(rows, kinds)
    damaged = {d.row for d in damages}
    refused = [Rejected(d.row, d.code, d.value, column=d.column, field=d.column) for d in damages]
    return [(n, r) for n, r in cleaned if n not in damaged], refused


def _rows_from_json(text: str) -> list[tuple[int, dict[str, str]]]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("a JSON order file holds a list of orders")
    rows = []
    for n, order in enumerate(data, start=1):
        if not isinstance(order, dict):
            rows.append((n, {"_bad": "not an object"}))
            continue
        lines = order.get("lines") or [{}]
        for ln in lines:
            row = {k: order.get(k, "") for k in ORDER_FIELDS}
            row["order_number"] = order.get("number", order.get("order_number", ""))
            row.update(
                {"sku": ln.get("sku", ""), "qty": ln.get("qty", ""), "gift": ln.get("gift", "")}
            )
            rows.append((n, {k: "" if v is None else str(v) for k, v in row.items()}))
    return rows


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("/", "-"))
    if value.tzinfo is None:  # local time of this PC, like the export
        value = value.astimezone()
    return value.astimezone(UTC).replace(tzinfo=None)


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


def check_rows(rows: list[tuple[int, dict[str, str]]]) -> tuple[dict[str, dict], list[Rejected]]:
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
            paid = Decimal(row.get("paid") or "0")
            if paid < 0 or not is_plain_number(row.get("paid") or "0"):
                raise InvalidOperation
            paid_fen = fen(paid)
        except InvalidOperation:
            rejected.append(Rejected(line, "bad_amount", row.get("paid", ""), field="paid"))
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
        order_type = row.get("order_type") or "spot"
        if order_type not in ("spot", "presale", "custom"):
            rejected.append(Rejected(line, "bad_order_type", order_type, field="order_type"))
            continue
        if any(not " " <= c <= "~" for c in row["order_number"]):
            # the waybill carries it as a Code 128 barcode: printable ASCII only, so a
            # CR, LF or other control character never reaches a printer from here
            rejected.append(
                Rejected(line, "bad_order_number", repr(row["order_number"]), field="order_number")
            )
            continue
        header = {
            "shop": row.get("shop") or None,
            "buyer_name": row["buyer_name"],
            "buyer_phone": row.get("buyer_phone") or None,
            "address": row["address"],
            "paid_fen": paid_fen,
            "order_type": order_type,
            "promised_dispatch_at": due,
            "carrier": (row.get("carrier") or "").upper() or None,
            "seller_remark": row.get("seller_remark") or None,
            "buyer_message": row.get("buyer_message") or None,
        }
        number = row["order_number"]
        order = orders.setdefault(number, {"header": header, "lines": [], "line": line})
        if order["header"] != header:
            rejected.append(
                Rejected(line, "order_differs", f"{number}: rows of one order disagree")
            )
            continue
        order["lines"].append((skus[row["sku"]], qty, gift in TRUE))
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


def _same(existing: SalesOrder, order: dict) -> bool:
    mine = sorted((ln.product_id, ln.qty, ln.is_gift) for ln in existing.lines)
    return mine == sorted(order["lines"]) and existing.buyer_name == order["header"]["buyer_name"]


def import_orders(
    db: pw.Database,
    bench_id: str,
    data: bytes,
    *,
    kind: str = "csv",
    profile: str | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportResult:
    result = ImportResult()
    try:
        text, result.encoding = decode(data)
        prof = read_json("import_profiles", f"{profile}.json") if profile else None
        if kind == "json":
            rows, damaged = clean_json_rows(_rows_from_json(text), ORDER_KINDS)
        else:
            rows, damaged = _rows_from_csv(text, prof)
    except (ValueError, json.JSONDecodeError, csv.Error, FileNotFoundError) as exc:
        result.rejected.append(Rejected(0, "unreadable", str(exc)))
        return result
    if not rows and not damaged:
        result.rejected.append(Rejected(0, "empty", "no order rows"))
        return result
    orders, refused = check_rows(rows)
    result.rejected = name_columns(damaged + refused, prof if kind != "json" else None)
    if result.rejected:
        return result

    def create(number: str, order: dict) -> None:
        so = SalesOrder.create(number=number, **order["header"])
        if so.recipient_masked:
            result.masked.append(number)
        SalesOrderLine.insert_many(
            [
                {
                    "uuid": new_uuid(),
                    "created_at": so.created_at,
                    "sales_order": so.id,
                    "line_no": i,
                    "product": pid,
                    "qty": qty,
                    "is_gift": gift,
                }
                for i, (pid, qty, gift) in enumerate(order["lines"], start=1)
            ]
        ).execute()

    return write_new(
        db,
        bench_id,
        "orders_imported",
        orders,
        lambda numbers: {
            o.number: o for o in SalesOrder.select().where(SalesOrder.number.in_(numbers))
        },
        _same,
        create,
        result,
        progress,
    )


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


def import_file(
    db: pw.Database, bench_id: str, path: Path, profile: str | None = None, **kw
) -> ImportResult:
    kind = "json" if path.suffix.lower() == ".json" else "csv"
    return import_orders(db, bench_id, path.read_bytes(), kind=kind, profile=profile, **kw)
