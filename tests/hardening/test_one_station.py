"""One station per data folder, through the real station processes.

A second start of the window brings the first one's window forward and ends;
every command that writes is refused in one line naming the station's process,
and leaves the database as it was; read-only commands run; after SIGKILL of
the station, a new start gets the folder at once.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.instance_lock import EXIT_BUSY

READY_WAIT_S = 120  # a hang guard only: the test goes on as soon as the log says so


def _env() -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.*=false")


def _gui(data: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "station", "gui", "--data-dir", str(data)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "station", *args, "--data-dir", str(data)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _wait_in_log(log: Path, text: str, proc: subprocess.Popen) -> None:
    """Until the station's log holds ``text`` (the station says it, the test listens)."""
    end = time.monotonic() + READY_WAIT_S
    while time.monotonic() < end:
        if log.exists() and text in log.read_text(encoding="utf-8", errors="replace"):
            return
        assert proc.poll() is None, f"the station ended (exit {proc.returncode})"
        time.sleep(0.05)  # another process's log file: polled, bounded by READY_WAIT_S
    raise AssertionError(f"the station never logged {text!r}")


def _orders(con: sqlite3.Connection) -> int:
    return con.execute("SELECT COUNT(*) FROM sales_order").fetchone()[0]


@pytest.mark.timeout(900)
def test_one_station_per_data_folder(tmp_path):
    data = tmp_path / "bench"
    assert _cli(data, "demo").returncode == 0
    log = data / "logs" / "station.log"
    orders = tmp_path / "orders.csv"
    with orders.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_number", "buyer_name", "address", "carrier", "sku", "qty"])
        w.writerow(["LOCK-1", "买家", "上海市", "SF", "SOCK-5P", 1])
    db = sqlite3.connect(f"file:{data / 'station.sqlite3'}?mode=ro", uri=True, timeout=30)
    station = _gui(data)
    try:
        _wait_in_log(log, f"window shown (process {station.pid})", station)

        # a second start of the window: the first comes forward, the second ends
        second = _cli(data, "gui")
        assert second.returncode == 0, second.stderr
        assert f"process {station.pid} (station gui)" in second.stderr
        assert "its window was brought to the front" in second.stderr
        _wait_in_log(log, "window raised at the request of a second start", station)

        # commands that write: one line naming the station, nothing changed
        before = _orders(db)
        for args in (
            ["import", "orders", str(orders)],
            ["import", "tracking-numbers", str(orders), "--carrier", "SF"],
            ["sync", "--once", "--url", "http://127.0.0.1:9", "--token", "t"],
            ["demo", "--force"],
            ["label", "lpn", "GR-1", "-o", str(tmp_path / "lpn.pdf")],
        ):
            refused = _cli(data, *args)
            assert refused.returncode == EXIT_BUSY, (args, refused.stdout, refused.stderr)
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
            assert f"process {station.pid} (station gui)" in lines[0]
            assert lines[0].startswith(f"station {args[0]}")
        assert _orders(db) == before

        # commands that only read run beside it
        for args in (
            ["audit", "verify"],
            ["label", "waybill", "--sample", "-o", str(tmp_path / "w.pdf")],
            ["report", "daily", "--format", "json", "-o", "-"],
            ["export", "-o", str(tmp_path / "out.json")],
        ):
            done = _cli(data, *args)
            assert done.returncode == 0, (args, done.stderr)

        # the station dies hard: the folder is free at once
        os.kill(station.pid, signal.SIGKILL)
        station.wait()
        assert f'"pid": {station.pid}' in (data / "station.lock").read_text()  # left behind
        imported = _cli(data, "import", "orders", str(orders))
        assert imported.returncode == 0, imported.stderr
        assert _orders(db) == before + 1
        station = _gui(data)
        _wait_in_log(log, f"window shown (process {station.pid})", station)
        assert f'"pid": {station.pid}' in (data / "station.lock").read_text()
    finally:
        db.close()
        if station.poll() is None:
            station.kill()
        station.wait()
