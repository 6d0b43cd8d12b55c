"""The transactional outbox: what head office has yet to receive.

``enqueue`` is called inside the same transaction as the business change,
so a record and its outbox entry are committed together or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from station.db.models import OutboxRecord, PackedItem, Product, SalesOrderLine


def enqueue(bench_id: str, kind: str, record_uuid: str, payload: dict[str, Any]) -> OutboxRecord:
    return OutboxRecord.create(
        record_uuid=record_uuid,
        bench_id=bench_id,
        kind=kind,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str),
    )


def backlog() -> tuple[int, Any]:
    """(number of records not yet acknowledged, creation time of the oldest)."""
    q = OutboxRecord.select().where(OutboxRecord.state != "acked")
    oldest = q.order_by(OutboxRecord.id).first()
    return q.count(), (oldest.created_at if oldest else None)


def parcel_items(parcel) -> list[dict[str, Any]]:
    """A parcel's packed units as its ``parcel_closed`` record carries them:
    ``[{"sku", "qty", "serial"}]`` in the order they were packed."""
    return [
        {"sku": sku, "qty": qty, "serial": serial}
        for sku, qty, serial in PackedItem.select(Product.sku, PackedItem.qty, PackedItem.serial)
        .join(SalesOrderLine)
        .join(Product)
        .where(PackedItem.parcel == parcel)
        .order_by(PackedItem.id)
        .tuples()
    ]
