"""Answers as a broken gateway or a changed API might send them: every one ends as
a typed e-waybill error, never a traceback and never a waybill without a number."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from station.ewaybill import PlatformSettings, provider_for
from station.ewaybill.errors import EwaybillError
from tests.ewaybill.conftest import CARRIER, order

ODD = {
    "cainiao": [
        b"[]",
        b"<html>502 Bad Gateway</html>",
        b'{"error_response": "oops"}',
        b'{"error_response": {"code": "abc", "msg": 5}}',
        b'{"cainiao_waybill_ii_get_response": {"modules": "x"}}',
        b'{"cainiao_waybill_ii_get_response": {"modules": [{"object_id": "parcel-1", "waybill_code": null}]}}',
        b'{"cainiao_waybill_ii_get_response": []}',
        b'{"cainiao_waybill_ii_search_response": {"waybill_apply_subscription_cols": [{"branch_account_cols": [{"quantity": "many"}]}]}}',
    ],
    "pdd": [
        b"{}",
        b'{"pdd_waybill_get_response": {"modules": [{"object_id": 1}]}}',
        b'{"pdd_waybill_get_response": {"modules": 7}}',
        b'{"error_response": {"error_code": null}}',
        b'{"pdd_waybill_search_response": {"waybill_apply_subscription_cols": [{"branch_account_cols": [7]}]}}',
    ],
    "douyin": [
        b'{"code": "10000"}',
        b'{"code": 10000, "data": {"ebill_infos": [{"order_id": "3000000001"}]}}',
        b'{"code": 10000, "data": {"ebill_infos": "none", "err_infos": [3]}}',
        b'{"code": 10000, "data": {"netsites": [{"amount": "lots"}]}}',
        b'{"code": 50002, "msg": null, "sub_code": {"x": 1}}',
    ],
}


class _Fixed(BaseHTTPRequestHandler):
    body = b""

    def log_message(self, *a):
        pass

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.mark.parametrize(
    "platform,body",
    [(p, b) for p, bodies in ODD.items() for b in bodies],
    ids=lambda v: str(v)[:40],
)
def test_odd_answer_is_a_typed_error(platform, body):
    handler = type("H", (_Fixed,), {"body": body})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        host, port = server.server_address[:2]
        settings = PlatformSettings(
            f"http://{host}:{port}/router/rest", "k", "s", "t", timeout_s=3, user_id=1
        )
        with provider_for(platform, settings) as p:
            (result,) = p.request_waybills([order(platform, 1)])
            assert isinstance(result.error, EwaybillError), result
            assert all(w.waybill_code for w in result.waybills)
            for call in (lambda: p.balance(CARRIER[platform]), lambda: p.cancel("ZTO", "1")):
                try:
                    call()
                except EwaybillError as exc:
                    assert exc.code.startswith("ewaybill_")
    finally:
        server.shutdown()
        server.server_close()


def test_every_error_code_is_stable_and_distinct():
    from station.ewaybill.errors import CODES

    assert len(set(CODES)) == len(CODES)
    assert all(c.startswith("ewaybill_") for c in CODES)
    json.dumps(CODES)
