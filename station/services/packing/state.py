"""Pack-out state: an order's lines, what is packed, the open parcel; the refusal type.

The state is read in one place so every step (opening, verifying, closing) sees the
order the same way: units in voided parcels do not count, and an order always has
an open parcel while it is being packed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import peewee as pw

from station.config import PackingSettings
from station.core.deadlines import PenaltyRule, urgency
from station.core.errors import CodedError
from station.core.packing import PackLine, expected_weight, missing
from station.db.models import PackedItem, Parcel, Product, SalesOrder, SalesOrderLine


class PackError(CodedError):
    """A step refused; ``code``/``params`` for the UI."""


@dataclass
class PackState:
    order: SalesOrder
    lines: list[PackLine]
    parcel: Parcel
    parcels_closed: int
    serials: frozenset[str]
    urgency: str
    penalty_fen: int
    parcel_packed: dict[int, int]  # units of each line in the open parcel
    packaging_g: int

    @property
    def expected_g(self) -> int | None:
        """Products in the open parcel plus packaging; None while a weight is unknown."""
        return expected_weight(
            [replace(ln, packed=self.parcel_packed.get(ln.line_id, 0)) for ln in self.lines],
            self.packaging_g,
        )

    def after_packing(self, line_id: int, units: int, serial: str | None) -> PackState:
        """The state once ``units`` went on ``line_id``: what the database now holds,
        without asking it again (this station is the only writer of its orders)."""
        return replace(
            self,
            lines=[
                replace(ln, packed=ln.packed + units) if ln.line_id == line_id else ln
                for ln in self.lines
            ],
            parcel_packed={
                **self.parcel_packed,
                line_id: self.parcel_packed.get(line_id, 0) + units,
            },
            serials=self.serials | {serial} if serial else self.serials,
        )

    @property
    def complete(self) -> bool:
        return not missing(self.lines)

    @property
    def has_remark(self) -> bool:
        return bool(
            (self.order.seller_remark or "").strip() or (self.order.buyer_message or "").strip()
        )


class PackStateReader:
    """The state of an order being packed, as the database holds it, and its open
    parcel. Part of :class:`station.services.packing.PackingService`."""

    db: pw.Database
    bench_id: str

    # --- state ---

    def state(self, order: SalesOrder) -> PackState:
        order = SalesOrder.get_by_id(order.id)
        s: PackingSettings = self.settings()
        packed = dict(
            PackedItem.select(PackedItem.sales_order_line, pw.fn.SUM(PackedItem.qty))
            .join(Parcel)
            .where((Parcel.sales_order == order) & (Parcel.status != "voided"))
            .group_by(PackedItem.sales_order_line)
            .tuples()
        )
        lines = [
            PackLine(
                ln.id,
                ln.product_id,
                ln.product.sku,
                ln.product.name,
                ln.qty,
                packed=packed.get(ln.id, 0),
                short=ln.qty_short,
                is_gift=ln.is_gift,
                track_serial=ln.product.track_serial,
                weight_g=ln.product.weight_g,
                image=ln.product.image,
            )
            for ln in SalesOrderLine.select(SalesOrderLine, Product)
            .join(Product)
            .where(SalesOrderLine.sales_order == order)
            .order_by(SalesOrderLine.line_no)
        ]
        parcel = self._open_parcel(order)
        in_parcel = self._in_parcel(parcel)
        serials = frozenset(
            s_
            for (s_,) in PackedItem.select(PackedItem.serial)
            .join(Parcel)
            .where((Parcel.sales_order == order) & PackedItem.serial.is_null(False))
            .tuples()
        )
        closed = (
            Parcel.select()
            .where((Parcel.sales_order == order) & (Parcel.status == "closed"))
            .count()
        )
        rule = PenaltyRule(s.penalty_rate_pct, s.penalty_min_fen, s.penalty_max_fen)

        return PackState(
            order=order,
            lines=lines,
            parcel=parcel,
            parcels_closed=closed,
            serials=serials,
            urgency=urgency(
                order.promised_dispatch_at,
                self.clock(),
                warn_before=timedelta(minutes=s.warn_before_minutes),
            ),
            penalty_fen=rule.at_risk(order.paid_fen),
            parcel_packed=in_parcel,
            packaging_g=s.packaging_g,
        )

    @staticmethod
    def _in_parcel(parcel: Parcel) -> dict[int, int]:
        return dict(
            PackedItem.select(PackedItem.sales_order_line, pw.fn.SUM(PackedItem.qty))
            .where(PackedItem.parcel == parcel)
            .group_by(PackedItem.sales_order_line)
            .tuples()
        )

    def _parcel_lines(self, lines: list[PackLine], parcel: Parcel) -> list[PackLine]:
        """The order's lines with only what is in this parcel counted as packed."""
        in_parcel = self._in_parcel(parcel)
        return [
            PackLine(
                ln.line_id,
                ln.product_id,
                ln.sku,
                ln.name,
                ln.qty,
                packed=in_parcel.get(ln.line_id, 0),
                weight_g=ln.weight_g,
            )
            for ln in lines
        ]

    def _open_parcel(self, order: SalesOrder) -> Parcel:
        """The order's open parcel, made when there is none. Looked for and made in one
        transaction (which holds the write lock from its first read), so two callers
        never make two open parcels, nor two with one sequence number."""
        with self.db.atomic():
            parcel = (
                Parcel.select()
                .where((Parcel.sales_order == order) & (Parcel.status == "open"))
                .order_by(Parcel.id.desc())
                .first()
            )
            if parcel is None:
                seq = Parcel.select().where(Parcel.sales_order == order).count() + 1
                parcel = Parcel.create(
                    sales_order=order, seq=seq, bench_id=self.bench_id, carrier=order.carrier
                )
        return parcel
