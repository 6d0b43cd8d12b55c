"""Head office against what the network sends: raw sockets on 127.0.0.1, a real
server. Every error is a JSON answer with its status, never a dropped connection
nor a traceback; each limit holds (body as sent and inflated, head size and time,
body time, per bench, overload) and the bench honours Retry-After."""

from __future__ import annotations

import gzip
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from station.db import outbox
from station.db.models import OutboxRecord, new_uuid
from station.headoffice import protocol
from station.headoffice.access import add_supervisor
from station.headoffice.office import Limits
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient
from station.sync.uploader import Uploader, UploadLoop

A, TA, B, TB, SUP = "bench-a", "tok-a", "bench-b", "tok-b", "sup-tok"
TIME = "2026-11-23T08:00:00+08:00"


def start(tmp_path, limits=None) -> HeadOfficeServer:
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(A, TA)
    store.add_bench(B, TB)
    add_supervisor(store, "floor", SUP)
    return HeadOfficeServer(store, limits=limits).start()


def exchange(server, data: bytes, *, timeout: float = 10.0) -> tuple[int, dict, bytes, bool]:
    """Send raw bytes, read one answer: (status, headers, body, closed after it)."""
    with socket.create_connection(server.server_address, timeout=timeout) as s:
        s.sendall(data)
        return read_answer(s)


def read_answer(s: socket.socket) -> tuple[int, dict, bytes, bool]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise AssertionError(f"connection dropped without an answer (got {buf[:200]!r})")
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    closed = headers.get("connection", "").lower() == "close"
    return status, headers, body[:length], closed


def post(path: str, body: bytes, token: str = TA, extra: str = "", key: str = "k1") -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: ho\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def get(path: str, token: str = TA) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: ho\r\nAuthorization: Bearer {token}\r\n\r\n".encode()


def assert_json_error(answer, status: int) -> dict:
    got, headers, body, _ = answer
    assert got == status, body
    assert headers["content-type"].startswith("application/json")
    error = json.loads(body)
    assert isinstance(error.get("error"), str) and error["error"]
    return headers


def rec(**changes) -> dict:
    r = {"uuid": new_uuid(), "seq": 1, "kind": "scan_event", "payload": {}, "created_at": TIME}
    return {**r, **changes}


def batch(*records, bench=A) -> bytes:
    return json.dumps({"bench_id": bench, "records": list(records)}).encode()


# --- what h11 cannot read, and the request's head ----------------------------------


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /v1/records HTTP/1.1\r\nHost: ho\r\nContent-Length: abc\r\n\r\n{}",
        b"POST /v1/records HTTP/1.1\r\nHost: ho\r\nContent-Length: -1\r\n\r\n{}",
        b"POST /v1/records HTTP/1.1\r\nHost: ho\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        b"GET /v1/health HTTP/1.1\r\nHost: ho\r\nno colon here\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # TLS spoken to plain HTTP
        b"GET /v1/\x00health HTTP/1.1\r\n\r\n",
    ],
)
def test_unreadable_requests_get_a_json_400(ho, request_bytes):
    answer = exchange(ho, request_bytes)
    assert_json_error(answer, 400)
    assert answer[3]  # and the connection is closed with it


def test_a_head_too_large_is_431(ho):
    big = "X-Padding: " + "a" * 40_000 + "\r\n"
    answer = exchange(ho, f"GET /v1/health HTTP/1.1\r\nHost: ho\r\n{big}\r\n".encode())
    assert_json_error(answer, 431)


def test_unknown_paths_and_methods_are_json(ho):
    assert_json_error(exchange(ho, get("/v1/nothing")), 404)
    headers = assert_json_error(exchange(ho, get("/v1/waybills")), 405)
    assert "POST" in headers["allow"]
    assert_json_error(exchange(ho, post("/v1/health", b"{}")), 405)


# --- query parameters -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/master?cursor={2**63}",
        f"/v1/master?cursor={10**400}",
        "/v1/master?cursor=-1",
        "/v1/master?cursor=1e3",
        "/v1/master?limit=5001",
        "/v1/master?limit=0",
        "/v1/daily?date=2026-11-23&utc_offset=901",
        "/v1/daily?date=2026-13-01",
        "/v1/daily?date=23/11/2026",
        "/v1/daily",
    ],
)
def test_query_parameters_out_of_range_are_400(ho, path):
    assert_json_error(exchange(ho, get(path)), 400)


