"""Pack-out: scan to verified, committed and shown; labels; opening an order among many.

- 10,000 item scans (2,000 orders of 5 units) through the pack page: the scan
  bus, the packing rules, the commit (WAL, synchronous=FULL) and the page's
  redraw, against a bare SQLite insert + commit of one row on the same disk.
  Goal: p99 under 15 ms and within 3x of the bare commit.
- Waybill render time per label, PDF / ZPL / TSPL.
- Opening an order by number among 1,000,000 orders, against a bare indexed
  SELECT of the same row.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Figure, percentile


def _services(root: Path):
    from station.app import build_services, prepare_demo
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir

    dd = DataDir(root).ensure()
    settings = prepare_demo(dd, load_settings(dd.settings)).replace(
        "devices", printer="", document_printer="", scale=""
    )
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    return build_services(dd, settings, store, demo=True)


def _bulk_orders(
    db, n_orders: int, units: int, sku_ids: list[int], prefix: str, with_lines: bool = True
):
    from station.db.models import SalesOrder, SalesOrderLine, new_uuid, utcnow

    now = utcnow()
    for start in range(0, n_orders, 5000):
        rows = [
            {
                "uuid": new_uuid(),
                "created_at": now,
                "number": f"{prefix}{i:07d}",
                "buyer_name": "测试",
                "address": "浙江省杭州市",
                "paid_fen": 1000,
                "carrier": "SF",
                "status": "new",
                "promised_dispatch_at": now + timedelta(hours=5),
            }
            for i in range(start, min(n_orders, start + 5000))
        ]
        with db.atomic():
            SalesOrder.insert_many(rows).execute()
            if with_lines:
                ids = [
                    o.id
                    for o in SalesOrder.select(SalesOrder.id).where(
                        SalesOrder.number.in_([r["number"] for r in rows])
                    )
                ]
                SalesOrderLine.insert_many(
                    [
                        {
                            "uuid": new_uuid(),
                            "created_at": now,
                            "sales_order": oid,
                            "line_no": 1,
                            "product": sku_ids[oid % len(sku_ids)],
                            "qty": units,
                            "is_gift": False,
                        }
                        for oid in ids
                    ]
                ).execute()


def scan_latency(root: Path, n_scans: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from station.core.scan import Scan
    from station.db.models import Operator, Product, ProductBarcode
    from station.ui.i18n import Translations
    from station.ui.main_window import MainWindow
    from station.ui.pages.pack_page import PackPage

    app = QApplication.instance() or QApplication([])
    services = _services(root / "pack")
    db = services.store.db
    products = list(Product.select().where(~Product.track_serial))
    units = 5
    n_orders = n_scans // units
    _bulk_orders(db, n_orders, units, [p.id for p in products], "B")
    account = services.tracking.account("SF")
    services.tracking.import_numbers(
        account, "\n".join(f"SFB{n:010d}" for n in range(n_orders + 10))
    )
    ean = {
        p.id: ProductBarcode.get(
            (ProductBarcode.product == p)
            & (ProductBarcode.pack_qty == 1)
            & (ProductBarcode.kind == "gtin")
        ).code
        for p in products
    }

    window = MainWindow(services, Translations(app, root / "i18n"))
    window.show()
    window.login.logged_in.emit(services.operators.login_with_badge("OP-0001"))
    page = window.page(PackPage)
    t = datetime.now(UTC)
    times: list[float] = []
    for i in range(n_orders):
        t += timedelta(seconds=1)
        window.bus.publish(Scan(f"B{i:07d}", source="bench", at=t))
        code = ean[page.state.lines[0].product_id]
        for _ in range(units):
            t += timedelta(seconds=1)
            start = time.perf_counter()
            window.bus.publish(Scan(code, source="bench", at=t))  # the last one also closes
            app.processEvents()
            times.append(time.perf_counter() - start)
    window.shutdown()
    window.close()

    # the same work without the window: verify + commit only
    from station.services.operators import Session

    _bulk_orders(db, n_orders, units, [p.id for p in products], "S")
    services.tracking.import_numbers(
        account, "\n".join(f"SFS{n:010d}" for n in range(n_orders + 10))
    )
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    service_times: list[float] = []
    for i in range(n_orders):
        t += timedelta(seconds=1)
        _, state = services.packing.open(Scan(f"S{i:07d}", source="bench", at=t), who)
        code = ean[state.lines[0].product_id]
        for _ in range(units):
            t += timedelta(seconds=1)
            start = time.perf_counter()
            _, state = services.packing.scan_item(state, Scan(code, source="bench", at=t), who)
            service_times.append(time.perf_counter() - start)
        services.packing.close(state.order, who)
    services.close()

    # baseline: a bare insert + commit, same pragmas, same disk
    con = sqlite3.connect(root / "bare.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE scan (id INTEGER PRIMARY KEY, data TEXT, at TEXT)")
    bare: list[float] = []
    for i in range(n_scans):
        start = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO scan (data, at) VALUES (?, ?)", (f"69012340{i:05d}", "now"))
        con.execute("COMMIT")
        bare.append(time.perf_counter() - start)
    con.close()
    ms = 1000.0
    item_scans = [x for k, x in enumerate(times) if (k + 1) % units]  # the last unit also closes
    closing = [x for k, x in enumerate(times) if (k + 1) % units == 0]
    return [
        Figure(
            f"item scan to verified+committed+shown p50 (n={len(item_scans)})",
            percentile(item_scans, 50) * ms,
            "ms",
            percentile(bare, 50) * ms,
            "bare insert+commit",
        ),
        Figure(
            "item scan to verified+committed+shown p99",
            percentile(item_scans, 99) * ms,
            "ms",
            percentile(bare, 99) * ms,
            "bare insert+commit",
            "< 15 ms, < 3x",
        ),
        Figure(
            f"last unit: scan + close + tracking number + waybill queued p99 (n={len(closing)})",
            percentile(closing, 99) * ms,
            "ms",
        ),
        Figure(
            "item scan to verified+committed, no window p50",
            percentile(service_times, 50) * ms,
            "ms",
            percentile(bare, 50) * ms,
            "bare insert+commit",
        ),
        Figure(
            "item scan to verified+committed, no window p99",
            percentile(service_times, 99) * ms,
            "ms",
            percentile(bare, 99) * ms,
            "bare insert+commit",
            "< 3x",
        ),
    ]


def label_render(n: int) -> list[Figure]:
    from station.config import Settings
    from station.services.documents import DocumentService, sample_waybill_fields

    docs = DocumentService(lambda: Settings())
    fields = sample_waybill_fields()
    out = []
    for fmt in ("pdf", "zpl", "tspl", "png"):
        docs.render_waybill(fields, fmt)  # warm: fonts loaded
        times = []
        for i in range(n):
            f = dict(fields, tracking=f"SF{1408000000000 + i}")
            start = time.perf_counter()
            docs.render_waybill(f, fmt)
            times.append(time.perf_counter() - start)
        out.append(
            Figure(f"waybill 100x150 render, {fmt.upper()} p50", percentile(times, 50) * 1000, "ms")
        )
    return out


def open_among(root: Path, n_orders: int, lookups: int) -> list[Figure]:
    from station.core.scan import Scan
    from station.db.models import Operator, Product
    from station.services.operators import Session

    services = _services(root / "many")
    db = services.store.db
    _bulk_orders(db, n_orders, 1, [p.id for p in Product.select()], "M")
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    rng = random.Random(7)
    numbers = [f"M{rng.randrange(n_orders):07d}" for _ in range(lookups)]
    times = []
    for number in numbers:
        start = time.perf_counter()
        verdict, state = services.packing.open(Scan(number), who)
        times.append(time.perf_counter() - start)
        assert state is not None, verdict
    path = services.store.path
    services.close()
    con = sqlite3.connect(path)
    bare = []
    for number in numbers:
        start = time.perf_counter()
        con.execute("SELECT * FROM sales_order WHERE number = ?", (number,)).fetchone()
        bare.append(time.perf_counter() - start)
    con.close()
    return [
        Figure(
            f"open an order among {n_orders:,} p99",
            percentile(times, 99) * 1000,
            "ms",
            percentile(bare, 99) * 1000,
            "bare indexed SELECT",
        ),
    ]


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        figures = scan_latency(root, 1000 if quick else 10_000)
        figures += label_render(20 if quick else 100)
        figures += open_among(root, 100_000 if quick else 1_000_000, 100 if quick else 300)
    return figures
