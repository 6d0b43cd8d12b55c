"""Shipment reports (发货回传) as the bench sees them: those the platform refused wait
here, parked, for a supervisor (the Sync page), with the platform's own reason."""

from __future__ import annotations

import json
from dataclasses import dataclass

from station.db.models import OutboxRecord

PLATFORM_REFUSED = "refused by the platform: "  # the uploader's note on such a record


@dataclass(frozen=True)
class RefusedReport:
    order: str
    tracking: str
    reason: str  # the platform's words, as head office passed them on


def refused_reports() -> list[RefusedReport]:
    """Parked shipment reports the platform refused, oldest first."""
    out = []
    for rec in (
        OutboxRecord.select()
        .where(
            (OutboxRecord.kind == "shipment_report")
            & (OutboxRecord.state == "parked")
            & OutboxRecord.last_error.startswith(PLATFORM_REFUSED)
        )
        .order_by(OutboxRecord.id)
    ):
        p = json.loads(rec.payload)
        out.append(
            RefusedReport(
                str(p.get("order", "")),
                str(p.get("tracking_number", "")),
                rec.last_error[len(PLATFORM_REFUSED) :],
            )
        )
    return out
