"""The demo database: products, suppliers, purchase and sales orders, operators.

Built from the JSON files in ``station/resources/demo`` so a new user can try every
job without hardware or head office. Times are relative to ``now`` so the
pack-out queue always shows orders due soon, one late, and some for tomorrow.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from station.config import Settings
from station.core.tracking import s10_check_digit
from station.db.audit import append_audit
from station.db.models import (
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    Supplier,
    utcnow,
)
from station.db.store import Store
from station.resources import read_json, resource
from station.services.operators import OperatorService
from station.services.pictures import PictureCache, PictureRefused
from station.services.tracking_pool import TrackingPool

log = logging.getLogger(__name__)
DEMO_FLAG = "demo"


class DemoRefused(RuntimeError):
    pass


def load_demo_data(store: Store, bench_id: str, now: datetime | None = None) -> None:
    """Fill an empty, migrated store with the demo records, in one transaction."""
    now = now or utcnow()
    db = store.db
    with db.atomic():
        products = {}
        for p in read_json("demo", "products.json"):
            codes = p.pop("barcodes")
            product = Product.create(**p)
            products[product.sku] = product
            for c in codes:
                ProductBarcode.create(product=product, **c)
        suppliers = {s["code"]: Supplier.create(**s) for s in read_json("demo", "suppliers.json")}
        for po in read_json("demo", "purchase_orders.json"):
            order = PurchaseOrder.create(
                number=po["number"],
                supplier=suppliers[po["supplier"]],
                expected_at=now + timedelta(days=po["expected_in_days"]),
            )
            for n, line in enumerate(po["lines"], start=1):
                PurchaseOrderLine.create(
                    purchase_order=order,
                    line_no=n,
                    product=products[line["sku"]],
                    qty_ordered=line["qty"],
                    unit_price_fen=line["unit_price_fen"],
                )
        for so in read_json("demo", "sales_orders.json"):
            lines = so.pop("lines")
            due = so.pop("due_in_hours")
            order = SalesOrder.create(promised_dispatch_at=now + timedelta(hours=due), **so)
            for n, line in enumerate(lines, start=1):
                SalesOrderLine.create(
                    sales_order=order,
                    line_no=n,
                    product=products[line["sku"]],
                    qty=line["qty"],
                    is_gift=line.get("gift", False),
                )
        pool = TrackingPool(db, bench_id)
        for c in read_json("demo", "carriers.json"):
            account = pool.account(
                c["carrier"],
                c["name"],
                c["account_no"],
                check_rule=c["check_rule"],
                pattern=c["pattern"],
                low_water=20,
            )
            numbers = []
            for n in range(c["start"], c["start"] + c["count"]):
                if c["check_rule"] == "s10":
                    serial = f"{n:08d}"
                    numbers.append(f"{c['prefix']}{serial}{s10_check_digit(serial)}{c['suffix']}")
                else:
                    numbers.append(f"{c['prefix']}{n}")
            result = pool.import_numbers(account, "\n".join(numbers))
            assert not result.rejected, result.rejected  # demo data must pass its own checks
        operators = OperatorService(db, bench_id)
        for op in read_json("demo", "operators.json"):
            operators.create(op["name"], op["role"], op["pin"], op["badge"])
        store.set_meta(DEMO_FLAG, "1")
        store.set_meta("bench_id", bench_id)
        append_audit(bench_id, "demo_database_built")


def is_demo_database(path: Path) -> bool:
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (DEMO_FLAG,)).fetchone()
    except sqlite3.Error:
        return False
    finally:
        con.close()
    return bool(row and row[0] == "1")


def write_demo_database(
    db_path: Path, backups_dir: Path, bench_id: str, *, force: bool = False
) -> Path:
    """Build the demo database beside ``db_path`` and move it into place.

    An existing database that is not a demo one is kept unless ``force``: a
    bench's real records are never overwritten by a demo by accident.
    """
    if db_path.exists() and not force and not is_demo_database(db_path):
        raise DemoRefused(
            f"{db_path} holds a station database that is not a demo; "
            "choose another --data-dir or pass --force"
        )
    tmp = db_path.with_name(db_path.name + ".demo-building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(tmp, backups_dir, backup_interval=None)
    try:
        load_demo_data(store, bench_id)
        store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return db_path


def demo_media() -> Path:
    """The demo head office's media folder: the demo products' pictures."""
    return Path(str(resource("demo", "media")))


def seed_demo_pictures(cache: PictureCache) -> int:
    """Put the demo products' pictures in the cache, as if head office had sent them,
    so the demo shows them from the first scan. Returns how many were added."""
    added = 0
    for p in read_json("demo", "products.json"):
        ref = p.get("image")
        if ref and not cache.has(ref):
            try:
                cache.store(ref, (demo_media() / ref).read_bytes())
            except (OSError, PictureRefused) as exc:  # the demo runs on without it
                log.warning("demo picture %s not kept: %s", ref, exc)
                continue
            added += 1
    return added


def sample_codes() -> list[tuple[str, str]]:
    """Codes for the demo scanner's buttons: (label, code)."""
    products = read_json("demo", "products.json")
    orders = read_json("demo", "sales_orders.json")
    pos = read_json("demo", "purchase_orders.json")
    ops = read_json("demo", "operators.json")
    codes = [(o["number"], o["number"]) for o in orders[:3]]
    held = next(o for o in orders if o.get("status") == "held")
    codes.append((held["number"], held["number"]))
    for p in products[:2]:
        codes.append((p["sku"], p["barcodes"][0]["code"]))
    codes.append((pos[0]["number"], pos[0]["number"]))
    # a GS1-128 pallet label for goods-in: SSCC, the cartons' GTIN-14 as contents (02),
    # expiry a year on, lot, count (FNC1 as GS): GS1 pairs a count with 02 and 00
    first = next(p for p in products if p["sku"] == pos[0]["lines"][0]["sku"])
    carton = next(b["code"] for b in first["barcodes"] if len(b["code"]) == 14)
    expiry = (date.today() + timedelta(days=365)).strftime("%y%m%d")
    codes.append(
        (f"{first['sku']} GS1", f"]C10006901234000000003002{carton}17{expiry}10DEMO-LOT\x1d372")
    )
    codes += [(op["badge"], op["badge"]) for op in ops if op["badge"]][:3]
    codes.append(("?", "6900000000000"))
    return codes


def demo_first_day(settings: Settings) -> Settings:
    """The settings a shop gives on its first day, for a demo data folder: the
    warehouse's phone and address as the waybills' sender, and a carrier for
    imported orders whose export names none (Settings: Carrier of imported orders
    otherwise). What the settings already name is kept."""
    p = settings.packing
    return settings.replace(
        "packing",
        default_carrier=p.default_carrier or "ZTO",
        sender_phone=p.sender_phone or "0571-8888 6666",
        sender_address=p.sender_address or "浙江省杭州市余杭区仓前街道文一西路1500号3号库",
    )
