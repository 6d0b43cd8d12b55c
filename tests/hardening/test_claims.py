"""Every "take one" is taken once: two real processes on one real SQLite file.

Two print spoolers (two processes, as two stations on one data folder were)
print 500 jobs to one raw TCP printer on 127.0.0.1 that keeps each job: every
job comes out exactly once. Two processes draw tracking numbers from one pool
until it is empty: no number is given twice. The claims are single
conditional UPDATEs (station/services/printing.py, tracking_pool.py); with
the spooler's old select-then-mark, the spooler test printed jobs twice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from station.db.models import SalesOrder
from station.db.store import Store
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.paths import DataDir
from station.services.printing import PrinterPair, PrintService
from station.services.tracking_pool import TrackingPool

ROOT = Path(__file__).resolve().parents[2]
JOBS = 500
NUMBERS = 400


def _worker(*args: str) -> subprocess.Popen:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    return subprocess.Popen(
        [sys.executable, "-m", "tests.hardening.claim_worker", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _said(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline()
    assert line, f"the worker ended without answering (exit {proc.wait()})"
    return line.strip()


def _tell(proc: subprocess.Popen, line: str) -> None:
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def _end(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()


def _db(dd: DataDir) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{dd.database}?mode=ro", uri=True, timeout=30)


@pytest.mark.timeout(900)
def test_two_spoolers_print_every_job_exactly_once(tmp_path):
    dd = DataDir(tmp_path / "bench").ensure()
    Store.open(dd.database, dd.backups, backup_interval=None).close()
    with SimulatedLabelPrinter() as printer:
        spoolers = [_worker("spool", str(dd.root), printer.uri) for _ in range(2)]
        try:
            for proc in spoolers:
                assert _said(proc) == "ready"
            # the jobs appear at once, while both spoolers look for work
            store = Store.open(dd.database, dd.backups, backup_interval=None)
            service = PrintService(store.db, "bench", lambda role: PrinterPair(None))
            with store.db.atomic():
                for n in range(JOBS):
                    service.submit("waybill", f"^XA^FDJOB-{n:04d}^FS^XZ\n".encode(), language="zpl")
            store.close()
            printer.wait_for_jobs(JOBS, timeout=600)
            for proc in spoolers:
                _tell(proc, "stop")
            counts = [json.loads(_said(proc))["printed"] for proc in spoolers]
            for proc in spoolers:
                assert proc.wait() == 0
        finally:
            _end(spoolers)
        jobs = printer.wait_for_jobs(sum(counts), timeout=60)
    printed = Counter(jobs)
    twice = {job: n for job, n in printed.items() if n > 1}
    con = _db(dd)
    try:
        states = dict(con.execute("SELECT status, COUNT(*) FROM print_job GROUP BY status"))
    finally:
        con.close()
    print(
        f"{JOBS} jobs, 2 spoolers: {len(printed)} printed, {len(twice)} twice "
        f"(spoolers printed {counts[0]} and {counts[1]})"
    )
    assert not twice, f"{len(twice)} jobs printed twice, e.g. {sorted(twice)[:3]}"
    assert len(printed) == JOBS and sum(counts) == JOBS
    assert set(printed) == {f"^XA^FDJOB-{n:04d}^FS^XZ\n".encode() for n in range(JOBS)}
    assert states == {"done": JOBS}
    assert min(counts) > 0, "both spoolers took part"


@pytest.mark.timeout(600)
def test_two_processes_drawing_tracking_numbers_never_share_one(tmp_path):
    dd = DataDir(tmp_path / "bench").ensure()
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    pool = TrackingPool(store.db, "bench")
    account = pool.account("SF")
    result = pool.import_numbers(account, "\n".join(f"SF{n:010d}" for n in range(NUMBERS)))
    assert result.added == NUMBERS
    for number in ("T-A", "T-B"):
        SalesOrder.create(number=number, buyer_name="买家", address="上海市", carrier="SF")
    store.close()
    # each asks for more than the whole pool: both run until it is empty, however the
    # scheduler shares the machine between them (one may even take every number)
    takers = [
        _worker("take", str(dd.root), "SF", order, str(NUMBERS + 1)) for order in ("T-A", "T-B")
    ]
    try:
        for proc in takers:
            assert _said(proc) == "ready"
        for proc in takers:
            _tell(proc, "go")
        answers = [json.loads(_said(proc)) for proc in takers]
        for proc in takers:
            assert proc.wait() == 0
    finally:
        _end(takers)
    given = [n for a in answers for n in a["numbers"]]
    twice = [n for n, c in Counter(given).items() if c > 1]
    con = _db(dd)
    try:
        used = con.execute(
            "SELECT COUNT(*), COUNT(DISTINCT parcel_id) FROM tracking_number WHERE status = 'used'"
        ).fetchone()
        free = con.execute("SELECT COUNT(*) FROM tracking_number WHERE status = 'free'").fetchone()[
            0
        ]
    finally:
        con.close()
    print(
        f"{NUMBERS} numbers, 2 processes: {len(given)} given "
        f"({len(answers[0]['numbers'])} + {len(answers[1]['numbers'])}), {len(twice)} twice"
    )
    assert not twice
    assert len(given) == NUMBERS and free == 0
    assert used == (NUMBERS, NUMBERS)  # each number on its own parcel
    assert all(a["empty"] for a in answers)  # both ran until the pool was empty


@pytest.mark.timeout(600)
def test_two_processes_closing_one_parcel_short_make_one_reship(tmp_path):
    """The last unit of an order is missing; two processes close its parcel short at
    the same moment. One closes it (one tracking number, one reship); the other finds
    nothing left to close. Never two reships, two numbers or two uploads."""
    from station.app import build_services, prepare_demo
    from station.config import load_settings
    from station.core.scan import Scan
    from station.db.models import Operator
    from station.services.operators import Session
    from tests.services.test_packing import ean

    dd = DataDir(tmp_path / "bench").ensure()
    settings = prepare_demo(dd, load_settings(dd.settings))
    services = build_services(
        dd, settings, Store.open(dd.database, dd.backups, backup_interval=None), demo=False
    )
    packer = Session(Operator.get(Operator.role == "packer"), "bench")
    _, state = services.packing.open(Scan("2611230006"), packer)  # 2 honey, 1 tea
    services.packing.scan_item(state, Scan(ean("HONEY-500")), packer)
    services.close()
    closers = [_worker("close", str(dd.root), "2611230006") for _ in range(2)]
    try:
        for proc in closers:
            assert _said(proc) == "ready"
        for proc in closers:
            _tell(proc, "go")
        answers = [json.loads(_said(proc)) for proc in closers]
        for proc in closers:
            assert proc.wait() == 0
    finally:
        _end(closers)
    closed = [a for a in answers if "tracking" in a]
    refused = [a for a in answers if "refused" in a]
    assert len(closed) == 1 and refused == [{"refused": "parcel_empty"}], answers
    assert closed[0]["reship"] == "2611230006-R1"
    con = _db(dd)
    try:
        one = "SELECT id FROM sales_order WHERE number = '2611230006'"
        counts = con.execute(
            f"SELECT (SELECT COUNT(*) FROM sales_order WHERE parent_id = ({one})), "
            f"(SELECT COUNT(*) FROM parcel WHERE sales_order_id = ({one})), "
            f"(SELECT COUNT(*) FROM parcel WHERE sales_order_id = ({one}) AND status = 'closed'), "
            "(SELECT COUNT(*) FROM tracking_number t JOIN parcel p ON p.id = t.parcel_id "
            f"WHERE p.sales_order_id = ({one})), "
            "(SELECT COUNT(*) FROM outbox_record WHERE kind IN ('parcel_closed', 'reship_created'))"
        ).fetchone()
    finally:
        con.close()
    # reships, parcels, closed parcels, numbers used, uploads queued
    assert counts == (1, 1, 1, 1, 2)


def test_a_transaction_holds_the_write_lock_from_its_first_read(store):
    """The other kind of claim: a read-then-write inside ``db.atomic()`` (a reship's
    number, the SSCC counter, an order opened for packing, a PIN failure counted) is
    safe because every transaction begins IMMEDIATE: from its first statement, even a
    read, no other process can write until it ends."""
    other = sqlite3.connect(store.path, timeout=0)
    try:
        with store.db.atomic():
            SalesOrder.select().count()  # a read only
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        with other:
            other.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")  # now it may
    finally:
        other.close()
