"""A peak day's open orders, written with bulk inserts (2,000 in well under a second):
single-item orders (one unit of one SKU), one SKU several times, and multi-item
orders of two or three SKUs, over a few carriers and deadlines, as a marketplace
export brings them. Deterministic for a seed."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from station.db.models import Product, SalesOrder, SalesOrderLine

CARRIERS = ("YTO", "ZTO", "SF")


def add_orders(
    db,
    n: int,
    *,
    seed: int = 21,
    now: datetime = datetime(2026, 11, 11, 9, 0),
    prefix: str = "PK",
    carriers: tuple[str, ...] = CARRIERS,
    presale_every: int = 0,
) -> list[str]:
    """Write ``n`` open orders (numbers ``<prefix>000001``…) and their lines; every
    ``presale_every``-th one a pre-sale order (0: none). Returns the numbers."""
    rng = random.Random(seed)
    skus = [p.sku for p in Product.select(Product.sku).order_by(Product.id)]
    ids = {p.sku: p.id for p in Product.select(Product.id, Product.sku)}
    weights = [len(skus) - i for i in range(len(skus))]  # a few SKUs sell most
    orders, numbers = [], []
    lines_of = []
    for k in range(1, n + 1):
        number = f"{prefix}{k:06d}"
        numbers.append(number)
        kind = rng.random()
        if kind < 0.6:
            lines = [(rng.choices(skus, weights)[0], 1)]
        elif kind < 0.75:
            lines = [(rng.choices(skus, weights)[0], rng.randint(2, 3))]
        else:
            chosen = []
            while len(chosen) < rng.randint(2, 3):
                sku = rng.choices(skus, weights)[0]
                if sku not in chosen:
                    chosen.append(sku)
            lines = [(s, rng.randint(1, 2)) for s in chosen]
        lines_of.append(lines)
        orders.append(
            {
                "uuid": str(uuid.uuid4()),
                "created_at": now,
                "number": number,
                "shop": "旗舰店",
                "buyer_name": f"买家{k}",
                "buyer_phone": f"138{k:08d}",
                "address": f"浙江省杭州市余杭区文一西路{k}号",
                "paid_fen": 5000,
                "order_type": "presale" if presale_every and k % presale_every == 0 else "spot",
                "promised_dispatch_at": now + timedelta(hours=rng.choice((2, 4, 8, 24))),
                "carrier": rng.choice(carriers),
                "status": "new",
            }
        )
    with db.atomic():
        for i in range(0, len(orders), 500):
            SalesOrder.insert_many(orders[i : i + 500]).execute()
        by_number = dict(
            SalesOrder.select(SalesOrder.number, SalesOrder.id)
            .where(SalesOrder.number.startswith(prefix))
            .tuples()
        )
        rows = [
            {
                "uuid": str(uuid.uuid4()),
                "created_at": now,
                "sales_order": by_number[number],
                "line_no": no,
                "product": ids[sku],
                "qty": qty,
                "is_gift": False,
                "qty_short": 0,
            }
            for number, lines in zip(numbers, lines_of, strict=True)
            for no, (sku, qty) in enumerate(lines, 1)
        ]
        for i in range(0, len(rows), 500):
            SalesOrderLine.insert_many(rows[i : i + 500]).execute()
    return numbers
