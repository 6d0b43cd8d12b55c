"""E-waybills fetched ahead from the platform simulator.

- 10,000 orders (1,000 with ``--quick``) asked from the simulator running in its
  own process on 127.0.0.1, in calls of ten, through each platform's provider
  (signing, JSON, parsing; Douyin is two calls a batch: numbers, then print data):
  waybills per second. Baseline: the same number of calls POSTed to a bare
  loopback HTTP server that only reads and answers, counted as ten orders a call.
- Head office fetching ahead 10,000 sales orders (1,000 with ``--quick``) through
  its real path: ``HeadOfficeStore.publish_orders`` of ten orders at a time, its
  ``WaybillDesk`` asking the simulator (own process) for their e-waybills (one
  call of ten, the account's balance read once a batch), keeping each number in
  head office's SQLite file and publishing the orders with their e-waybills:
  waybills per second, against the same bare loopback POST.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

from benchmarks.common import Figure

APPS = {"cainiao": ("23456789", "s1"), "pdd": ("pdd-1", "s2"), "douyin": ("7000001", "s3")}
CARRIER = {"cainiao": "YTO", "pdd": "ZTO", "douyin": "ZTO"}
PATH = {"cainiao": "/router/rest", "pdd": "/api/router", "douyin": ""}
SIMULATOR = textwrap.dedent(
    """
    import sys
    from station.ewaybill.simulator import PlatformSimulator
    sim = PlatformSimulator(port=int(sys.argv[1]))
    for platform, key, secret, carrier in (
        ("cainiao", "23456789", "s1", "YTO"), ("pdd", "pdd-1", "s2", "ZTO"),
        ("douyin", "7000001", "s3", "ZTO"),
    ):
        sim.add_app(platform, key, secret)
        sim.add_shop(platform, "token-" + platform, {carrier: 10**9})
    sim.requests = type("NoLog", (list,), {"append": lambda self, x: None})()
    sim.serve_forever()
    """
)
BARE_SERVER = textwrap.dedent(
    """
    import sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        def log_message(self, *a): pass
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """
)


DEMO_SIMULATOR = textwrap.dedent(
    """
    import sys
    from station.ewaybill.simulator import PlatformSimulator
    from station.headoffice.demo_waybills import APPS, PLATFORM_CARRIERS, SHOPS
    sim = PlatformSimulator(port=int(sys.argv[1]))
    for platform, (key, secret) in APPS.items():
        sim.add_app(platform, key, secret)
    for platform, token in SHOPS.values():
        sim.add_shop(platform, token, {c: 10**9 for c in PLATFORM_CARRIERS})
    sim.requests = type("NoLog", (list,), {"append": lambda self, x: None})()
    sim.serve_forever()
    """
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(script: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen([sys.executable, "-c", script, str(port)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.post(url + "/x", timeout=0.5)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not come up")


def _requests(platform: str, n: int):
    from station.ewaybill import Address, PackageItem, Party, Recipient, WaybillRequest

    sender = Party(
        "华东仓", Address("浙江省", "杭州市", "余杭区", "仓前路 8 号"), mobile="13800000000"
    )
    rec = Recipient(
        "李四", Address("北京市", "北京市", "朝阳区", "建国路 88 号"), mobile="13900000000"
    )
    return [
        WaybillRequest(
            object_id=f"bm-{platform}-{i}",
            carrier_code=CARRIER[platform],
            sender=sender,
            recipient=rec,
            order_ids=(f"9{i:011d}",),
            items=(PackageItem("绿茶 250g", 2),),
            template_url="http://cloudprint.cainiao.com/template/standard/101/605",
            weight_g=820,
        )
        for i in range(n)
    ]


def head_office_fetch_ahead(root: Path, n: int, bare_rate: float) -> Figure:
    """``n`` Taobao orders published at head office ten at a time, each with its
    e-waybill fetched from the simulator in its own process."""
    from station.headoffice.demo_waybills import demo_config
    from station.headoffice.store import HeadOfficeStore
    from station.headoffice.waybills import IssuedWaybill, WaybillDesk

    sim, url = _serve(DEMO_SIMULATOR)
    store = HeadOfficeStore(f"sqlite:///{root}/ho-fetch-ahead.sqlite3")
    desk = WaybillDesk(store.db, demo_config(url))
    store.waybills = desk
    try:
        orders = [
            {
                "number": f"HO{i:08d}",
                "shop": "茶园直营店",
                "carrier": "ZTO",
                "buyer_name": "陈**",
                "buyer_phone": "136****4410",
                "address": "广东省广州市天河区天河路385号太古汇北塔",
                "recipient": {
                    "name": "陈**",
                    "oaid": f"OAID-HO{i:08d}",
                    "address": "广东省广州市天河区天河路385号",
                },
                "lines": [{"sku": "TEA-100", "name": "绿茶 250g", "qty": 2}],
            }
            for i in range(n)
        ]
        start = time.perf_counter()
        for k in range(0, n, 10):
            published = store.publish_orders(orders[k : k + 10])
            assert len(published) == len(orders[k : k + 10])
        rate = n / (time.perf_counter() - start)
        issued = IssuedWaybill.select().where(IssuedWaybill.status == "issued").count()
        if issued != n:
            raise RuntimeError(f"head office: {issued} e-waybills of {n} orders")
    finally:
        desk.close()
        store.close()
        sim.kill()
        sim.wait()
    return Figure(
        "head office fetching ahead, publish of 10 orders",
        rate,
        "waybills/s",
        baseline=bare_rate,
        baseline_name="bare loopback POST, 10 orders a call",
    )


def run(quick: bool = False) -> list[Figure]:
    from station.ewaybill import PlatformSettings, provider_for

    n = 1_000 if quick else 10_000
    figures = []
    bare, bare_url = _serve(BARE_SERVER)
    try:
        body = {"param": "x" * 2500}  # about the size of a ten-order request
        with httpx.Client() as c:
            start = time.perf_counter()
            for _ in range(n // 10):
                c.post(bare_url + "/router/rest", data=body)
            bare_rate = n / (time.perf_counter() - start)
    finally:
        bare.kill()
        bare.wait()
    sim, url = _serve(SIMULATOR)
    try:
        for platform in ("cainiao", "pdd", "douyin"):
            key, secret = APPS[platform]
            settings = PlatformSettings(
                url + PATH[platform], key, secret, "token-" + platform, user_id=1, timeout_s=30
            )
            reqs = _requests(platform, n)
            with provider_for(platform, settings) as p:
                start = time.perf_counter()
                results = p.request_waybills(reqs)
                rate = n / (time.perf_counter() - start)
            ok = sum(r.ok for r in results)
            if ok != n:
                raise RuntimeError(f"{platform}: {n - ok} of {n} refused")
            figures.append(
                Figure(
                    f"e-waybills fetched ahead, {platform}, calls of 10",
                    rate,
                    "waybills/s",
                    baseline=bare_rate,
                    baseline_name="bare loopback POST, 10 orders a call",
                )
            )
    finally:
        sim.kill()
        sim.wait()
    with tempfile.TemporaryDirectory() as d:
        figures.append(head_office_fetch_ahead(Path(d), n, bare_rate))
    return figures
