"""Peak-day batches (波次): grouping the open orders, and a batch's waybills printed first.

- Grouping 100,000 open orders by the rules (``BatchService.group``: read the
  orders and lines, group, write the batches with their audit entries and head
  office records in one transaction), against reading the same orders alone
  (``open_orders``), the least any grouping must do.
- The batch print of 500 waybills: every order's number taken (the pool) and all
  labels rendered in ZPL and queued as one job: seconds to the last job queued,
  against rendering 500 waybills alone.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.common import Figure


def _services(root: Path):
    from station.app import build_services, prepare_demo
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir

    dd = DataDir(root).ensure()
    settings = prepare_demo(dd, load_settings(dd.settings)).replace(
        "devices", printer="zpl+file:///dev/null", document_printer="", scale=""
    )
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    return build_services(dd, settings, store, demo=True)


def _orders(db, n: int, prefix: str, carriers=("YTO", "ZTO", "SF")) -> None:
    """``n`` open orders as a peak day brings them: 60 % one unit of one SKU, 15 %
    one SKU several times, the rest two or three SKUs."""
    from station.db.models import Product, SalesOrder, SalesOrderLine

    rng = random.Random(21)
    products = [p.id for p in Product.select(Product.id).order_by(Product.id)]
    weights = [len(products) - i for i in range(len(products))]
    now = datetime(2026, 11, 11, 9, 0)
    with db.atomic():
        for start in range(0, n, 5000):
            rows, lines = [], []
            for k in range(start + 1, min(n, start + 5000) + 1):
                rows.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "created_at": now,
                        "number": f"{prefix}{k:07d}",
                        "buyer_name": "买家",
                        "address": "浙江省杭州市余杭区文一西路1号",
                        "promised_dispatch_at": now + timedelta(hours=rng.choice((2, 4, 8, 24))),
                        "carrier": rng.choice(carriers),
                    }
                )
            for i in range(0, len(rows), 500):
                SalesOrder.insert_many(rows[i : i + 500]).execute()
            ids = dict(
                SalesOrder.select(SalesOrder.number, SalesOrder.id)
                .where(SalesOrder.number.in_([r["number"] for r in rows]))
                .tuples()
            )
            for r in rows:
                kind = rng.random()
                if kind < 0.6:
                    chosen = [(rng.choices(products, weights)[0], 1)]
                elif kind < 0.75:
                    chosen = [(rng.choices(products, weights)[0], rng.randint(2, 3))]
                else:
                    skus = list(dict.fromkeys(rng.choices(products, weights, k=3)))
                    chosen = [(p, 1) for p in skus]
                for no, (pid, qty) in enumerate(chosen, 1):
                    lines.append(
                        {
                            "uuid": str(uuid.uuid4()),
                            "created_at": now,
                            "sales_order": ids[r["number"]],
                            "line_no": no,
                            "product": pid,
                            "qty": qty,
                        }
                    )
            for i in range(0, len(lines), 500):
                SalesOrderLine.insert_many(lines[i : i + 500]).execute()


def _pool(db, carrier: str, n: int) -> None:
    from station.db.models import CarrierAccount, TrackingNumber

    account = CarrierAccount.get(CarrierAccount.carrier == carrier)
    rows = [
        {"uuid": str(uuid.uuid4()), "account": account.id, "number": f"BN{k:013d}"}
        for k in range(1, n + 1)
    ]
    with db.atomic():
        for i in range(0, len(rows), 500):
            TrackingNumber.insert_many(rows[i : i + 500]).execute()


def run(quick: bool = False) -> list[Figure]:
    n_orders = 10_000 if quick else 100_000
    n_labels = 50 if quick else 500
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        services = _services(Path(tmp) / "group")
        try:
            _orders(services.store.db, n_orders, "PK")
            start = time.perf_counter()
            services.batches.open_orders()
            read = time.perf_counter() - start
            start = time.perf_counter()
            made = services.batches.group(None)
            grouped = time.perf_counter() - start
            figures.append(
                Figure(
                    f"group {n_orders:,} open orders into {len(made):,} batches",
                    grouped,
                    "s",
                    baseline=read,
                    baseline_name="reading the orders alone",
                    goal="seconds, not minutes",
                )
            )
        finally:
            services.close()
        services = _services(Path(tmp) / "print")
        try:
            from station.db.models import SalesOrder
            from station.services.documents import sample_waybill_fields

            _orders(services.store.db, n_labels, "PR", carriers=("YTO",))
            _pool(services.store.db, "YTO", n_labels)
            services.settings = services.settings.replace("batches", max_orders=1000)
            numbers = [
                n
                for (n,) in SalesOrder.select(SalesOrder.number)
                .where(SalesOrder.number.startswith("PR"))
                .tuples()
            ]
            batch = services.batches.create(numbers, None)
            start = time.perf_counter()
            result = services.batches.print_waybills(
                batch.number, None, services.packing, services.documents, services.printing
            )
            printed = time.perf_counter() - start
            assert result.labels == n_labels
            fields = sample_waybill_fields()
            start = time.perf_counter()
            for _ in range(n_labels):
                services.documents.render_waybill(fields, "zpl")
            render = time.perf_counter() - start
            figures.append(
                Figure(
                    f"batch print of {n_labels} waybills, to the job queued",
                    printed,
                    "s",
                    baseline=render,
                    baseline_name="rendering the labels alone",
                    goal="within 2x of rendering",
                )
            )
        finally:
            services.close()
    return figures
