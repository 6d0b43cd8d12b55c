"""``station head-office`` as IT runs it: several worker processes on one port,
a supervisor's token issued once, a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from station.db.models import new_uuid
from station.sync.client import HeadOfficeClient


def station(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "station", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_several_workers_share_the_port_and_a_supervisor_reads_the_board(tmp_path):
    db = f"sqlite:///{tmp_path}/ho.sqlite3"
    issued = station("head-office", "--db", db, "--issue-supervisor", "floor")
    out, err = issued.communicate(timeout=60)
    assert issued.returncode == 0, err
    token = json.loads(out)["token"]
    proc = station(
        "head-office",
        "--port",
        "0",
        "--db",
        db,
        "--workers",
        "2",
        "--bench",
        "b1:t1",
        "--bench",
        "b2:t2",
    )
    try:
        started = json.loads(proc.stdout.readline())
        url = started["head_office"]
        assert started["workers"] == 2
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)  # the workers are still importing
        record = {
            "uuid": new_uuid(),
            "seq": 1,
            "kind": "parcel_closed",
            "payload": {"order": "A"},
            "created_at": "2026-11-23T02:00:00+00:00",
        }
        with (
            closing(HeadOfficeClient(url, "t1")) as c1,
            closing(HeadOfficeClient(url, token)) as board,
        ):
            for _ in range(3):  # whichever worker takes it, once
                assert c1.upload("b1", [record], "key-1")[0]["uuid"] == record["uuid"]
            assert c1.held("b1") == {record["uuid"]}
            rows = {b["bench_id"]: b for b in board.daily("2026-11-23", 0)["benches"]}
        assert set(rows) == {"b1", "b2"} and rows["b1"]["parcels_shipped"] == 1
        python_children = [
            p for p in children(proc.pid) if "python" in Path(f"/proc/{p}/exe").resolve().name
        ]
        assert len(python_children) >= 2  # the workers (and multiprocessing's tracker)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
