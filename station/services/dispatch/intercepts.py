"""Intercepts (拦截): an order cancelled, refunded or held at the platform or head
office after this bench packed it. They arrive with the master data
(:mod:`station.sync.downloader`); the dispatch scan refuses the parcel with an alarm,
and the supervisor sees every one, including those that came after the parcel left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station.db.audit import append_audit
from station.db.models import Intercept, Meta, SalesOrder, utcnow

INTERCEPT_STATUSES = ("held", "cancelled", "refunded")
MASTER_PULLED_KEY = "master_pulled_at"  # meta: naive UTC ISO time of the last full pull


def record_intercept(
    bench_id: str, order: SalesOrder, status: str, reason: str, *, now: datetime | None = None
) -> Intercept:
    """Record that head office ``status``-ed ``order`` (one of INTERCEPT_STATUSES) after
    it was packed here. Call inside the transaction that applies the change.
    ``state`` is ``handed_over`` when the order already left (status ``shipped``),
    else ``packed``. A second word on the same order updates the open intercept."""
    now = now or utcnow()
    state = "handed_over" if order.status == "shipped" else "packed"
    existing = (
        Intercept.select()
        .where((Intercept.sales_order == order) & (Intercept.state.in_(("packed", "handed_over"))))
        .first()
    )
    if existing is not None:
        Intercept.update(status=status, reason=reason or "").where(
            Intercept.id == existing.id
        ).execute()
        return Intercept.get_by_id(existing.id)
    row = Intercept.create(
        sales_order=order, status=status, reason=reason or "", state=state, arrived_at=now
    )
    append_audit(
        bench_id,
        "order_intercepted",
        entity="sales_order",
        entity_uuid=order.uuid,
        details={"status": status, "reason": reason or "", "state": state},
    )
    return row


def lift_intercepts(bench_id: str, order: SalesOrder, status: str) -> int:
    """Head office let ``order`` go again (any status not an intercept's): its open
    intercepts are lifted. Returns how many."""
    n = (
        Intercept.update(state="lifted")
        .where((Intercept.sales_order == order) & (Intercept.state == "packed"))
        .execute()
    )
    if n:
        append_audit(
            bench_id,
            "order_intercept_lifted",
            entity="sales_order",
            entity_uuid=order.uuid,
            details={"status": status},
        )
    return n


def open_intercept(order_id: int) -> Intercept | None:
    """The intercept that stops ``order_id``'s parcels from leaving, if any."""
    return (
        Intercept.select()
        .where((Intercept.sales_order == order_id) & (Intercept.state.in_(("packed", "pulled"))))
        .order_by(Intercept.id.desc())
        .first()
    )


@dataclass(frozen=True)
class InterceptRow:
    """One line of the supervisor's intercept list."""

    order: str
    status: str
    reason: str
    state: str  # packed | pulled | handed_over
    arrived_at: datetime
    trackings: tuple[str, ...]


def intercept_list() -> list[InterceptRow]:
    """Every intercept a supervisor must act on, newest first: parcels still here
    (``packed``: not yet found at dispatch; ``pulled``: refused at the dispatch scan)
    and parcels that had already left (``handed_over``: call the carrier)."""
    from station.db.models import Parcel

    rows = []
    for ic in (
        Intercept.select(Intercept, SalesOrder)
        .join(SalesOrder)
        .where(Intercept.state.in_(("packed", "pulled", "handed_over")))
        .order_by(Intercept.arrived_at.desc(), Intercept.id.desc())
    ):
        trackings = tuple(
            p.tracking_number
            for p in Parcel.select(Parcel.tracking_number).where(
                (Parcel.sales_order == ic.sales_order_id)
                & (Parcel.status == "closed")
                & Parcel.tracking_number.is_null(False)
            )
        )
        rows.append(
            InterceptRow(
                ic.sales_order.number, ic.status, ic.reason, ic.state, ic.arrived_at, trackings
            )
        )
    return rows


def master_pulled_at() -> datetime | None:
    """When master data was last pulled in full from head office (naive UTC), or None."""
    row = Meta.get_or_none(Meta.key == MASTER_PULLED_KEY)
    return datetime.fromisoformat(row.value) if row else None


def note_master_pulled(now: datetime | None = None) -> None:
    """Record a complete master-data pull (the downloader calls it)."""
    Meta.insert(
        key=MASTER_PULLED_KEY, value=(now or utcnow()).isoformat()
    ).on_conflict_replace().execute()
