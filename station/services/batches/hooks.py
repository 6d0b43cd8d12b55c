"""What pack-out tells the batches, inside its own transaction: an order's parcel
closed, so its batch has one order fewer to pack; the last one makes it ``packed``.

Kept apart from :mod:`station.services.batches` so pack-out imports nothing else
of it. The state change itself (:func:`set_state`) is the one every batch step uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station.db import outbox
from station.db.audit import append_audit
from station.db.models import Batch, BatchOrder, Operator, SalesOrder
from station.services.stock import packable_now

#: a batch's states in their order; ``cancelled``: an open batch dissolved
STATES = ("open", "printed", "picked", "packed", "closed")
#: an order still to pack in its batch
TO_PACK = ("new", "packing")
#: an order that must not ship: no goods picked for it, no label of it printed again
STOPPED = ("held", "cancelled")


@dataclass(frozen=True)
class BatchProgress:
    """A batch after one of its orders closed: ``left`` of ``total`` orders still to pack."""

    number: str
    left: int
    total: int


def left_in(batch_id: int) -> tuple[int, int]:
    """(orders still to pack, orders) of a batch: an order held or cancelled
    meanwhile, or turned pre-sale and waiting for its goods
    (``station.services.stock.packable_now``), is not waited for."""
    rows = (
        SalesOrder.select(SalesOrder.status, packable_now().alias("packable"))
        .join(BatchOrder, on=BatchOrder.sales_order == SalesOrder.id)
        .where(BatchOrder.batch == batch_id)
        .tuples()
    )
    statuses = list(rows)
    return sum(1 for s, ok in statuses if s in TO_PACK and ok), len(statuses)


def set_state(
    bench_id: str,
    batch: Batch,
    state: str,
    operator: Operator | None,
    now: datetime,
    *,
    order_numbers: list[str] | None = None,
    **details,
) -> None:
    """Move ``batch`` to ``state`` with its time, an audit entry and a ``batch_state``
    record for head office (record UUID ``<batch uuid>-<state>``: one per state)
    naming its orders (``order_numbers`` when the caller has them, else read).
    Call inside the transaction of the change."""
    stamp = {"printed": "printed_at", "picked": "picked_at", "packed": "packed_at"}
    fields = {"state": state}
    if state in stamp:
        fields[stamp[state]] = now
    if state in ("closed", "cancelled"):
        fields["closed_at"] = now
    was = batch.state
    Batch.update(**fields).where(Batch.id == batch.id).execute()
    orders = order_numbers
    if orders is None:
        orders = [
            n
            for (n,) in SalesOrder.select(SalesOrder.number)
            .join(BatchOrder, on=BatchOrder.sales_order == SalesOrder.id)
            .where(BatchOrder.batch == batch.id)
            .order_by(BatchOrder.seq, BatchOrder.id)
            .tuples()
        ]
    append_audit(
        bench_id,
        f"batch_{state}",
        operator=operator,
        entity="batch",
        entity_uuid=batch.uuid,
        details={"number": batch.number, "from": was, "orders": len(orders), **details},
    )
    outbox.enqueue(
        bench_id,
        "batch_state",
        f"{batch.uuid}-{state}",
        {
            "number": batch.number,
            "batch_uuid": batch.uuid,
            "state": state,
            "from": was,
            "rule": batch.rule,
            "sku": batch.sku,
            "carrier": batch.carrier,
            "orders": orders,
            "at": now.isoformat(),
            "operator": operator.uuid if operator is not None else None,
            **details,
        },
    )


def order_closed(
    bench_id: str, order: SalesOrder, operator: Operator | None, now: datetime
) -> BatchProgress | None:
    """Pack-out closed a parcel of ``order``: its batch's progress (None when the order
    is in no batch); the batch becomes ``packed`` when no order of it is left to pack.
    Call inside the close's transaction."""
    row = (
        BatchOrder.select(BatchOrder, Batch)
        .join(Batch)
        .where(BatchOrder.sales_order == order.id)
        .first()
    )
    if row is None:
        return None
    batch = row.batch
    left, total = left_in(batch.id)
    if left == 0 and batch.state in ("open", "printed", "picked"):
        set_state(bench_id, batch, "packed", operator, now)
    return BatchProgress(batch.number, left, total)


def batches_now() -> dict[str, int]:
    """The board's batches: how many are in each state (``STATES``, cancelled left
    out), and ``orders_left``: the orders of the batches not yet packed."""
    import peewee as pw

    rows = dict(Batch.select(Batch.state, pw.fn.COUNT(Batch.id)).group_by(Batch.state).tuples())
    out = {s: rows.get(s, 0) for s in STATES}
    out["orders_left"] = (
        BatchOrder.select()
        .join(Batch)
        .switch(BatchOrder)
        .join(SalesOrder)
        .where(
            Batch.state.in_(("open", "printed", "picked"))
            & SalesOrder.status.in_(TO_PACK)
            & packable_now()
        )
        .count()
    )
    return out