def test_the_largest_cursor_is_answered(ho):
    status, _, body, _ = exchange(ho, get(f"/v1/master?cursor={2**63 - 1}&limit=5000"))
    assert status == 200 and json.loads(body)["changes"] == []


# --- bodies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "extra", "status"),
    [
        (
            gzip.compress(batch(rec()), mtime=0)[:-12],
            "Content-Encoding: gzip\r\n",
            400,
        ),  # truncated
        (b"\x1f\x8b\x08\x00garbage-not-deflate", "Content-Encoding: gzip\r\n", 400),
        (b"this is not deflate", "Content-Encoding: deflate\r\n", 400),
        (gzip.compress(batch(), mtime=0) + b"tail", "Content-Encoding: gzip\r\n", 400),
        (batch(), "Content-Encoding: br\r\n", 415),
        (b"[" * 100_000 + b"]" * 100_000, "", 400),  # deep nesting
        (b'{"records": ' + b"[" * 200 + b"]" * 200 + b"}", "", 400),
        (b'{"records": [], "bench_id": "\\ud800"}', "", 400),  # a lone surrogate
        (b'{"records": [], "x": "\xff\xfe"}', "", 400),  # not UTF-8
        (b'{"records": [], "x": NaN}', "", 400),
        (b'{"records": {}}', "", 400),
        (b"[]", "", 400),
        (b"", "", 400),
    ],
)
def test_broken_bodies_are_4xx_as_json(ho, body, extra, status):
    assert_json_error(exchange(ho, post("/v1/records", body, extra=extra)), status)


def test_a_body_that_is_not_json_by_its_type_is_415(ho):
    raw = post("/v1/records", batch()).replace(b"application/json", b"text/plain")
    assert_json_error(exchange(ho, raw), 415)


def test_deflate_is_read_as_well_as_gzip(ho):
    r = rec()
    status, _, body, _ = exchange(
        ho, post("/v1/records", zlib.compress(batch(r)), extra="Content-Encoding: deflate\r\n")
    )
    assert status == 200 and json.loads(body)["acks"] == [{"uuid": r["uuid"], "status": "stored"}]


def test_a_batch_without_an_idempotency_key_is_400(ho):
    raw = post("/v1/records", batch(rec())).replace(b"Idempotency-Key: k1\r\n", b"")
    assert_json_error(exchange(ho, raw), 400)
    assert ho.store.uuids(A) == []


def test_records_against_the_contract_are_refused_one_by_one(ho):
    good, edge = rec(), rec(seq=2**63 - 1, created_at="2026-11-23T00:00:00Z")
    bad = {
        "bad_seq": [rec(seq=2**64), rec(seq=-1), rec(seq=True), rec(seq=1.5)],
        "unknown_kind": [rec(kind="rm -rf"), rec(kind="")],
        "bad_created_at": [
            rec(created_at="yesterday"),
            rec(created_at="2026-11-23T08:00:00"),  # no offset from UTC
            rec(created_at="2026-11-23"),
            rec(created_at=1700000000),
        ],
        "bad_payload": [rec(payload="text"), rec(payload=[1])],
    }
    records = [good, edge] + [r for rs in bad.values() for r in rs]
    status, _, body, _ = exchange(ho, post("/v1/records", batch(*records)))
    assert status == 200
    acks = {a["uuid"]: a for a in json.loads(body)["acks"]}
    assert acks[good["uuid"]]["status"] == acks[edge["uuid"]]["status"] == "stored"
    for reason, rs in bad.items():
        assert {acks[r["uuid"]]["reason"] for r in rs} == {reason}
    assert set(ho.store.uuids(A)) == {good["uuid"], edge["uuid"]}
    # kept as naive UTC, the day's figures compare them
    assert ho.store.daily("2026-11-23")["benches"][0]["last_record_at"] == "2026-11-23T00:00:00"


def test_an_anchor_beyond_64_bits_is_invalid_not_a_failure(ho):
    body = json.dumps(
        {"bench_id": A, "records": [], "anchor": {"seq": 2**70, "hash": "a" * 64}}
    ).encode()
    status, _, answer, _ = exchange(ho, post("/v1/records", body))
    assert status == 200 and json.loads(answer)["anchor"] == "invalid"


# --- sizes ------------------------------------------------------------------------


