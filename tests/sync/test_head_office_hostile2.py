"""Head office against odd inputs the first hostile tests did not send: times and
days at the ends of the calendar, NUL characters on PostgreSQL, a WebSocket
upgrade, clients that never read their answers. Every answer is JSON with its
status, never a 500 nor an empty body; memory stays bounded."""

from __future__ import annotations

import gzip
import json
import os
import socket
import time
from pathlib import Path

import httpx
import pytest

from station.db.models import new_uuid
from station.headoffice.access import add_supervisor
from station.headoffice.office import Limits
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from tests.sync.test_head_office_hostile import (
    SUP,
    TA,
    A,
    assert_json_error,
    batch,
    exchange,
    get,
    post,
    read_answer,
    rec,
    start,
)


@pytest.fixture
def ho_pg(postgres_url):
    store = HeadOfficeStore(postgres_url)
    store.add_bench(A, TA)
    add_supervisor(store, "floor", SUP)
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def acks(answer) -> list[dict]:
    status, _, body, _ = answer
    assert status == 200, body
    return json.loads(body)["acks"]


# created_at whose UTC instant falls outside the calendar (year 1 to 9999)
OUT_OF_CALENDAR = [
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T20:00:00-05:00",
    "0001-01-01T00:00:00+08:00",
    "0001-01-01T05:00:00+05:30",
]


@pytest.mark.parametrize("created_at", OUT_OF_CALENDAR)
def test_a_time_whose_utc_instant_leaves_the_calendar_is_rejected_not_a_failure(ho, created_at):
    r = rec(created_at=created_at)
    good = rec()
    got = acks(exchange(ho, post("/v1/records", batch(r, good), key=new_uuid())))
    by_uuid = {a["uuid"]: a for a in got}
    assert by_uuid[r["uuid"]] == {
        "uuid": r["uuid"],
        "status": "rejected",
        "reason": "bad_created_at",
    }
    assert by_uuid[good["uuid"]]["status"] == "stored"


