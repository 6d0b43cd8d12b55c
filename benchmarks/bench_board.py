"""The supervisor's board and the daily report over a year of a busy bench.

A database with 1,000,000 orders (each with its line, parcel, packed item and
audit entry) and 5,000,000 scan events spread over 365 days, today's day still
running, is built with plain SQL. Then:

- board refresh: everything the board shows for today (``day_figures``);
- the daily report: today's figures rendered as PDF, and a past day's;
- the same refresh with the time indexes of migration 5 dropped, to show what
  they are for;
- baseline: one bare indexed COUNT of today's scan events, the least any
  refresh must do.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.common import Figure, percentile

DAY_INDEXES = (  # migration 5's
    "parcel_closed_at",
    "receipt_line_created_at",
    "inspection_created_at",
    "audit_entry_created_at",
    "sales_order_status_promised_dispatch_at",
    "sales_order_parent_id_created_at",
)


def _ts(t: datetime) -> str:
    return t.isoformat(" ")


def build(root: Path, n_orders: int, n_scans: int, days: int = 365) -> tuple[Path, dict]:
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
    ops = [r[0] for r in con.execute("SELECT id FROM operator")]
    products = [r[0] for r in con.execute("SELECT id FROM product")]
    (po_line,) = con.execute("SELECT id FROM purchase_order_line LIMIT 1").fetchone()
    (receipt_po,) = con.execute(
        "SELECT purchase_order_id FROM purchase_order_line LIMIT 1"
    ).fetchone()
    bench = settings.bench.bench_id
    rng = random.Random(11)
    now = datetime.now(UTC).replace(tzinfo=None)
    first_day = now - timedelta(days=days - 1)
    start_of = first_day.replace(hour=0, minute=0, second=0, microsecond=0)
    per_day = n_orders // days
    seconds_today = max(60, int((now - now.replace(hour=0, minute=0, second=0)).total_seconds()))

    def when(day: int) -> datetime:
        span = seconds_today if day == days - 1 else 86_400
        return start_of + timedelta(days=day, seconds=rng.randrange(span))

    uid = iter(range(10**12))

    def u() -> str:
        return f"{next(uid):032x}"

    orders, lines, parcels, items, audits = [], [], [], [], []
    base = 1 + max(
        con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]
        for t in ("sales_order", "sales_order_line", "parcel")
    )
    for n in range(n_orders):
        oid = base + n
        day = min(days - 1, n // per_day)
        t = when(day)
        today = day == days - 1
        waiting = today and rng.random() < 0.4
        orders.append(
            (
                oid,
                u(),
                _ts(t - timedelta(hours=3)),
                f"Y{n:08d}",
                "买家",
                "地址",
                2990,
                "spot",
                _ts(t + timedelta(hours=rng.choice((2, 6, 20)))),
                "SF",
                "new" if waiting else "packed",
            )
        )
        lines.append((oid, u(), _ts(t), oid, 1, rng.choice(products), 1, 0, 0))
        if not waiting:
            op = rng.choice(ops)
            parcels.append(
                (oid, u(), _ts(t), oid, 1, "closed", 1200, "SF", f"SF{n:012d}", op, bench, _ts(t))
            )
            items.append((u(), _ts(t), oid, oid, 1))
            audits.append((u(), _ts(t), op, bench, "parcel_closed", "parcel", "h"))
        if len(orders) >= 50_000:
            _flush(con, orders, lines, parcels, items, audits)
    _flush(con, orders, lines, parcels, items, audits)
    # goods-in: a few hundred receipt lines a day
    con.execute(
        "INSERT INTO receipt (uuid, created_at, number, purchase_order_id, status, bench_id) "
        "VALUES (?, ?, 'GR-BENCH', ?, 'closed', ?)",
        (u(), _ts(now), receipt_po, bench),
    )
    (receipt,) = con.execute("SELECT id FROM receipt WHERE number = 'GR-BENCH'").fetchone()
    con.executemany(
        "INSERT INTO receipt_line (uuid, created_at, receipt_id, purchase_order_line_id, "
        "product_id, qty, status) VALUES (?, ?, ?, ?, ?, ?, 'accepted')",
        (
            (u(), _ts(when(d)), receipt, po_line, rng.choice(products), rng.randrange(1, 50))
            for d in range(days)
            for _ in range(300)
        ),
    )
    per_scan_day = n_scans // days
    batch = []
    for n in range(n_scans):
        day = min(days - 1, n // per_scan_day)
        batch.append(
            (
                u(),
                _ts(when(day)),
                "6901234000047",
                "6901234000047",
                "]E0",
                "serial",
                0,
                rng.choice(ops),
                bench,
                "pack",
                "ok" if rng.random() < 0.98 else "refused",
                "unit_packed",
                _ts(when(day)),
            )
        )
        if len(batch) >= 100_000:
            _scans(con, batch)
    _scans(con, batch)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return path, {"orders": n_orders, "scans": n_scans}


def _flush(con, orders, lines, parcels, items, audits) -> None:
    con.executemany(
        "INSERT INTO sales_order (id, uuid, created_at, number, buyer_name, address, paid_fen, "
        "order_type, promised_dispatch_at, carrier, status) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        orders,
    )
    con.executemany(
        "INSERT INTO sales_order_line (id, uuid, created_at, sales_order_id, line_no, "
        "product_id, qty, is_gift, qty_short) VALUES (?,?,?,?,?,?,?,?,?)",
        lines,
    )
    con.executemany(
        "INSERT INTO parcel (id, uuid, created_at, sales_order_id, seq, status, weight_g, "
        "carrier, tracking_number, operator_id, bench_id, closed_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        parcels,
    )
    con.executemany(
        "INSERT INTO packed_item (uuid, created_at, parcel_id, sales_order_line_id, qty) "
        "VALUES (?,?,?,?,?)",
        items,
    )
    con.executemany(
        "INSERT INTO audit_entry (uuid, created_at, operator_id, bench_id, action, entity, "
        "entity_uuid, details, prev_hash, hash) VALUES (?,?,?,?,?,?,'','{}','',?)",
        audits,
    )
    for rows in (orders, lines, parcels, items, audits):
        rows.clear()


def _scans(con, batch) -> None:
    con.executemany(
        "INSERT INTO scan_event (uuid, created_at, raw, data, symbology, source, manual, "
        "operator_id, bench_id, context, outcome, message, scanned_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        batch,
    )
    batch.clear()


def _refresh_times(path: Path, rounds: int) -> tuple[list[float], object]:
    import peewee as pw

    from station.config import Settings
    from station.db.models import ALL_MODELS
    from station.services.daily import day_figures

    db = pw.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.bind(ALL_MODELS)
    settings = Settings()
    times, figures = [], None
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            figures = day_figures(date.today(), settings)
            times.append(time.perf_counter() - start)
    finally:
        db.close()
    return times, figures


def _report_time(path: Path, day: date) -> float:
    import peewee as pw

    from station.config import Settings
    from station.db.models import ALL_MODELS
    from station.labels.daily_report import render_daily_report
    from station.services.daily import day_figures

    db = pw.SqliteDatabase(str(path))
    db.bind(ALL_MODELS)
    try:
        start = time.perf_counter()
        render_daily_report(day_figures(day, Settings()))
        return time.perf_counter() - start
    finally:
        db.close()


def run(quick: bool = False) -> list[Figure]:
    n_orders, n_scans = (100_000, 500_000) if quick else (1_000_000, 5_000_000)
    rounds = 5 if quick else 20
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        path, size = build(Path(d), n_orders, n_scans)
        built = time.perf_counter() - t0
        times, figures = _refresh_times(path, rounds)
        report_today = _report_time(path, date.today())
        report_past = _report_time(path, date.today() - timedelta(days=100))
        con = sqlite3.connect(path)
        start_utc = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        lo = _ts(start_utc.astimezone(UTC).replace(tzinfo=None))
        bare = []
        for _ in range(rounds):
            s = time.perf_counter()
            con.execute("SELECT COUNT(*) FROM scan_event WHERE scanned_at >= ?", (lo,)).fetchone()
            bare.append(time.perf_counter() - s)
        for name in DAY_INDEXES:
            con.execute(f'DROP INDEX "{name}"')
        con.commit()
        con.close()
        unindexed, _ = _refresh_times(path, max(2, rounds // 5))
    label = f"{size['orders']:,} orders, {size['scans']:,} scans"
    return [
        Figure(
            f"board refresh p50 ({label})",
            percentile(times, 50) * 1000,
            "ms",
            percentile(bare, 50) * 1000,
            "bare COUNT of today's scans",
            "< 200 ms",
        ),
        Figure(
            "board refresh max",
            max(times) * 1000,
            "ms",
            percentile(bare, 100) * 1000,
            "bare COUNT of today's scans",
            "< 200 ms",
        ),
        Figure(
            "board refresh without the day indexes p50",
            percentile(unindexed, 50) * 1000,
            "ms",
            percentile(times, 50) * 1000,
            "with the indexes",
        ),
        Figure("daily report PDF, today", report_today * 1000, "ms"),
        Figure("daily report PDF, a past day", report_past * 1000, "ms"),
        Figure("today's parcels shipped so far", figures.totals.parcels_shipped, "parcels"),
        Figure("today's backlog", figures.backlog.waiting, "orders"),
        Figure("building the year's database", built, "s"),
    ]
