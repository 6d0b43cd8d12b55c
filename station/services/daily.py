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
yet packed (new or being packed), by dispatch deadline; at the rate of the last
hour it is done at ``predicted_done_at``; packers needed to meet the cut-off =
backlog / (orders per packer per hour x hours left), with the orders per packer
measured over the last hour (else the day so far, else the setting).

Benches are named by their name, never their internal id: this bench's name from
its settings, any other bench's from the names the database remembers
(:func:`remember_bench_name`, written at start-up and whenever the name changes,
so records made under an earlier id keep the name they were made under). A bench
whose name the database never learnt is shown as ``—``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import peewee as pw

from station.config import Settings
from station.core.deadlines import PenaltyRule, urgency
from station.db.audit import Anchor, audit_head, save_printed_anchor
from station.db.models import (
    AuditEntry,
    Inspection,
    Meta,
    Operator,
    PackedItem,
    Parcel,
    PrintJob,
    Receipt,
    ReceiptLine,
    SalesOrder,
    ScanEvent,
)
from station.services.tracking_pool import TrackingPool

METRICS = ("units_received", "lines_inspected", "orders_packed", "parcels_shipped")
WAITING = ("new", "packing")
LATE_LIST = 50  # late-risk orders listed by name; all are counted
BENCH_NAME_KEY = "bench_name:"  # Meta key prefix: bench id -> the bench's name
UNNAMED = "—"
# approved actions counted under their own heading, or not an override at all
NOT_OVERRIDES = [
    "approval_refused",
    "parcel_voided",
    "tracking_number_voided",
    "approved:short_ship",
]


@dataclass
class Row:
    """One operator's or bench's day."""

    name: str
    units_received: int = 0
    lines_inspected: int = 0
    orders_packed: int = 0
    parcels_shipped: int = 0
    units_packed: int = 0
    scans: int = 0


@dataclass
class Backlog:
    waiting: int
    late: int
    at_risk: int
    due_today: int
    later: int
    no_deadline: int
    orders_per_hour: float  # the bench's rate over the last hour
    predicted_done_at: str | None  # local ISO time; None with no rate
    cutoff: str  # local ISO time of today's cut-off
    hours_to_cutoff: float
    orders_per_packer_hour: float
    per_packer_measured: bool  # False: the setting's figure, nothing measured yet
    packers_active: int  # closing parcels in the last hour
    packers_needed: int | None  # None after the cut-off
    will_meet_cutoff: bool | None


@dataclass
class LateOrder:
    order: str
    promised: str  # local ISO time
    state: str  # late | at_risk
    penalty_fen: int


@dataclass
class Exceptions:
    wrong_item_refusals: int  # packing scans refused as the wrong item + goods-in wrong items
    shorts: int  # short shipments approved
    reships: int  # reship orders created
    overrides: int  # actions a supervisor approved (duplicate, weight, over-receipt…)
    voids: int  # parcels and tracking numbers voided
    quarantined_lines: int
    quarantined_units: int
    lots_rejected: int  # inspections rejected or held
    late_orders: int
    at_risk_orders: int
    penalty_at_risk_fen: int
    late_list: list[LateOrder] = field(default_factory=list)
    printer_alerts: list[dict] = field(default_factory=list)  # jobs failed, held, stale
    pools_low: list[dict] = field(default_factory=list)  # carrier, account, free, low_water


@dataclass
class DayFigures:
    date: str
    bench_id: str  # for machines (the JSON); people see bench_name
    bench_name: str
    generated_at: str  # local ISO time
    is_today: bool
    totals: Row
    hourly: dict[str, list[int]]  # metric -> 24 counts, local hours
    by_operator: list[Row]
    by_bench: list[Row]
    rates: dict[str, float]  # orders_15, orders_60, units_received_15, units_received_60
    backlog: Backlog | None  # only for today: a past day's backlog is not kept
    exceptions: Exceptions
    # the audit chain's head when the report was made: {"seq", "hash" (64 hex), "short"
    # (SEQ:16 hex, as printed)}; kept on paper, it anchors the chain outside the file
    audit_anchor: dict | None = None

    def to_json(self) -> dict:
        return asdict(self)


def remember_bench_name(bench_id: str, name: str) -> None:
    """Record in the open database that ``bench_id`` is called ``name`` (the last
    name given wins). Raises peewee errors if the database cannot be written."""
    if not bench_id or not name:
        return
    key = BENCH_NAME_KEY + bench_id
    row = Meta.get_or_none(Meta.key == key)
    if row is None or row.value != name:
        Meta.insert(key=key, value=name).on_conflict_replace().execute()


