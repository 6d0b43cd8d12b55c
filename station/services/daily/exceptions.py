"""The day's exceptions: wrong items, shorts, reships, supervisors' overrides, voids,
quarantine, rejected lots; for today also what is wrong now (orders late or at risk,
printer alerts, tracking pools running low)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import peewee as pw

from station.config import Settings
from station.core.deadlines import PenaltyRule, urgency
from station.db.models import (
    AuditEntry,
    Inspection,
    OrderConflict,
    PrintJob,
    ReceiptLine,
    SalesOrder,
    ScanEvent,
)
from station.services.daily.backlog import WAITING
from station.services.daily.days import _local
from station.services.daily.figures import Exceptions, LateOrder
from station.services.tracking_pool import TrackingPool

LATE_LIST = 50  # late-risk orders listed by name; all are counted

# An approval leaves two entries: the grant ("approved:<action>", written by
# OperatorService.approve when the supervisor approves on the approval dialog) and the
# act it allowed (written by the service with ``approved_by``). A figure counts each
# event once, from the record of the act: never from the grants.
GRANT = "approved:"

# acts a supervisor approved that are counted under their own heading (shorts from the
# closed parcels, voids from the voided tracking numbers), or are not an override at all
NOT_OVERRIDES = [
    "approval_refused",
    "parcel_voided",
    "tracking_number_voided",
    "parcel_closed",
]

# the weight override's act is written under the grant's name, on the parcel
WEIGHT_ACT = "approved:weight_off"

# approvals whose act writes no audit entry of its own: the grant is the only record
GRANT_ONLY = ["approved:release_parked"]


def _exceptions(
    start: datetime, end: datetime, now: datetime, settings: Settings, tz: tzinfo, *, live: bool
) -> Exceptions:
    """The day's exceptions; with ``live`` (today) also what is wrong now: orders
    late or at risk, printer alerts and tracking pools running low. A past day's
    report has none of those: they are not history."""

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
    approved = AuditEntry.select().where(
        (AuditEntry.created_at >= start)
        & (AuditEntry.created_at < end)
        & AuditEntry.approved_by.is_null(False)
    )
    overrides = approved.where(
        (~AuditEntry.action.startswith(GRANT) & AuditEntry.action.not_in(NOT_OVERRIDES))
        | ((AuditEntry.action == WEIGHT_ACT) & (AuditEntry.entity == "parcel"))
        | AuditEntry.action.in_(GRANT_ONLY)
    ).count()
    # one short shipment is one parcel closed with lines short (the close's own entry,
    # one per parcel); the grant and the reship's entry are not counted
    shorts = (
        AuditEntry.select()
        .where(
            (AuditEntry.created_at >= start)
            & (AuditEntry.created_at < end)
            & (AuditEntry.action == "parcel_closed")
            & (pw.fn.json_extract(AuditEntry.details, "$.shorts") > 0)
        )
        .count()
    )
    # a voided parcel voids its tracking number (and says so on its own entry too):
    # one void, counted from the tracking number's entry (the created_at index finds
    # the day's entries; the tracking numbers' void times have no index)
    voids = (
        AuditEntry.select()
        .where(
            (AuditEntry.created_at >= start)
            & (AuditEntry.created_at < end)
            & (AuditEntry.action == "tracking_number_voided")
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
        shorts=shorts,
        reships=reships,
        overrides=overrides,
        voids=voids,
        quarantined_lines=quarantined.count(),
        quarantined_units=quarantined.select(pw.fn.SUM(ReceiptLine.qty)).scalar() or 0,
        lots_rejected=rejected,
        late_orders=late,
        at_risk_orders=at_risk,
        penalty_at_risk_fen=penalty,
        late_list=late_list,
        printer_alerts=alerts,
        pools_low=pools,
        order_conflicts=(
            OrderConflict.select().where(OrderConflict.resolved_at.is_null()).count() if live else 0
        ),
    )
