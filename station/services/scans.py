"""The scan log: every scan, whatever became of it, with its verdict."""

from __future__ import annotations

from datetime import UTC

from station.core.scan import Scan, Verdict
from station.db import outbox
from station.db.models import Operator, ScanEvent


def record_scan(
    scan: Scan,
    verdict: Verdict,
    *,
    bench_id: str,
    context: str,
    operator: Operator | None = None,
    raw: str | None = None,
) -> ScanEvent:
    """Write the scan and its outbox record. Call inside the use case's transaction."""
    event = ScanEvent.create(
        raw=scan.data if raw is None else raw,
        data=scan.data,
        symbology=scan.symbology,
        source=scan.source,
        manual=scan.manual,
        operator=operator,
        bench_id=bench_id,
        context=context,
        outcome=verdict.outcome.value,
        message=verdict.code,
        scanned_at=scan.at.astimezone(UTC).replace(tzinfo=None) if scan.at.tzinfo else scan.at,
    )
    outbox.enqueue(
        bench_id,
        "scan_event",
        event.uuid,
        {
            "data": event.data,
            "symbology": event.symbology,
            "source": event.source,
            "manual": event.manual,
            "operator": operator.uuid if operator else None,
            "context": context,
            "outcome": event.outcome,
            "message": event.message,
            "scanned_at": event.scanned_at.isoformat(),
        },
    )
    return event