def bench_names(settings: Settings) -> dict[str, str]:
    """Bench id -> name: every name the database remembers, this bench's from settings."""
    names = {
        key[len(BENCH_NAME_KEY) :]: value
        for key, value in Meta.select(Meta.key, Meta.value)
        .where(Meta.key.startswith(BENCH_NAME_KEY))
        .tuples()
    }
    if settings.bench.bench_id:
        names[settings.bench.bench_id] = settings.bench.bench_name
    return names


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The local day as naive UTC, as the database stores times."""
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return (
        start.astimezone(UTC).replace(tzinfo=None),
        end.astimezone(UTC).replace(tzinfo=None),
    )


def _local(t: datetime, tz: tzinfo) -> datetime:
    return t.replace(tzinfo=UTC).astimezone(tz)


def _hour(column: pw.Field, offset_s: int):
    """The local hour of a stored UTC time, in SQL."""
    return pw.Cast(pw.fn.strftime("%H", column, f"{offset_s:+d} seconds"), "INTEGER")


def day_figures(
    day: date,
    settings: Settings,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> DayFigures:
    """Every figure of ``day`` (a local date); ``now`` is aware or local-naive."""
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
    )


def _anchor() -> dict | None:
    head = audit_head()
    return {"seq": head.seq, "hash": head.hash, "short": head.short} if head else None


def keep_printed_anchor(data_root, figures: DayFigures) -> None:
    """The report's audit anchor is on paper now: keep it beside the database too
    (``audit-anchor.json``), for ``station audit verify`` offline. Raises OSError."""
    a = figures.audit_anchor
    if a:
        save_printed_anchor(
            data_root,
            Anchor(a["seq"], a["hash"], "report"),
            datetime.fromisoformat(figures.generated_at),
        )


def _rates(ref: datetime, day_start: datetime) -> dict[str, float]:
    out = {}
    for minutes in (15, 60):
        since = max(ref - timedelta(minutes=minutes), day_start)
        orders = (
            Parcel.select(pw.fn.COUNT(Parcel.sales_order.distinct()))
            .where(
                (Parcel.status == "closed") & (Parcel.closed_at >= since) & (Parcel.closed_at < ref)
            )
            .scalar()
        )
        units = (
            ReceiptLine.select(pw.fn.SUM(ReceiptLine.qty))
            .where(
                (ReceiptLine.created_at >= since)
                & (ReceiptLine.created_at < ref)
                & ReceiptLine.purchase_order_line.is_null(False)
            )
            .scalar()
        ) or 0
        out[f"orders_{minutes}"] = round(orders * 60 / minutes, 1)
        out[f"units_received_{minutes}"] = round(units * 60 / minutes, 1)
    return out


def _backlog(
    now: datetime, settings: Settings, tz: tzinfo, rates: dict, totals: Row, day_start: datetime
) -> Backlog:
    p = settings.packing
    now_local = _local(now, tz)
    warn = timedelta(minutes=p.warn_before_minutes)
    end_of_day = _local(day_start, tz) + timedelta(days=1)
    counts = defaultdict(int)
    for (promised,) in (
        SalesOrder.select(SalesOrder.promised_dispatch_at)
        .where(SalesOrder.status.in_(WAITING))
        .tuples()
    ):
        state = urgency(promised, now, warn_before=warn)
        if state == "ok":
            state = "due_today" if _local(promised, tz) < end_of_day else "later"
        counts[state] += 1
    waiting = sum(counts.values())
    per_hour = rates["orders_60"]
    done_at = None
    if waiting == 0:
        done_at = now_local.isoformat(timespec="minutes")
    elif per_hour > 0:
        done_at = (now_local + timedelta(hours=waiting / per_hour)).isoformat(timespec="minutes")
    # orders per packer per hour: the last hour's, else the day so far, else the setting
    hour_ago = now - timedelta(hours=1)
    last_hour = Parcel.select().where(
        (Parcel.status == "closed") & (Parcel.closed_at >= hour_ago) & (Parcel.closed_at < now)
    )
    packers = last_hour.select(pw.fn.COUNT(Parcel.operator.distinct())).scalar() or 0
    orders_hour = last_hour.select(pw.fn.COUNT(Parcel.sales_order.distinct())).scalar() or 0
    measured = True
    if packers and orders_hour:
        per_packer = orders_hour / packers
    else:
        day_packers = (
            Parcel.select(pw.fn.COUNT(Parcel.operator.distinct()))
            .where(
                (Parcel.status == "closed")
                & (Parcel.closed_at >= day_start)
                & (Parcel.closed_at < now)
            )
            .scalar()
            or 0
        )
        hours = (now - day_start).total_seconds() / 3600
        if day_packers and totals.orders_packed and hours > 0:
            per_packer = totals.orders_packed / day_packers / hours
        else:
            per_packer, measured = p.orders_per_person_day / 8, False
    hh, mm = (int(x) for x in p.cutoff.split(":"))
    cutoff = now_local.replace(hour=hh, minute=mm, second=0, microsecond=0)
    hours_left = (cutoff - now_local).total_seconds() / 3600
    needed = None
    meet = None
    if hours_left > 0:
        needed = math.ceil(waiting / (per_packer * hours_left)) if waiting else 0
        meet = per_hour * hours_left >= waiting
    return Backlog(
        waiting=waiting,
        late=counts["late"],
        at_risk=counts["at_risk"],
        due_today=counts["due_today"],
        later=counts["later"],
        no_deadline=counts["none"],
        orders_per_hour=per_hour,
        predicted_done_at=done_at,
        cutoff=cutoff.isoformat(timespec="minutes"),
        hours_to_cutoff=round(hours_left, 2),
        orders_per_packer_hour=round(per_packer, 1),
        per_packer_measured=measured,
        packers_active=packers,
        packers_needed=needed,
        will_meet_cutoff=meet,
    )


def _exceptions(
    start: datetime, end: datetime, now: datetime, settings: Settings, tz: tzinfo, *, live: bool
) -> Exceptions:
    """The day's exceptions; with ``live`` (today) also what is wrong now: orders
    late or at risk, printer alerts and tracking pools running low. A past day's
    report has none of those: they are not history."""

    def audit(*actions: str) -> int:
        return (
            AuditEntry.select()
            .where(
                (AuditEntry.created_at >= start)
                & (AuditEntry.created_at < end)
                & AuditEntry.action.in_(actions)
            )
            .count()
        )

    wrong_scans = (
        ScanEvent.select()
        .where(
            (ScanEvent.scanned_at >= start)
            & (ScanEvent.scanned_at < end)
            & (ScanEvent.outcome == "refused")
            & (ScanEvent.message == "wrong_item")
        )
        .count()
    )
    day_lines = ReceiptLine.select().where(
        (ReceiptLine.created_at >= start) & (ReceiptLine.created_at < end)
    )
    wrong_received = day_lines.where(ReceiptLine.discrepancy == "wrong_item").count()
    quarantined = day_lines.where(
        (ReceiptLine.status == "quarantine") & ReceiptLine.purchase_order_line.is_null(False)
    )
    overrides = (
        AuditEntry.select()
        .where(
            (AuditEntry.created_at >= start)
            & (AuditEntry.created_at < end)
            & AuditEntry.approved_by.is_null(False)
            & AuditEntry.action.not_in(NOT_OVERRIDES)
        )
        .count()
    )
    reships = (
        SalesOrder.select()
        .where(
            SalesOrder.parent.is_null(False)
            & (SalesOrder.created_at >= start)
            & (SalesOrder.created_at < end)
        )
        .count()
    )
    rejected = (
        Inspection.select()
        .where(
            (Inspection.created_at >= start)
            & (Inspection.created_at < end)
            & Inspection.result.in_(["rejected", "held"])
        )
        .count()
    )
    p = settings.packing
    rule = PenaltyRule(p.penalty_rate_pct, p.penalty_min_fen, p.penalty_max_fen)
    warn = timedelta(minutes=p.warn_before_minutes)
    late_list: list[LateOrder] = []
    late = at_risk = penalty = 0
    waiting = SalesOrder.status.in_(WAITING) & (SalesOrder.promised_dispatch_at < now + warn)
    rows = (
        SalesOrder.select(SalesOrder.number, SalesOrder.promised_dispatch_at, SalesOrder.paid_fen)
        .where(waiting)
        .tuples()
        if live
        else []
    )
    # sorted here, not in SQL: an ORDER BY on the deadline leads SQLite to walk the
    # deadline index through a year of shipped orders instead of (status, deadline)
    for number, promised, paid in sorted(rows, key=lambda r: (r[1], r[0])):
        state = urgency(promised, now, warn_before=warn)
        if state == "late":
            late += 1
        else:
            at_risk += 1
        fen = rule.at_risk(paid)
        penalty += fen
        if len(late_list) < LATE_LIST:
            late_list.append(
                LateOrder(number, _local(promised, tz).isoformat(timespec="minutes"), state, fen)
            )
    alerts = [
        {
            "job": j.id,
            "kind": j.kind,
            "document": j.document_ref,
            "status": j.status,
            "reason": j.held_reason or j.error or "",
        }
        for j in (
            PrintJob.select().where(PrintJob.status.in_(["failed", "held"])).order_by(PrintJob.id)
            if live
            else []
        )
    ]
    pools = [
        {
            "carrier": acc.carrier,
            "account": acc.account_no,
            "free": free,
            "low_water": acc.low_water,
        }
        for acc, free in sorted(
            TrackingPool(None, settings.bench.bench_id).running_low() if live else [],
            key=lambda x: (x[0].carrier, x[0].account_no),
        )
    ]
    return Exceptions(
        wrong_item_refusals=wrong_scans + wrong_received,
        shorts=audit("approved:short_ship"),
        reships=reships,
        overrides=overrides,
        voids=audit("parcel_voided", "tracking_number_voided"),
        quarantined_lines=quarantined.count(),
        quarantined_units=quarantined.select(pw.fn.SUM(ReceiptLine.qty)).scalar() or 0,
        lots_rejected=rejected,
        late_orders=late,
        at_risk_orders=at_risk,
        penalty_at_risk_fen=penalty,
        late_list=late_list,
        printer_alerts=alerts,
        pools_low=pools,
    )
