"""Marketplace order exports imported: 100,000 order rows (10,000 with ``--quick``).

- A Douyin export of the real header (57 columns), one row an order, as a UTF-8
  CSV with BOM and as an xlsx workbook (every cell text, as the platform writes
  ids), imported by ``import_orders`` into a real SQLite file: recognised from
  the header, every cell through the spreadsheet-damage rules, checked, written
  in one transaction. Rows per second, and the process's peak memory (RSS, so
  calamine's own allocations count) above what it held before reading the file.
- Each import runs in its own process, so one's peak does not hide the other's.
- Baseline: the same CSV read with ``csv.reader`` and inserted bare (one
  ``INSERT`` a row, five columns, one transaction) into a plain table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from benchmarks.common import Figure

SKUS = ("MAT-240", "TAPE-01", "CUP-350", "SOCK-5P", "TOWEL-M", "PEN-12")
CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from station.db.models import Product
    from station.db.store import Store
    from station.services.order_import import import_orders

    path, folder, skus = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
    store = Store.open(folder / "station.sqlite3", folder / "backups", backup_interval=None)
    for sku in skus:
        Product.create(sku=sku, name=sku)
    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = import_orders(store.db, "bench-bm", data, carriers={"": "ZTO"})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    print(json.dumps({"ok": result.ok, "orders": result.orders, "seconds": seconds,
                      "before_kb": before, "peak_kb": peak,
                      "first": [r.reason for r in result.rejected[:3]]}))
    """
)
BARE = textwrap.dedent(
    """
    import csv, io, json, sqlite3, sys, time
    from pathlib import Path
    path, folder = Path(sys.argv[1]), Path(sys.argv[2])
    db = sqlite3.connect(folder / "bare.sqlite3")
    db.execute("CREATE TABLE o (number TEXT, name TEXT, address TEXT, sku TEXT, qty INTEGER)")
    start = time.perf_counter()
    rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    header = next(rows)
    at = [header.index(h) for h in ("主订单编号", "收件人", "详细地址", "商家编码", "商品数量")]
    with db:
        for r in rows:
            db.execute("INSERT INTO o VALUES (?, ?, ?, ?, ?)", [r[i] for i in at])
    print(json.dumps({"seconds": time.perf_counter() - start}))
    """
)


def _rows(n: int) -> list[dict]:
    from tests.data.orders import build

    base = build.DOUYIN_ROWS[0]
    return [
        {
            **base,
            "主订单编号": f"693017{i:012d}{1 + i % 9}",
            "子订单编号": f"693018{i:012d}{1 + i % 9}",
            "商家编码": SKUS[i % len(SKUS)],
            "商品数量": str(1 + i % 3),
            "订单应付金额": f"{10 + i % 500}.{i % 100:02d}",
            "详细地址": f"科技园南区{i % 97}栋{i % 31}号",
        }
        for i in range(n)
    ]


def _child(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.splitlines()[-1])


def run(*, quick: bool = False) -> list[Figure]:
    from tests.data.orders import build

    n = 10_000 if quick else 100_000
    rows = _rows(n)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        csv_path = root / "douyin.csv"
        csv_path.write_bytes(build.as_csv(build.DOUYIN_HEADER, rows, "utf-8-sig"))
        xlsx_path = root / "douyin.xlsx"
        xlsx_path.write_bytes(build.as_xlsx(build.DOUYIN_HEADER, rows))
        bare = _child(BARE, str(csv_path), str(root))
        bare_rate = n / bare["seconds"]
        for label, path in (("CSV", csv_path), ("xlsx", xlsx_path)):
            folder = root / label
            folder.mkdir()
            got = _child(CHILD, str(path), str(folder), ",".join(SKUS))
            if not got["ok"] or got["orders"] != n:
                raise RuntimeError(f"order import benchmark: {label} refused {got['first']}")
            figures.append(
                Figure(
                    f"{n:,} Douyin order rows from {label}",
                    n / got["seconds"],
                    "rows/s",
                    baseline=bare_rate,
                    baseline_name="csv.reader + bare INSERT",
                )
            )
            figures.append(
                Figure(
                    f"peak memory importing {label} ({path.stat().st_size / 1e6:.0f} MB file)",
                    (got["peak_kb"] - got["before_kb"]) / 1024,
                    "MB",
                )
            )
    return figures