@pytest.mark.parametrize("created_at", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"])
def test_the_first_and_last_instants_of_the_calendar_are_stored(ho, created_at):
    r = rec(created_at=created_at)
    assert (
        acks(exchange(ho, post("/v1/records", batch(r), key=new_uuid())))[0]["status"] == "stored"
    )


@pytest.mark.parametrize(
    "query",
    [
        "date=0001-01-01&utc_offset=900",
        "date=0001-01-01&utc_offset=1",
        "date=9999-12-31&utc_offset=-900",
        "date=9999-12-31&utc_offset=-1",
    ],
)
def test_a_day_at_the_ends_of_the_calendar_is_400_not_a_failure(ho, query):
    assert_json_error(exchange(ho, get(f"/v1/daily?{query}", SUP)), 400)


@pytest.mark.parametrize(
    "query", ["date=0001-01-01&utc_offset=-900", "date=9999-12-30&utc_offset=0"]
)
def test_a_day_near_the_ends_of_the_calendar_is_answered(ho, query):
    status, _, body, _ = exchange(ho, get(f"/v1/daily?{query}", SUP))
    assert status == 200, body
    assert json.loads(body)["benches"]


def test_a_websocket_upgrade_is_answered_as_json(ho):
    request = (
        b"GET /v1/health HTTP/1.1\r\nHost: ho\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    status, headers, body, _ = exchange(ho, request)
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["ok"] is True
    records = request.replace(b"/v1/health", b"/v1/records").replace(
        b"Host: ho\r\n", f"Host: ho\r\nAuthorization: Bearer {TA}\r\n".encode()
    )
    status, _, body, _ = exchange(ho, records)
    assert status == 200 and "uuids" in json.loads(body)


NUL_RECORDS = [
    ({"uuid": "\x00" * 36}, "rejected"),
    ({"uuid": "a" * 35 + "\x00"}, "rejected"),
    ({"uuid": "\t" + new_uuid()}, "rejected"),
    ({"kind": "scan_event\x00"}, "rejected"),
    ({"created_at": "2026-11-23T08:00:00\x00+08:00"}, "rejected"),
    ({"payload": {"note": "a\x00b"}}, "stored"),  # kept as JSON text, the NUL escaped
    ({"payload": {"a\x00": 1}}, "stored"),
]


@pytest.mark.parametrize(("change", "expected"), NUL_RECORDS)
def test_a_nul_character_in_a_record_is_answered_on_postgresql(ho_pg, change, expected):
    r = rec(**change)
    good = rec()
    got = acks(exchange(ho_pg, post("/v1/records", batch(r, good), key=new_uuid())))
    by_uuid = {json.dumps(a["uuid"]): a for a in got}
    assert by_uuid[json.dumps(r["uuid"])]["status"] == expected
    assert by_uuid[json.dumps(good["uuid"])]["status"] == "stored"


@pytest.mark.parametrize(
    "path", ["/v1/records?bench_id=%00", "/v1/anchor?bench_id=a%00b", "/v1/records?bench_id=x%00"]
)
def test_a_nul_in_a_query_is_answered_on_postgresql(ho_pg, path):
    status, _, body, _ = exchange(ho_pg, get(path, SUP))
    assert status in (200, 400), body
    json.loads(body)


def test_a_nul_in_a_batch_key_or_bench_id_is_answered_on_postgresql(ho_pg):
    body = json.dumps({"bench_id": "a\x00", "records": [rec()]}).encode()
    assert_json_error(exchange(ho_pg, post("/v1/records", body, key=new_uuid())), 400)


@pytest.mark.parametrize(
    "created_at",
    [
        "2026-11-23T08:00:00\x00+08:00",
        "2026-11-23T08:00:00x+08:00",
        "2026-11-23T08:00:00+0800",
        "2026-11-23T08:00:00+08",
        "2026-11-23T08:00:00,5+08:00",
        "2026-11-23T08:00:00+08:00:30",
        "2026-11-23T08+08:00",
        "2026-11-23T08:00+08:00",
        "2026-11-23T08:00:00",
        "2026-11-23",
        "\u0662026-11-23T08:00:00+08:00",
    ],
)
def test_a_time_that_is_no_rfc3339_date_time_is_rejected(ho, created_at):
    r = rec(created_at=created_at)
    got = acks(exchange(ho, post("/v1/records", batch(r), key=new_uuid())))
    assert got == [{"uuid": r["uuid"], "status": "rejected", "reason": "bad_created_at"}]


@pytest.mark.parametrize(
    "created_at",
    [
        "2026-11-23T08:00:00+08:00",
        "2026-11-23T00:00:00Z",
        "2026-11-23T00:00:00.5-05:30",
        "2026-11-23T00:00:00.123456+00:00",
        "2026-11-23 08:00:00+08:00",
    ],
)
def test_rfc3339_date_times_are_stored(ho, created_at):
    r = rec(created_at=created_at)
    got = acks(exchange(ho, post("/v1/records", batch(r), key=new_uuid())))
    assert got == [{"uuid": r["uuid"], "status": "stored"}]


# --- the send side: clients that never read their answer ----------------------------

BIG = 10 * 1024 * 1024


def media_server(tmp_path, **limits) -> HeadOfficeServer:
    media = tmp_path / "media"
    media.mkdir()
    (media / "big.bin").write_bytes(os.urandom(BIG))
    (media / "empty.txt").write_bytes(b"")
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(A, TA)
    add_supervisor(store, "floor", SUP)
    return HeadOfficeServer(store, media=media, limits=Limits(**limits)).start()


def non_reader(server, path: str, token: str = TA) -> socket.socket:
    """A connection asking for ``path`` that reads nothing of the answer."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(10)
    s.connect(server.server_address)
    s.sendall(get(path, token))
    return s


def wait_until(condition, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never came: {what}")
        time.sleep(0.01)


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def read_all(s: socket.socket) -> int:
    """Bytes the connection gives until the server closes it."""
    got = 0
    try:
        while chunk := s.recv(1 << 20):
            got += len(chunk)
    except ConnectionResetError:
        pass
    return got


def test_a_client_that_never_reads_is_closed_and_its_place_given_back(tmp_path):
    ho = media_server(tmp_path, per_bench=2, send_timeout=0.5)
    try:
        stalled = [non_reader(ho, "/v1/media/big.bin") for _ in range(2)]
        wait_until(lambda: ho.per_token.get(f"bench:{A}") == 2, "both answers being sent")
        assert_json_error(exchange(ho, get("/v1/records")), 429)  # their places are held
        wait_until(lambda: not ho.per_token and ho.inflight == 0, "the places given back")
        for s in stalled:
            assert read_all(s) < BIG  # closed by head office before the answer was taken
            s.close()
        status, _, body, _ = exchange(ho, get("/v1/records"))
        assert status == 200, body
    finally:
        ho.stop()
        ho.store.close()


def test_answers_waiting_on_clients_that_never_read_hold_little_memory(tmp_path):
    ho = media_server(tmp_path, per_bench=100, max_inflight=100, send_timeout=60)
    stalled = []
    try:
        before = rss_bytes()
        stalled = [non_reader(ho, "/v1/media/big.bin") for _ in range(30)]
        wait_until(lambda: ho.inflight == 30, "30 answers being sent")
        grown = rss_bytes() - before
        assert grown < 60 * 1024 * 1024, f"{grown / 2**20:.0f} MiB for 30 unread answers"
    finally:
        for s in stalled:
            s.close()
        ho.stop()
        ho.store.close()


def test_a_media_file_read_to_its_end_is_whole(tmp_path):
    ho = media_server(tmp_path)
    try:
        with httpx.Client(base_url=ho.url, headers={"Authorization": f"Bearer {TA}"}) as c:
            big = c.get("/v1/media/big.bin")
            assert big.status_code == 200
            assert big.content == (tmp_path / "media" / "big.bin").read_bytes()
            empty = c.get("/v1/media/empty.txt")
            assert empty.status_code == 200 and empty.content == b""
            head = c.head("/v1/media/big.bin")
            assert head.status_code == 200 and head.headers["content-length"] == str(BIG)
            assert c.get("/v1/media/none.bin").status_code == 404
    finally:
        ho.stop()
        ho.store.close()


# --- requests that can be read two ways (a proxy in front may read the other) ----------

AMBIGUOUS = [
    "Authorization: Bearer tok-b\r\n",
    "Idempotency-Key: another\r\n",
    "Content-Type: text/plain\r\n",
    "Content-Encoding: identity\r\nContent-Encoding: gzip\r\n",
    "Transfer-Encoding: chunked\r\n",
]


@pytest.mark.parametrize("extra", AMBIGUOUS)
def test_a_request_that_can_be_read_two_ways_is_400_and_closes(ho, extra):
    r = rec()
    body = batch(r)
    if "chunked" in extra:  # a chunked body that also says its Content-Length
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    answer = exchange(ho, post("/v1/records", body, extra=extra, key=new_uuid()))
    assert_json_error(answer, 400)
    assert answer[3], "the connection is closed after it"
    status, _, held, _ = exchange(ho, get("/v1/records"))
    assert status == 200 and r["uuid"] not in json.loads(held)["uuids"]


def test_two_bearer_tokens_on_a_read_are_400(ho):
    request = (
        f"GET /v1/records HTTP/1.1\r\nHost: ho\r\nAuthorization: Bearer tok-b\r\n"
        f"Authorization: Bearer {TA}\r\n\r\n"
    ).encode()
    assert_json_error(exchange(ho, request), 400)


def test_headers_given_once_and_repeated_other_headers_are_answered(ho):
    extra = "Accept: application/json\r\nAccept: */*\r\nX-Trace: 1\r\nX-Trace: 2\r\n"
    r = rec()
    acked = acks(exchange(ho, post("/v1/records", batch(r), extra=extra, key=new_uuid())))
    assert acked == [{"uuid": r["uuid"], "status": "stored"}]


# --- bodies that parse into far more memory than their size ------------------------


def many_values(kind: bytes, size: int) -> bytes:
    """A batch of about ``size`` bytes whose extra field holds tiny JSON values."""
    n = size // (len(kind) + 1)
    return b'{"records": [], "x": [' + b",".join([kind] * n) + b"]}"


@pytest.mark.parametrize("kind", [b"[]", b"{}", b"0", b'""'])
def test_a_body_of_millions_of_tiny_values_is_413_before_it_is_parsed(ho, kind):
    """Within the inflated limit, but parsed it would take 50 times that (31 MiB of
    ``[],`` took the process to 1.6 GiB for 13 s)."""
    raw = many_values(kind, 8 * 1024 * 1024)
    body = gzip.compress(raw)
    answer = exchange(
        ho, post("/v1/records", body, extra="Content-Encoding: gzip\r\n", key=new_uuid())
    )
    assert_json_error(answer, 413)


def test_a_large_batch_of_real_records_is_under_the_value_limit(ho):
    records = [
        rec(
            payload={"order": f"SO-{i}", "lines": [{"sku": "A", "qty": 1}] * 20, "tags": ["x"] * 20}
        )
        for i in range(5000)
    ]
    body = gzip.compress(batch(*records))
    answer = exchange(
        ho,
        post("/v1/records", body, extra="Content-Encoding: gzip\r\n", key=new_uuid()),
        timeout=60,
    )
    assert len(acks(answer)) == 5000


def test_values_are_counted_as_the_limit_says(tmp_path):
    ho = start(tmp_path, Limits(max_values=1000))
    try:
        under = b'{"records": [], "x": [' + b",".join([b"0"] * 990) + b"]}"
        assert acks(exchange(ho, post("/v1/records", under, key=new_uuid()))) == []
        over = b'{"records": [], "x": [' + b",".join([b"0"] * 1000) + b"]}"
        assert_json_error(exchange(ho, post("/v1/records", over, key=new_uuid())), 413)
    finally:
        ho.stop()
        ho.store.close()


@pytest.mark.parametrize(
    ("path", "token"),
    [
        ("/v1/master?cursor=0&cursor=5", TA),
        ("/v1/master?limit=1&limit=5000", TA),
        (f"/v1/records?bench_id={A}&bench_id=bench-b", SUP),
        (f"/v1/anchor?bench_id=bench-b&bench_id={A}", TA),
        ("/v1/daily?date=2026-11-23&date=2026-11-24", SUP),
        ("/v1/daily?date=2026-11-23&utc_offset=0&utc_offset=480", SUP),
    ],
)
def test_a_query_parameter_given_twice_is_400(ho, path, token):
    assert_json_error(exchange(ho, get(path, token)), 400)


def test_other_query_parameters_may_repeat(ho):
    status, _, body, _ = exchange(ho, get("/v1/master?cursor=0&x=1&x=2"))
    assert status == 200, body


# --- many large bodies at once ----------------------------------------------------------


def test_bodies_held_at_once_are_bounded_by_a_503_and_given_back(tmp_path):
    """Thirty benches each sending 15 MiB took one process to 1.4 GiB: the bodies
    held together have a limit; over it a 503 with Retry-After, and each body's
    share is given back once its answer is sent."""
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    for i in range(3):
        store.add_bench(f"b{i}", f"t{i}")
    ho = HeadOfficeServer(store, limits=Limits(max_bodies=1024 * 1024)).start()
    body = b'{"records": [], "x": "' + b"a" * (600 * 1024) + b'"}'

    def head(i: int) -> bytes:
        return post("/v1/records", body, token=f"t{i}", key=new_uuid())[: -len(body)]

    try:
        with socket.create_connection(ho.server_address, timeout=10) as first:
            first.sendall(head(0) + body[:-1])  # all but its last byte: held
            wait_until(lambda: ho.body_bytes >= len(body) - 1, "the first body held")
            headers = assert_json_error(exchange(ho, head(1) + body), 503)
            assert int(headers["retry-after"]) >= 1
            first.sendall(body[-1:])
            assert acks(read_answer(first)) == []
        wait_until(lambda: ho.body_bytes == 0 and ho.inflight == 0, "the bodies given back")
        assert acks(exchange(ho, head(2) + body)) == []
    finally:
        ho.stop()
        store.close()
