"""The day's figures: what the supervisor's board shows and the daily report prints.

One function, :func:`day_figures`, reads everything from the recorded events, so
the board, the PDF, the CSV and the JSON can never disagree. What each figure
counts:

- **units received**: units on receipt lines against a PO line (a wrong item
  was refused, not received), quarantined units included; **receipt lines**
  those lines;
- **lines inspected**: inspections with a verdict (accepted, rejected, held);
- **parcels shipped**: parcels closed with a waybill (voided ones are not);
  **orders packed**: the orders those parcels belong to; **units packed** the
  units in them;
- **scans**: every scan logged, whatever its outcome.

A day is the local calendar day; times are stored in UTC. Rates are per hour
over the last 15 and 60 minutes before ``now``. The backlog is the orders not
yet packed (new or being packed) that may be packed now (a pre-sale order waiting
for stock is not: ``station.services.stock``), by dispatch deadline; at the rate of the last
hour it is done at ``predicted_done_at``; packers needed to meet the cut-off =
backlog / (orders per packer per hour x hours left), with the orders per packer
measured over the last hour (else the day so far, else the setting).

Benches are named by their name, never their internal id: this bench's name from
its settings, any other bench's from the names the database remembers
(:func:`remember_bench_name`, written at start-up and whenever the name changes,
so records made under an earlier id keep the name they were made under). A bench
whose name the database never learnt is shown as ``—``.

The rooms: ``figures`` (the data: ``DayFigures``, ``Row``, ``Backlog``,
``Exceptions``, ``LateOrder``, ``METRICS``), ``days`` (bench names, the local day in
stored time), ``backlog`` (rates, the backlog and packers needed), ``exceptions``
(the day's exceptions and what is wrong now), ``anchor`` (the audit anchor on the
report). This module counts the day's work and puts the figures together.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time, tzinfo

import peewee as pw

from station.config import Settings
from station.db.models import (
    Inspection,
    Operator,
    PackedItem,
    Parcel,
    Receipt,
    ReceiptLine,
    ScanEvent,
)
from station.services.daily.anchor import _anchor, keep_printed_anchor
from station.services.daily.backlog import WAITING, _backlog, _rates
from station.services.daily.days import (
    BENCH_NAME_KEY,
    _hour,
    bench_names,
    day_bounds,
    local_zone,
    remember_bench_name,
)
from station.services.daily.exceptions import LATE_LIST, NOT_OVERRIDES, _exceptions
from station.services.daily.figures import (
    METRICS,
    UNNAMED,
    Backlog,
    DayFigures,
    Exceptions,
    LateOrder,
    Row,
)

__all__ = [
    "BENCH_NAME_KEY",
    "LATE_LIST",
    "METRICS",
    "NOT_OVERRIDES",
    "UNNAMED",
    "WAITING",
    "Backlog",
    "DayFigures",
    "Exceptions",
    "LateOrder",
    "Row",
    "bench_names",
    "day_bounds",
    "day_figures",
    "keep_printed_anchor",
    "local_zone",
    "remember_bench_name",
]


def day_figures(
    day: date,
    settings: Settings,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> DayFigures:
    """Every figure of ``day`` (a local date); ``now`` is aware or local-naive."""
    from station.services.batches.hooks import batches_now
    from station.services.dispatch.board import carriers_waiting, day_handovers

    tz = tz or local_zone()
    if now is None:
        now_local = datetime.now(tz)
    elif now.tzinfo is None:
        now_local = now.replace(tzinfo=tz)
    else:
        now_local = now.astimezone(tz)
    now_utc = now_local.astimezone(UTC).replace(tzinfo=None)
    start, end = day_bounds(day, tz)
    offset_s = int(datetime.combine(day, time(12), tz).utcoffset().total_seconds())
    is_today = day == now_local.date()
    # rates look back from now, or from the day's end for a past day
    ref = min(now_utc, end)

    rows_op: dict[str, Row] = {}
    rows_bench: dict[str, Row] = {}

    def op(name: str | None) -> Row:
        key = name or "—"
        return rows_op.setdefault(key, Row(key))

    known_benches = bench_names(settings)

    def bench(bench_id: str | None) -> Row:
        key = known_benches.get(bench_id or "") or UNNAMED
        return rows_bench.setdefault(key, Row(key))

    totals = Row("total")
    hourly = {m: [0] * 24 for m in METRICS}
    names = dict(Operator.select(Operator.id, Operator.name).tuples())

    def _name(operator_id: int | None) -> str | None:
        if operator_id is None:
            return None
        return names.get(operator_id, f"#{operator_id}")

    def add(metric: str, n: int, who: int | None, where: str, hour: int | None = None) -> None:
        """Count ``n`` of ``metric`` for the day, its hour, the operator and the bench."""
        if hour is not None:
            hourly[metric][hour] += n
        for row in (totals, op(_name(who)), bench(where)):
            setattr(row, metric, getattr(row, metric) + n)

    # --- received ---
    received = (
        ReceiptLine.select()
        .join(Receipt)
        .where(
            (ReceiptLine.created_at >= start)
            & (ReceiptLine.created_at < end)
            & ReceiptLine.purchase_order_line.is_null(False)
        )
    )
    for hour, who, where, units in (
        received.select(
            _hour(ReceiptLine.created_at, offset_s),
            Receipt.operator,
            Receipt.bench_id,
            pw.fn.SUM(ReceiptLine.qty),
        )
        .group_by(_hour(ReceiptLine.created_at, offset_s), Receipt.operator, Receipt.bench_id)
        .tuples()
    ):
        add("units_received", units, who, where, hour)

    # --- inspected ---
    inspected = (
        Inspection.select(
            _hour(Inspection.created_at, offset_s),
            Inspection.operator,
            Receipt.bench_id,
            pw.fn.COUNT(Inspection.id),
        )
        .join(Receipt)
        .where(
            (Inspection.created_at >= start)
            & (Inspection.created_at < end)
            & Inspection.result.is_null(False)
        )
        .group_by(_hour(Inspection.created_at, offset_s), Inspection.operator, Receipt.bench_id)
    )
    for hour, who, where, n in inspected.tuples():
        add("lines_inspected", n, who, where, hour)

    # --- packed and shipped ---
    shipped = (Parcel.status == "closed") & (Parcel.closed_at >= start) & (Parcel.closed_at < end)
    for hour, who, where, parcels in (
        Parcel.select(
            _hour(Parcel.closed_at, offset_s),
            Parcel.operator,
            Parcel.bench_id,
            pw.fn.COUNT(Parcel.id),
        )
        .where(shipped)
        .group_by(_hour(Parcel.closed_at, offset_s), Parcel.operator, Parcel.bench_id)
        .tuples()
    ):
        add("parcels_shipped", parcels, who, where, hour)
    # an order counts once on the day, in the hour of its first parcel, for whoever
    # closed that parcel
    first = (
        Parcel.select(
            Parcel.sales_order,
            pw.fn.MIN(Parcel.closed_at).alias("first_at"),
        )
        .where(shipped)
        .group_by(Parcel.sales_order)
        .alias("first")
    )
    for hour, who, where in (
        Parcel.select(_hour(Parcel.closed_at, offset_s), Parcel.operator, Parcel.bench_id)
        .join(
            first,
            on=(
                (Parcel.sales_order == first.c.sales_order_id)
                & (Parcel.closed_at == first.c.first_at)
            ),
        )
        .where(shipped)
        .group_by(Parcel.sales_order)
        .tuples()
    ):
        add("orders_packed", 1, who, where, hour)
    for who, where, units in (
        PackedItem.select(Parcel.operator, Parcel.bench_id, pw.fn.SUM(PackedItem.qty))
        .join(Parcel)
        .where(shipped)
        .group_by(Parcel.operator, Parcel.bench_id)
        .tuples()
    ):
        add("units_packed", units, who, where)

    # --- scans ---
    for who, where, n in (
        ScanEvent.select(ScanEvent.operator, ScanEvent.bench_id, pw.fn.COUNT(ScanEvent.id))
        .where((ScanEvent.scanned_at >= start) & (ScanEvent.scanned_at < end))
        .group_by(ScanEvent.operator, ScanEvent.bench_id)
        .tuples()
    ):
        totals.scans += n
        if who is not None:  # scans before a login (the login itself) are no one's work
            op(_name(who)).scans += n
        bench(where).scans += n

    rates = _rates(ref, start)
    exceptions = _exceptions(start, end, now_utc, settings, tz, live=is_today)
    backlog = _backlog(now_utc, settings, tz, rates, totals, start) if is_today else None
    return DayFigures(
        date=day.isoformat(),
        bench_id=settings.bench.bench_id,
        bench_name=settings.bench.bench_name,
        generated_at=now_local.isoformat(timespec="seconds"),
        is_today=is_today,
        totals=totals,
        hourly=hourly,
        by_operator=sorted(rows_op.values(), key=lambda r: r.name),
        by_bench=sorted(rows_bench.values(), key=lambda r: r.name),
        rates=rates,
        backlog=backlog,
        exceptions=exceptions,
        audit_anchor=_anchor(),
        handovers=[asdict(h) for h in day_handovers(day, tz)],
        carriers_waiting=[asdict(c) for c in carriers_waiting(settings, now_utc, tz)]
        if is_today
        else [],
        **(_stock(settings) if is_today else {}),
        batches=batches_now() if is_today else {},
    )


def _stock(settings: Settings) -> dict:
    """The pre-sale orders waiting for stock and the stock warning, as the board shows
    them (``DayFigures.presale_waiting``, ``stock_warnings``)."""
    from station.services.stock import StockService

    stock = StockService(Receipt._meta.database, settings.bench.bench_id)
    iso = lambda t: t.isoformat(timespec="seconds") if t else None  # noqa: E731
    return {
        "presale_waiting": [
            {
                "number": w.number,
                "promised_dispatch_at": iso(w.promised_dispatch_at),
                "fits": w.fits,
                "lines": [
                    {
                        "sku": ln.sku,
                        "name": ln.name,
                        "qty": ln.qty,
                        "on_hand": ln.on_hand,
                        "free": ln.free,
                        "short": ln.short,
                    }
                    for ln in w.lines
                ],
            }
            for w in stock.waiting()
        ],
        "stock_warnings": [
            {
                "sku": f.sku,
                "name": f.name,
                "on_hand": f.on_hand,
                "threshold": f.threshold,
                "head_office": f.head_office,
                "head_office_as_of": iso(f.head_office_as_of),
            }
            for f in stock.warnings()
        ],
    }
