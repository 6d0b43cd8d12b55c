"""The platform simulator's HTTP server and shared state: apps, shops and their
balances, issued numbers with their routing and print data, shipment reports, the
request log and the faults; each request is routed to its platform's dialect
(:mod:`.cainiao`, :mod:`.pdd`, :mod:`.douyin`), which checks it and answers in
its platform's shape.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from station.ewaybill.base import redact_query
from station.ewaybill.simulator import cainiao, douyin, pdd
from station.ewaybill.simulator.core import (
    NUMBER_FORMATS,
    SKEW,
    IssuedWaybill,
    Shop,
    SimRequest,
    _Order,
    _Refusal,
)

log = logging.getLogger(__name__)


class PlatformSimulator(ThreadingHTTPServer):
    """The three platforms' e-waybill and shipment-report APIs on one HTTP server,
    with the state they share: apps, shops and balances, issued numbers, orders
    reported shipped, and every request in ``requests``."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.apps: dict[str, tuple[str, str]] = {}  # platform -> (app_key, secret)
        self.shops: dict[tuple[str, str], Shop] = {}
        self.waybills: dict[str, IssuedWaybill] = {}
        self.requests: list[SimRequest] = []
        self.faults: list[str] = []
        self.unreachable_districts: set[str] = set()
        # carrier -> the standard data's ``shippingOption`` of its plain print data
        # ({"code", "title", "services"}); a carrier not named gets none
        self.shipping_options: dict[str, dict] = {}
        self._issued_by_order: dict[tuple, list[str]] = {}
        self._serial = itertools.count(1)
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._print_key = hashlib.sha256(f"sim-print-key-{id(self)}".encode()).digest()
        # shipment reports (see ship)
        self.order_states: dict[tuple[str, str], str] = {}  # (platform, order id) -> state
        self.shipments: dict[tuple[str, str], tuple[str, str]] = {}

    # --- set-up ---

    def set_order_state(self, platform: str, order_id: str, state: str) -> None:
        """An order at the platform: ``paid`` (the default), ``cancelled``, ``refunded``."""
        with self._lock:
            self.order_states[(platform, str(order_id))] = state

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def add_app(self, platform: str, app_key: str, secret: str) -> None:
        self.apps[platform] = (app_key, secret)

    def add_shop(
        self, platform: str, token: str, balances: dict[str, int], *, expired=False
    ) -> Shop:
        shop = Shop(platform, token, {k.upper(): v for k, v in balances.items()}, expired)
        shop.names = {k.upper(): k for k in balances}
        self.shops[(platform, token)] = shop
        return shop

    def balance(self, platform: str, token: str, carrier: str) -> int:
        return self.shops[(platform, token)].balances.get(carrier.upper(), 0)

    def set_balance(self, platform: str, token: str, carrier: str, quantity: int) -> None:
        shop = self.shops[(platform, token)]
        shop.balances[carrier.upper()] = quantity
        shop.names.setdefault(carrier.upper(), carrier)

    def calls(self, method: str) -> list[SimRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method]

    def start(self) -> PlatformSimulator:
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="platform simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> PlatformSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def next_fault(self) -> str:
        with self._lock:
            return self.faults.pop(0) if self.faults else ""

    # --- checks shared by the platforms ---

    def _shop(self, platform: str, token: str) -> Shop:
        shop = self.shops.get((platform, token))
        if shop is None or shop.expired:
            raise _Refusal("token", "the shop's authorisation is unknown or expired")
        return shop

    @staticmethod
    def _fresh(ts: datetime) -> None:
        if abs(datetime.now(UTC) - ts) > SKEW:
            raise _Refusal("invalid", "timestamp out of range")

    # --- the e-waybill service ---

    def _number(self, carrier: str) -> str:
        prefix, digits = NUMBER_FORMATS.get(carrier, (carrier[:2].upper() or "XX", 12))
        width = digits - len(prefix) if prefix.isdigit() else digits
        n = next(self._serial)
        body = f"{(int(time.time() * 1000) % 10**6):06d}{n:07d}"[-width:].rjust(width, "0")
        return prefix + body

    @staticmethod
    def _routing(rec: dict) -> dict:
        h = int(
            hashlib.sha256(
                (rec.get("province", "") + rec.get("city", "") + rec.get("district", "")).encode()
            ).hexdigest(),
            16,
        )
        d = rec.get("district", "") or rec.get("city", "")
        return {
            "route_code": (
                f"{h % 900 + 100}-{h // 1000 % 900 + 100}-{h // 10**6 % 90 + 10} "
                f"{h // 10**8 % 900 + 100}"
            ),
            "sortation_name": f"{h // 10**11 % 900 + 100}{d[:2]}",
            "consolidation_code": f"{h // 10**14 % 900000 + 100000}",
            "consolidation_name": f"{rec.get('city', '')}转运中心集包",
        }

    def _seal(self, plain: dict) -> tuple[str, str]:
        """Opaque print data: base64 of (nonce + plain JSON under a keyed stream) and
        its HMAC signature. Nobody but the 'print component' could read it."""
        raw = json.dumps(plain, ensure_ascii=False, sort_keys=True).encode()
        nonce = hashlib.sha256(raw + str(next(self._serial)).encode()).digest()[:16]
        stream = b""
        counter = 0
        while len(stream) < len(raw):
            stream += hashlib.sha256(self._print_key + nonce + counter.to_bytes(4, "big")).digest()
            counter += 1
        blob = base64.b64encode(
            nonce + bytes(a ^ b for a, b in zip(raw, stream, strict=False))
        ).decode()
        sig = base64.b64encode(
            hmac.new(self._print_key, blob.encode(), hashlib.sha256).digest()
        ).decode()
        return blob, sig

    def _check_order(self, shop: Shop, carrier: str, o: _Order, need: int) -> None:
        rec = o.recipient
        encrypted = bool(rec.get("oaid")) or any(
            str(rec.get(k, "")).startswith(("~", "#")) for k in ("name", "mobile", "detail")
        )
        if not encrypted and any(
            "*" in str(rec.get(k, "")) for k in ("name", "mobile", "phone", "detail")
        ):
            raise _Refusal("masked", "收件人信息为脱敏数据，请使用密文或OAID取号")
        if rec.get("district") in self.unreachable_districts:
            raise _Refusal("address", f"{rec.get('district')} 不在该快递公司服务范围")
        if shop.balances.get(carrier, 0) < need:
            raise _Refusal("balance", "电子面单余额不足")

    def issue(
        self, platform: str, shop: Shop, carrier: str, o: _Order, print_style: str
    ) -> list[IssuedWaybill]:
        """Numbers for one order: the same ones again for an order and package id
        already served; else check, take from the balance, issue."""
        key = (platform, shop.token, carrier, o.order_ids, o.package_id)
        with self._lock:
            if key in self._issued_by_order:
                return [self.waybills[c] for c in self._issued_by_order[key]]
            self._check_order(shop, carrier, o, o.count)
            parent = self._number(carrier) if o.count > 1 else ""
            out = []
            routing = self._routing(o.recipient)
            for _ in range(o.count):
                code = self._number(carrier)
                print_data, sign = self._print_data(
                    platform, carrier, code, parent, o, routing, print_style
                )
                wb = IssuedWaybill(
                    platform,
                    shop.token,
                    carrier,
                    code,
                    parent,
                    o.order_ids,
                    routing,
                    print_data,
                    sign,
                )
                self.waybills[code] = wb
                out.append(wb)
            shop.balances[carrier] = shop.balances.get(carrier, 0) - o.count
            shop.allocated[carrier] = shop.allocated.get(carrier, 0) + o.count
            self._issued_by_order[key] = [w.code for w in out]
            return out

    def _print_data(
        self, platform, carrier, code, parent, o: _Order, routing: dict, style: str
    ) -> tuple[str, str]:
        rec = o.recipient
        label = {
            "waybillCode": code,
            "parentWaybillCode": parent,
            "cpCode": carrier,
            "recipient": {k: rec.get(k, "") for k in ("name", "mobile", "phone")}
            | {"address": {k: rec.get(k, "") for k in ("province", "city", "district", "detail")}},
        }
        blob, sig = self._seal(label)
        if style == "douyin":
            return blob, sig
        template_key = "templateURL" if style == "cainiao" else "templateUrl"
        if (
            o.encrypt
            or rec.get("oaid")
            or style == "pdd"
            and str(rec.get("name", "")).startswith("~")
        ):
            doc = {
                "encryptedData": blob,
                "signature": sig,
                template_key: o.template_url,
                "ver": "waybill_print_secret_version_1",
            }
        else:
            if style == "cainiao":
                info = {
                    "routeCode": routing["route_code"],
                    "sortation": {"name": routing["sortation_name"]},
                    "consolidation": {
                        "code": routing["consolidation_code"],
                        "name": routing["consolidation_name"],
                    },
                }
            else:
                info = {
                    "threeSegmentCode": routing["route_code"],
                    "bigShotName": routing["sortation_name"],
                    "bigShotCode": "",
                }
            option = self.shipping_options.get(carrier)
            doc = {
                "data": label
                | {"routingInfo": info}
                | ({"shippingOption": option} if option is not None else {}),
                "signature": sig,
                template_key: o.template_url,
            }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), ""

    def _shops_waybill(
        self, platform: str, shop: Shop, code: str, also: Callable[[IssuedWaybill], bool]
    ) -> IssuedWaybill:
        """The number ``code`` as issued to ``shop`` at ``platform`` and meeting
        ``also``; else refused as unknown."""
        wb = self.waybills.get(code)
        if wb is None or wb.platform != platform or wb.token != shop.token or not also(wb):
            raise _Refusal("unknown", f"运单号 {code} 不存在")
        return wb

    def cancel(self, platform: str, shop: Shop, carrier: str, code: str) -> None:
        with self._lock:
            wb = self._shops_waybill(platform, shop, code, lambda wb: wb.carrier == carrier)
            if wb.status == "cancelled":
                raise _Refusal("cancelled", f"运单号 {code} 已取消")
            wb.status = "cancelled"
            shop.balances[carrier] = shop.balances.get(carrier, 0) + 1
            shop.cancelled[carrier] = shop.cancelled.get(carrier, 0) + 1

    def update(
        self,
        platform: str,
        shop: Shop,
        carrier: str,
        code: str,
        recipient: dict,
        template_url: str,
        style: str,
    ) -> IssuedWaybill:
        with self._lock:
            wb = self._shops_waybill(platform, shop, code, lambda wb: wb.status == "issued")
            o = _Order(code, wb.order_ids, "", 1, recipient, template_url, False)
            wb.routing = self._routing(recipient)
            wb.print_data, wb.sign = self._print_data(
                platform, carrier, code, wb.parent, o, wb.routing, style
            )
            return wb

    def subscriptions(self, shop: Shop, carrier: str) -> list[tuple[str, int, int, int]]:
        carriers = [carrier] if carrier else sorted(shop.balances)
        return [
            (
                shop.names.get(c, c),
                shop.balances.get(c, 0),
                shop.allocated.get(c, 0),
                shop.cancelled.get(c, 0),
            )
            for c in carriers
            if c in shop.balances
        ]

    def ship(self, platform: str, order_id: str, carrier: str, tracking: str) -> None:
        """Record one shipment report (发货回传). Any order the simulator has not
        been told of is paid and waiting (``set_order_state`` says otherwise); an
        order reported once is ``shipped``, and a second report of it is refused
        (``shipped``), as is a report of a cancelled or refunded order
        (``order_closed``). Accepted reports are kept in ``shipments``:
        (platform, order id) -> (carrier, tracking)."""
        key = (platform, str(order_id))
        with self._lock:
            state = self.order_states.get(key, "paid")
            if state in ("cancelled", "refunded"):
                raise _Refusal("order_closed", f"订单已关闭，不能发货 ({state})")
            if state == "shipped":
                raise _Refusal("shipped", "订单已发货，不能重复发货")
            self.order_states[key] = "shipped"
            self.shipments[key] = (str(carrier), str(tracking))


