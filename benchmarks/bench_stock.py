"""Stock figures and the release of pre-sale orders over a busy bench's history.

A database with 1,000 SKUs, 200,000 receipt lines (a tenth quarantined), 200,000
orders packed (line, closed parcel, packed item), 20,000 spot orders still to pack
and 5,000 pre-sale orders waiting for stock (a campaign: 20 SKUs) is built with
plain SQL (the ``stock_level`` triggers keeping the figures as it is). Then, as
the bench does it (``station.services.stock``):

- one SKU's stock figure (accepted − packed, the kept row), as goods-in asks;
  baseline: the same figure summed from the events (receipt lines and packed
  units of that SKU, indexed);
- every SKU's figures (``station stock``); baseline: the recount of every SKU from
  the events (``StockService.recount``); the stock warning (the board);
- the waiting list with the goods each order needs (the board's tab);
- a release of the waiting orders over the free stock, dry run (what an accepted
  scan asks) and for real (a receipt's close, one transaction).
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Figure, percentile


def build(root: Path, n_packed: int, n_open: int, n_waiting: int, n_lines: int) -> Path:
    from station.app import build_services, prepare_demo
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir

    dd = DataDir(root).ensure()
    settings = prepare_demo(dd, load_settings(dd.settings))
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    services = build_services(dd, settings, store, demo=True)
    path = store.path
    services.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    rng = random.Random(21)
    now = datetime.now(UTC).replace(tzinfo=None)
    uid = iter(range(10**12))

    def u() -> str:
        return f"{next(uid):032x}"

    ts = now.isoformat(" ")
    con.executemany(
        "INSERT INTO product (uuid, created_at, sku, name, unit, track_lot, track_expiry, "
        "track_serial, stock_threshold, active, weight_learned) "
        "VALUES (?, ?, ?, ?, 'pcs', 0, 0, 0, ?, 1, 0)",
        ((u(), ts, f"BS-{n:04d}", f"SKU {n}", 20 if n % 7 == 0 else None) for n in range(1000)),
    )
    products = [r[0] for r in con.execute("SELECT id FROM product WHERE sku LIKE 'BS-%'")]
    (supplier,) = con.execute("SELECT id FROM supplier LIMIT 1").fetchone()
    con.execute(
        "INSERT INTO purchase_order (uuid, created_at, number, supplier_id, status) "
        "VALUES (?, ?, 'PO-BENCH', ?, 'partial')",
        (u(), ts, supplier),
    )
    (po,) = con.execute("SELECT id FROM purchase_order WHERE number = 'PO-BENCH'").fetchone()
    con.executemany(
        "INSERT INTO purchase_order_line (uuid, created_at, purchase_order_id, line_no, "
        "product_id, qty_ordered) VALUES (?, ?, ?, ?, ?, 1000000)",
        ((u(), ts, po, n, p) for n, p in enumerate(products, start=1)),
    )
    po_lines = dict(
        con.execute(
            "SELECT product_id, id FROM purchase_order_line WHERE purchase_order_id = ?", (po,)
        )
    )
    con.execute(
        "INSERT INTO receipt (uuid, created_at, number, purchase_order_id, status, bench_id) "
        "VALUES (?, ?, 'GR-BENCH', ?, 'closed', 'b1')",
        (u(), ts, po),
    )
    (receipt,) = con.execute("SELECT id FROM receipt WHERE number = 'GR-BENCH'").fetchone()
    rows = []
    for _ in range(n_lines):
        p = rng.choice(products)
        status = "quarantine" if rng.random() < 0.1 else "accepted"
        rows.append((u(), ts, receipt, po_lines[p], p, rng.randrange(5, 40), status))
    con.executemany(
        "INSERT INTO receipt_line (uuid, created_at, receipt_id, purchase_order_line_id, "
        "product_id, qty, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    base = 1 + max(
        con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]
        for t in ("sales_order", "sales_order_line", "parcel")
    )
    orders, lines, parcels, items = [], [], [], []
    total = n_packed + n_open + n_waiting
    for n in range(total):
        oid = base + n
        kind = "packed" if n < n_packed else ("open" if n < n_packed + n_open else "waiting")
        due = (now + timedelta(minutes=rng.randrange(-600, 6000))).isoformat(" ")
        orders.append(
            (
                oid,
                u(),
                ts,
                f"B{oid}",
                "李娜",
                "上海市",
                "presale" if kind == "waiting" else "spot",
                due,
                "YTO",
                "shipped" if kind == "packed" else "new",
            )
        )
        qty = rng.randrange(1, 4)
        product = rng.choice(products[:20] if kind == "waiting" else products)
        lines.append((oid, u(), ts, oid, 1, product, qty))
        if kind == "packed":
            parcels.append((oid, u(), ts, oid, f"YT{oid:012d}", ts))
            items.append((u(), ts, oid, oid, qty))
    con.executemany(
        "INSERT INTO sales_order (id, uuid, created_at, number, buyer_name, address, "
        "paid_fen, order_type, promised_dispatch_at, carrier, status) "
        "VALUES (?,?,?,?,?,?,0,?,?,?,?)",
        orders,
    )
    con.executemany(
        "INSERT INTO sales_order_line (id, uuid, created_at, sales_order_id, line_no, "
        "product_id, qty, is_gift, qty_short) VALUES (?,?,?,?,?,?,?,0,0)",
        lines,
    )
    con.executemany(
        "INSERT INTO parcel (id, uuid, created_at, sales_order_id, seq, status, carrier, "
        "tracking_number, bench_id, closed_at) VALUES (?,?,?,?,1,'closed','YTO',?,'b1',?)",
        parcels,
    )
    con.executemany(
        "INSERT INTO packed_item (uuid, created_at, parcel_id, sales_order_line_id, qty) "
        "VALUES (?,?,?,?,?)",
        items,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return path


def run(quick: bool = False) -> list[Figure]:
    import peewee as pw

    from station.db.models import ALL_MODELS, Product
    from station.services.stock import StockService

    sizes = (20_000, 2_000, 500, 20_000) if quick else (200_000, 20_000, 5_000, 200_000)
    rounds = 10 if quick else 50
    with tempfile.TemporaryDirectory() as d:
        path = build(Path(d), *sizes)
        db = pw.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
        db.bind(ALL_MODELS)
        stock = StockService(db, "b1")
        pid = Product.get(Product.sku == "BS-0042").id
        one, bare = [], []
        for _ in range(rounds):
            s = time.perf_counter()
            stock.on_hand([pid])
            one.append(time.perf_counter() - s)
            s = time.perf_counter()
            db.execute_sql(
                "SELECT (SELECT SUM(qty) FROM receipt_line WHERE product_id = ? AND "
                "status = 'accepted' AND purchase_order_line_id IS NOT NULL), "
                "(SELECT SUM(pi.qty) FROM packed_item pi JOIN sales_order_line sol ON "
                "sol.id = pi.sales_order_line_id JOIN parcel p ON p.id = pi.parcel_id "
                "WHERE sol.product_id = ? AND p.status != 'voided')",
                (pid, pid),
            ).fetchone()
            bare.append(time.perf_counter() - s)
        every, recount, waiting_t, dry, warn = [], [], [], [], []
        for _ in range(max(2, rounds // 10)):
            s = time.perf_counter()
            stock.warnings()
            warn.append(time.perf_counter() - s)
            s = time.perf_counter()
            stock.figures()
            every.append(time.perf_counter() - s)
            s = time.perf_counter()
            assert stock.recount() == stock.kept()
            recount.append(time.perf_counter() - s)
            s = time.perf_counter()
            stock.waiting()
            waiting_t.append(time.perf_counter() - s)
            s = time.perf_counter()
            stock.release(dry_run=True)
            dry.append(time.perf_counter() - s)
        s = time.perf_counter()
        released = stock.release().count
        real = time.perf_counter() - s
        db.close()
    packed, open_, waiting, n_lines = sizes
    label = f"{n_lines:,} receipt lines, {packed:,} packed"
    base = percentile(bare, 50) * 1000
    return [
        Figure(
            f"one SKU's stock p50 ({label})",
            percentile(one, 50) * 1000,
            "ms",
            base,
            "the same summed from its events",
            "< 5 ms, whatever the history",
        ),
        Figure(
            "every SKU's figures p50",
            percentile(every, 50) * 1000,
            "ms",
            percentile(recount, 50) * 1000,
            "every SKU recounted from the events",
            "< 2000 ms (station stock)",
        ),
        Figure(
            "stock warning p50 (a seventh of the SKUs with a threshold)",
            percentile(warn, 50) * 1000,
            "ms",
            goal="< 100 ms (board refresh)",
        ),
        Figure(
            f"waiting list p50 ({waiting:,} pre-sale, {open_:,} spot open)",
            percentile(waiting_t, 50) * 1000,
            "ms",
            goal="< 100 ms (board refresh)",
        ),
        Figure(
            "release dry run p50 (an accepted scan)",
            percentile(dry, 50) * 1000,
            "ms",
            goal="< 100 ms",
        ),
        Figure(
            f"release at a receipt's close ({released:,} released)",
            real * 1000,
            "ms",
            goal="< 5000 ms",
        ),
    ]
