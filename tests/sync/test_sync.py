"""Exactly once to head office, through every fault, against the real reference service."""

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from station.db import outbox
from station.db.models import OutboxRecord, new_uuid, utcnow
from station.headoffice.models import Received
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient
from station.sync.uploader import Uploader

BENCH, TOKEN = "bench-7", "s3cret-token"


@pytest.fixture
def ho(tmp_path):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(BENCH, TOKEN)
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def fill(n, start=0):
    for i in range(start, start + n):
        outbox.enqueue(BENCH, "scan_event", new_uuid(), {"n": i, "data": f"69012340{i:05d}"})


def bench_uuids():
    return {r.record_uuid for r in OutboxRecord.select()}


def assert_exactly_once(server):
    held = server.store.uuids(BENCH)
    assert len(held) == len(set(held))  # never twice
    assert set(held) == bench_uuids()  # nothing lost
    assert OutboxRecord.select().where(OutboxRecord.state != "acked").count() == 0


_clients: list = []


def uploader(store, server, token=TOKEN, **kw):
    client = HeadOfficeClient(server.url, token, **kw)
    _clients.append(client)
    return Uploader(store.db, BENCH, client, batch_size=100)


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    while _clients:
        _clients.pop().close()


def test_drain_sends_everything_once(store, ho):
    fill(350)
    result = uploader(store, ho).drain()
    assert (result.acked, result.batches, result.error) == (350, 4, "")
    assert_exactly_once(ho)
    assert uploader(store, ho).drain().acked == 0  # nothing left


def test_server_errors_and_rate_limits_are_retried_with_backoff(store, ho):
    fill(250)
    ho.faults = ["500", "429:7"]
    up = uploader(store, ho)
    first = up.drain()
    assert first.error == "HTTP 500" and first.retry_in is not None and first.acked == 0
    second = up.drain()
    assert second.error == "HTTP 429" and second.retry_in >= 7  # Retry-After honoured
    assert up.drain().done
    assert_exactly_once(ho)
    assert OutboxRecord.select().where(OutboxRecord.attempts > 0).count() == 100  # the first batch


def test_timeout_then_success(store, ho):
    fill(50)
    ho.faults = ["slow:2"]
    up = uploader(store, ho, timeout=0.5)
    assert "no answer in time" in up.drain().error
    # sent again while head office still works on the first copy: the batch's key
    # makes the late answer and the new one the same, and nothing is stored twice
    assert up.drain().done
    assert_exactly_once(ho)


def test_connection_dropped_after_the_commit(store, ho):
    fill(120)
    ho.faults = ["drop"]
    up = uploader(store, ho)
    lost = up.drain()
    assert lost.error and lost.acked == 0
    assert len(ho.store.uuids(BENCH)) == 100  # head office did store the first batch
    assert up.drain().done  # same batch, same key: same answer
    assert_exactly_once(ho)


def test_refused_records_are_parked_for_a_supervisor(store, ho):
    fill(10)
    OutboxRecord.create(record_uuid="x", bench_id=BENCH, kind="scan_event", payload="{}")
    result = uploader(store, ho).drain()
    assert (result.acked, result.parked) == (10, 1)
    parked = OutboxRecord.get(OutboxRecord.state == "parked")
    assert parked.record_uuid == "x" and "bad_uuid" in parked.last_error


def test_server_restart(store, ho, tmp_path):
    fill(30)
    uploader(store, ho).drain()
    port = ho.server_address[1]
    ho.stop()
    fill(30, start=30)
    assert uploader(store, ho).drain().error  # down
    again = HeadOfficeServer(ho.store, port=port).start()
    try:
        assert uploader(store, again).drain().acked == 30
        assert_exactly_once(again)
    finally:
        again.stop()
        ho.start = lambda: None  # the fixture stops the original, already stopped
        ho.stop = lambda: None


def test_clock_jumps_do_not_reorder_or_lose_anything(store, ho):
    fill(5)
    OutboxRecord.update(created_at=utcnow() + timedelta(days=365)).where(
        OutboxRecord.id <= 2
    ).execute()
    OutboxRecord.update(created_at=utcnow() - timedelta(days=3650)).where(
        OutboxRecord.id == 3
    ).execute()
    uploader(store, ho).drain()
    seqs = [r.seq for r in Received.select().order_by(Received.received_at, Received.seq)]
    assert seqs == sorted(seqs)
    assert_exactly_once(ho)


def test_usb_export_then_http_is_still_exactly_once(store, ho, tmp_path, data_dir):
    from station.sync.export import export_outbox

    fill(40)
    path = tmp_path / "outbox.json.gz"
    assert export_outbox(path, BENCH) == 40
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "station",
            "head-office",
            "--db",
            f"sqlite:///{tmp_path}/ho.sqlite3",
            "--import",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["stored"] == 40
    result = uploader(store, ho).drain()  # back online: answered "duplicate", marked acked
    assert result.acked == 40
    assert_exactly_once(ho)


def test_bench_killed_mid_upload_and_restarted(ho, tmp_path):
    """SIGKILL while head office is answering; the restarted bench finishes the job."""
    from station.db.store import Store

    data = tmp_path / "bench"
    data.mkdir()
    (data / "settings.json").write_text(
        json.dumps({"version": 3, "bench": {"bench_id": BENCH}, "head_office": {"url": ho.url}})
    )
    store = Store.open(data / "station.sqlite3", data / "backups", backup_interval=None)
    fill(300)
    expected = bench_uuids()
    store.close()
    ho.faults = ["slow:3"]  # head office takes its time over the batch, then commits
    cmd = [
        sys.executable,
        "-m",
        "station",
        "sync",
        "--once",
        "--token",
        TOKEN,
        "--data-dir",
        str(data),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert ho.upload_arrived.wait(20), "the sync never reached head office"
    assert ho.uploads == 1
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    held = ho.store.uuids(BENCH)
    assert len(held) == len(set(held)) and set(held) == expected
