"""Records for head office queued again from salvaged rows whose outbox rows were lost."""

from __future__ import annotations


def rebuild_outbox(bench_id: str) -> dict[str, int]:
    """Records for head office whose business row was salvaged but whose outbox row was
    lost (they sat on different pages): queued again from the row, under the same
    UUID, marked ``"recovered": true``. Head office stores a UUID once, so a record it
    already had is answered as a duplicate. Covers scans and closed or voided parcels
    (the pack-out's records). Call inside a transaction. Returns counts per kind."""
    from station.db import outbox
    from station.db.models import (
        Operator,
        OutboxRecord,
        Parcel,
        SalesOrder,
        ScanEvent,
    )

    have = {u for (u,) in OutboxRecord.select(OutboxRecord.record_uuid).tuples()}
    operators = dict(Operator.select(Operator.id, Operator.uuid).tuples())
    counts: dict[str, int] = {}

    def queue(kind: str, uuid: str, payload: dict) -> None:
        outbox.enqueue(bench_id, kind, uuid, {**payload, "recovered": True})
        counts[kind] = counts.get(kind, 0) + 1

    for event in ScanEvent.select().order_by(ScanEvent.id):
        if event.uuid in have:
            continue
        queue(
            "scan_event",
            event.uuid,
            {
                "data": event.data,
                "symbology": event.symbology,
                "source": event.source,
                "manual": event.manual,
                "operator": operators.get(event.operator_id),
                "context": event.context,
                "outcome": event.outcome,
                "message": event.message,
                "scanned_at": event.scanned_at.isoformat(),
            },
        )
    parcels = Parcel.select().where(
        Parcel.status.in_(("closed", "voided")) & Parcel.tracking_number.is_null(False)
    )
    for parcel in parcels.order_by(Parcel.id):
        order = SalesOrder.get_or_none(SalesOrder.id == parcel.sales_order_id)
        if order is None:  # listed with the rows that refer to lost ones
            continue
        if parcel.uuid not in have:
            items = outbox.parcel_items(parcel)
            queue(
                "parcel_closed",
                parcel.uuid,
                {
                    "order": order.number,
                    "order_uuid": order.uuid,
                    "seq": parcel.seq,
                    "tracking_number": parcel.tracking_number,
                    "carrier": order.carrier,
                    "weight_g": parcel.weight_g,
                    "items": items,
                    "final": order.status in ("packed", "shipped"),
                    "closed_at": (parcel.closed_at or parcel.created_at).isoformat(),
                    "operator": operators.get(parcel.operator_id),
                },
            )
        if parcel.status == "voided" and f"{parcel.uuid}-void" not in have:
            queue(
                "parcel_voided",
                f"{parcel.uuid}-void",
                {"parcel": parcel.uuid, "tracking_number": parcel.tracking_number},
            )
    return counts
