"""Pack-out, closing a parcel: the weight check (and weights learned), shorts with
a supervisor's approval and the reship they make, the tracking number, the record
for head office."""

from __future__ import annotations

from dataclasses import dataclass, field

from station.config import PackingSettings
from station.core.packing import learned_weight, missing, weight_ok
from station.core.tracking import CHILD_SUFFIX_CARRIERS, child_number, split_child_number
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    Ewaybill,
    Operator,
    PackedItem,
    Parcel,
    Product,
    SalesOrder,
    SalesOrderLine,
)
from station.drivers.scales.reading import ScaleNotReady, ScaleUnitError, Weight, parcel_grams
from station.services.approvals import may_approve, require_approver
from station.services.batches.hooks import order_closed
from station.services.ewaybills import Prepared
from station.services.operators import Session
from station.services.packing.state import PackError
from station.services.scale_worker import refusal
from station.services.tracking_pool import PoolError


@dataclass
class CloseResult:
    parcel: Parcel
    tracking_number: str
    reship: SalesOrder | None = None
    order_done: bool = True
    learned: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)
    # where the number came from: platform (an e-waybill) | pool | waiting (none yet)
    waybill_source: str = "pool"
    waiting_reason: str = ""  # waiting: a station.services.ewaybills WAIT_ code
    balance_low: int | None = None  # the platform's balance, when under head office's mark
    # the waybill was printed before packing (a batch's, 先打单): it is on the box already
    preprinted: bool = False
    batch: str = ""  # the batch of the order, if any
    batch_left: int = 0  # its orders still to pack after this close
    batch_total: int = 0


