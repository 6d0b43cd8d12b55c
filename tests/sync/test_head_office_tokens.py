"""The reference head office lets in a bench by its token, and never a request with
an empty or missing token, whatever a bench was registered with. Against a real
server on 127.0.0.1 (in this process, and as ``station head-office``), with httpx."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import httpx
import pytest

from station.headoffice.models import Bench
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore, token_digest

BENCH, TOKEN = "bench-7", "s3cret-token"
EMPTY_AUTH = [None, "Bearer ", "Bearer    ", "Bearer", "Bearer \t", "bearer s3cret-token", ""]


def _headers(auth: str | None) -> dict:
    return {} if auth is None else {"Authorization": auth}


def _all_refused(url: str, auth: str | None) -> list[tuple[str, int]]:
    """Every bench resource asked with ``auth``: (what, status). httpx refuses to send a
    header value that ends in a space, which curl and others send: those go by
    http.client, byte for byte as given."""
    asks = [("GET", p) for p in ("/v1/master", "/v1/records", "/v1/anchor")]
    asks += [("GET", "/v1/tracking-numbers"), ("POST", "/v1/records")]
    body = json.dumps({"bench_id": "", "records": []}).encode()
    answers = []
    if auth is not None and auth != auth.rstrip():
        host, port = urlsplit(url).hostname, urlsplit(url).port
        for method, path in asks:
            conn = http.client.HTTPConnection(host, port, timeout=10)
            try:
                conn.request(
                    method, path, body if method == "POST" else None, {"Authorization": auth}
                )
                answers.append((f"{method} {path}", conn.getresponse().status))
            finally:
                conn.close()
        return answers
    with httpx.Client(base_url=url, headers=_headers(auth), timeout=10) as client:
        for method, path in asks:
            r = client.request(method, path, content=body if method == "POST" else None)
            answers.append((f"{method} {path}", r.status_code))
    return answers


@pytest.fixture
def store_with_blank_bench(tmp_path):
    """A head-office database in which a bench was registered with an empty token (as
    ``--bench nocolon`` did), and one with a blank one, beside a proper bench."""
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(BENCH, TOKEN)
    Bench.insert(bench_id="nocolon", token=token_digest("")).execute()
    Bench.insert(bench_id="blank", token=token_digest("   ")).execute()
    store.publish("product", "SOCK-5P", {"sku": "SOCK-5P", "name": "Socks"})
    yield store
    store.close()


@pytest.mark.parametrize("auth", EMPTY_AUTH)
def test_an_empty_or_missing_token_gets_nothing(store_with_blank_bench, auth):
    with HeadOfficeServer(store_with_blank_bench) as server:
        answers = _all_refused(server.url, auth)
    assert answers == [(what, 401) for what, _ in answers]


def test_the_right_token_still_gets_master_data(store_with_blank_bench):
    with HeadOfficeServer(store_with_blank_bench) as server:
        r = httpx.get(f"{server.url}/v1/master", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert [c["key"] for c in r.json()["changes"]] == ["SOCK-5P"]


@pytest.mark.parametrize("token", ["", "   ", None])
def test_the_store_refuses_to_register_a_bench_without_a_token(tmp_path, token):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        with pytest.raises(ValueError, match="token"):
            store.add_bench("bench-9", token)
        assert store.bench_for(token) is None
        assert Bench.select().count() == 0
    finally:
        store.close()


def _station(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=60, **kw
    )


@pytest.mark.parametrize(
    "spec", ["nocolon", "bench-7:", "bench-7:   ", ":tok", "bench-7: tok", "bench-7:tok "]
)
def test_a_bench_without_a_proper_token_is_refused_in_one_line(tmp_path, spec):
    db = tmp_path / "ho.sqlite3"
    r = _station("head-office", "--port", "0", "--db", f"sqlite:///{db}", "--bench", spec)
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("station head-office: argument --bench: ")
    assert not db.exists()  # refused before anything was opened or served


def test_station_head_office_lets_in_its_bench_and_no_empty_token(tmp_path):
    db = tmp_path / "ho.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station",
            "head-office",
            "--port",
            "0",
            "--db",
            f"sqlite:///{db}",
            "--bench",
            f"{BENCH}:{TOKEN}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = json.loads(proc.stdout.readline())["head_office"]
        for auth in EMPTY_AUTH:
            answers = _all_refused(url, auth)
            assert answers == [(what, 401) for what, _ in answers], auth
        ok = httpx.get(f"{url}/v1/master", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()


def test_one_answer_to_one_request_for_tracking_numbers(tmp_path):
    """GET /v1/tracking-numbers is answered once: a second answer left on a kept-alive
    connection would be read as the answer to the bench's next request."""
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(BENCH, TOKEN)
    try:
        with HeadOfficeServer(store) as server:
            host, port = server.server_address[:2]
            with socket.create_connection((host, port), timeout=10) as conn:
                conn.sendall(
                    b"GET /v1/tracking-numbers HTTP/1.1\r\nHost: x\r\n"
                    + f"Authorization: Bearer {TOKEN}\r\n".encode()
                    + b"Connection: close\r\n\r\n"
                )
                data = b""
                while chunk := conn.recv(65536):
                    data += chunk
    finally:
        store.close()
    assert data.startswith(b"HTTP/1.1 200")
    assert data.count(b"HTTP/1.1 ") == 1
