"""Head office's daily figures kept as records arrive: what one record adds to its
bench's hour, its parcel, and its bench's newest times.

The rules of a figure (shared by the tally made on arrival, the backfill of
migration 2 and the edges of a day that does not start on a whole hour):

- a record's time is its ``created_at`` as an ISO 8601 instant (a time with an
  offset is turned into UTC; one without is UTC already); a record whose time is
  not ISO 8601 is in no day;
- ``receipt_line``: its ``qty`` units, unless its ``discrepancy`` is ``wrong_item``
  (a qty that is no whole number, or beyond ``MAX_LINE_UNITS`` either way, counts
  0: no line receives that many, and an hour's figure is a 64-bit number that such
  quantities, alone or summed, would overflow);
- ``inspection``: one line inspected; ``scan_event``: one scan;
- ``parcel_closed``: one parcel shipped for its ``order``, unless a
  ``parcel_voided`` record (from any bench, at any time) names it in ``parcel``;
  orders packed are the distinct orders of a day's shipped parcels (an order
  named in more than 255 characters is kept as its digest; a void naming more
  than 64 characters names no parcel).

Nothing here touches the database: :class:`Tally` collects the increments of a
batch, and the store adds them in the batch's own transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: kinds counted into a bench's hour
HOUR_KINDS = ("receipt_line", "inspection", "scan_event")
#: kinds kept per parcel
PARCEL_KINDS = ("parcel_closed", "parcel_voided")
FIGURE_KINDS = HOUR_KINDS + PARCEL_KINDS


def instant(created_at: Any) -> str | None:
    """``created_at`` as a UTC instant, ``YYYY-MM-DDTHH:MM:SS.ffffff`` (fixed width, so
    text order is time order), or None when it is no ISO 8601 time."""
    if not isinstance(created_at, str):
        return None
    try:
        t = datetime.fromisoformat(created_at)
    except ValueError:
        return None
    if t.tzinfo is not None:
        try:
            t = t.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # before year 1 or after 9999 in UTC
            return None
    return t.isoformat(timespec="microseconds")


def hour_of(at: str) -> str:
    """The hour an instant falls in: ``YYYY-MM-DDTHH``."""
    return at[:13]


#: the longest parcel record UUID (docs/headoffice-openapi.yaml, Record)
MAX_PARCEL_UUID = 64
#: the longest order name kept as it is (the column holds 255 characters)
MAX_ORDER_NAME = 255


def order_name(order: Any) -> str:
    """A parcel's ``order`` as its figures keep it: its text ("" for none); text
    longer than ``MAX_ORDER_NAME`` as ``sha256:`` and its digest (distinct orders
    stay distinct, and the column holds it)."""
    text = "" if order is None else str(order)
    if len(text) <= MAX_ORDER_NAME:
        return text
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


#: units one receipt line may count, either way (see the module's docstring)
MAX_LINE_UNITS = 1_000_000_000


def _units(payload: dict) -> int:
    if payload.get("discrepancy") == "wrong_item":
        return 0
    qty = payload.get("qty")
    try:
        units = int(qty or 0)
    except (TypeError, ValueError, OverflowError):
        return 0
    return units if -MAX_LINE_UNITS <= units <= MAX_LINE_UNITS else 0


@dataclass
class Tally:
    """The increments of some records: ``hours`` (bench, hour) -> [units received,
    lines inspected, scans]; ``parcels`` parcel UUID -> (bench, instant, order);
    ``voided`` parcel UUIDs; ``latest`` bench -> (instant, created_at as sent)."""

    hours: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    parcels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    voided: set[str] = field(default_factory=set)
    latest: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(
        self,
        bench_id: str,
        uuid: str,
        kind: str,
        payload: Any,
        created_at: Any,
        *,
        at: str | None = None,
    ) -> None:
        """Count one stored record (``payload`` as sent, or its JSON text); ``at``: its
        :func:`instant`, when the caller has it already."""
        if at is None:
            at = instant(created_at)
        if at is not None:
            newest = self.latest.get(bench_id)
            if newest is None or at > newest[0]:
                self.latest[bench_id] = (at, str(created_at))
        if kind not in FIGURE_KINDS:
            return
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError:
                payload = None
        data = payload if isinstance(payload, dict) else {}
        if kind == "parcel_voided":  # whatever its own time says
            parcel = data.get("parcel")
            # a longer name is no parcel record's UUID (8-64 characters): it voids none
            if isinstance(parcel, str) and len(parcel) <= MAX_PARCEL_UUID:
                self.voided.add(parcel)
            return
        if at is None:
            return
        if kind == "parcel_closed":
            self.parcels[uuid] = (bench_id, at, order_name(data.get("order")))
            return
        row = self.hours.setdefault((bench_id, hour_of(at)), [0, 0, 0])
        if kind == "receipt_line":
            row[0] += _units(data)
        elif kind == "inspection":
            row[1] += 1
        else:
            row[2] += 1

    def __bool__(self) -> bool:
        return bool(self.hours or self.parcels or self.voided or self.latest)
