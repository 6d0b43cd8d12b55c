"""Checked orders written: new ones created, changed ones updated while they are
not packed, and a conflict kept for the supervisor once they are.

The platform is the source of an order until the bench has packed it: an address
changed or an order cancelled at the platform changes the station's order while
it is new (or, for the recipient and amounts, being packed). After that the
goods are in a box with a label: the change becomes an :class:`OrderConflict`
the supervisor sees, never a silent overwrite. So does a change to an order whose
waybill is printed already (a batch's, printed first: :func:`waybill_printed`),
apart from a cancellation, which cancels it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import peewee as pw

from station.db.audit import append_audit
from station.db.models import (
    OrderConflict,
    Parcel,
    PresaleRelease,
    SalesOrder,
    SalesOrderLine,
    new_uuid,
    utcnow,
)

# compared between the station's order and the file's
COMPARED = (
    "shop",
    "buyer_name",
    "buyer_phone",
    "address",
    "paid_fen",
    "order_type",
    "promised_dispatch_at",
    "carrier",
    "seller_remark",
    "buyer_message",
    "recipient_ext",
    "service_type",
    "payment",
    "insured_fen",
)
NOT_PACKED = ("new", "packing")
CHUNK = 500  # orders a statement (SQLite's bound-variable limit)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def differences(existing: SalesOrder, order: dict, lines_here: list[tuple]) -> dict[str, list]:
    """{field: [here, in the file]} where the file's order differs from the
    station's; ``lines`` compares (product id, qty, gift) sorted; ``status`` when
    the platform cancelled it."""
    diff = {}
    for name in COMPARED:
        here, there = getattr(existing, name), order["header"][name]
        if here != there:
            diff[name] = [_text(here), _text(there)]
    if sorted(lines_here) != sorted(order["lines"]):
        diff["lines"] = [sorted(lines_here), sorted(order["lines"])]
    if order["cancelled"] and existing.status != "cancelled":
        diff["status"] = [existing.status, "cancelled"]
    return diff


def _sql_value(value: Any) -> Any:
    # as sqlite3's own adapter writes a datetime (what peewee hands it elsewhere)
    return value.isoformat(" ") if isinstance(value, datetime) else value


def _insert(model: type[pw.Model], rows: list[dict]) -> None:
    """``INSERT`` many rows of one shape with one prepared statement (executemany):
    peewee's insert_many builds the SQL text of every value, half an import's time."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[n] for n in names]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    params = [
        [_sql_value(f.db_value(r[n])) for n, f in zip(names, fields, strict=True)] for r in rows
    ]
    model._meta.database.connection().executemany(sql, params)


def _create_all(new: list[tuple[str, dict]]) -> None:
    now = utcnow()
    for start in range(0, len(new), CHUNK):
        part = new[start : start + CHUNK]
        _insert(
            SalesOrder,
            [
                {
                    "uuid": new_uuid(),
                    "created_at": now,
                    "number": number,
                    "sub_orders": ",".join(order["subs"]) or None,
                    "status": "new",
                    "paid_fen": 0,
                    **order["header"],
                }
                for number, order in part
            ],
        )
        ids = dict(
            SalesOrder.select(SalesOrder.number, SalesOrder.id)
            .where(SalesOrder.number.in_([n for n, _ in part]))
            .tuples()
        )
        _insert(
            SalesOrderLine,
            [
                {
                    "uuid": new_uuid(),
                    "created_at": now,
                    "sales_order": ids[number],
                    "line_no": i,
                    "product": pid,
                    "qty": qty,
                    "is_gift": gift,
                    "qty_short": 0,
                }
                for number, order in part
                for i, (pid, qty, gift) in enumerate(order["lines"], start=1)
            ],
        )


def _replace_lines(existing: SalesOrder, order: dict) -> None:
    SalesOrderLine.delete().where(SalesOrderLine.sales_order == existing.id).execute()
    SalesOrderLine.insert_many(
        [
            {
                "uuid": new_uuid(),
                "created_at": utcnow(),
                "sales_order": existing.id,
                "line_no": i,
                "product": pid,
                "qty": qty,
                "is_gift": gift,
            }
            for i, (pid, qty, gift) in enumerate(order["lines"], start=1)
        ]
    ).execute()


def _conflict(existing: SalesOrder, diff: dict, source: str) -> None:
    detail = json.dumps(diff, ensure_ascii=False, sort_keys=True)
    open_one = OrderConflict.get_or_none(
        (OrderConflict.sales_order == existing.id)
        & (OrderConflict.detail == detail)
        & OrderConflict.resolved_at.is_null()
    )
    if open_one is None:  # the same file imported again does not add it twice
        OrderConflict.create(sales_order=existing.id, detail=detail, source=source or None)


