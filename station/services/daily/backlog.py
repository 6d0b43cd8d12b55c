"""The pace and the backlog: orders and units per hour over the last 15 and 60
minutes, the orders still to pack by deadline, when they are done at that pace, and
the packers needed to meet the cut-off."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta, tzinfo

import peewee as pw

from station.config import Settings
from station.core.deadlines import urgency
from station.db.models import Parcel, ReceiptLine, SalesOrder
from station.services.daily.days import _local
from station.services.daily.figures import Backlog, Row
from station.services.stock import packable_now

WAITING = ("new", "packing")


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
        # what can be packed now: a pre-sale order waiting for stock is not (the
        # board's Waiting for stock tab lists those)
        .where(SalesOrder.status.in_(WAITING) & packable_now())
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