class _Handler(BaseHTTPRequestHandler):
    server: PlatformSimulator
    protocol_version = "HTTP/1.1"
    # headers and body go out as two writes; without TCP_NODELAY every answer on a
    # kept-alive connection waits out the client's delayed ACK (40 ms)
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args) -> None:
        log.debug("platform simulator: %s", redact_query(fmt % args))

    def _send(self, status: int, body: dict | None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        # a caller that gave up (its timeout) has closed the connection: nothing to say
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        fault = self.server.next_fault()
        if fault.startswith("slow:"):
            time.sleep(float(fault.split(":", 1)[1]))
        elif fault == "down":
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        elif fault.startswith("http:"):
            self._send(int(fault.split(":", 1)[1]), None)
            return
        url = urlsplit(self.path)
        sim = self.server
        if url.path in ("/router/rest", "/api/router"):
            dialect = cainiao if url.path == "/router/rest" else pdd
            params = dict(parse_qsl(raw.decode(), keep_blank_values=True))
            method = params.get(dialect.METHOD_FIELD, "")
            self._serve(
                dialect, method, params, None, lambda: dialect.answer(sim, params, method, fault)
            )
        elif url.path.startswith(("/logistics/", "/order/")):
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            business = douyin.business_of(raw)
            self._serve(
                douyin,
                query.get("method", ""),
                query,
                business,
                lambda: douyin.answer(sim, url.path, query, business, fault),
            )
        else:
            self._send(404, {"error": "not found"})

    def _serve(
        self,
        dialect: ModuleType,
        method: str,
        params: dict,
        business: Any,
        answer: Callable[[], dict],
    ) -> None:
        """Log the request, answer it, and send the answer or the refusal in the
        dialect's shape (``refusal_body``, ``answer_body``); always HTTP 200."""
        req = SimRequest(dialect.PLATFORM, method, params, business)
        with self.server._lock:
            self.server.requests.append(req)
        try:
            data = answer()
        except _Refusal as r:
            req.answer = r.kind
            self._send(200, dialect.refusal_body(r))
            return
        req.answer = "ok"
        self._send(200, dialect.answer_body(method, data))
