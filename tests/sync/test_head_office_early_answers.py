"""Answers head office gives before it has read a request's body (503, 429, 401,
413, 415, 400, 431, 408) reach a client that is still sending: raw sockets on
127.0.0.1 against a real server. Closing a socket with unread bytes makes the
kernel send a reset, which can destroy the answer in the client's buffers before
it is read (RFC 9112 section 9.6); head office shuts its write side after the
answer and reads what still comes, within bounds of time and bytes."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import threading
import time

import pytest

from station.headoffice import protocol
from station.headoffice.office import Limits
from tests.sync.test_head_office_hostile import (
    TB,
    batch,
    exchange,
    get,
    post,
    read_answer,
    rec,
    slow_upload,
    start,
)

BODY = 200 * 1024  # a batch of 500 records is 40-500 KB as sent
CLIENTS = 20


def upload_to_the_end(address, data: bytes, *, pause_at: int | None = None) -> str:
    """Send all of ``data`` (from ``pause_at`` on only once an answer is there), read
    the answer and then the end of the connection. What the client saw:
    "<status> eof" for a whole JSON answer and a clean end, else what went wrong."""
    with socket.create_connection(address, timeout=30) as s:
        try:
            if pause_at is not None:
                s.sendall(data[:pause_at])
                select.select([s], [], [], 30)  # the answer is here; the client goes on
                data = data[pause_at:]
            for at in range(0, len(data), 16 * 1024):
                s.sendall(data[at : at + 16 * 1024])
        except OSError as exc:
            return f"reset while sending ({type(exc).__name__})"
        try:
            status, _, body, _ = read_answer(s)
        except ConnectionResetError:
            return "reset before the answer"
        except AssertionError:
            return "closed without an answer"
        try:
            if not json.loads(body).get("error"):
                return f"{status} without a JSON error"
        except ValueError:
            return f"{status} with a cut or non-JSON body {body[:80]!r}"
        try:
            while s.recv(65536):
                pass
        except ConnectionResetError:
            return f"{status} then reset"
        return f"{status} eof"


def all_at_once(address, requests: list[bytes], **kw) -> list[str]:
    seen: list[str] = [""] * len(requests)

    def one(i: int) -> None:
        seen[i] = upload_to_the_end(address, requests[i], **kw)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return seen


def uploads(n: int = CLIENTS, **kw) -> list[bytes]:
    """``n`` uploads of ``BODY`` bytes each (random: as large as sent as in memory)."""
    return [post("/v1/records", os.urandom(BODY), key=f"k{i}", **kw) for i in range(n)]


def no_key(body: bytes) -> bytes:
    return post("/v1/records", body).replace(b"Idempotency-Key: k1\r\n", b"")


CASES = {
    # status: (Limits, the requests)
    401: (Limits(), lambda: uploads(token="no-such-token")),
    429: (Limits(per_bench=0), uploads),
    413: (Limits(max_body=BODY // 2, per_bench=CLIENTS), uploads),
    415: (Limits(per_bench=CLIENTS), lambda: uploads(extra="Content-Type: text/plain\r\n")),
    400: (Limits(per_bench=CLIENTS), lambda: [no_key(os.urandom(BODY)) for _ in range(CLIENTS)]),
}


@pytest.mark.parametrize("status", sorted(CASES))
def test_each_refusal_before_the_body_reaches_clients_still_sending(tmp_path, status):
    limits, make = CASES[status]
    server = start(tmp_path, limits)
    try:
        requests = make()
        if status == 415:  # the second Content-Type would be refused as ambiguous
            requests = [r.replace(b"Content-Type: application/json\r\n", b"") for r in requests]
        seen = all_at_once(server.server_address, requests)
        assert seen == [f"{status} eof"] * len(requests)
    finally:
        server.stop()
        server.store.close()


def test_overload_503_reaches_every_client_still_sending(tmp_path):
    """One upload held (max_inflight=1), then 20 uploads of 200 KB at once: each
    gets its whole 503 JSON answer and then the end of the connection, no reset
    (closed at once, every one of them was followed by a reset)."""
    server = start(tmp_path, Limits(max_inflight=1, retry_after=2))
    try:
        busy = slow_upload(server, seconds=4.0)
        seen = all_at_once(server.server_address, uploads())
        busy.join(15)
        assert seen == ["503 eof"] * CLIENTS
        assert exchange(server, get("/v1/anchor", TB))[0] == 200  # and serving again
    finally:
        server.stop()
        server.store.close()


@pytest.mark.parametrize(
    "what",
    ["unreadable length", "two tokens", "head too large", "length and chunked"],
)
def test_requests_refused_by_their_head_reach_clients_still_sending(ho, what):
    body = os.urandom(BODY)
    data = post("/v1/records", body)
    if what == "unreadable length":
        data = data.replace(f"Content-Length: {BODY}".encode(), b"Content-Length: 2x")
    elif what == "two tokens":
        data = data.replace(b"Host: ho\r\n", f"Host: ho\r\nAuthorization: Bearer {TB}\r\n".encode())
    elif what == "head too large":
        data = data.replace(b"Host: ho\r\n", b"Host: ho\r\nX-Pad: " + b"p" * 20_000 + b"\r\n")
    else:
        data = data.replace(b"Host: ho\r\n", b"Host: ho\r\nTransfer-Encoding: chunked\r\n")
    seen = all_at_once(ho.server_address, [data] * 5)
    # a head too large is 431 from h11 or the application, depending on how it arrives
    assert set(seen) <= {"400 eof", "431 eof"}, seen


def test_a_body_that_stopped_coming_and_resumes_after_its_408_ends_cleanly(tmp_path):
    server = start(tmp_path, Limits(body_timeout=0.5, per_bench=10))
    try:
        data = uploads(5)
        seen = all_at_once(server.server_address, data, pause_at=len(data[0]) - BODY // 2)
        assert seen == ["408 eof"] * 5
    finally:
        server.stop()
        server.store.close()


def test_a_head_that_stopped_coming_and_resumes_after_its_408_ends_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(protocol, "HEADER_TIMEOUT", 0.5)
    server = start(tmp_path)
    try:
        data = post("/v1/records", os.urandom(BODY))
        seen = all_at_once(server.server_address, [data] * 5, pause_at=20)
        assert seen == ["408 eof"] * 5
    finally:
        server.stop()
        server.store.close()


def send_until_cut(s: socket.socket, piece: bytes, pause: float, most: int) -> tuple[bytes, int]:
    """Send ``piece`` after ``piece`` (``most`` bytes and 60 s at most), reading what
    comes: (what was read, bytes sent) once head office cuts the connection."""
    answer, sent = b"", 0
    deadline = time.monotonic() + 60
    while sent < most and time.monotonic() < deadline:
        if select.select([s], [], [], 0)[0]:
            try:
                answer += s.recv(65536)
            except ConnectionResetError:
                break
        try:
            s.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(piece)
        if pause:
            time.sleep(pause)
    return answer, sent


def endless_upload() -> bytes:
    return post("/v1/records", b"").replace(b"Content-Length: 0", b"Content-Length: 1000000000")


def test_a_client_that_never_stops_sending_is_cut_after_the_time_bound(tmp_path, monkeypatch):
    """413 at once; the client sends on slowly, forever: closed after
    LINGER_SECONDS (here 1 s), not held for as long as the client goes on."""
    monkeypatch.setattr(protocol, "LINGER_SECONDS", 1.0)
    server = start(tmp_path, Limits(max_body=1000))
    try:
        with socket.create_connection(server.server_address, timeout=30) as s:
            s.sendall(endless_upload())
            begun = time.monotonic()
            answer, sent = send_until_cut(s, b"x" * 1024, 0.005, 1 << 30)
            held = time.monotonic() - begun
        assert answer.startswith(b"HTTP/1.1 413 ")
        assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"]
        assert sent < protocol.LINGER_BYTES  # cut by the time bound, not the bytes one
        assert held < 60, f"held for {held:.0f} s"
        assert exchange(server, get("/v1/anchor"))[0] == 200
    finally:
        server.stop()
        server.store.close()


def test_a_client_that_sends_fast_forever_is_cut_after_the_byte_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(protocol, "LINGER_SECONDS", 600.0)
    monkeypatch.setattr(protocol, "LINGER_BYTES", 1 << 20)
    server = start(tmp_path, Limits(max_body=1000))
    try:
        with socket.create_connection(server.server_address, timeout=30) as s:
            s.sendall(endless_upload())
            answer, sent = send_until_cut(s, b"x" * 65536, 0, 4 << 30)
        assert answer.startswith(b"HTTP/1.1 413 ")
        assert sent < 1 << 30, f"{sent >> 20} MiB taken"  # what the kernels' buffers hold
        assert exchange(server, get("/v1/anchor"))[0] == 200
    finally:
        server.stop()
        server.store.close()


def test_a_request_arriving_as_the_keep_alive_time_runs_out_is_answered(tmp_path):
    """The idle timer of a keep-alive connection fires while a request waits
    unread in the kernel (the event loop was busy): the request is answered, the
    connection not closed under it."""
    server = start(tmp_path)
    try:
        with socket.create_connection(server.server_address, timeout=10) as s:
            s.sendall(get("/v1/anchor"))
            assert read_answer(s)[0] == 200
            conn = protocol._OPEN[(server.server_address, s.getsockname()[:2])]
            fired = threading.Event()

            def timer_fires_with_a_request_waiting() -> None:  # on the server's loop
                deadline = time.monotonic() + 10
                while not protocol.bytes_waiting(conn._raw) and time.monotonic() < deadline:
                    time.sleep(0.01)
                conn.timeout_keep_alive_handler()
                fired.set()

            conn.loop.call_soon_threadsafe(timer_fires_with_a_request_waiting)
            s.sendall(post("/v1/records", batch(rec()), key="at-the-edge"))
            assert fired.wait(10)
            status, _, body, _ = read_answer(s)
        assert status == 200, body
        assert len(server.store.uuids("bench-a")) == 1
    finally:
        server.stop()
        server.store.close()


def test_an_answered_request_read_to_its_end_closes_at_once(tmp_path):
    """Nothing left unread (a whole request, Connection: close): no lingering."""
    server = start(tmp_path)
    try:
        with socket.create_connection(server.server_address, timeout=10) as s:
            s.sendall(post("/v1/records", batch(rec()), extra="Connection: close\r\n"))
            assert read_answer(s)[0] == 200
            assert s.recv(10) == b""
        assert not any(c.lingering for c in list(protocol._OPEN.values()))
    finally:
        server.stop()
        server.store.close()


def test_stopping_head_office_does_not_wait_for_lingering_connections(tmp_path, monkeypatch):
    """A connection lingering after its 413 (the client neither sends nor closes)
    is closed when head office stops, not waited for (uvicorn would log that its
    graceful shutdown ran out)."""
    monkeypatch.setattr(protocol, "LINGER_SECONDS", 600.0)
    server = start(tmp_path, Limits(max_body=1000))
    with socket.create_connection(server.server_address, timeout=30) as s:
        s.sendall(endless_upload())
        status, _, _, _ = read_answer(s)
        assert status == 413
        deadline = time.monotonic() + 10  # the server closes its side just after the answer
        while not any(c.lingering for c in list(protocol._OPEN.values())):
            assert time.monotonic() < deadline, "the connection does not linger"
            time.sleep(0.01)
        server.stop()
        server.store.close()
        with contextlib.suppress(ConnectionResetError):  # a reset: the server is gone
            assert s.recv(10) == b""
