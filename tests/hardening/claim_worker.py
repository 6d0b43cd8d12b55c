"""One of two processes working on one database, for tests/hardening/test_claims.py.

    python -m tests.hardening.claim_worker spool DATA_DIR PRINTER_URI
        starts a print spooler on the database, says ``ready``, and prints queued
        jobs until it reads ``stop``; then prints {"printed": N} (jobs it sent).
    python -m tests.hardening.claim_worker take DATA_DIR CARRIER ORDER COUNT
        says ``ready``, waits for ``go``, then takes COUNT tracking numbers for
        new parcels of ORDER, every second one outside any transaction; prints
        {"numbers": [...], "empty": bool}.
    python -m tests.hardening.claim_worker close DATA_DIR ORDER
        says ``ready``, waits for ``go``, then closes ORDER's open parcel short of
        every missing unit with a supervisor's approval (a reship is made); prints
        {"tracking": ..., "reship": ...} or {"refused": code}.

Each reads its commands from standard input, one a line, and answers on
standard output, so the test waits on what the processes say, never on time.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from station.db.models import Parcel, SalesOrder
from station.db.store import Store
from station.paths import DataDir
from station.services.devices import make_printer
from station.services.printing import PrinterPair, PrintService, Spooler
from station.services.tracking_pool import PoolError, TrackingPool


def _store(root: str) -> Store:
    dd = DataDir(Path(root))
    return Store.open(dd.database, dd.backups, backup_interval=None)


def _say(obj) -> None:
    print(json.dumps(obj) if not isinstance(obj, str) else obj, flush=True)


def spool(root: str, printer_uri: str) -> None:
    store = _store(root)
    printed = 0

    def changed(job) -> None:
        nonlocal printed
        if job.status == "done":
            printed += 1

    service = PrintService(
        store.db,
        "bench",
        lambda role: PrinterPair(make_printer(printer_uri, Path(root) / "output")),
        stale_after=timedelta(days=1),
    )
    service.changed = changed
    spooler = Spooler(service, interval=0.01, status_every=1e9).start()
    _say("ready")
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    spooler.stop(timeout=600)
    _say({"printed": printed})
    store.close()


def take(root: str, carrier: str, order_number: str, count: int) -> None:
    store = _store(root)
    pool = TrackingPool(store.db, "bench")
    order = SalesOrder.get(SalesOrder.number == order_number)
    _say("ready")
    sys.stdin.readline()  # go
    numbers: list[str] = []
    empty = False
    for n in range(count):
        parcel = Parcel.create(sales_order=order, seq=n + 1, bench_id="bench")
        try:
            if n % 2:
                with store.db.atomic():
                    numbers.append(pool.take(carrier, parcel).number)
            else:
                numbers.append(pool.take(carrier, parcel).number)
        except PoolError:
            empty = True
            break
    _say({"numbers": numbers, "empty": empty})
    store.close()


def close(root: str, order_number: str) -> None:
    """Close ORDER's open parcel short of what is missing, with a supervisor's approval."""
    from station.app import build_services
    from station.config import load_settings
    from station.db.models import Operator
    from station.services.operators import Session
    from station.services.packing import PackError

    dd = DataDir(Path(root))
    services = build_services(dd, load_settings(dd.settings), _store(root), demo=False)
    packing = services.packing
    order = SalesOrder.get(SalesOrder.number == order_number)
    packer = Session(Operator.get(Operator.role == "packer"), "bench")
    supervisor = Operator.get(Operator.role == "supervisor")
    shorts = {ln.line_id: ln.remaining for ln in packing.state(order).lines if ln.remaining}
    _say("ready")
    sys.stdin.readline()  # go
    try:
        result = packing.close(
            order, packer, shorts=shorts, short_reason="out_of_stock", approved_by=supervisor
        )
    except PackError as exc:
        _say({"refused": exc.code})
    else:
        _say({"tracking": result.tracking_number, "reship": result.reship.number})
    services.close()


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "spool":
        spool(*rest)
    elif mode == "close":
        close(*rest)
    else:
        take(rest[0], rest[1], rest[2], int(rest[3]))
