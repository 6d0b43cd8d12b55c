"""A bench's day of work, run as its own process against a real data directory.

``python -m tests.hardening.workday DATA_DIR ORDERS`` packs the next ``ORDERS``
imported orders (``W…``) through the packing service, as a packer would:
open the order, scan each unit, close the parcel (a tracking number is taken,
a record queued for head office, an audit entry written), and print the
waybill to the bench's file printer (a ``.zpl`` file in the output folder).
It prints one JSON line: the orders packed, with their tracking numbers.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from station.app import build_services
from station.config import load_settings, save_settings
from station.core.scan import Scan
from station.db.models import Operator, SalesOrder
from station.db.store import Store
from station.paths import DataDir
from station.services.operators import Session

CARRIERS = ("SF", "YTO", "ZTO")


def orders_file(path: Path, count: int) -> Path:
    """``count`` orders W00000…, two products each, for ``station import orders``."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_number", "buyer_name", "address", "carrier", "sku", "qty"])
        for n in range(count):
            number = f"W{n:05d}"
            carrier = CARRIERS[n % len(CARRIERS)]
            w.writerow([number, "买家", "上海市浦东新区", carrier, "SOCK-5P", 1])
            w.writerow([number, "买家", "上海市浦东新区", carrier, "CUP-350", 2])
    return path


def use_file_printer(data: Path) -> None:
    dd = DataDir(data)
    settings = load_settings(dd.settings)
    save_settings(dd.settings, settings.replace("devices", printer=f"zpl+file://{dd.output}"))


def pack(data: Path, count: int) -> list[dict]:
    from tests.services.test_packing import ean

    dd = DataDir(data)
    settings = load_settings(dd.settings)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    services = build_services(dd, settings, store, demo=False)
    packed = []
    try:
        session = Session(Operator.get(Operator.name == "张伟"), "bench")
        todo = (
            SalesOrder.select()
            .where((SalesOrder.status == "new") & SalesOrder.number.startswith("W"))
            .order_by(SalesOrder.number)
            .limit(count)
        )
        for order in list(todo):
            verdict, state = services.packing.open(Scan(order.number), session)
            assert state is not None, verdict
            for line in order.lines:
                services.packing.scan_item(
                    order, Scan(ean(line.product.sku)), session, qty=line.qty
                )
            result = services.packing.close(order, session)
            payload = services.documents.waybill(result.parcel, "zpl")
            services.printing.submit("waybill", payload, language="zpl", document_ref=order.number)
            services.printing.run_once()
            packed.append({"order": order.number, "tracking": result.tracking_number})
    finally:
        services.close()
    return packed


if __name__ == "__main__":
    print(json.dumps(pack(Path(sys.argv[1]), int(sys.argv[2]))))
