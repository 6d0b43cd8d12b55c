"""Dispatch on the supervisor's board and in the daily report: parcels packed but not
handed over, per carrier, against the carrier's pickup (amber from an hour before,
red after, with the penalty at risk for their orders), and the day's handovers.

Pickup times: ``packing.pickups`` per carrier, else ``packing.cutoff``
(:func:`station.config.pickup_times`). The penalty is the late-dispatch rule's
(``station.core.deadlines.PenaltyRule``, Douyin's default: 10 % of the amount paid,
5 to 100 CNY) for each order with a parcel waiting, whatever its own deadline: a
parcel not picked up today is a day late for the platform's pickup-scan rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import peewee as pw

from station.config import Settings, pickup_times
from station.core.deadlines import PenaltyRule
from station.db.models import (
    AuditEntry,
    Handover,
    HandoverParcel,
    Intercept,
    Parcel,
    SalesOrder,
)
from station.services.daily.days import day_bounds

WARN_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class CarrierWaiting:
    """One carrier's parcels packed and not handed over. ``state``: ``ok``, ``amber``
    (pickup within the hour), ``red`` (the pickup time has passed)."""

    carrier: str
    parcels: int
    orders: int
    pickup: str  # local ISO time of today's pickup
    state: str
    penalty_fen: int


@dataclass(frozen=True)
class HandoverRow:
    number: str
    carrier: str
    closed_at: str  # local ISO time
    parcels: int
    left_out: int
    offline: bool
    bench_id: str


def _local(utc_naive: datetime, tz: tzinfo | None) -> datetime:
    from datetime import UTC

    return utc_naive.replace(tzinfo=UTC).astimezone(tz)


def carriers_waiting(
    settings: Settings, now: datetime, tz: tzinfo | None = None
) -> list[CarrierWaiting]:
    """Per carrier (code order), the closed parcels in no handover and not
    intercepted; ``now`` naive UTC."""
    p = settings.packing
    rule = PenaltyRule(p.penalty_rate_pct, p.penalty_min_fen, p.penalty_max_fen)
    pickups = pickup_times(p)
    handed = HandoverParcel.select(HandoverParcel.parcel).where(HandoverParcel.status == "in")
    stopped = Intercept.select(Intercept.sales_order).where(
        Intercept.state.in_(("packed", "pulled"))
    )
    rows: dict[str, dict] = {}
    for carrier, order_id, paid in (
        Parcel.select(pw.fn.UPPER(Parcel.carrier), SalesOrder.id, SalesOrder.paid_fen)
        .join(SalesOrder)
        .where(
            (Parcel.status == "closed")
            & Parcel.carrier.is_null(False)
            & Parcel.id.not_in(handed)
            & Parcel.sales_order.not_in(stopped)
        )
        .tuples()
    ):
        row = rows.setdefault(carrier, {"parcels": 0, "orders": {}})
        row["parcels"] += 1
        row["orders"][order_id] = paid
    now_local = _local(now, tz)
    out = []
    for carrier in sorted(rows):
        hh, mm = (int(x) for x in pickups.get(carrier, p.cutoff).split(":"))
        pickup = now_local.replace(hour=hh, minute=mm, second=0, microsecond=0)
        state = (
            "red" if now_local >= pickup else "amber" if now_local >= pickup - WARN_BEFORE else "ok"
        )
        orders = rows[carrier]["orders"]
        out.append(
            CarrierWaiting(
                carrier,
                rows[carrier]["parcels"],
                len(orders),
                pickup.isoformat(timespec="minutes"),
                state,
                sum(rule.at_risk(paid) for paid in orders.values()),
            )
        )
    return out


def day_handovers(day: date, tz: tzinfo | None = None) -> list[HandoverRow]:
    """The handovers closed on the local ``day``, in closing order."""
    lo, hi = day_bounds(day, tz)
    out = []
    for h in (
        Handover.select()
        .where(
            (Handover.status == "closed") & (Handover.closed_at >= lo) & (Handover.closed_at < hi)
        )
        .order_by(Handover.closed_at, Handover.id)
    ):
        n = (
            HandoverParcel.select()
            .where((HandoverParcel.handover == h) & (HandoverParcel.status == "in"))
            .count()
        )
        entry = (
            AuditEntry.select(AuditEntry.details)
            .where((AuditEntry.action == "handover_closed") & (AuditEntry.entity_uuid == h.uuid))
            .first()
        )
        left = len(json.loads(entry.details).get("missing", [])) if entry else 0
        out.append(
            HandoverRow(
                h.number,
                h.carrier,
                _local(h.closed_at, tz).isoformat(timespec="minutes"),
                n,
                left,
                h.offline,
                h.bench_id,
            )
        )
    return out
