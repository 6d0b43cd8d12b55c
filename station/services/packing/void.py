"""Pack-out, voiding and setting aside: a closed parcel's waybill voided by a
supervisor, an order put aside by the packer, and the order to resume after a stop."""

from __future__ import annotations

from datetime import datetime, timedelta

from station.core.tracking import split_child_number
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import AuditEntry, Meta, Operator, Parcel, SalesOrder
from station.services.approvals import require_approver
from station.services.operators import Session
from station.services.packing.state import PackError
from station.services.routing import child_parent

PUT_ASIDE_KEY = "pack.put_aside"  # meta: ids of this database's orders put aside, "1,5,9"


class PackVoiding:
    """Voiding parcels, putting orders aside, resuming. Part of
    :class:`station.services.packing.PackingService`."""

    # --- voiding ---

    def void_parcel(self, parcel: Parcel, supervisor: Operator, reason: str) -> None:
        """A supervisor voids a closed parcel's waybill: the tracking number is retired
        and reported, the parcel no longer counts, and the order is packed again (its
        units re-verified into a new parcel with a new number). A platform e-waybill
        is cancelled at its platform through the outbox (once: station.services.ewaybills);
        a pool number is retired in the pool. A JD parcel whose number carries the
        order's parcel count (``P-n-N-``) is voided with every other parcel of
        that count: their labels would otherwise name a wrong total."""
        require_approver(supervisor, lambda: PackError("void_needs_supervisor"))
        if parcel.status != "closed" or not parcel.tracking_number:
            raise PackError("nothing_to_void")
        with self.db.atomic():
            group = [parcel]
            parent = child_parent(parcel)
            if parent:
                # JD: every label of the order carries the count N (P-n-N-), so its
                # parcels are voided together and the order packed again with a
                # new number and count; the pool number P is retired once
                group = [
                    p
                    for p in Parcel.select()
                    .where(
                        (Parcel.sales_order == parcel.sales_order_id) & (Parcel.status == "closed")
                    )
                    .order_by(Parcel.seq)
                    if (split_child_number(p.tracking_number or "") or ("",))[0] == parent
                ]
                self.tracking.void(parent, supervisor, reason)
            elif self.waybills is None or not self.waybills.cancel(parcel, reason):
                self.tracking.void(parcel.tracking_number, supervisor, reason)
            for p in group:
                Parcel.update(status="voided").where(Parcel.id == p.id).execute()
                outbox.enqueue(
                    self.bench_id,
                    "parcel_voided",
                    f"{p.uuid}-void",
                    {
                        "parcel": p.uuid,
                        "tracking_number": p.tracking_number,
                        "reason": reason,
                    },
                )
                append_audit(
                    self.bench_id,
                    "parcel_voided",
                    operator=supervisor,
                    approved_by=supervisor,
                    entity="parcel",
                    entity_uuid=p.uuid,
                    details={"tracking": p.tracking_number, "reason": reason},
                )
            SalesOrder.update(status="packing").where(
                SalesOrder.id == parcel.sales_order_id
            ).execute()

    # --- putting aside ---

    @staticmethod
    def _put_aside() -> set[int]:
        row = Meta.get_or_none(Meta.key == PUT_ASIDE_KEY)
        return {int(x) for x in row.value.split(",") if x.strip().isdigit()} if row else set()

    @staticmethod
    def _set_put_aside(ids: set[int]) -> None:
        if ids:
            value = ",".join(str(i) for i in sorted(ids))
            Meta.insert(key=PUT_ASIDE_KEY, value=value).on_conflict_replace().execute()
        else:
            Meta.delete().where(Meta.key == PUT_ASIDE_KEY).execute()

    def put_aside(self, order: SalesOrder, session: Session | None) -> None:
        """The packer stops showing ``order``: it stays 'packing' with what is packed,
        and is not reopened by itself (not at the next page visit, not after a
        restart) until its number is scanned again. Audited."""
        with self.db.atomic():
            self._set_put_aside(self._put_aside() | {order.id})
            append_audit(
                self.bench_id,
                "pack_put_aside",
                operator=session.operator if session else None,
                entity="sales_order",
                entity_uuid=order.uuid,
                details={"number": order.number},
            )

    def is_put_aside(self, order: SalesOrder) -> bool:
        return order.id in self._put_aside()

    # --- resuming ---

    def interrupted(self) -> SalesOrder | None:
        """The order this bench was packing when it stopped, if any. An order the packer
        put aside is not one: it waits until its number is scanned again."""
        aside = self._put_aside()
        q = (
            Parcel.select()
            .join(SalesOrder)
            .where(
                (Parcel.bench_id == self.bench_id)
                & (Parcel.status == "open")
                & (SalesOrder.status == "packing")
            )
            .order_by(Parcel.id.desc())
        )
        if aside:
            q = q.where(SalesOrder.id.not_in(sorted(aside)))
        parcel = q.first()
        return parcel.sales_order if parcel else None

    @staticmethod
    def started(order: SalesOrder) -> tuple[Operator | None, datetime | None]:
        """Who started packing ``order`` and when (naive UTC): its ``pack_started``
        audit entry. That entry is written in the transaction that creates the order's
        first parcel, so it is looked for by time around that parcel (the audit table's
        index), not by reading the whole trail. (None, None) when there is none."""
        first = (
            Parcel.select(Parcel.created_at)
            .where(Parcel.sales_order == order)
            .order_by(Parcel.id)
            .first()
        )
        if first is None:
            return None, None
        around = timedelta(minutes=5)
        entry = (
            AuditEntry.select()
            .where(
                AuditEntry.created_at.between(first.created_at - around, first.created_at + around)
                & (AuditEntry.action == "pack_started")
                & (AuditEntry.entity_uuid == order.uuid)
            )
            .order_by(AuditEntry.id)
            .first()
        )
        if entry is None:
            return None, None
        return entry.operator, entry.created_at