class PackClosing:
    """Closing parcels and making reships. Part of
    :class:`station.services.packing.PackingService`."""

    # --- closing ---

    def close(
        self,
        order: SalesOrder,
        session: Session,
        *,
        weight: Weight | None = None,
        weight_g: int | None = None,
        shorts: dict[int, int] | None = None,
        short_reason: str = "",
        approved_by: Operator | None = None,
        weight_approved_by: Operator | None = None,
        final: bool = True,
        prepared: Prepared | None = None,
        parcel_count: int | None = None,
    ) -> CloseResult:
        """Close the open parcel (final: the order is done; else another parcel follows).

        ``weight`` is the scale's reading; it is the parcel's weight only if the scale
        called it stable, in a unit converted exactly, not below zero
        (:func:`station.drivers.scales.reading.parcel_grams`): else PackError
        ``scale_unsettled``, ``scale_negative``, ``scale_unit``… and nothing is
        closed. ``weight_g`` is a weight in whole grams known otherwise.

        Its number: the order's e-waybill fetched ahead, else one asked of head
        office now, else (head office unreachable) the pool's, else none yet: the
        parcel closes and waits for it (``waybill_source`` ``waiting``). PackError
        ``ewaybill_refused`` (the platform's code and words in ``params``) when the
        platform refused the order's e-waybill; ``pool_empty`` when the pool serves
        and has none; ``recipient_masked`` when the platform masked the recipient and
        only a pool number is at hand. ``prepared``: what :meth:`prepare_waybill`
        answered, on another thread (it may wait for head office); without it the
        close asks itself.

        ``parcel_count``: how many parcels the order will have in all, asked of
        the packer when the first parcel of a JD pool order closes and another
        follows: JD's numbers carry it (:meth:`_child_suffix_number`)."""
        if weight is not None:
            try:
                weight_g = parcel_grams(weight)
            except (ScaleNotReady, ScaleUnitError) as exc:
                code, params = refusal(exc)
                raise PackError(code, **params) from None
        shorts = {k: v for k, v in (shorts or {}).items() if v > 0}
        if prepared is None:
            prepared = self.prepare_waybill(order)
        with self.db.atomic():
            state = self.state(order)
            parcel = state.parcel
            in_parcel = PackedItem.select().where(PackedItem.parcel == parcel).count()
            if in_parcel == 0:
                raise PackError("parcel_empty")
            by_id = {ln.line_id: ln for ln in state.lines}
            for line_id, n in shorts.items():
                if line_id not in by_id or n > by_id[line_id].remaining:
                    raise PackError("short_too_many", line=line_id)
            if final:
                left = [
                    ln for ln in missing(state.lines) if ln.remaining > shorts.get(ln.line_id, 0)
                ]
                if left:
                    raise PackError("units_missing", names=", ".join(ln.name for ln in left))
            if shorts:
                require_approver(approved_by, lambda: PackError("short_needs_supervisor"))
            s: PackingSettings = self.settings()
            if weight_g is not None and weight_g <= 0:
                raise PackError("scale_empty")
            learned = None
            if weight_g is not None and state.expected_g is not None:
                if not weight_ok(
                    weight_g,
                    state.expected_g,
                    tolerance_pct=s.weight_tolerance_pct,
                    tolerance_g=s.weight_tolerance_g,
                ):
                    if may_approve(weight_approved_by) is None:
                        raise PackError("weight_off", measured=weight_g, expected=state.expected_g)
                    append_audit(
                        self.bench_id,
                        "approved:weight_off",
                        operator=session.operator,
                        approved_by=weight_approved_by,
                        entity="parcel",
                        entity_uuid=parcel.uuid,
                        details={"measured": weight_g, "expected": state.expected_g},
                    )
            elif weight_g is not None:
                parcel_lines = self._parcel_lines(state.lines, parcel)
                learned = learned_weight(parcel_lines, weight_g, s.packaging_g)
                if learned:
                    Product.update(weight_g=learned[1], weight_learned=True).where(
                        Product.id == learned[0]
                    ).execute()
            preprinted = bool(parcel.tracking_number)
            if preprinted:
                # printed first with its batch (先打单): that number, never a second one
                number, source, ewaybill = self._preprinted(parcel)
            else:
                number, source, ewaybill = self._take_number(
                    order, parcel, prepared, final=final, parcel_count=parcel_count
                )
            now = self.clock()
            Parcel.update(
                status="closed",
                weight_g=weight_g,
                expected_weight_g=state.expected_g,
                tracking_number=number,
                carrier=order.carrier,
                operator=session.operator,
                closed_at=now,
            ).where(Parcel.id == parcel.id).execute()
            for line_id, n in shorts.items():
                SalesOrderLine.update(qty_short=SalesOrderLine.qty_short + n).where(
                    SalesOrderLine.id == line_id
                ).execute()
            reship = None
            if shorts:
                reship = self._reship(order, shorts, short_reason, session.operator, approved_by)
            if final:
                SalesOrder.update(status="packed").where(SalesOrder.id == order.id).execute()
            else:
                self._open_parcel(order)
            batch = order_closed(self.bench_id, order, session.operator, now)
            items = outbox.parcel_items(parcel)
            outbox.enqueue(
                self.bench_id,
                "parcel_closed",
                parcel.uuid,
                {
                    "order": order.number,
                    "order_uuid": order.uuid,
                    "seq": parcel.seq,
                    "tracking_number": number,
                    "waybill_source": source,
                    "ewaybill_provider": ewaybill.provider if ewaybill else "",
                    "carrier": order.carrier,
                    "weight_g": weight_g,
                    "items": items,
                    "shorts": {by_id[k].sku: v for k, v in shorts.items()},
                    "final": final,
                    "closed_at": now.isoformat(),
                    "operator": session.operator.uuid,
                },
            )
            append_audit(
                self.bench_id,
                "parcel_closed",
                operator=session.operator,
                approved_by=approved_by,
                entity="parcel",
                entity_uuid=parcel.uuid,
                details={
                    "order": order.number,
                    "tracking": number,
                    "source": source,
                    "shorts": len(shorts),
                },
            )
        warnings = []
        if source == "pool":
            warnings = [
                f"{acc.carrier}:{free}"
                for acc, free in self.tracking.running_low()
                if acc.carrier == (order.carrier or "").upper()
            ]
        return CloseResult(
            Parcel.get_by_id(parcel.id),
            number or "",
            reship,
            final,
            learned,
            warnings,
            waybill_source=source,
            waiting_reason=prepared.reason if source == "waiting" else "",
            balance_low=ewaybill.balance if ewaybill is not None and ewaybill.balance_low else None,
            preprinted=preprinted,
            batch=batch.number if batch else "",
            batch_left=batch.left if batch else 0,
            batch_total=batch.total if batch else 0,
        )

    def waybill_needs_network(self, order: SalesOrder) -> bool:
        """Whether :meth:`prepare_waybill` may ask head office (and so wait for the
        network): the order has no fetched e-waybill left and the bench has a head
        office."""
        return (
            self.waybills is not None
            and self.waybills.fetched(order) is None
            and self.waybills.asks_head_office()
        )

    def prepare_waybill(self, order: SalesOrder, *, ahead: bool = False) -> Prepared:
        """Before the close's transaction (it may ask head office over the network,
        so a window calls it off its GUI thread): what the open parcel's number will
        come from. ``ahead``: asked when the order is opened, so that its close finds
        the number here (an empty parcel is asked for too)."""
        if self.waybills is None:
            return Prepared("pool")
        if (
            Parcel.select()
            .where(
                (Parcel.sales_order == order)
                & (Parcel.status == "open")
                & Parcel.tracking_number.is_null(False)
            )
            .exists()
        ):
            return Prepared("preprinted")  # its waybill was printed with its batch
        if ahead:
            parcel = self.state(order).parcel
        else:
            # only looked at, never made here: another process may have closed the
            # order meanwhile, and a parcel made outside the close's transaction
            # would outlive its refusal (parcel_empty)
            parcel = (
                Parcel.select()
                .where((Parcel.sales_order == order) & (Parcel.status == "open"))
                .order_by(Parcel.id.desc())
                .first()
            )
            if (
                parcel is None
                or not PackedItem.select().where(PackedItem.parcel == parcel).exists()
            ):
                return Prepared("pool")  # refused below (parcel_empty): nothing to ask for
        return self.waybills.prepare(order, parcel)

    def parcel_count_needed(self, order: SalesOrder) -> bool:
        """Whether closing the open parcel of ``order`` with another to follow
        needs the order's parcel count (``close(parcel_count=…)``): a JD order
        none of whose parcels is closed yet (its pool numbers carry the count,
        :meth:`_child_suffix_number`)."""
        if (order.carrier or "").upper() not in CHILD_SUFFIX_CARRIERS:
            return False
        return not (
            Parcel.select()
            .where((Parcel.sales_order == order) & (Parcel.status == "closed"))
            .exists()
        )

    def _child_suffix_number(
        self, order: SalesOrder, parcel: Parcel, final: bool, parcel_count: int | None
    ) -> str:
        """The number of ``parcel`` of a JD order from the pool, inside the
        close's transaction. JD's rule (docs/formats.md, "Child numbers of pool
        carriers"): one number P from the pool for the order, each parcel
        ``P-n-N-``, so the count N is on every label, the first included. N is
        known when the first parcel closes: 1 when it is also the last, else
        ``parcel_count`` (the packer's answer). Later parcels follow it, and a
        close that would make a printed number wrong is refused (PackError):
        ``parcel_count_needed`` (another parcel follows and no count, or one
        below 2), ``parcel_count_final`` (the last parcel, but a count above
        1), ``parcel_count_changed`` (a count other than the one the labels
        carry), ``parcel_count_short`` (the last close before parcel N: the
        labels say N; a supervisor voids them to pack again) and
        ``parcel_count_last`` (parcel N closed as if another followed, or a
        parcel after the N-th).
        PoolError when the pool has no number for the first parcel."""
        closed = [
            (p, split_child_number(p.tracking_number or ""))
            for p in Parcel.select()
            .where(
                (Parcel.sales_order == order)
                & (Parcel.status == "closed")
                & (Parcel.id != parcel.id)
            )
            .order_by(Parcel.seq)
        ]
        carrier = (order.carrier or "").upper()
        if not closed:
            if final:
                if parcel_count not in (None, 1):
                    raise PackError("parcel_count_final", count=parcel_count, order=order.number)
                total = 1
            else:
                if parcel_count is None or not 2 <= parcel_count <= 999:
                    raise PackError("parcel_count_needed", carrier=carrier, order=order.number)
                total = parcel_count
            taken = self.tracking.take(carrier, parcel)
            return child_number(taken.number, 1, total)
        parent, _, total = closed[0][1] or ("", 0, 0)
        ours = [c for _, c in closed if c is not None and c[0] == parent and c[2] == total]
        if not parent or len(ours) != len(closed):
            # the order's first parcel went on another kind of number (a platform
            # e-waybill): this one takes a number of its own
            return self.tracking.take(carrier, parcel).number
        n = len(ours) + 1
        if parcel_count is not None and parcel_count != total:
            raise PackError(
                "parcel_count_changed", count=total, asked=parcel_count, order=order.number
            )
        if n > total or (not final and n == total):
            raise PackError("parcel_count_last", count=total, order=order.number)
        if final and n < total:
            raise PackError("parcel_count_short", n=n, count=total, order=order.number)
        return child_number(parent, n, total)

    @staticmethod
    def _preprinted(parcel: Parcel):
        """(number, source, Ewaybill or None) of a parcel whose waybill was printed
        before packing (:meth:`take_number_ahead`)."""
        ew = (
            Ewaybill.select()
            .where((Ewaybill.parcel == parcel) & (Ewaybill.state == "used"))
            .order_by(Ewaybill.id.desc())
            .first()
        )
        return parcel.tracking_number, ("platform" if ew is not None else "pool"), ew

    def take_number_ahead(self, order: SalesOrder, prepared: Prepared | None = None) -> Parcel:
        """Give the order's open parcel its waybill number before any unit is packed
        (a batch's waybills printed first, 先打单), by the close's own rules
        (:meth:`_take_number`: the fetched e-waybill, else head office's, else the
        pool); a parcel that has its number keeps it, never a second one. Returns the
        parcel. PackError as the close raises it, and ``waybill_unavailable`` where a
        close would wait for the number (head office away and no pool number): a
        label cannot be printed ahead without one."""
        parcel = self.state(order).parcel
        if parcel.tracking_number:
            return parcel
        if prepared is None:
            prepared = self.prepare_waybill(order, ahead=True)
        with self.db.atomic():
            parcel = Parcel.get_by_id(parcel.id)
            if parcel.tracking_number:
                return parcel
            number, source, _ew = self._take_number(order, parcel, prepared, may_wait=False)
            Parcel.update(tracking_number=number, carrier=order.carrier).where(
                Parcel.id == parcel.id
            ).execute()
            append_audit(
                self.bench_id,
                "waybill_taken_ahead",
                entity="parcel",
                entity_uuid=parcel.uuid,
                details={"order": order.number, "tracking": number, "source": source},
            )
        return Parcel.get_by_id(parcel.id)

    def _take_number(
        self,
        order: SalesOrder,
        parcel: Parcel,
        prepared: Prepared,
        *,
        final: bool = True,
        parcel_count: int | None = None,
        may_wait: bool = True,
    ):
        """(number or None, source, Ewaybill or None), inside the close's transaction.
        ``may_wait`` False: PackError ``waybill_unavailable`` instead of waiting."""
        if prepared.kind == "refused":
            e = prepared.error
            raise PackError(
                "ewaybill_refused",
                reason_code=e.get("code", "ewaybill_refused"),
                platform=e.get("platform", ""),
                platform_code=e.get("sub_code") or e.get("platform_code", ""),
                reason=e.get("reason", ""),
                order=order.number,
            )
        if prepared.kind == "platform":
            ew = prepared.ewaybill
            Ewaybill.update(state="used", parcel=parcel).where(Ewaybill.id == ew.id).execute()
            return ew.waybill_code, "platform", Ewaybill.get_by_id(ew.id)
        if order.recipient_masked:
            # a pool number's label would carry the masked name and address: only the
            # platform's e-waybill reaches the real recipient (offline: wait for it)
            if prepared.kind != "offline":
                raise PackError("recipient_masked", order=order.number)
        else:
            try:
                if (order.carrier or "").upper() in CHILD_SUFFIX_CARRIERS:
                    number = self._child_suffix_number(order, parcel, final, parcel_count)
                    return number, "pool", None
                return self.tracking.take(order.carrier or "", parcel).number, "pool", None
            except PoolError as exc:
                if prepared.kind != "offline":
                    raise PackError("pool_empty", carrier=order.carrier or "?") from exc
        if not may_wait:
            raise PackError("waybill_unavailable", order=order.number)
        Ewaybill.create(
            sales_order=order,
            parcel_index=parcel.seq,
            parcel=parcel,
            carrier=order.carrier or "",
            state="waiting",
            reason=prepared.reason,
        )
        return None, "waiting", None

    def _reship(self, order, shorts, reason, operator, approved_by) -> SalesOrder:
        n = SalesOrder.select().where(SalesOrder.parent == order).count() + 1
        reship = SalesOrder.create(
            number=f"{order.number}-R{n}",
            shop=order.shop,
            buyer_name=order.buyer_name,
            buyer_phone=order.buyer_phone,
            address=order.address,
            paid_fen=0,
            order_type=order.order_type,
            promised_dispatch_at=None,
            carrier=order.carrier,
            parent=order,
            reship_reason=reason or "out_of_stock",
            seller_remark=f"补发 {order.number}",
        )
        lines = []
        for no, (line_id, qty) in enumerate(sorted(shorts.items()), start=1):
            src = SalesOrderLine.get_by_id(line_id)
            SalesOrderLine.create(
                sales_order=reship, line_no=no, product=src.product, qty=qty, is_gift=src.is_gift
            )
            lines.append({"sku": src.product.sku, "qty": qty, "gift": src.is_gift})
        outbox.enqueue(
            self.bench_id,
            "reship_created",
            reship.uuid,
            {
                "number": reship.number,
                "parent": order.number,
                "parent_uuid": order.uuid,
                "reason": reship.reship_reason,
                "lines": lines,
                "approved_by": approved_by.uuid,
            },
        )
        append_audit(
            self.bench_id,
            "approved:short_ship",
            operator=operator,
            approved_by=approved_by,
            entity="sales_order",
            entity_uuid=order.uuid,
            details={"reship": reship.number, "lines": lines, "reason": reship.reship_reason},
        )
        return reship
