"""Stock at the bench, pre-sale orders waiting for it (待备货), and the stock warning
(库存预警).

**The stock figure of a SKU** (``on_hand``) is the units accepted at goods-in
(receipt lines against a PO line with status ``accepted``: a wrong item, a line in
quarantine, a lot an inspection rejected or held do not count) minus the units
packed (packed items in parcels that are not voided: a voided parcel's units are
verified again into the next one). The database keeps both per product in
``stock_level``: triggers on the event tables change it in the transaction of each
event (a receipt line written or its status changed by an inspection, a unit
packed, a parcel voided), whichever code writes it, so it cannot drift from the
events; :meth:`StockService.recount` counts it afresh from them (the tests compare
the two after random sequences of events). Reading a figure is one indexed row.

**Which orders may be packed (or batched) now** is one rule, :func:`packable_now`: an
order that is not a pre-sale order, or a pre-sale order that has been released.

**Reserved stock**: the open orders that may be packed (``new`` or ``packing``: spot
orders and released pre-sale orders) hold the units they still need; a pre-sale
order is released from what is left (``free``), so spot-stock orders use stock
before pre-sale orders.

**Release** (:meth:`StockService.release`): the waiting pre-sale orders (type
``presale``, status ``new``, not released) are taken oldest promised dispatch time
first (no deadline last, then the order they came in); an order is released when
every line of it fits in what is free, whole (a release never splits an order),
and what it takes is no longer free for the next. An order that does not fit is
passed over and keeps its place for the next receipt. Each release is one
``PresaleRelease`` row and one ``presale_released`` audit entry. Closing a goods-in
receipt releases what its goods allow (``station.services.receiving``).

**Head office's figure** comes as master data kind ``stock`` (``{"sku", "qty",
"as_of"}``) and is shown beside the bench's own, with its time.

**Stock warning**: an active product with a ``stock_threshold`` whose bench figure is
under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import peewee as pw

from station.db.audit import append_audit
from station.db.models import (
    HeadOfficeStock,
    Operator,
    PackedItem,
    Parcel,
    PresaleRelease,
    Product,
    Receipt,
    ReceiptLine,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    utcnow,
)

PRESALE = "presale"
OPEN = ("new", "packing")  # orders still to pack: they hold stock


def packable_now():
    """The rule for which orders may be packed or batched now, as a peewee expression
    on ``SalesOrder``: every order that is not a pre-sale order, and a pre-sale order
    once released (its goods are here). Combine with the status the caller wants
    (``SalesOrder.status == "new"`` for a batch)."""
    released = PresaleRelease.select(PresaleRelease.sales_order)
    return (SalesOrder.order_type != PRESALE) | SalesOrder.id.in_(released)


def waiting_for_stock(order: SalesOrder) -> bool:
    """Whether ``order`` is a pre-sale order still waiting for its goods (new, not
    released): pack-out refuses it."""
    if order.order_type != PRESALE or order.status != "new":
        return False
    return not PresaleRelease.select().where(PresaleRelease.sales_order == order.id).exists()


@dataclass(frozen=True)
class WaitLine:
    """One SKU a waiting order needs: ``qty`` units; ``on_hand`` the bench's figure,
    ``free`` what is left of it after the orders that may be packed now."""

    sku: str
    name: str
    qty: int
    on_hand: int
    free: int

    @property
    def short(self) -> int:
        return max(0, self.qty - self.free)


@dataclass(frozen=True)
class WaitingOrder:
    """A pre-sale order waiting for stock, with the goods that would release it."""

    number: str
    promised_dispatch_at: datetime | None
    lines: tuple[WaitLine, ...]

    @property
    def fits(self) -> bool:
        return all(ln.short == 0 for ln in self.lines)


@dataclass(frozen=True)
class StockFigure:
    """A SKU's stock: ``received`` (accepted) − ``packed`` = ``on_hand``; ``reserved``
    by orders that may be packed now; ``waiting`` the units waiting pre-sale orders
    need; head office's ``head_office`` figure as of ``head_office_as_of`` (None when
    head office never sent one); ``threshold`` the stock warning's limit."""

    sku: str
    name: str
    received: int
    packed: int
    reserved: int
    waiting: int
    threshold: int | None
    head_office: int | None = None
    head_office_as_of: datetime | None = None

    @property
    def on_hand(self) -> int:
        return self.received - self.packed

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved

    @property
    def warning(self) -> bool:
        """Under its threshold (库存预警)."""
        return self.threshold is not None and self.threshold > 0 and self.on_hand < self.threshold