def write_orders(
    db: pw.Database,
    bench_id: str,
    orders: dict[str, dict],
    result,
    progress: Callable[[int, int], None],
    source: str = "",
):
    """Write checked orders (:func:`station.services.order_import.check_rows`) in
    one transaction and fill ``result`` (an ImportResult): new orders created (one
    cancelled at the platform before it reached here is not); identical ones
    counted as already here; changed ones updated while new, their recipient and
    amounts while being packed; otherwise an :class:`OrderConflict`. ``progress``
    is called with (done, total) orders every 200 and at the end."""
    total = len(orders)
    numbers = list(orders)
    with db.atomic():
        existing: dict[str, SalesOrder] = {}
        lines_here: dict[int, list[tuple]] = {}
        for start in range(0, total, CHUNK):
            part = numbers[start : start + CHUNK]
            found = list(SalesOrder.select().where(SalesOrder.number.in_(part)))
            existing.update({o.number: o for o in found})
            for ln in SalesOrderLine.select(
                SalesOrderLine.sales_order,
                SalesOrderLine.product,
                SalesOrderLine.qty,
                SalesOrderLine.is_gift,
            ).where(SalesOrderLine.sales_order.in_([o.id for o in found])):
                lines_here.setdefault(ln.sales_order_id, []).append(
                    (ln.product_id, ln.qty, ln.is_gift)
                )
        new: list[tuple[str, dict]] = []
        for n, (number, order) in enumerate(orders.items(), start=1):
            here = existing.get(number)
            if here is None:
                if not order["cancelled"]:
                    new.append((number, order))
                    result.orders += 1
                    result.lines += len(order["lines"])
            else:
                _update(here, order, lines_here.get(here.id, []), result, source, bench_id)
            if len(new) >= CHUNK or (n == total and new):
                _create_all(new)
                new = []
            if n % 200 == 0 or n == total:
                progress(n, total)
        if result.withdrawn:  # released again at once when the free stock fills them
            from station.services.stock import StockService

            StockService(db, bench_id).release()
        append_audit(
            bench_id,
            "orders_imported",
            details={
                "new": result.orders,
                "already": result.already,
                "updated": result.updated[:50],
                "cancelled": result.cancelled[:50],
                "conflicts": result.conflicts[:50],
                "encoding": result.encoding,
                "profile": result.profile,
                "source": source,
            },
        )
    return result


def waybill_printed(order_id: int) -> bool:
    """Whether a waybill of the order is printed (a parcel with its number, not voided):
    its batch's, printed first (先打单), or a parcel of it closed. The label is on its
    way to the box, so a change from the platform is a conflict as for a packed
    order; a cancellation still cancels it (it must not ship)."""
    return (
        Parcel.select()
        .where(
            (Parcel.sales_order == order_id)
            & Parcel.tracking_number.is_null(False)
            & (Parcel.status != "voided")
        )
        .exists()
    )


def _update(
    here: SalesOrder, order: dict, lines_here: list, result, source: str, bench_id: str
) -> None:
    number = here.number
    diff = differences(here, order, lines_here)
    if not diff:
        result.already += 1
        return
    if (
        here.status not in NOT_PACKED
        or (here.status == "packing" and "lines" in diff)
        or ("status" not in diff and waybill_printed(here.id))
    ):
        _conflict(here, diff, source)
        result.conflicts.append(number)
        return
    if "status" in diff:
        here.status = "cancelled"
        here.status_reason = "cancelled at the platform"
        here.save()
        result.cancelled.append(number)
        return
    for name in COMPARED:
        setattr(here, name, order["header"][name])
    here.sub_orders = ",".join(order["subs"]) or here.sub_orders
    here.save()
    if "lines" in diff:
        _replace_lines(here, order)
    if ("lines" in diff or "order_type" in diff) and _withdraw_release(here, diff, bench_id):
        result.withdrawn.append(number)
    result.updated.append(number)


def _withdraw_release(here: SalesOrder, diff: dict, bench_id: str) -> bool:
    """A pre-sale order released by goods-in whose goods (or type) the platform changed
    waits again: the release held for the goods it was given, not for new ones. The
    import then releases what the free stock fills (:func:`write_orders`), this order
    among them when its new goods are here. True when a release was withdrawn."""
    release = PresaleRelease.get_or_none(PresaleRelease.sales_order == here.id)
    if release is None:
        return False
    release.delete_instance()
    append_audit(
        bench_id,
        "presale_release_withdrawn",
        entity="sales_order",
        entity_uuid=here.uuid,
        details={"number": here.number, "release": release.uuid, "changed": sorted(diff)},
    )
    return True
