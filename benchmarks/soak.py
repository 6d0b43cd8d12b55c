"""A compressed peak shift: pack scans at a steady rate into the real window while
the outbox drains to the reference head office with faults injected.

    python -m benchmarks.soak [--scans 50000] [--rate 20] [--json]

Measured: the longest stall of the GUI event loop (a 10 ms timer's worst gap,
less its interval), resident memory growth after warm-up (the first tenth of
the scans), and at the end: every scan answered is in the scan log, every
record reached head office exactly once. Goals: no stall over 100 ms, memory
growth under 10 %, nothing lost or doubled. A short run is part of the test
suite (``tests/hardening/test_soak_short.py``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

FAULTS = ("500", "429:1", "drop", "slow:0.5")
FAULT_EVERY = 7  # head office misbehaves on every 7th upload, in turn


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class SoakResult:
    scans: int
    seconds: float
    answered: int  # scans fed and answered on the GUI thread
    kept: int  # scans in the scan log (the login badge too)
    parcels: int
    max_stall_ms: float
    rss_warm_mb: float
    rss_end_mb: float
    rss_growth_pct: float
    records: int
    at_head_office: int
    duplicates: int
    faults_injected: int
    longest_gc_ms: float = 0.0  # the longest garbage collection in the shift, for a stall's cause
    stall_stack: str = ""  # where the GUI thread was during the longest stall over 50 ms

    @property
    def ok(self) -> bool:
        return (
            self.max_stall_ms < 100
            and self.rss_growth_pct < 10
            and self.kept >= self.answered
            and self.records == self.at_head_office
            and self.duplicates == 0
        )


class _StallWatch(threading.Thread):
    """Looks at the GUI thread every 5 ms; once its timer is 50 ms late, keeps where it
    is (the longest such stall's stack), so a stall in the report comes with a cause."""

    def __init__(self, gui_thread: int, last_tick: list[float]):
        super().__init__(name="stall watch", daemon=True)
        self.gui_thread = gui_thread
        self.last_tick = last_tick
        self.stopping = threading.Event()
        self.longest = 0.0
        self.stack = ""

    def reset(self) -> None:
        self.longest, self.stack = 0.0, ""

    def run(self) -> None:
        seen_for = None
        while not self.stopping.wait(0.005):
            tick = self.last_tick[0]
            late = time.perf_counter() - tick
            if late < 0.05 or late <= self.longest:
                continue
            frame = sys._current_frames().get(self.gui_thread)
            if frame is None:
                continue
            if seen_for != tick or not self.stack:
                frames = traceback.extract_stack(frame)
                ours = [
                    f for f in frames[:-3] if "/station/" in f.filename or "/drivers/" in f.filename
                ]
                self.stack = "".join(traceback.format_list([*ours[-8:], *frames[-3:]]))
                seen_for = tick
            self.longest = late

    def stop(self) -> None:
        self.stopping.set()
        self.join(1)


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _orders(db, n: int) -> list[tuple[str, str, str]]:
    """n orders of a pair of socks and a cup, with SF tracking numbers for them."""
    from station.db.models import (
        CarrierAccount,
        Product,
        ProductBarcode,
        SalesOrder,
        SalesOrderLine,
        TrackingNumber,
        new_uuid,
        utcnow,
    )

    now = utcnow()
    sock, cup = (Product.get(Product.sku == s) for s in ("SOCK-5P", "CUP-350"))
    codes = [
        ProductBarcode.get((ProductBarcode.product == p) & (ProductBarcode.pack_qty == 1)).code
        for p in (sock, cup)
    ]
    account = CarrierAccount.get(CarrierAccount.carrier == "SF")
    plan = []
    for start in range(0, n, 2000):
        rows = [
            {
                "uuid": new_uuid(),
                "created_at": now,
                "number": f"S{i:07d}",
                "buyer_name": "买家",
                "address": "上海市",
                "carrier": "SF",
                "status": "new",
                "promised_dispatch_at": now + timedelta(hours=8),
            }
            for i in range(start, min(n, start + 2000))
        ]
        with db.atomic():
            SalesOrder.insert_many(rows).execute()
            ids = dict(
                SalesOrder.select(SalesOrder.number, SalesOrder.id)
                .where(SalesOrder.number.in_([r["number"] for r in rows]))
                .tuples()
            )
            SalesOrderLine.insert_many(
                [
                    {
                        "uuid": new_uuid(),
                        "created_at": now,
                        "sales_order": ids[r["number"]],
                        "line_no": k + 1,
                        "product": p,
                        "qty": 1,
                    }
                    for r in rows
                    for k, p in enumerate((sock, cup))
                ]
            ).execute()
            TrackingNumber.insert_many(
                [
                    {
                        "uuid": new_uuid(),
                        "created_at": now,
                        "account": account,
                        "number": f"SF9{i:012d}",
                    }
                    for i in range(start, min(n, start + 2000))
                ]
            ).execute()
        plan += [(r["number"], codes[0], codes[1]) for r in rows]
    return plan


def soak(root: Path, scans: int, rate: float, *, quiet: bool = True) -> SoakResult:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from station.app import build_services, prepare_demo
    from station.cli_sync import write_token
    from station.config import load_settings
    from station.core.scan import Scan
    from station.db.models import OutboxRecord, Parcel, ScanEvent
    from station.db.store import Store
    from station.headoffice.store import HeadOfficeStore
    from station.paths import DataDir
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader
    from station.ui.i18n import Translations
    from station.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    dd = DataDir(root / "bench").ensure()
    settings = prepare_demo(dd, load_settings(dd.settings))
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    # head office in its own process, as it is in life: the bench's memory is the bench's
    ho_db = f"sqlite:///{root / 'ho.sqlite3'}"
    port = _free_port()
    head_office = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station",
            "head-office",
            "--port",
            str(port),
            "--db",
            ho_db,
            "--bench",
            f"{settings.bench.bench_id}:soak-token",
            "--faults",
            ",".join(FAULTS),
            "--fault-every",
            str(FAULT_EVERY),
            "--data-dir",
            str(root / "ho-data"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    url = json.loads(head_office.stdout.readline())["head_office"]
    settings = settings.replace("head_office", url=url).replace(
        "devices", printer="", document_printer="", scale=""
    )
    write_token(dd, "soak-token")
    services = build_services(dd, settings, store, demo=True)
    plan = _orders(store.db, scans // 3 + 1)
    codes = [c for order in plan for c in order][:scans]
    window = MainWindow(services, Translations(app, dd.cache / "i18n"))
    window.show()
    window.bus.publish(Scan("OP-0001", source="soak"))  # 张伟 logs in by badge
    window.sync.stop()
    window.sync.interval = 1.0
    window.sync.start()
    faults = [0]  # uploads that failed and were tried again, as the bench saw them
    window.sync.drained.connect(lambda r: faults.__setitem__(0, faults[0] + bool(r.error)))
    # as the station does once its window is up (station.app.run_gui): what start-up
    # made lives all shift, so a full collection need not walk it; under pytest that
    # heap also holds every earlier test's leftovers
    gc.collect()
    gc.freeze()
    collecting = {"since": 0.0, "longest": 0.0}

    def timed_collection(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        elif collecting["since"]:
            took = time.perf_counter() - collecting["since"]
            collecting["longest"] = max(collecting["longest"], took)

    gc.callbacks.append(timed_collection)

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0] - 0.010)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    ticker.start()
    watch = _StallWatch(threading.get_ident(), last)
    watch.start()
    t0 = datetime.now(UTC)
    sent = [0]
    warm_at = max(1, scans // 10)
    rss = {"warm": 0.0}
    loop = QEventLoop()

    def feed() -> None:
        n = sent[0]
        if n >= len(codes):
            feeder.stop()
            loop.quit()
            return
        # scan times a second apart per code, as a packer's are: no double reads
        window.bus.publish(Scan(codes[n], source="soak", at=t0 + timedelta(seconds=n)))
        sent[0] += 1
        if sent[0] == warm_at:
            gaps.clear()  # start-up is not the shift
            collecting["longest"] = 0.0
            watch.reset()
            rss["warm"] = _rss_mb()
        if not quiet and n % 1000 == 0:
            print(f"{n:>7} scans, rss {_rss_mb():.1f} MB", file=sys.stderr)

    feeder = QTimer()
    feeder.setInterval(int(1000 / rate))
    feeder.timeout.connect(feed)
    start = time.perf_counter()
    feeder.start()
    loop.exec()
    seconds = time.perf_counter() - start
    ticker.stop()
    watch.stop()
    gc.callbacks.remove(timed_collection)
    gc.unfreeze()
    rss_end = _rss_mb()
    window.sync.stop()
    client = HeadOfficeClient(url, "soak-token")
    uploads = 0
    try:
        for _ in range(50):  # the rest of the outbox (head office still misbehaving now and then)
            result = Uploader(store.db, settings.bench.bench_id, client).drain()
            uploads += result.batches
            if result.done:
                break
    finally:
        client.close()
    head_office.terminate()
    head_office.wait(10)
    head_office.stdout.close()
    ho_store = HeadOfficeStore(ho_db)
    records = OutboxRecord.select().count()
    held = ho_store.uuids(settings.bench.bench_id)

    bench = {r.record_uuid for r in OutboxRecord.select(OutboxRecord.record_uuid)}
    result = SoakResult(
        scans=len(codes),
        seconds=round(seconds, 1),
        answered=sent[0],
        kept=ScanEvent.select().count(),
        parcels=Parcel.select().where(Parcel.status == "closed").count(),
        max_stall_ms=round(max(gaps) * 1000, 1) if gaps else 0.0,
        rss_warm_mb=round(rss["warm"], 1),
        rss_end_mb=round(rss_end, 1),
        rss_growth_pct=round((rss_end - rss["warm"]) / rss["warm"] * 100, 1),
        records=records,
        at_head_office=len(set(held) & bench),
        duplicates=len(held) - len(set(held)),
        faults_injected=faults[0],
        longest_gc_ms=round(collecting["longest"] * 1000, 1),
        stall_stack=watch.stack,
    )
    window.shutdown()
    window.close()
    services.close()
    ho_store.close()
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    p.add_argument("--scans", type=int, default=50_000)
    p.add_argument("--rate", type=float, default=20.0, help="scans per second")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.*=false")
    with tempfile.TemporaryDirectory() as d:
        result = soak(Path(d), args.scans, args.rate, quiet=args.json)
    if args.json:
        print(json.dumps({**asdict(result), "ok": result.ok}))
    else:
        for k, v in asdict(result).items():
            print(f"{k:<18} {v}")
        print(f"{'ok':<18} {result.ok}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