def test_a_declared_length_over_the_limit_is_refused_before_the_body(tmp_path):
    server = start(tmp_path, Limits(max_body=1000))
    try:
        with socket.create_connection(server.server_address, timeout=10) as s:
            head = post("/v1/records", b"").replace(b"Content-Length: 0", b"Content-Length: 5000")
            s.sendall(head)  # and not a byte of the body
            answer = read_answer(s)
        headers = assert_json_error(answer, 413)
        assert headers["connection"] == "close"
    finally:
        server.stop()
        server.store.close()


def test_a_chunked_body_is_cut_at_the_limit(tmp_path):
    server = start(tmp_path, Limits(max_body=64 * 1024))
    try:
        with socket.create_connection(server.server_address, timeout=10) as s:
            head = post("/v1/records", b"").replace(
                b"Content-Length: 0", b"Transfer-Encoding: chunked"
            )
            s.sendall(head)
            answer = stream_until_answered(s, (b"x" * 8192 for _ in range(10_000)), chunked=True)
        assert_json_error(answer, 413)
    finally:
        server.stop()
        server.store.close()


def stream_until_answered(s: socket.socket, pieces, *, chunked: bool):
    """Send ``pieces`` until head office answers (or they run out), then read it."""
    sent = 0
    for piece in pieces:
        if select.select([s], [], [], 0)[0]:
            break
        data = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(piece)
    else:
        if chunked:
            s.sendall(b"0\r\n\r\n")
    return read_answer(s)


