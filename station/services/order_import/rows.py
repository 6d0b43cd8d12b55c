"""The rows of an order file by the station's column names: the result types,
the mapping of a profile's headers, the station's own CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from station.services.cells import clean_header, clean_records
from station.services.order_import.sheets import delimiter_of, present_columns

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
    "service_type",
    "payment",
    "insured",
)
OWN_COLUMNS = ("order_number", *ORDER_FIELDS, "sku", "qty", "gift")  # docs/formats.md
# what a marketplace profile may read besides (docs/formats.md)
PROFILE_FIELDS = ("sub_order", "recipient_ext", "status")
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
    "order_type": "text",
    "promised_dispatch_at": "date",
    "carrier": "text",
    "seller_remark": "note",
    "buyer_message": "note",
    "service_type": "text",
    "payment": "text",
    "insured": "number",
    "sku": "id",
    "qty": "number",
    "gift": "text",
    "sub_order": "id",
    "recipient_ext": "id",
    "status": "text",
}
TRUE = {"1", "true", "yes", "y", "是", "赠品", "x"}
FALSE = {"", "0", "false", "no", "n", "否"}
ORDER_TYPES = ("spot", "presale", "custom")


@dataclass
class Rejected:
    """A refused row: ``line`` is its spreadsheet row (the header is row 1) or, in
    JSON, the object's number; ``column`` the file's header of the refused cell,
    ``field`` the station's name for it (``order_number``…), both '' when the
    whole row is refused; ``file`` which of two joined files (Taobao's items file:
    ``items``), '' for the (only) orders file."""

    line: int
    reason: str
    detail: str = ""
    column: str = ""
    field: str = ""
    file: str = ""


@dataclass
class ImportResult:
    orders: int = 0  # new orders written
    lines: int = 0
    already: int = 0  # orders that were here already, identical
    conflicts: list[str] = field(default_factory=list)  # here already, packed, but different
    rejected: list[Rejected] = field(default_factory=list)
    encoding: str = ""
    updated: list[str] = field(default_factory=list)  # changed at the platform, not packed yet
    cancelled: list[str] = field(default_factory=list)  # cancelled at the platform, here too
    # released pre-sale orders whose goods changed: waiting again unless the stock fills them
    withdrawn: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)  # recipients the export masks (王**)
    profile: str = ""  # the profile that read the file ('' for the station's own columns)
    platform: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected


def rows_from_records(
    records: Iterable[list[str]],
    profile: dict | None,
    kinds: dict[str, str] | None = None,
    *,
    decimal_comma: bool = False,
) -> tuple[list[tuple[int, dict[str, str]]], list[Rejected], dict[str, str]]:
    """The rows of a sheet by the station's column names, their cells put right
    by their kind (``kinds``: own column -> cells kind, :data:`ORDER_KINDS` unless
    given), the cells refused as spreadsheet damage, and own field -> the file's
    header for it. Rows are numbered as the spreadsheet shows them: the header is
    the first non-blank row, a line break inside a quoted cell does not move the
    rows after it, a blank row still counts. Of several spellings of one column
    in a profile, the first the file has is read. ``decimal_comma``: numbers are
    written ``1.059,50`` (a sheet saved with semicolons)."""
    kinds = ORDER_KINDS if kinds is None else kinds
    if decimal_comma:
        kinds = {k: "number_comma" if v == "number" else v for k, v in kinds.items()}
    rows_in = iter(records)  # read once, row by row: a 100,000-row export is not copied
    first = 0
    for rec in rows_in:
        if any(c.strip() for c in rec):
            break
        first += 1
    else:
        return [], [], {}
    header = [clean_header(h) for h in rec]
    if profile is None:
        theirs_kind = {h: kinds[h] for h in header if h in kinds}
        own_of = {h: h for h in theirs_kind}
        theirs_of = dict(own_of)
        wanted = set(header)
    else:
        theirs_of = present_columns(header, profile["columns"])
        own_of = {theirs: own for own, theirs in theirs_of.items()}
        theirs_kind = {theirs: kinds.get(own, "text") for theirs, own in own_of.items()}
        parts = [p for p in profile.get("address", []) if p in header]
        theirs_kind.update({part: "text" for part in parts})
        # a profile may say more of a column than its station name does: a shop
        # whose 商家编码 is the product's EAN declares it "gtin"
        theirs_kind.update({t: k for t, k in profile.get("kinds", {}).items() if t in own_of})
        own_of.update({part: "address" for part in parts})
        if parts:
            theirs_of["address"] = "/".join(parts)
        wanted = set(theirs_kind)  # an export's other columns are not kept in memory
    at = [(i, h) for i, h in enumerate(header) if h and h in wanted]
    raw = [
        (n, {h: (rec[i] if i < len(rec) else "") for i, h in at})
        for n, rec in enumerate(rows_in, start=first + 2)
        if any(c.strip() and clean_header(c) for c in rec)
    ]
    cleaned, damages = clean_records(raw, theirs_kind)
    del raw
    refused = [
        Rejected(d.row, d.code, d.value, column=d.column, field=own_of.get(d.column, ""))
        for d in damages
    ]
    damaged = {d.row for d in damages}
    rows = []
    cleaned.reverse()
    while cleaned:  # each cleaned row let go as it is mapped
        line, clean = cleaned.pop()
        if line in damaged:
            continue
        if profile is not None:
            mapped = {own: clean.get(theirs, "") for own, theirs in theirs_of.items()}
            mapped["address"] = "".join(clean.get(p, "") for p in profile.get("address", []))
            carrier = mapped.get("carrier", "")
            mapped["carrier"] = profile.get("carriers", {}).get(carrier, carrier)
            clean = mapped
        rows.append((line, clean))
    return rows, refused, theirs_of


def _rows_from_csv(
    text: str, profile: dict | None, kinds: dict[str, str] | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[Rejected]]:
    """:func:`rows_from_records` of CSV text (its separator by its header line),
    without the header names."""
    delimiter = delimiter_of(text)
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows, refused, _ = rows_from_records(records, profile, kinds, decimal_comma=delimiter == ";")
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
