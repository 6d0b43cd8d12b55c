"""A refused token is the bench's set-up, not the records': nothing is parked,
everything goes once the token is right. Only a refusal of a record itself
parks that record. Against the real reference head office on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from station.db import outbox
from station.db.models import OutboxRecord, new_uuid
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient
from station.sync.uploader import DrainResult, Uploader, UploadLoop

BENCH, TOKEN = "bench-7", "s3cret-token"
REFUSED = "refused this bench's token"


@pytest.fixture
def ho(tmp_path):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(BENCH, TOKEN)
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


@pytest.fixture
def uploader():
    clients: list[HeadOfficeClient] = []

    def make(store, server, token=TOKEN) -> Uploader:
        clients.append(HeadOfficeClient(server.url, token))
        return Uploader(store.db, BENCH, clients[-1], batch_size=100)

    yield make
    for client in clients:
        client.close()


def fill_fast(store, n: int) -> None:
    with store.db.atomic():
        for i in range(n):
            outbox.enqueue(BENCH, "scan_event", new_uuid(), {"n": i, "data": f"69012340{i:05d}"})


def assert_exactly_once(server) -> None:
    held = server.store.uuids(BENCH)
    assert len(held) == len(set(held))  # never twice
    assert set(held) == {r.record_uuid for r in OutboxRecord.select()}  # nothing lost
    assert OutboxRecord.select().where(OutboxRecord.state != "acked").count() == 0


def states() -> dict[str, int]:
    out: dict[str, int] = {}
    for r in OutboxRecord.select(OutboxRecord.state):
        out[r.state] = out.get(r.state, 0) + 1
    return out


def test_a_wrong_token_parks_nothing_and_the_right_one_sends_all_exactly_once(store, ho, uploader):
    fill_fast(store, 5000)
    wrong = uploader(store, ho, token="wrong").drain()
    assert wrong.token_refused and REFUSED in wrong.error and "401" in wrong.error
    assert (wrong.acked, wrong.parked) == (0, 0)
    assert states() == {"pending": 5000}
    assert ho.store.uuids(BENCH) == []
    again = uploader(store, ho, token="wrong").drain()  # a rerun parks nothing either
    assert again.token_refused and states() == {"pending": 5000}
    right = uploader(store, ho).drain()
    assert (right.acked, right.parked, right.error) == (5000, 0, "")
    assert_exactly_once(ho)


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_from_head_office_stop_the_upload_and_keep_the_records(
    store, ho, uploader, status
):
    fill_fast(store, 250)
    ho.faults = [f"http:{status}"]
    result = uploader(store, ho).drain()
    assert result.token_refused and f"HTTP {status}" in result.error
    assert states() == {"pending": 250} and result.parked == 0
    assert uploader(store, ho).drain().acked == 250
    assert_exactly_once(ho)


@pytest.mark.allow_error_logs
def test_an_address_without_the_upload_service_parks_nothing(store, ho, uploader):
    fill_fast(store, 120)
    ho.faults = ["http:404"]
    result = uploader(store, ho).drain()
    assert "404" in result.error and result.parked == 0 and not result.token_refused
    assert states() == {"pending": 120}
    assert uploader(store, ho).drain().acked == 120
    assert_exactly_once(ho)


def test_a_batch_refused_once_is_narrowed_down_and_nothing_is_parked(store, ho, uploader):
    fill_fast(store, 250)
    ho.faults = ["http:400"]  # the first batch of 100, once: its halves go through
    result = uploader(store, ho).drain()
    assert (result.acked, result.parked) == (250, 0)
    assert_exactly_once(ho)


@pytest.mark.allow_error_logs
def test_only_the_record_head_office_refuses_is_parked(store, ho, uploader):
    fill_fast(store, 350)
    poisoned = OutboxRecord.select().order_by(OutboxRecord.id).offset(137).first()
    ho.refuse_batches_with = {poisoned.record_uuid}
    result = uploader(store, ho).drain()
    assert (result.acked, result.parked) == (349, 1)
    parked = OutboxRecord.get(OutboxRecord.state == "parked")
    assert parked.record_uuid == poisoned.record_uuid and "422" in parked.last_error
    held = ho.store.uuids(BENCH)
    assert len(held) == len(set(held)) == 349 and poisoned.record_uuid not in held


def test_the_running_loop_sends_everything_once_the_token_is_fixed(store, ho, uploader):
    """The station's loop reads the token again after a refusal: fixed in the
    keyring or the token file, the records go without a restart."""
    fill_fast(store, 300)
    token = ["wrong"]
    results: list[DrainResult] = []
    arrived = threading.Condition()

    def on_result(r: DrainResult) -> None:
        with arrived:
            results.append(r)
            arrived.notify_all()

    up = uploader(store, ho, token="wrong")
    loop = UploadLoop(up, interval=3600, on_result=on_result, token_source=lambda: token[0])
    loop.start()
    try:
        with arrived:
            assert arrived.wait_for(lambda: len(results) >= 1, timeout=30)
        assert results[0].token_refused and results[0].parked == 0
        token[0] = TOKEN
        loop.wake.set()
        with arrived:
            assert arrived.wait_for(lambda: len(results) >= 2, timeout=30)
        assert results[1].done and results[1].acked == 300
    finally:
        loop.stop()
    assert_exactly_once(ho)


def _bench(tmp_path, ho):
    from station.db.store import Store

    data = tmp_path / "bench"
    data.mkdir()
    (data / "settings.json").write_text(
        json.dumps({"version": 3, "bench": {"bench_id": BENCH}, "head_office": {"url": ho.url}})
    )
    return data, Store.open(data / "station.sqlite3", data / "backups", backup_interval=None)


def _sync(data, token):
    cmd = [sys.executable, "-m", "station", "sync", "--once", "--token", token]
    return subprocess.run(cmd + ["--data-dir", str(data)], capture_output=True, text=True)


def test_station_sync_with_a_wrong_token_says_so_in_one_line(ho, tmp_path):
    data, store = _bench(tmp_path, ho)
    fill_fast(store, 5000)
    store.close()
    r = _sync(data, "wrong")
    assert r.returncode == 3
    assert r.stdout == "" and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and REFUSED in lines[0] and "5000 records kept" in lines[0]
    assert ho.store.uuids(BENCH) == []
    r = _sync(data, TOKEN)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["acked"] == 5000
    held = ho.store.uuids(BENCH)
    assert len(held) == len(set(held)) == 5000


def test_station_sync_with_nothing_to_send_and_a_wrong_token(ho, tmp_path):
    """Nothing to upload, so the master-data pull is the first to hear the refusal."""
    data, store = _bench(tmp_path, ho)
    store.close()
    r = _sync(data, "wrong")
    assert r.returncode == 3 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and REFUSED in r.stderr


def test_a_refusal_before_the_body_is_read_leaves_no_garbage_for_the_next_request(ho):
    """Head office answers 401 (or 404, 413) without reading the batch: it closes the
    connection, or the body left in the socket is read as the next request on it (a
    400 that would park a record)."""
    import gzip

    import httpx

    body = gzip.compress(json.dumps({"bench_id": BENCH, "records": []}).encode())
    gz = {"Content-Encoding": "gzip", "Idempotency-Key": "k-1"}
    with httpx.Client(base_url=ho.url, headers={"Authorization": "Bearer wrong"}) as http:
        assert http.post("/v1/records", content=body, headers=gz).status_code == 401
        assert http.post("/v1/nothing", content=body, headers=gz).status_code == 404
        http.headers["Authorization"] = f"Bearer {TOKEN}"
        r = http.post("/v1/records", content=body, headers=gz)  # the same keep-alive pool
    assert r.status_code == 200 and r.json() == {"acks": []}