@dataclass
class Release:
    """What a release did: the orders released (numbers, in the order released)."""

    orders: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.orders)


class StockService:
    """Stock figures, the pre-sale orders waiting and their release, on one database
    and bench."""

    def __init__(self, db: pw.Database, bench_id: str):
        self.db = db
        self.bench_id = bench_id

    # --- figures ---

    @staticmethod
    def received(product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """product id → units accepted at goods-in (the maintained ``stock_level``)."""
        return StockService._level(StockLevel.received, product_ids)

    @staticmethod
    def packed(product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """product id → units packed in parcels not voided (the maintained
        ``stock_level``)."""
        return StockService._level(StockLevel.packed, product_ids)

    @staticmethod
    def _level(column, product_ids) -> dict[int, int]:
        q = StockLevel.select(StockLevel.product, column).where(column != 0)
        if product_ids is not None:
            q = q.where(StockLevel.product.in_(list(product_ids)))
        return dict(q.tuples())

    @staticmethod
    def recount() -> dict[int, tuple[int, int]]:
        """product id → (received, packed) counted afresh from the events (receipt
        lines, packed items, parcels), as the ``stock_level`` triggers count them: the
        check that the kept figures never drifted. Reads the whole history."""
        got = dict(
            ReceiptLine.select(ReceiptLine.product, pw.fn.SUM(ReceiptLine.qty))
            .where(
                (ReceiptLine.status == "accepted")
                & ReceiptLine.purchase_order_line.is_null(False)
                & ReceiptLine.product.is_null(False)
            )
            .group_by(ReceiptLine.product)
            .tuples()
        )
        out = dict(
            PackedItem.select(SalesOrderLine.product, pw.fn.SUM(PackedItem.qty))
            .join(SalesOrderLine)
            .switch(PackedItem)
            .join(Parcel, pw.JOIN.LEFT_OUTER)
            .where(Parcel.status.is_null() | (Parcel.status != "voided"))
            .group_by(SalesOrderLine.product)
            .tuples()
        )
        ids = {pid for pid in set(got) | set(out) if got.get(pid) or out.get(pid)}
        return {pid: (int(got.get(pid, 0)), int(out.get(pid, 0))) for pid in ids}

    def kept(self) -> dict[int, tuple[int, int]]:
        """product id → (received, packed) as ``stock_level`` keeps them (rows at 0
        left out): compare with :meth:`recount`."""
        return {
            pid: (r, p)
            for pid, r, p in StockLevel.select(
                StockLevel.product, StockLevel.received, StockLevel.packed
            ).tuples()
            if r or p
        }

    def on_hand(self, product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """product id → the bench's stock: accepted − packed (products with neither
        are left out)."""
        ids = None if product_ids is None else list(product_ids)
        got, out = self.received(ids), self.packed(ids)
        return {pid: got.get(pid, 0) - out.get(pid, 0) for pid in set(got) | set(out)}

    @staticmethod
    def _open_need(where) -> dict[int, int]:
        """product id → units the open orders matching ``where`` still need: ordered −
        packed in parcels not voided (a line is never packed over its quantity: pack-out
        refuses an extra unit). Two aggregates in SQL, none a row in Python."""
        ordered = (
            SalesOrder.select(SalesOrderLine.product, pw.fn.SUM(SalesOrderLine.qty))
            .join(SalesOrderLine)
            .where(SalesOrder.status.in_(OPEN) & where)
            # grouped by an expression: SQLite starts from the open orders (the status
            # index), not from every order line in the product index's order
            .group_by(SalesOrderLine.product + 0)
            .tuples()
        )
        need = {pid: int(n) for pid, n in ordered}
        if not need:
            return need
        packed = (  # from the orders being packed (few), never from every packed unit
            SalesOrder.select(SalesOrderLine.product, pw.fn.SUM(PackedItem.qty))
            .join(SalesOrderLine)
            .join(PackedItem)
            .join(Parcel)
            .where(
                (SalesOrder.status == "packing")  # a new order has nothing packed
                & (Parcel.status != "voided")
                & where
            )
            # grouped by an expression: SQLite starts from the open orders (the status
            # index), not from every order line in the product index's order
            .group_by(SalesOrderLine.product + 0)
            .tuples()
        )
        for pid, n in packed:
            need[pid] = need.get(pid, 0) - int(n)
        return {pid: n for pid, n in need.items() if n > 0}

    def reserved(self, product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """product id → units held by the open orders that may be packed now (of the
        products ``product_ids`` only, when given)."""
        where = packable_now()
        if product_ids is not None:
            # as an expression: the open orders drive the query, not the product index
            where &= (SalesOrderLine.product + 0).in_(list(product_ids))
        return self._open_need(where)

    def _waiting_orders(self) -> list:
        """The waiting pre-sale orders, oldest deadline first: id, uuid, number and
        deadline only (thousands may wait; each row is read as a light object)."""
        return list(
            SalesOrder.select(
                SalesOrder.id, SalesOrder.uuid, SalesOrder.number, SalesOrder.promised_dispatch_at
            )
            .where(self._waiting_where())
            .order_by(SalesOrder.promised_dispatch_at.asc(nulls="LAST"), SalesOrder.id)
            .namedtuples()
        )

    @staticmethod
    def _waiting_need(product_ids: list[int] | None = None) -> dict[int, int]:
        """product id → units the waiting pre-sale orders need, summed in SQL."""
        where = StockService._waiting_where()
        if product_ids is not None:
            where &= (SalesOrderLine.product + 0).in_(product_ids)
        return {
            pid: int(n)
            for pid, n in SalesOrder.select(SalesOrderLine.product, pw.fn.SUM(SalesOrderLine.qty))
            .join(SalesOrderLine)
            .where(where)
            .group_by(SalesOrderLine.product + 0)
            .tuples()
        }

    @staticmethod
    def _waiting_where():
        released = PresaleRelease.select(PresaleRelease.sales_order)
        return (
            (SalesOrder.order_type == PRESALE)
            & (SalesOrder.status == "new")
            & SalesOrder.id.not_in(released)
        )

    @staticmethod
    def _needs(orders: list) -> dict[int, dict[int, int]]:
        """order id → {product id: units} of ``orders``."""
        needs: dict[int, dict[int, int]] = {o.id: {} for o in orders}
        if not orders:
            return needs
        for oid, pid, qty in (
            SalesOrderLine.select(
                SalesOrderLine.sales_order, SalesOrderLine.product, SalesOrderLine.qty
            )
            .where(SalesOrderLine.sales_order.in_(list(needs)))
            .tuples()
        ):
            needs[oid][pid] = needs[oid].get(pid, 0) + qty
        return needs

    @classmethod
    def awaited(cls, product_id: int) -> bool:
        """Whether a waiting pre-sale order needs the product (a cheap question asked
        before a release's dry run at each accepted scan)."""
        return (
            SalesOrder.select()
            .join(SalesOrderLine)
            .where(cls._waiting_where() & (SalesOrderLine.product == product_id))
            .exists()
        )

    def free(self, product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """product id → units free for pre-sale orders: on hand − reserved (of the
        products ``product_ids`` only, when given)."""
        ids = None if product_ids is None else list(product_ids)
        on_hand, reserved = self.on_hand(ids), self.reserved(ids)
        ids = set(on_hand) | set(reserved)
        return {pid: on_hand.get(pid, 0) - reserved.get(pid, 0) for pid in ids}

    def waiting(self) -> list[WaitingOrder]:
        """The pre-sale orders waiting for stock, oldest promised dispatch time first,
        each with the SKUs and units it waits for and the stock now."""
        orders = self._waiting_orders()
        needs = self._needs(orders)
        wanted = {pid for n in needs.values() for pid in n}
        on_hand, free = self.on_hand(wanted), self.free(wanted)
        products = {
            p.id: p
            for p in Product.select(Product.id, Product.sku, Product.name).where(
                Product.id.in_(wanted)
            )
        }
        out = []
        for o in orders:
            lines = tuple(
                WaitLine(
                    products[pid].sku,
                    products[pid].name,
                    qty,
                    on_hand.get(pid, 0),
                    max(0, free.get(pid, 0)),
                )
                for pid, qty in sorted(needs[o.id].items(), key=lambda kv: products[kv[0]].sku)
            )
            out.append(WaitingOrder(o.number, o.promised_dispatch_at, lines))
        return out

    def figures(self, *, warnings_only: bool = False) -> list[StockFigure]:
        """Every product with stock, a movement, a threshold, an order waiting for it or
        a head office figure, by SKU; with ``warnings_only`` those under their
        threshold (only the products with a threshold are read)."""
        limit = None
        if warnings_only:
            limit = [
                pid
                for (pid,) in Product.select(Product.id)
                .where(
                    Product.stock_threshold.is_null(False)
                    & (Product.stock_threshold > 0)
                    & (Product.active == True)  # noqa: E712
                )
                .tuples()
            ]
        got, out = self.received(limit), self.packed(limit)
        reserved = self.reserved(limit)
        waiting = self._waiting_need(limit)
        head = {h.sku: h for h in HeadOfficeStock.select()}
        if limit is not None:
            q = Product.select().where(Product.id.in_(limit))
        else:
            ids = set(got) | set(out) | set(reserved) | set(waiting)
            q = Product.select().where(
                Product.id.in_(ids)
                | Product.sku.in_(list(head))
                | (Product.stock_threshold.is_null(False) & (Product.active == True))  # noqa: E712
            )
        figures = []
        for p in q.order_by(Product.sku):
            h = head.get(p.sku)
            f = StockFigure(
                p.sku,
                p.name,
                got.get(p.id, 0),
                out.get(p.id, 0),
                reserved.get(p.id, 0),
                waiting.get(p.id, 0),
                p.stock_threshold if p.active else None,
                h.qty if h else None,
                h.as_of if h else None,
            )
            if not warnings_only or f.warning:
                figures.append(f)
        return figures

    def warnings(self) -> list[StockFigure]:
        """The SKUs under their stock threshold (库存预警), by SKU."""
        return self.figures(warnings_only=True)

    # --- release ---

    def release(
        self,
        *,
        receipt: Receipt | None = None,
        operator: Operator | None = None,
        dry_run: bool = False,
    ) -> Release:
        """Release the waiting pre-sale orders the free stock fills, oldest promised
        dispatch time first, whole orders only, never more than is free (see the
        module's text). ``receipt``: the goods-in receipt whose goods release them (kept
        on the release and in the audit). ``dry_run``: say which would be released,
        record nothing. One transaction."""
        result = Release()
        with self.db.atomic():
            orders = self._waiting_orders()
            if not orders:
                return result
            needs = self._needs(orders)
            free = self.free({pid for n in needs.values() for pid in n})
            for o in orders:
                need = needs[o.id]
                if not need or any(free.get(pid, 0) < qty for pid, qty in need.items()):
                    continue
                for pid, qty in need.items():
                    free[pid] = free.get(pid, 0) - qty
                result.orders.append(o.number)
                if dry_run:
                    continue
                release = PresaleRelease.create(
                    sales_order=o.id, receipt=receipt, operator=operator
                )
                append_audit(
                    self.bench_id,
                    "presale_released",
                    operator=operator,
                    entity="sales_order",
                    entity_uuid=o.uuid,
                    details={
                        "number": o.number,
                        "receipt": receipt.number if receipt is not None else None,
                        "promised_dispatch_at": o.promised_dispatch_at.isoformat()
                        if o.promised_dispatch_at
                        else None,
                        "release": release.uuid,
                    },
                )
        return result

    def take_back(
        self, product_ids: Iterable[int], *, operator: Operator | None = None, reason: str = ""
    ) -> list[str]:
        """Goods that released orders are no longer stock (an inspection after the
        receipt closed rejected or held them): the released pre-sale orders not yet
        started (``new``) that need a product of ``product_ids`` whose free stock is now
        below 0 wait again, the latest promised dispatch time first (the reverse of the
        release), until nothing is short; then a release of what the free stock fills.
        Each is one ``presale_release_withdrawn`` audit entry. Returns the numbers
        taken back. One transaction."""
        taken: list[str] = []
        with self.db.atomic():
            free = self.free(product_ids)
            short = {pid for pid, n in free.items() if n < 0}
            if not short:
                return taken
            orders = list(
                SalesOrder.select(SalesOrder.id, SalesOrder.uuid, SalesOrder.number)
                .join(PresaleRelease)
                .where(
                    (SalesOrder.order_type == PRESALE)
                    & (SalesOrder.status == "new")
                    & SalesOrder.id.in_(
                        SalesOrderLine.select(SalesOrderLine.sales_order).where(
                            SalesOrderLine.product.in_(list(short))
                        )
                    )
                )
                .order_by(SalesOrder.promised_dispatch_at.desc(nulls="FIRST"), SalesOrder.id.desc())
                .namedtuples()
            )
            needs = self._needs(orders)
            for o in orders:
                if all(free[pid] >= 0 for pid in short):
                    break
                need = needs[o.id]
                if not any(free.get(pid, 0) < 0 for pid in need):
                    continue
                release = PresaleRelease.get(PresaleRelease.sales_order == o.id)
                release.delete_instance()
                for pid, qty in need.items():
                    free[pid] = free.get(pid, 0) + qty
                taken.append(o.number)
                append_audit(
                    self.bench_id,
                    "presale_release_withdrawn",
                    operator=operator,
                    entity="sales_order",
                    entity_uuid=o.uuid,
                    details={"number": o.number, "release": release.uuid, "reason": reason},
                )
            if taken:
                self.release(operator=operator)
        return taken

    @staticmethod
    def released_by(receipt: Receipt) -> list[str]:
        """The numbers of the pre-sale orders ``receipt`` released."""
        return [
            number
            for (number,) in SalesOrder.select(SalesOrder.number)
            .join(PresaleRelease)
            .where(PresaleRelease.receipt == receipt)
            .order_by(PresaleRelease.id)
            .tuples()
        ]

    # --- head office ---

    @staticmethod
    def keep_head_office(payload: dict) -> None:
        """Head office's figure of one SKU (master data kind ``stock``: ``sku`` text,
        ``qty`` a whole number, ``as_of`` ISO time or absent). ValueError for a payload
        that cannot be read (the master data page is refused whole)."""
        sku, qty, as_of = payload["sku"], payload["qty"], payload.get("as_of")
        if not isinstance(sku, str) or not sku.strip():
            raise ValueError("a stock figure's sku is text")
        if type(qty) is not int:
            raise ValueError("a stock figure's qty is a whole number")
        when = None
        if as_of is not None:
            if not isinstance(as_of, str):
                raise ValueError("a stock figure's as_of is an ISO time")
            when = datetime.fromisoformat(as_of)
            if when.tzinfo is not None:
                when = when.astimezone(UTC).replace(tzinfo=None)
        HeadOfficeStock.insert(
            sku=sku.strip(), qty=qty, as_of=when, received_at=utcnow()
        ).on_conflict_replace().execute()
