"""Shipment reports (发货回传) as the bench sees them: those the platform refused, and
those head office could not relay (the shop has no platform authorisation there),
wait here, parked, for a supervisor (the Sync page), with the reason given."""

from __future__ import annotations

import json
from dataclasses import dataclass

from station.db.models import OutboxRecord

PLATFORM_REFUSED = "refused by the platform: "  # the uploader's note on such a record
NOT_RELAYED = "not relayed: "  # head office did not tell the platform
NO_AUTHORISATION = "shop has no platform authorisation"  # head office's reason (its contract)


@dataclass(frozen=True)
class RefusedReport:
    order: str
    tracking: str
    reason: str  # the platform's words, as head office passed them on


def refused_reports() -> list[RefusedReport]:
    """Parked shipment reports the platform refused, oldest first."""
    return _parked(PLATFORM_REFUSED)


def unrelayed_reports() -> list[RefusedReport]:
    """Parked shipment reports head office did not relay to the platform (``reason``
    its words, :data:`NO_AUTHORISATION` for a shop it holds no authorisation for),
    oldest first: the order is not reported shipped until someone does."""
    return _parked(NOT_RELAYED)


def _parked(note: str) -> list[RefusedReport]:
    out = []
    for rec in (
        OutboxRecord.select()
        .where(
            (OutboxRecord.kind == "shipment_report")
            & (OutboxRecord.state == "parked")
            & OutboxRecord.last_error.startswith(note)
        )
        .order_by(OutboxRecord.id)
    ):
        p = json.loads(rec.payload)
        out.append(
            RefusedReport(
                str(p.get("order", "")),
                str(p.get("tracking_number", "")),
                rec.last_error[len(note) :],
            )
        )
    return out
