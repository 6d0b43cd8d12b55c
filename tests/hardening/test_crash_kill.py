"""SIGKILL at random moments of a packing shift, and the station comes back whole.

The real station (``station gui``, offscreen) reads pack scans from a virtual
serial scanner (a socat pty pair) and uploads to the reference head office on
127.0.0.1. It is killed with SIGKILL at random moments and restarted each time.
After every kill: the database passes ``integrity_check``; every scan the
station had answered (its log says so after the beep) is in the scan log; the
order that was being packed resumes where it stopped, with no unit counted
twice. At the end head office holds every record of the bench exactly once.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from station.config import load_settings, save_settings
from station.drivers.simulators.vserial import VirtualSerialPair
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.paths import DataDir
from station.secrets import write_token
from tests.services.test_packing import ean

KILLS = int(os.environ.get("STATION_CRASH_KILLS", "50"))
ORDERS = 200
TOKEN = "crash-test-token"
BADGE = "OP-0001"  # 张伟, packer


def _station(args, data: Path, **kw):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.*=false")
    return subprocess.Popen(
        [sys.executable, "-m", "station", *args, "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **kw,
    )


def _run(args, data: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "station", *args, "--data-dir", str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _orders_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_number", "buyer_name", "address", "carrier", "sku", "qty"])
        for n in range(ORDERS):
            number = f"K{n:05d}"
            w.writerow([number, "买家", "上海市", "SF", "SOCK-5P", 1])
            w.writerow([number, "买家", "上海市", "SF", "CUP-350", 1])


class Log:
    """The station's log file, read as it grows."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def new_lines(self) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as f:
            f.seek(self.offset)
            data = f.read()
        cut = data.rfind(b"\n") + 1  # whole lines only
        self.offset += cut
        return data[:cut].decode("utf-8", "replace").splitlines()


def _db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def _plan(db_path: Path) -> tuple[list[str], bool]:
    """What the packer scans next: the order being packed (resumed, only its units
    still missing), then the orders not started."""
    con = _db(db_path)
    try:
        todo = []
        open_order = con.execute(
            "SELECT id, number FROM sales_order WHERE status = 'packing' AND number LIKE 'K%'"
        ).fetchall()
        for oid, number in open_order:
            todo.append(number)
            for sku, qty, packed in con.execute(
                "SELECT p.sku, l.qty, COALESCE((SELECT SUM(pi.qty) FROM packed_item pi "
                "JOIN parcel pa ON pa.id = pi.parcel_id WHERE pi.sales_order_line_id = l.id "
                "AND pa.status != 'voided'), 0) FROM sales_order_line l "
                "JOIN product p ON p.id = l.product_id WHERE l.sales_order_id = ?",
                (oid,),
            ):
                todo += [ean(sku)] * (qty - packed)
        for (number,) in con.execute(
            "SELECT number FROM sales_order WHERE status = 'new' AND number LIKE 'K%' "
            "ORDER BY number LIMIT 40"
        ):
            todo += [number, ean("SOCK-5P"), ean("CUP-350")]
        return todo, bool(open_order)
    finally:
        con.close()


def _check_after_kill(db_path: Path, answered: list[str]) -> None:
    con = _db(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = {r[0] for r in con.execute("SELECT data FROM scan_event")}
        lost = [code for code in answered if code not in kept]
        assert not lost, f"answered but not kept: {lost[:5]}"
        # no unit counted twice, whatever moment the kill came
        over = con.execute(
            "SELECT l.id FROM sales_order_line l WHERE l.qty < (SELECT COALESCE(SUM(pi.qty), 0) "
            "FROM packed_item pi JOIN parcel pa ON pa.id = pi.parcel_id "
            "WHERE pi.sales_order_line_id = l.id AND pa.status != 'voided')"
        ).fetchall()
        assert not over, f"lines packed beyond their quantity: {over}"
        assert (
            con.execute(
                "SELECT COUNT(*) FROM sales_order WHERE status = 'packing' AND number LIKE 'K%'"
            ).fetchone()[0]
            <= 1
        )
    finally:
        con.close()


@pytest.mark.timeout(900)
def test_killed_at_random_moments_and_restarted(tmp_path):
    rng = random.Random(2611)
    data = tmp_path / "bench"
    _run(["demo"], data)
    orders = tmp_path / "orders.csv"
    _orders_file(orders)
    _run(["import", "orders", str(orders)], data)
    dd = DataDir(data)
    pair = VirtualSerialPair(tmp_path / "tty").start()
    ho_store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    settings = load_settings(dd.settings)
    ho_store.add_bench(settings.bench.bench_id, TOKEN)
    server = HeadOfficeServer(ho_store).start()
    save_settings(
        dd.settings,
        settings.replace("devices", scanner=f"serial://{pair.station_end}", printer="")
        .replace("head_office", url=server.url)
        .replace("security", idle_lock_minutes=240),
    )
    write_token(dd, TOKEN)
    log = Log(dd.logs / "station.log")
    device = open(pair.device_end, "wb", buffering=0)  # noqa: SIM115 (the scanner's end)
    answered_total = 0
    resumed = 0
    try:
        for _ in range(KILLS):
            plan, resuming = _plan(dd.database)
            resumed += resuming
            proc = _station(["gui"], data)
            deadline = time.monotonic() + 30
            ready = False
            while time.monotonic() < deadline and not ready:
                ready = any(": connected" in line for line in log.new_lines())
                time.sleep(0.02)  # another process's log: polled, bounded by the deadline
            assert ready, "the station did not open the scanner"
            stop, moment = threading.Event(), threading.Event()
            # the random moment: some scans into the cycle, and part of a scan's time
            kill_after = rng.randrange(0, min(len(plan), 24) + 1)
            extra = rng.uniform(0.0, 0.12)

            def feed(plan=plan, stop=stop, moment=moment, kill_after=kill_after, extra=extra):
                device.write(f"{BADGE}\r\n".encode())
                stop.wait(0.4)
                for n, code in enumerate(plan):
                    if n == kill_after:
                        break
                    device.write(f"{code}\r\n".encode())
                    stop.wait(0.12)
                stop.wait(extra)
                moment.set()

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            assert moment.wait(30)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            stop.set()
            feeder.join()
            answered = [
                line.rsplit(": ", 1)[1]
                for line in log.new_lines()
                if "scan answered" in line and ": " in line
            ]
            answered_total += len(answered)
            _check_after_kill(dd.database, answered)
        # the last restart runs the shift out: everything reaches head office once
        _run(["sync", "--once"], data)
    finally:
        device.close()
        server.stop()
        pair.stop()
    con = _db(dd.database)
    try:
        bench = {r[0] for r in con.execute("SELECT record_uuid FROM outbox_record")}
        pending = con.execute(
            "SELECT COUNT(*) FROM outbox_record WHERE state != 'acked'"
        ).fetchone()[0]
        parcels = con.execute("SELECT COUNT(*) FROM parcel WHERE status = 'closed'").fetchone()[0]
    finally:
        con.close()
    held = ho_store.uuids(settings.bench.bench_id)
    ho_store.close()
    assert pending == 0
    assert len(held) == len(set(held)) and set(held) == bench  # exactly once
    assert answered_total > KILLS  # the shift really went on between the kills
    assert parcels > 0 and resumed > 0  # packs interrupted by a kill were resumed
    print(
        f"{KILLS} kills, {resumed} packs resumed, {answered_total} scans answered, "
        f"{parcels} parcels, {len(held)} records at head office"
    )
