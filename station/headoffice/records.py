"""A record as head office takes it from a bench: the Record schema's checks
(docs/headoffice-openapi.yaml), its time read once, and its payload as the text
kept. Nothing here touches the database (station.headoffice.store stores what
these functions pass)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import orjson

from station.headoffice.bodies import has_long_number

REQUIRED = ("uuid", "seq", "kind", "payload", "created_at")
MAX_INT64 = 2**63 - 1  # seq, as the databases keep it
# the records benches send (docs/headoffice-openapi.yaml, Record); any other kind is refused
RECORD_KINDS = frozenset(
    (
        "scan_event",
        "parcel_closed",
        "reship_created",
        "parcel_voided",
        "tracking_void",
        "conflict",
        "ewaybill_cancel",
        "parcel_waybill",
        "handover_closed",
        "shipment_report",
        "receipt",
        "receipt_line",
        "barcode_link",
        "inspection",
        "invoice_match",
        "batch_state",
    )
)


# 8-64 visible ASCII characters: no space, control character (PostgreSQL's text holds
# no NUL) or letter that looks like another (docs/headoffice-openapi.yaml, Record)
RECORD_UUID = re.compile(r"[!-~]{8,64}")


# RFC 3339's date-time (a space for the T allowed, the offset left out only where
# naive times are taken as UTC): Python's fromisoformat alone takes more ("+0800",
# "08:00:00,5", any character before the offset, an offset with seconds)
DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def check_record(rec: Any, naive_times: bool = False) -> tuple[str, tuple[str, str]]:
    """Why a record cannot be stored ("" if it can: the Record schema of
    docs/headoffice-openapi.yaml), and its ``created_at`` as head office keeps it:
    (naive UTC ISO 8601 text, the UTC instant of station.headoffice.tally.instant),
    both from one reading of the time. ``created_at`` is an ISO 8601 date-time with
    its offset from UTC (``naive_times``: one without is taken as UTC, as export
    files of older benches have them)."""
    if not isinstance(rec, dict):
        return "not_an_object", NO_TIMES
    missing = [f for f in REQUIRED if f not in rec]
    if missing:
        return "missing:" + ",".join(missing), NO_TIMES
    uuid = rec["uuid"]
    if not isinstance(uuid, str) or not RECORD_UUID.fullmatch(uuid):
        return "bad_uuid", NO_TIMES
    seq = rec["seq"]
    if type(seq) is not int or not 0 <= seq <= MAX_INT64:
        return "bad_seq", NO_TIMES
    if rec["kind"] not in RECORD_KINDS:
        return "unknown_kind", NO_TIMES
    if not isinstance(rec["payload"], dict):
        return "bad_payload", NO_TIMES
    times = record_times(rec["created_at"], naive_times)
    if times is None:
        return "bad_created_at", NO_TIMES
    return "", times


NO_TIMES = ("", "")


def aware_time(value: Any, naive_is_utc: bool) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset, or None (not one, without an
    offset unless ``naive_is_utc``, or one whose UTC instant is outside years 1-9999)."""
    if not isinstance(value, str) or not DATE_TIME.fullmatch(value):
        return None
    if value[-1] == "z":  # RFC 3339 5.6: "Z" may be written lower case (fromisoformat's may not)
        value = value[:-1] + "Z"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        if not naive_is_utc:
            return None
        when = when.replace(tzinfo=UTC)
    try:
        when.astimezone(UTC)
    except OverflowError:  # its UTC instant falls before year 1 or after 9999
        return None
    return when


def record_times(value: Any, naive_is_utc: bool) -> tuple[str, str] | None:
    """``value`` (see :func:`aware_time`) as (naive UTC ISO 8601, fixed-width instant), or
    None. A time in UTC as benches write it (``YYYY-MM-DDTHH:MM:SS[.ffffff]`` and
    ``+00:00`` or ``Z``) is checked by the calendar and cut, not written anew: the
    same text, in a third of the time."""
    if type(value) is str and len(value) in (20, 25, 27, 32) and value[10] == "T":
        zulu = value[-1] == "Z"
        fraction = value[19:26] if value[19] == "." else ""
        if (
            (zulu or value.endswith("+00:00"))
            and len(value) == 19 + len(fraction) + (1 if zulu else 6)
            and DATE_TIME.fullmatch(value)
        ):
            day_time = value[:19]
            try:
                datetime.fromisoformat(day_time)  # a day and time the calendar has
            except ValueError:
                return None
            kept = day_time + fraction if fraction and fraction != ".000000" else day_time
            return kept, day_time + (fraction or ".000000")
    when = aware_time(value, naive_is_utc)
    if when is None:
        return None
    utc = when.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(), utc.isoformat(timespec="microseconds")


def utc_text(value: str) -> str:
    """A record's ``created_at`` as head office keeps it: naive UTC, ISO 8601
    (the day's figures compare these as text)."""
    times = record_times(value, True)
    return times[0] if times else str(value)


def payload_text(payload: Any) -> str:
    """A record's payload as kept: JSON, keys sorted, UTF-8 characters as they are.
    Integers beyond 64 bits (which orjson does not write) go through the standard
    library."""
    try:
        return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_object(text: str) -> dict:
    """JSON text kept here read as an object ({} for anything else or broken text)."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def json_value(text: str) -> Any:
    """JSON text this store wrote, read back (orjson; the standard library for text
    with a run of 19 digits, so an integer beyond 64 bits stays exact). Text an
    earlier version kept with NaN or an infinity in it (which orjson refuses) is
    read by the standard library too."""
    if has_long_number(text.encode()):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def json_text(value: Any) -> str:
    """``value`` as compact JSON text (see :func:`payload_text`), keys in their order."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
