"""Pack-out: open an order, verify every unit, close parcels, ship short only with approval.

Each step is one transaction that also logs the scan and queues what head
office must know, so a power cut loses nothing and an interrupted pack
resumes where it stopped: the packed units are already on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import peewee as pw
from biip import BiipException, ParseConfig, parse

from station.config import PackingSettings
from station.core.deadlines import PenaltyRule, urgency
from station.core.errors import CodedError
from station.core.packing import (
    PackLine,
    expected_weight,
    learned_weight,
    missing,
    place_item,
    weight_ok,
)
from station.core.scan import Outcome, Scan, Verdict
from station.core.wedge_text import GS
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    AuditEntry,
    Meta,
    Operator,
    PackedItem,
    Parcel,
    Product,
    SalesOrder,
    SalesOrderLine,
    TrackingNumber,
    utcnow,
)
from station.services.approvals import may_approve, require_approver
from station.services.barcode_info import check_digit_refusal
from station.services.lookup import identify
from station.services.operators import Session
from station.services.scans import record_scan
from station.services.tracking_pool import PoolError, TrackingPool

PICK_TICKET_PREFIXES = ("PT-", "PT:")
PUT_ASIDE_KEY = "pack.put_aside"  # meta: ids of this database's orders put aside, "1,5,9"


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


@dataclass
class CloseResult:
    parcel: Parcel
    tracking_number: str
    reship: SalesOrder | None = None
    order_done: bool = True
    learned: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ItemCode:
    product_id: int
    pack_qty: int


_ITEM_SQL = 'SELECT "product_id", "pack_qty" FROM "product_barcode" WHERE "code" = ?'


def _identify_item(db: pw.Database, data: str) -> tuple[ItemCode | None, str | None]:
    """The product a scan points at (with the pack quantity of that code), and the
    serial number it carries (GS1 AI 21). Plain SQL: this runs on every scan."""
    row = db.execute_sql(_ITEM_SQL, (data,)).fetchone()
    if row is not None or not data[:2].isdigit() or len(data) <= 14:
        return (ItemCode(*row) if row else None), None
    try:
        result = parse(data, config=ParseConfig(separator_chars=[GS]))
    except (BiipException, ValueError, IndexError):
        return None, None
    if result.gs1_message is None:
        return None, None
    values = {e.ai.ai: e.value for e in result.gs1_message.element_strings}
    gtin = values.get("01") or values.get("02")
    if not gtin:
        return None, None
    for candidate in [gtin, gtin[1:]] if gtin.startswith("0") else [gtin]:
        row = db.execute_sql(_ITEM_SQL, (candidate,)).fetchone()
        if row is not None:
            return ItemCode(*row), values.get("21")
    return None, None


class PackingService:
    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        tracking: TrackingPool,
        settings: callable,
        *,
        clock=utcnow,
    ):
        self.db = db
        self.bench_id = bench_id
        self.tracking = tracking
        self.settings = settings  # () -> PackingSettings, read at each step
        self.clock = clock

    # --- finding ---

    @staticmethod
    def find_order(code: str) -> SalesOrder | None:
        code = code.strip()
        for prefix in PICK_TICKET_PREFIXES:
            if code.upper().startswith(prefix):
                code = code[len(prefix) :]
        order = SalesOrder.get_or_none(SalesOrder.number == code)
        if order is not None:
            return order
        parcel = Parcel.get_or_none(Parcel.tracking_number == code)
        return parcel.sales_order if parcel is not None else None

    def is_item(self, code: str) -> bool:
        return _identify_item(self.db, code)[0] is not None

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

    # --- opening ---

    def open(
        self,
        scan: Scan,
        session: Session,
        *,
        override_by: Operator | None = None,
    ) -> tuple[Verdict, PackState | None]:
        """Open the order a scan names. Already packed or shipped: refused, unless a
        supervisor overrides (audited): the guard against shipping an order twice."""
        if override_by is not None and may_approve(override_by) is None:
            override_by = None  # not someone who may approve: the guard stands
        with self.db.atomic():
            order = self.find_order(scan.data)
            verdict = self._open_verdict(order, scan, override_by)
            record_scan(
                scan, verdict, bench_id=self.bench_id, context="pack", operator=session.operator
            )
            if verdict.outcome is not Outcome.OK:
                return verdict, None
            first = order.status == "new"
            if order.id in self._put_aside():  # scanned again: no longer put aside
                self._set_put_aside(self._put_aside() - {order.id})
            if override_by is not None:
                append_audit(
                    self.bench_id,
                    "duplicate_override",
                    operator=session.operator,
                    approved_by=override_by,
                    entity="sales_order",
                    entity_uuid=order.uuid,
                    details={"number": order.number, "was": order.status},
                )
            if order.status != "packing":
                SalesOrder.update(status="packing").where(SalesOrder.id == order.id).execute()
            if first:
                append_audit(
                    self.bench_id,
                    "pack_started",
                    operator=session.operator,
                    entity="sales_order",
                    entity_uuid=order.uuid,
                    details={"number": order.number},
                )
            return verdict, self.state(order)

    @staticmethod
    def _open_verdict(order: SalesOrder | None, scan: Scan, override_by) -> Verdict:
        if order is None:
            kind = identify(scan.data).kind
            if kind in ("product", "purchase_order"):
                return Verdict(Outcome.WARNING, f"not_here_{kind}", {"code": scan.data})
            misread = check_digit_refusal(scan.data)
            if misread is not None:
                return Verdict(
                    Outcome.REFUSED, "bad_check_digit", {"code": scan.data, "detail": misread}
                )
            return Verdict(Outcome.REFUSED, "unknown_order", {"code": scan.data})
        if order.status in ("held", "cancelled"):
            return Verdict(
                Outcome.REFUSED,
                f"order_{order.status}",
                {"number": order.number, "reason": order.status_reason or ""},
            )
        if order.status in ("packed", "shipped") and override_by is None:
            return Verdict(Outcome.REFUSED, f"already_{order.status}", {"number": order.number})
        code = "order_resumed" if order.status == "packing" else "order_opened"
        return Verdict(Outcome.OK, code, {"number": order.number})

    # --- items ---

    def scan_item(
        self, state: PackState | SalesOrder, scan: Scan, session: Session, *, qty: int = 1
    ) -> tuple[Verdict, PackState]:
        """One scanned item against the open parcel: refused, or on disk, in one
        transaction. Give the current PackState (an order is looked up afresh)."""
        if isinstance(state, SalesOrder):
            state = self.state(state)
        with self.db.atomic():
            bc, serial = _identify_item(self.db, scan.data)
            units = qty * (bc.pack_qty if bc else 1)
            decision = place_item(
                state.lines,
                bc.product_id if bc else None,
                units,
                serial=serial,
                packed_serials=state.serials,
                code=scan.data,
            )
            decision = self._explained(decision, bc, scan.data)
            event = record_scan(
                scan,
                decision.verdict,
                bench_id=self.bench_id,
                context="pack",
                operator=session.operator,
            )
            if decision.line is not None:
                PackedItem.create(
                    parcel=state.parcel,
                    sales_order_line=decision.line.line_id,
                    qty=units,
                    serial=serial,
                    scan_event=event,
                )
        if decision.line is None:
            return decision.verdict, state
        return decision.verdict, state.after_packing(decision.line.line_id, units, serial)

    @staticmethod
    def _explained(decision, bc: ItemCode | None, data: str):
        """A refusal that says what was scanned: the product's name and SKU for a wrong
        item, the check-digit verdict (as ``station barcode parse`` gives it) for an
        unknown code that is a misread."""
        v = decision.verdict
        if v.code == "wrong_item" and bc is not None:
            product = Product.get_or_none(Product.id == bc.product_id)
            if product is not None:
                params = {**v.params, "name": product.name, "sku": product.sku}
                return replace(decision, verdict=Verdict(v.outcome, v.code, params))
        if v.code == "unknown_code" and bc is None:
            misread = check_digit_refusal(data)
            if misread is not None:
                params = {"code": data, "detail": misread}
                return replace(decision, verdict=Verdict(v.outcome, "bad_check_digit", params))
        return decision

    # --- closing ---

    def close(
        self,
        order: SalesOrder,
        session: Session,
        *,
        weight_g: int | None = None,
        shorts: dict[int, int] | None = None,
        short_reason: str = "",
        approved_by: Operator | None = None,
        weight_approved_by: Operator | None = None,
        final: bool = True,
    ) -> CloseResult:
        """Close the open parcel (final: the order is done; else another parcel follows)."""
        shorts = {k: v for k, v in (shorts or {}).items() if v > 0}
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
            try:
                tn: TrackingNumber = self.tracking.take(order.carrier or "", parcel)
            except PoolError as exc:
                raise PackError("pool_empty", carrier=order.carrier or "?") from exc
            now = self.clock()
            Parcel.update(
                status="closed",
                weight_g=weight_g,
                expected_weight_g=state.expected_g,
                tracking_number=tn.number,
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
            items = outbox.parcel_items(parcel)
            outbox.enqueue(
                self.bench_id,
                "parcel_closed",
                parcel.uuid,
                {
                    "order": order.number,
                    "order_uuid": order.uuid,
                    "seq": parcel.seq,
                    "tracking_number": tn.number,
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
                details={"order": order.number, "tracking": tn.number, "shorts": len(shorts)},
            )
        warnings = [
            f"{acc.carrier}:{free}"
            for acc, free in self.tracking.running_low()
            if acc.carrier == (order.carrier or "").upper()
        ]
        return CloseResult(Parcel.get_by_id(parcel.id), tn.number, reship, final, learned, warnings)

    def void_parcel(self, parcel: Parcel, supervisor: Operator, reason: str) -> None:
        """A supervisor voids a closed parcel's waybill: the tracking number is retired
        and reported, the parcel no longer counts, and the order is packed again (its
        units re-verified into a new parcel with a new number)."""
        require_approver(supervisor, lambda: PackError("void_needs_supervisor"))
        if parcel.status != "closed" or not parcel.tracking_number:
            raise PackError("nothing_to_void")
        with self.db.atomic():
            self.tracking.void(parcel.tracking_number, supervisor, reason)
            Parcel.update(status="voided").where(Parcel.id == parcel.id).execute()
            SalesOrder.update(status="packing").where(
                SalesOrder.id == parcel.sales_order_id
            ).execute()
            outbox.enqueue(
                self.bench_id,
                "parcel_voided",
                f"{parcel.uuid}-void",
                {
                    "parcel": parcel.uuid,
                    "tracking_number": parcel.tracking_number,
                    "reason": reason,
                },
            )
            append_audit(
                self.bench_id,
                "parcel_voided",
                operator=supervisor,
                approved_by=supervisor,
                entity="parcel",
                entity_uuid=parcel.uuid,
                details={"tracking": parcel.tracking_number, "reason": reason},
            )

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
