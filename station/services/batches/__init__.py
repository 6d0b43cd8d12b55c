"""Peak-day batches (波次): open orders grouped by rules, their waybills printed
first (先打单) in the order the pick list walks, one pick list (拣货单) per batch,
each parcel verified by its pre-printed waybill at pack-out.

Rules (issue 21; docs in README "Peak day: batches"):
- only :func:`batchable_orders` are grouped: status ``new``, not pre-sale, in no
  batch (an order is in one batch at most; a dissolved batch lets its orders go);
- the grouping rules are :mod:`station.core.batching`'s, set in ``batches`` settings,
  applied after an order import (``auto``) and by hand (:meth:`BatchService.group`);
  a batch is also made by hand from chosen orders (:meth:`BatchService.create`);
- a batch's state: ``open`` -> ``printed`` -> ``picked`` -> ``packed`` -> ``closed``
  (``cancelled``: an open batch dissolved); every change audited and sent to head
  office (``batch_state``, :func:`.hooks.set_state`); pack-out's close makes it
  ``packed`` when its last order is packed (:func:`.hooks.order_closed`);
- printing: every order's parcel gets its number as the close would take it
  (``PackingService.take_number_ahead``: one that has a number keeps it), then all
  labels go in one job, in walk order (the shelf of each order's first SKU), each
  with the batch and ``n/N`` in its custom area. A second print of the batch is
  refused: one label again only by :meth:`BatchService.reprint`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import peewee as pw

from station.core.batching import Group, OpenOrder, Rules, group_orders, shelf_key
from station.db.audit import append_audit
from station.db.models import (
    Batch,
    BatchOrder,
    Operator,
    Parcel,
    PrintJob,
    Product,
    ProductBarcode,
    SalesOrder,
    SalesOrderLine,
    utcnow,
)
from station.services.batches.errors import BatchError
from station.services.batches.hooks import STATES, STOPPED, TO_PACK, left_in, set_state
from station.services.batches.printing import BatchPrinting, PrintResult
from station.services.stock import packable_now

__all__ = [
    "STATES",
    "BatchError",
    "BatchService",
    "BatchView",
    "PrintResult",
    "batchable_orders",
    "rules_of",
]

BATCH_PREFIX = "BT"


def batchable_orders() -> pw.ModelSelect:
    """The orders a batch may take (ids): open (``new``), packable now (not a
    pre-sale order still waiting for its stock: ``station.services.stock.
    packable_now``), in no batch yet. The one place this rule lives."""
    return SalesOrder.select(SalesOrder.id).where(
        (SalesOrder.status == "new")
        & packable_now()
        & SalesOrder.id.not_in(BatchOrder.select(BatchOrder.sales_order))
    )


def rules_of(settings) -> Rules:
    """The grouping rules of a ``station.config.BatchSettings``."""
    return Rules(
        max_orders=settings.max_orders,
        single_item=settings.single_item,
        shared_skus=settings.shared_skus,
        by_carrier=settings.by_carrier,
        deadline_minutes=settings.deadline_minutes,
    )


@dataclass(frozen=True)
class BatchLine:
    """One order of a batch as the Batches page shows it."""

    seq: int
    order: str
    status: str
    tracking: str
    first_sku: str
    location: str


@dataclass(frozen=True)
class BatchView:
    """A batch with its counts: ``total`` orders, ``left`` still to pack."""

    number: str
    state: str
    rule: str
    sku: str
    carrier: str
    deadline: datetime | None
    created_at: datetime
    total: int
    left: int


class BatchService(BatchPrinting):
    """Batches on one bench. ``settings``: () -> Settings (its ``batches`` section is
    read at each grouping); ``clock`` gives naive UTC."""

    def __init__(self, db: pw.Database, bench_id: str, settings: Callable, *, clock=utcnow):
        self.db = db
        self.bench_id = bench_id
        self.settings = settings
        self.clock = clock

    # --- grouping ---

    def open_orders(self, ids: list[int] | None = None) -> list[OpenOrder]:
        """The batchable orders (``ids`` among them, when given) with their lines,
        read in one query."""
        q = (
            SalesOrder.select(
                SalesOrder.id,
                SalesOrder.carrier,
                SalesOrder.promised_dispatch_at,
                Product.sku,
                SalesOrderLine.qty,
            )
            .join(SalesOrderLine)
            .join(Product)
            .where(SalesOrder.id.in_(batchable_orders()))
            .order_by(SalesOrder.id, SalesOrderLine.line_no)
        )
        if ids is not None:
            q = q.where(SalesOrder.id.in_(ids))
        out: list[OpenOrder] = []
        cur_id, cur, lines = None, None, []
        for oid, carrier, due, sku, qty in q.tuples().iterator():
            if oid != cur_id:
                if cur is not None:
                    out.append(OpenOrder(cur[0], cur[1], cur[2], tuple(lines)))
                cur_id, cur, lines = oid, (oid, carrier or "", due), []
            lines.append((sku, qty))
        if cur is not None:
            out.append(OpenOrder(cur[0], cur[1], cur[2], tuple(lines)))
        return out

    def group(
        self,
        operator: Operator | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Batch]:
        """Group every batchable order by the settings' rules into new ``open``
        batches, in one transaction. Returns the batches made (none when no order
        waits). ``progress(done, total)`` is called as batches are written."""
        rules = rules_of(self.settings().batches)
        with self.db.atomic():
            groups = group_orders(self.open_orders(), rules)
            return self._write(groups, operator, progress)

    def create(self, numbers: list[str], operator: Operator | None) -> Batch:
        """A batch made by hand of the orders ``numbers`` (rule ``manual``). BatchError
        ``batch_no_orders``; ``batch_unknown_order`` (number); ``batch_order_taken``
        (number, batch) for an order in a batch already; ``batch_order_not_open``
        (number, status) for one not open or a pre-sale order; ``batch_too_many``
        (n, max) beyond the settings' ``max_orders``."""
        numbers = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
        if not numbers:
            raise BatchError("batch_no_orders")
        limit = self.settings().batches.max_orders
        if len(numbers) > limit:
            raise BatchError("batch_too_many", n=len(numbers), max=limit)
        with self.db.atomic():
            orders = {
                o.number: o for o in SalesOrder.select().where(SalesOrder.number.in_(numbers))
            }
            for number in numbers:
                order = orders.get(number)
                if order is None:
                    raise BatchError("batch_unknown_order", number=number)
                taken = (
                    BatchOrder.select(BatchOrder, Batch)
                    .join(Batch)
                    .where(BatchOrder.sales_order == order.id)
                    .first()
                )
                if taken is not None:
                    raise BatchError("batch_order_taken", number=number, batch=taken.batch.number)
                if order.status != "new" or order.order_type == "presale":
                    status = "presale" if order.order_type == "presale" else order.status
                    raise BatchError("batch_order_not_open", number=number, status=status)
            chosen = self.open_orders([orders[n].id for n in numbers])
            carriers = sorted({(o.carrier or "").upper() for o in chosen})
            dues = [o.due for o in chosen if o.due is not None]
            group = Group(
                "manual",
                "",
                carriers[0] if len(carriers) == 1 else "",
                min(dues) if dues else None,
                [orders[n].id for n in numbers],
            )
            (batch,) = self._write([group], operator, None)
        return batch

    def _next_number(self, now: datetime) -> tuple[str, int]:
        stem = f"{BATCH_PREFIX}{now:%y%m%d}"
        last = (
            Batch.select(Batch.number)
            .where(Batch.number.startswith(stem))
            .order_by(Batch.number.desc())
            .first()
        )
        n = int(last.number[len(stem) :]) if last is not None else 0
        return stem, n

    def _write(self, groups: list[Group], operator, progress) -> list[Batch]:
        """The batches of ``groups``, their orders in one ``executemany`` (100,000
        orders a peak day: peewee's statement building per row would be most of the
        time), each batch audited and queued for head office. Inside a transaction."""
        now = self.clock()
        stem, n = self._next_number(now)
        made = []
        rows: list[tuple[int, int, int]] = []
        numbers = {}
        if groups:
            ids = [oid for g in groups for oid in g.order_ids]
            for k in range(0, len(ids), 900):  # SQLite's limit on host parameters
                numbers.update(
                    SalesOrder.select(SalesOrder.id, SalesOrder.number)
                    .where(SalesOrder.id.in_(ids[k : k + 900]))
                    .tuples()
                )
        for i, g in enumerate(groups, 1):
            n += 1
            batch = Batch.create(
                number=f"{stem}{n:04d}",
                rule=g.rule,
                sku=g.sku,
                carrier=g.carrier,
                deadline=g.deadline,
                bench_id=self.bench_id,
                operator=operator,
                created_at=now,
            )
            rows.extend((batch.id, oid, k) for k, oid in enumerate(g.order_ids, 1))
            batch.state = ""  # made now: its record says it came from nothing
            set_state(
                self.bench_id,
                batch,
                "open",
                operator,
                now,
                order_numbers=[numbers[oid] for oid in g.order_ids],
            )
            batch.state = "open"
            made.append(batch)
            if progress is not None:
                progress(i, len(groups))
        self.db.connection().executemany(
            'INSERT INTO "batch_order" ("batch_id", "sales_order_id", "seq") VALUES (?, ?, ?)',
            rows,
        )
        return made

    # --- looking ---

    @staticmethod
    def find(number: str) -> Batch:
        """The batch of ``number`` (its barcode, or a label's batch barcode,
        ``station.services.documents.batch_code``); BatchError ``batch_unknown``."""
        from station.services.documents import read_batch_code

        label = read_batch_code(number.upper())
        code = label[0] if label is not None else number.strip().upper()
        batch = Batch.get_or_none(Batch.number == code)
        if batch is None:
            raise BatchError("batch_unknown", number=number.strip())
        return batch

    def batches(self, states: tuple[str, ...] | None = None, limit: int = 500) -> list[BatchView]:
        """Batches (of ``states``; default: all but cancelled), the earliest deadline
        first, with their counts."""
        q = Batch.select()
        q = q.where(Batch.state.in_(states)) if states else q.where(Batch.state != "cancelled")
        q = q.order_by(Batch.state == "closed", Batch.deadline.is_null(), Batch.deadline, Batch.id)
        batches = list(q.limit(limit))
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        if batches:
            rows = (
                BatchOrder.select(BatchOrder.batch, SalesOrder.status)
                .join(SalesOrder)
                .where(BatchOrder.batch.in_([b.id for b in batches]))
                .tuples()
            )
            for bid, status in rows:
                counts[bid][1] += 1
                if status in TO_PACK:
                    counts[bid][0] += 1
        return [
            BatchView(
                b.number,
                b.state,
                b.rule,
                b.sku,
                b.carrier,
                b.deadline,
                b.created_at,
                counts[b.id][1],
                counts[b.id][0],
            )
            for b in batches
        ]

    @staticmethod
    def counts_by_state() -> dict[str, int]:
        """How many batches are in each state (``STATES``; cancelled left out)."""
        rows = dict(Batch.select(Batch.state, pw.fn.COUNT(Batch.id)).group_by(Batch.state).tuples())
        return {s: rows.get(s, 0) for s in STATES}

    def view(self, batch: Batch) -> BatchView:
        batch = Batch.get_by_id(batch.id)
        left, total = left_in(batch.id)
        return BatchView(
            batch.number,
            batch.state,
            batch.rule,
            batch.sku,
            batch.carrier,
            batch.deadline,
            batch.created_at,
            total,
            left,
        )

    @staticmethod
    def walk(batch: Batch) -> list[tuple[BatchOrder, SalesOrder, str, str]]:
        """The batch's orders in the pick list's walk: by the shelf of each order's
        first SKU (its first line with goods), then the SKU, then the order number:
        ``[(BatchOrder, SalesOrder, first sku, its location)]``."""
        rows = list(
            BatchOrder.select(BatchOrder, SalesOrder)
            .join(SalesOrder)
            .where(BatchOrder.batch == batch.id)
        )
        first: dict[int, tuple[str, str]] = {}
        q = (
            SalesOrderLine.select(SalesOrderLine.sales_order, Product.sku, Product.location)
            .join(Product)
            .where(
                SalesOrderLine.sales_order.in_([r.sales_order_id for r in rows])
                & (SalesOrderLine.qty > 0)  # a line of quantity 0 is no goods to walk to
            )
            .order_by(SalesOrderLine.sales_order, SalesOrderLine.line_no.desc())
            .tuples()
        )
        for oid, sku, location in q:
            first[oid] = (sku, location or "")  # the last written is line 1
        out = [(r, r.sales_order, *first.get(r.sales_order_id, ("", ""))) for r in rows]
        out.sort(key=lambda t: (shelf_key(t[3], t[2]), t[1].number))
        return out

    def lines(self, batch: Batch) -> list[BatchLine]:
        """The batch's orders for the page: in print order once printed, else in walk order."""
        walk = self.walk(batch)
        if batch.state != "open":
            walk.sort(key=lambda t: t[0].seq)
        parcels = {
            p.id: p.tracking_number
            for p in Parcel.select(Parcel.id, Parcel.tracking_number).where(
                Parcel.id.in_([t[0].parcel_id for t in walk if t[0].parcel_id])
            )
        }
        return [
            BatchLine(
                bo.seq if batch.state != "open" else n,
                order.number,
                order.status,
                parcels.get(bo.parcel_id) or "",
                sku,
                location,
            )
            for n, (bo, order, sku, location) in enumerate(walk, 1)
        ]

    @staticmethod
    def of_order(order: SalesOrder) -> Batch | None:
        row = (
            BatchOrder.select(BatchOrder, Batch)
            .join(Batch)
            .where(BatchOrder.sales_order == order.id)
            .first()
        )
        return row.batch if row is not None else None

    # --- printing the waybills first ---

    def pick_list_data(self, number: str):
        """The batch's pick list: every SKU of its orders summed (gifts too), sorted by
        shelf location (``station.core.batching.shelf_key``); each SKU's barcode its
        GTIN of one unit, else the SKU. An order held or cancelled after batching is
        left out (its goods are not taken), and so is a line of quantity 0."""
        from station.labels.pick_list import PickLine, PickListData

        batch = self.find(number)
        ids = (
            BatchOrder.select(BatchOrder.sales_order)
            .join(SalesOrder)
            .where((BatchOrder.batch == batch.id) & SalesOrder.status.not_in(STOPPED))
        )
        sums: dict[int, list[int]] = {}
        orders: dict[int, set[int]] = defaultdict(set)
        for pid, oid, qty in (
            SalesOrderLine.select(
                SalesOrderLine.product, SalesOrderLine.sales_order, SalesOrderLine.qty
            )
            .where(SalesOrderLine.sales_order.in_(ids) & (SalesOrderLine.qty > 0))
            .tuples()
        ):
            sums.setdefault(pid, [0])[0] += qty
            orders[pid].add(oid)
        products = {p.id: p for p in Product.select().where(Product.id.in_(list(sums)))}
        gtins: dict[int, str] = {}
        for pid, code in (
            ProductBarcode.select(ProductBarcode.product, ProductBarcode.code)
            .where(
                ProductBarcode.product.in_(list(sums))
                & (ProductBarcode.kind == "gtin")
                & (ProductBarcode.pack_qty == 1)
            )
            .order_by(ProductBarcode.id)
            .tuples()
        ):
            gtins.setdefault(pid, code)
        lines = [
            PickLine(
                products[pid].location or "",
                products[pid].sku,
                products[pid].name,
                qty[0],
                gtins.get(pid, products[pid].sku),
                len(orders[pid]),
            )
            for pid, qty in sums.items()
        ]
        lines.sort(key=lambda ln: shelf_key(ln.location, ln.sku))
        local = self.clock().replace(tzinfo=UTC).astimezone()
        return PickListData(
            batch=batch.number,
            carrier=batch.carrier,
            rule=batch.rule,
            date=local.strftime("%Y-%m-%d %H:%M"),
            orders=ids.count(),
            lines=lines,
        )

    def pick_list(self, number: str, size: str = "a4") -> bytes:
        """The pick list as a PDF (``a4`` or ``100x150``); BatchError ``unknown_size``."""
        from station.labels.pick_list import SIZES, render_pick_list

        if size not in SIZES:
            raise BatchError("unknown_size", size=size)
        return render_pick_list(self.pick_list_data(number), size)

    def print_pick_list(
        self, number: str, operator: Operator | None, printing, size: str = "a4"
    ) -> PrintJob:
        """The pick list to the document printer. BatchError ``batch_no_document_printer``."""
        if not self.settings().devices.document_printer:
            raise BatchError("batch_no_document_printer")
        pdf = self.pick_list(number, size)
        batch = self.find(number)
        with self.db.atomic():
            job = printing.submit(
                "pick_list",
                pdf,
                language="pdf",
                document_ref=batch.number,
                role="document",
                operator=operator,
            )
            append_audit(
                self.bench_id,
                "pick_list_printed",
                operator=operator,
                entity="batch",
                entity_uuid=batch.uuid,
                details={"number": batch.number, "size": size},
            )
        return job

    # --- states by hand ---

    def mark_picked(self, number: str, operator: Operator | None) -> Batch:
        """The picker is back with the goods: ``printed`` -> ``picked``. BatchError
        ``batch_not_printed`` before the waybills are printed, ``batch_state``
        (number, state) from any other state."""
        return self._step(number, operator, ("printed",), "picked")

    def close(self, number: str, operator: Operator | None) -> Batch:
        """``packed`` -> ``closed`` (the batch leaves the lists of work)."""
        return self._step(number, operator, ("packed",), "closed")

    def dissolve(self, number: str, operator: Operator | None) -> Batch:
        """An open batch (waybills not printed) undone: ``cancelled``, its orders free
        for another batch. BatchError ``batch_state`` after printing."""
        with self.db.atomic():
            batch = self._step(number, operator, ("open",), "cancelled")
            BatchOrder.delete().where(BatchOrder.batch == batch.id).execute()
        return batch

    def _step(self, number: str, operator, allowed: tuple[str, ...], to: str) -> Batch:
        with self.db.atomic():
            batch = self.find(number)
            if batch.state not in allowed:
                if to == "picked" and batch.state == "open":
                    raise BatchError("batch_not_printed", number=batch.number)
                raise BatchError("batch_state", number=batch.number, state=batch.state)
            set_state(self.bench_id, batch, to, operator, self.clock())
        return Batch.get_by_id(batch.id)
