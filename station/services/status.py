"""What the status bar shows: who, where, devices, network and head-office backlog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from station.config import Settings
from station.db import outbox
from station.db.models import Operator, OutboxRecord, ScanEvent, utcnow


@dataclass(frozen=True)
class StatusSnapshot:
    bench_name: str
    scanner: str
    printer: str
    scale: str
    head_office: str  # "" when not configured
    outbox_pending: int
    outbox_oldest: datetime | None
    outbox_parked: int = 0
    tls_verified: bool = True


def snapshot(settings: Settings) -> StatusSnapshot:
    pending, oldest = outbox.backlog()
    d = settings.devices
    return StatusSnapshot(
        bench_name=settings.bench.bench_name,
        scanner=d.scanner,
        printer=d.printer,
        scale=d.scale,
        head_office=settings.head_office.url,
        outbox_pending=pending,
        outbox_oldest=oldest,
        outbox_parked=OutboxRecord.select().where(OutboxRecord.state == "parked").count(),
        tls_verified=settings.head_office.verify_tls,
    )


@dataclass(frozen=True)
class DayFigures:
    scans: int
    ok: int
    refused: int
    warnings: int
    by_operator: list[tuple[str, int]]


def today_figures(now: datetime | None = None) -> DayFigures:
    """Scan counts since midnight UTC (the dashboard issue refines by local day)."""
    now = now or utcnow()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    base = ScanEvent.select().where(ScanEvent.scanned_at >= start)
    counts = dict(
        base.select(ScanEvent.outcome, pw.fn.COUNT(ScanEvent.id))
        .group_by(ScanEvent.outcome)
        .tuples()
    )
    per_op = (
        ScanEvent.select(Operator.name, pw.fn.COUNT(ScanEvent.id))
        .join(Operator)
        .where(ScanEvent.scanned_at >= start)
        .group_by(Operator.name)
        .order_by(pw.fn.COUNT(ScanEvent.id).desc())
        .tuples()
    )
    return DayFigures(
        scans=sum(counts.values()),
        ok=counts.get("ok", 0),
        refused=counts.get("refused", 0),
        warnings=counts.get("warning", 0),
        by_operator=list(per_op),
    )