def zero_bomb(inflated: int):
    """gzip of ``inflated`` zero bytes, made as it is sent (1 MiB at a time)."""
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    for _ in range(inflated >> 20):
        out = squeeze.compress(zeros)
        if out:
            yield out
    yield squeeze.flush()


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_gzip_bomb_is_cut_at_the_limit_and_memory_stays_bounded(tmp_path):
    """1 GiB of zeros in about 1 MiB of gzip, to the head-office process the CLI
    starts: cut at the inflated limit (32 MiB), 413, and the process's peak memory
    grows by less than 4x that limit (the old server grew by the whole GiB)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "head-office", "--port", "0"]
        + ["--db", f"sqlite:///{tmp_path}/ho.sqlite3", "--bench", f"{A}:{TA}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = json.loads(proc.stdout.readline())["head_office"]
        host, port = url.removeprefix("http://").split(":")
        address = (host, int(port))
        for _ in range(200):
            try:
                if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)  # the process is still starting its event loop
        with socket.create_connection(address, timeout=10) as s:  # a batch, to warm it up
            s.sendall(post("/v1/records", batch(rec())))
            assert read_answer(s)[0] == 200
        before = peak_rss_kib(proc.pid)
        limit = Limits().max_inflated
        with socket.create_connection(address, timeout=30) as s:
            head = post("/v1/records", b"", extra="Content-Encoding: gzip\r\n")
            s.sendall(head.replace(b"Content-Length: 0", b"Transfer-Encoding: chunked"))
            answer = stream_until_answered(s, zero_bomb(1 << 30), chunked=True)
        assert_json_error(answer, 413)
        grown = (peak_rss_kib(proc.pid) - before) * 1024
        print(f"peak memory grew by {grown >> 20} MiB")
        assert grown < 4 * limit, f"peak memory grew by {grown >> 20} MiB"
        assert httpx.get(url + "/v1/health", timeout=5).status_code == 200  # still up
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err


# --- time -------------------------------------------------------------------------


def test_slowloris_holds_nothing_and_health_answers(tmp_path, monkeypatch):
    """1,000 requests half sent: /v1/health still answers at once, and each of
    them is answered 408 and closed when its head is late."""
    monkeypatch.setattr(protocol, "HEADER_TIMEOUT", 2.0)
    server = start(tmp_path)
    socks = []
    try:
        for _ in range(1000):
            s = socket.create_connection(server.server_address, timeout=30)
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: ho\r\nX-Wait: ")
            socks.append(s)
        r = httpx.get(server.url + "/v1/health", timeout=5)
        assert r.status_code == 200 and r.json()["ok"]
        for s in (socks[0], socks[-1]):
            assert_json_error(read_answer(s), 408)
    finally:
        for s in socks:
            s.close()
        server.stop()
        server.store.close()


def test_a_body_that_stops_coming_is_408(tmp_path):
    server = start(tmp_path, Limits(body_timeout=1.0))
    try:
        with socket.create_connection(server.server_address, timeout=20) as s:
            body = batch(rec())
            s.sendall(post("/v1/records", body)[: -len(body) // 2])  # half the body, then nothing
            headers = assert_json_error(read_answer(s), 408)
            assert headers["connection"] == "close"
        assert server.store.uuids(A) == []
    finally:
        server.stop()
        server.store.close()


# --- one bench at a time, and overload --------------------------------------------


def slow_upload(server, token=TA, bench=A, seconds=3.0) -> threading.Thread:
    """An upload head office takes ``seconds`` over (it holds its slot meanwhile)."""
    server.faults = [f"slow:{seconds}"]
    server.upload_arrived.clear()
    t = threading.Thread(
        target=lambda: exchange(server, post("/v1/records", batch(rec(), bench=bench), token)),
        daemon=True,
    )
    t.start()
    assert server.upload_arrived.wait(10)
    return t


def test_too_many_requests_of_one_bench_are_429(tmp_path):
    server = start(tmp_path, Limits(per_bench=1, retry_after=3))
    try:
        busy = slow_upload(server)
        headers = assert_json_error(exchange(server, get("/v1/anchor")), 429)
        assert headers["retry-after"] == "3"
        assert exchange(server, get("/v1/anchor", TB))[0] == 200  # another bench is served
        busy.join(10)
        assert exchange(server, get("/v1/anchor"))[0] == 200  # and A again, once done
    finally:
        server.stop()
        server.store.close()


def test_overload_is_503_with_retry_after_and_health_still_answers(tmp_path):
    server = start(tmp_path, Limits(max_inflight=1, retry_after=2))
    try:
        busy = slow_upload(server)
        headers = assert_json_error(exchange(server, get("/v1/anchor", TB)), 503)
        assert headers["retry-after"] == "2"
        assert exchange(server, b"GET /v1/health HTTP/1.1\r\nHost: ho\r\n\r\n")[0] == 200
        busy.join(10)
    finally:
        server.stop()
        server.store.close()


def test_the_bench_waits_as_long_as_retry_after_says_then_sends_everything_once(tmp_path, store):
    """Head office overloaded (503, Retry-After: 2): the bench's upload loop waits
    that long, not its 60 s interval nor less, then sends; nothing lost or doubled."""
    server = start(tmp_path, Limits(max_inflight=1, retry_after=2))
    for i in range(30):
        outbox.enqueue(A, "scan_event", new_uuid(), {"n": i})
    client = HeadOfficeClient(server.url, TA, timeout=10)
    results: list = []
    done = threading.Event()

    def seen(result) -> None:
        results.append((time.monotonic(), result))
        if result.done:
            done.set()

    loop = UploadLoop(Uploader(store.db, A, client, batch_size=10), interval=60, on_result=seen)
    try:
        busy = slow_upload(server, TB, B, seconds=1.0)
        loop.start()
        assert done.wait(20), [r.error for _, r in results]
        busy.join(10)
    finally:
        loop.stop()
        client.close()
        server.stop()
    (t0, first), (t1, last) = results[0], results[-1]
    assert first.error == "HTTP 503" and 2 <= first.retry_in <= 300
    assert t1 - t0 >= 2  # waited as told
    assert last.done and last.acked == 30
    held = server.store.uuids(A)
    server.store.close()
    assert len(held) == len(set(held)) == 30
    assert set(held) == {r.record_uuid for r in OutboxRecord.select()}


# --- who reads what ---------------------------------------------------------------


def test_a_bench_reads_its_own_records_only_and_a_supervisor_reads_all(ho):
    r = rec()
    assert exchange(ho, post("/v1/records", batch(r)))[0] == 200
    assert json.loads(exchange(ho, get("/v1/records"))[2])["uuids"] == [r["uuid"]]
    assert json.loads(exchange(ho, get(f"/v1/records?bench_id={A}"))[2])["uuids"] == [r["uuid"]]
    assert_json_error(exchange(ho, get(f"/v1/records?bench_id={A}", TB)), 403)
    assert_json_error(exchange(ho, get(f"/v1/anchor?bench_id={A}", TB)), 403)
    assert json.loads(exchange(ho, get(f"/v1/records?bench_id={A}", SUP))[2])["uuids"] == [
        r["uuid"]
    ]
    assert_json_error(exchange(ho, get("/v1/records", SUP)), 400)  # whose, it must say
    # a supervisor is no bench: it uploads nothing and gets no master data
    assert_json_error(exchange(ho, post("/v1/records", batch(rec()), SUP)), 403)
    assert_json_error(exchange(ho, get("/v1/master", SUP)), 403)
    for token in ("nobody", ""):
        assert_json_error(exchange(ho, get("/v1/records", token)), 401)


def test_the_all_benches_board_is_a_supervisors(ho):
    for token, bench in ((TA, A), (TB, B)):
        raw = post("/v1/records", batch(rec(kind="parcel_closed"), bench=bench), token, key=bench)
        assert exchange(ho, raw)[0] == 200
    path = "/v1/daily?date=2026-11-23&utc_offset=480"
    board = json.loads(exchange(ho, get(path, SUP))[2])
    assert {b["bench_id"] for b in board["benches"]} == {A, B}
    own = json.loads(exchange(ho, get(path, TB))[2])
    assert [(b["bench_id"], b["parcels_shipped"]) for b in own["benches"]] == [(B, 1)]


@pytest.mark.allow_error_logs
def test_a_fault_of_head_offices_own_is_a_json_500(ho, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ho.store, "tracking_numbers", broken)
    answer = exchange(ho, get("/v1/tracking-numbers"))
    assert_json_error(answer, 500)
    assert "a bug" not in answer[2].decode()  # no internals to the client


@pytest.mark.parametrize(
    ("header", "low", "high"),
    [
        ("7", 7, 7),
        ("0", 0, 0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0, 0),  # a date past: now
        ("soon", None, None),
        ("-3", None, None),
        ("nan", None, None),
        (None, None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header, low, high):
    from station.sync.client import retry_after

    got = retry_after(header)
    assert (got, got) == (low, high) if low is None else low <= got <= high


def test_retry_after_a_date_ahead():
    from email.utils import format_datetime

    from station.sync.client import retry_after

    ahead = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 80 <= retry_after(ahead) <= 90


def test_concurrent_identical_resends_are_all_answered_and_stored_once(ho):
    """Ten copies of one batch at once (a bench's retries racing): each gets an
    answer — the batch's acks, or 429/503 with Retry-After — none a dropped
    connection, and head office holds each record once."""
    records = [rec() for _ in range(50)]
    raw = post("/v1/records", batch(*records), key="same-batch")
    answers: list = []
    gate = threading.Barrier(10)

    def send() -> None:
        gate.wait()
        answers.append(exchange(ho, raw))

    threads = [threading.Thread(target=send) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(answers) == 10
    ok = [json.loads(a[2]) for a in answers if a[0] == 200]
    assert ok and all(body == ok[0] for body in ok)  # the same answer each time
    for status, headers, _, _ in answers:
        assert status in (200, 429, 503)
        assert status == 200 or int(headers["retry-after"]) >= 1
    held = ho.store.uuids(A)
    assert sorted(held) == sorted(r["uuid"] for r in records)


def test_a_master_data_pull_told_to_wait_asks_again_when_head_office_said(tmp_path, store):
    """Nothing to send, master data to pull, head office overloaded (503,
    Retry-After: 2): the next round comes that long after, not at the 60 s
    interval, and gets the product."""
    from station.db.models import Product
    from station.sync.downloader import Downloader

    server = start(tmp_path, Limits(max_inflight=1, retry_after=2))
    server.store.publish("product", "MAT-240", {"sku": "MAT-240", "name": "Mat"})
    client = HeadOfficeClient(server.url, TA, timeout=10)
    results: list = []
    done = threading.Event()

    def seen(result) -> None:
        results.append((time.monotonic(), result))
        if result.done and result.downloaded is not None:
            done.set()

    loop = UploadLoop(
        Uploader(store.db, A, client),
        interval=60,
        on_result=seen,
        downloader=Downloader(store.db, A, client),
    )
    try:
        busy = slow_upload(server, TB, B, seconds=1.0)
        loop.start()
        assert done.wait(20), [r.error for _, r in results]
        busy.join(10)
    finally:
        loop.stop()
        client.close()
        server.stop()
        server.store.close()
    (t0, first), (t1, last) = results[0], results[-1]
    assert "HTTP 503" in first.error and first.retry_in == 2
    assert t1 - t0 >= 2 and last.downloaded.applied >= 1
    assert Product.get(Product.sku == "MAT-240").name == "Mat"


def test_a_locked_database_is_503_with_retry_after_not_a_failure(ho, tmp_path):
    """Another process holds head office's SQLite file for writing past its busy
    timeout: the upload is told 503 with Retry-After, nothing half stored."""
    import sqlite3

    holder = sqlite3.connect(tmp_path / "ho.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        answer = exchange(ho, post("/v1/records", batch(rec())), timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    headers = assert_json_error(answer, 503)
    assert int(headers["retry-after"]) >= 1
    assert ho.store.uuids(A) == []
