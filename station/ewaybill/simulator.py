"""A platform simulator for demo mode and tests: Cainiao (TOP gateway), Pinduoduo
and Douyin e-waybill APIs on one HTTP server on 127.0.0.1.

    sim = PlatformSimulator().start()
    sim.add_app("cainiao", "app-key", "app-secret")
    sim.add_shop("cainiao", "session-token", {"YTO": 100})
    ... CainiaoProvider(PlatformSettings(sim.url + "/router/rest", ...))
    sim.stop()

Paths: ``POST /router/rest`` (TOP, form), ``POST /api/router`` (Pinduoduo, form),
``POST /logistics/<name>`` (Douyin, common parameters in the query, param_json as
the body). Each request's signature, timestamp (10 minutes either way), app key and
shop token are checked, then the API's required fields; refusals use each
platform's error shape (docs/ewaybill.md lists which codes are confirmed and which
are this simulator's own). It issues unique numbers in the carrier's format, routing
data and opaque print data (a keyed stream over the label data, base64, with a
signature); keeps balance per shop and carrier (minus one a number, plus one a
cancel, a second cancel answers "already cancelled" and changes nothing); gives the
same number again for the same order and package id; and keeps every request in
``requests`` for tests to inspect.

Faults, consumed one a request from ``faults``: ``slow:SECONDS`` (answer late),
``down`` (close the connection without an answer), ``http:NNN`` (that status, no
body), ``ratelimit`` (the platform's rate-limit refusal). ``unreachable_districts``:
recipient districts the carriers refuse.
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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from station.ewaybill import sim_shipment
from station.ewaybill.base import redact_query
from station.ewaybill.signing import (
    DOUYIN_SIGN_METHODS,
    TOP_SIGN_METHODS,
    douyin_param_json,
    douyin_sign,
    pdd_sign,
    same,
    top_sign,
)

log = logging.getLogger(__name__)
SKEW = timedelta(minutes=10)
CHINA = timedelta(hours=8)

# carrier code -> (prefix, digits) of its numbers
NUMBER_FORMATS = {
    "YTO": ("YT", 13),
    "ZTO": ("7", 13),
    "STO": ("77", 11),
    "YUNDA": ("43", 11),
    "SF": ("SF", 13),
    "JT": ("JT", 13),
    "EMS": ("11", 11),
    "JD": ("JDV", 12),
    # Douyin's logistics codes
    "YUANTONG": ("YT", 13),
    "ZHONGTONG": ("7", 13),
    "SHENTONG": ("77", 11),
    "SHUNFENG": ("SF", 13),
    "JTEXPRESS": ("JT", 13),
}


class _Refusal(Exception):
    """A refusal in a neutral form; each platform renders it in its own shape."""

    def __init__(self, kind: str, msg: str):
        super().__init__(msg)
        self.kind = kind
        self.msg = msg


# refusal kind -> (code, message, sub_code) in each platform's terms
_TOP = {
    "signature": (25, "Invalid signature", "isv.invalid-signature"),
    "token": (27, "Invalid session", "session-expired"),
    "ratelimit": (7, "App Call Limited", "accesscontrol.limited-by-api-access-count"),
    "missing": (40, "Missing required arguments", "isv.missing-parameter"),
    "invalid": (41, "Invalid arguments", "isv.invalid-parameter"),
    "app": (29, "Invalid app Key", "isv.appkey-not-exists"),
    "balance": (15, "Remote service error", "isv.BALANCE_NOT_ENOUGH"),
    "address": (15, "Remote service error", "isv.ADDRESS_NOT_REACHABLE"),
    "masked": (15, "Remote service error", "isv.RECIPIENT_MASKED"),
    "cancelled": (15, "Remote service error", "isv.WAYBILL_ALREADY_CANCELLED"),
    "unknown": (15, "Remote service error", "isv.WAYBILL_NOT_EXIST"),
    # shipment reports (sim_shipment): the simulator's own sub codes
    "shipped": (15, "Remote service error", "isv.logistics-online-send-error:B04"),
    "order_closed": (15, "Remote service error", "isv.logistics-online-send-error:B01"),
}
_PDD = {
    "signature": (20004, "签名错误", ""),
    "token": (10019, "access_token已过期", ""),
    "ratelimit": (70031, "调用过于频繁", ""),
    "missing": (10001, "公共参数错误", "MISSING_PARAMETER"),
    "invalid": (10001, "公共参数错误", "INVALID_PARAMETER"),
    "app": (10016, "client_id不存在", ""),
    "balance": (50000, "业务错误", "WAYBILL_BALANCE_NOT_ENOUGH"),
    "address": (50000, "业务错误", "ADDRESS_NOT_REACHABLE"),
    "masked": (50000, "业务错误", "RECIPIENT_MASKED"),
    "cancelled": (50000, "业务错误", "WAYBILL_ALREADY_CANCELLED"),
    "unknown": (50000, "业务错误", "WAYBILL_NOT_EXIST"),
    "shipped": (50000, "业务错误", "ORDER_ALREADY_SHIPPED"),
    "order_closed": (50000, "业务错误", "ORDER_STATUS_NOT_ALLOW_SHIP"),
}
_DOUYIN = {
    "signature": (30001, "签名不正确", "isv.sign-invalid"),
    "token": (30002, "access_token已过期", "isv.access-token-expired"),
    "ratelimit": (30004, "调用过于频繁", "isv.request-too-frequent"),
    "missing": (40002, "缺少必选参数", "isv.missing-parameter:1001"),
    "invalid": (40004, "非法的参数", "isv.parameter-invalid:1000"),
    "app": (30003, "app_key不存在", "isv.app-key-invalid"),
    "balance": (50002, "业务处理失败", "isv.business-failed:10701"),
    "address": (50002, "业务处理失败", "isv.business-failed:10913"),
    "cancelled": (50002, "业务处理失败", "isv.business-failed:already-cancelled"),
    "unknown": (40004, "非法的参数", "isv.parameter-invalid:10911"),
    # 此订单状态不允许重新发货 (as a third-party SDK annotates logisticsEdit)
    "shipped": (50002, "业务处理失败", "isv.business-failed:10007"),
    "order_closed": (50002, "业务处理失败", "isv.business-failed:10007"),
}
# Douyin's per-order refusals (data.err_infos[].err_code)
_DOUYIN_ERR = {
    "address": "10913",
    "masked": "receiver-masked",
    "balance": "10701",
}


@dataclass
class Shop:
    """A seller's authorisation at one platform and its e-waybill balances."""

    platform: str
    token: str
    balances: dict[str, int]
    expired: bool = False
    names: dict[str, str] = field(default_factory=dict)  # carrier codes as the shop spells them
    allocated: dict[str, int] = field(default_factory=dict)
    cancelled: dict[str, int] = field(default_factory=dict)


@dataclass
class IssuedWaybill:
    platform: str
    token: str
    carrier: str
    code: str
    parent: str
    order_ids: tuple[str, ...]
    routing: dict
    print_data: str
    sign: str = ""
    status: str = "issued"  # issued | cancelled


@dataclass
class SimRequest:
    """One request as it arrived, and what it was answered."""

    platform: str
    method: str
    params: dict[str, str]
    business: Any
    answer: str = ""  # "ok" or the refusal kind


@dataclass
class _Order:
    """A request for one parcel (or one multi-parcel shipment), platform-neutral."""

    key: str  # Cainiao/PDD object_id; Douyin order_id
    order_ids: tuple[str, ...]
    package_id: str
    count: int
    recipient: dict  # name, mobile, phone, province, city, district, detail, oaid
    template_url: str
    encrypt: bool


class PlatformSimulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.apps: dict[str, tuple[str, str]] = {}  # platform -> (app_key, secret)
        self.shops: dict[tuple[str, str], Shop] = {}
        self.waybills: dict[str, IssuedWaybill] = {}
        self.requests: list[SimRequest] = []
        self.faults: list[str] = []
        self.unreachable_districts: set[str] = set()
        self._issued_by_order: dict[tuple, list[str]] = {}
        self._serial = itertools.count(1)
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._print_key = hashlib.sha256(f"sim-print-key-{id(self)}".encode()).digest()
        # shipment reports (station.ewaybill.sim_shipment)
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

    @staticmethod
    def _need(obj: Any, *paths: str) -> None:
        """Each dotted path must be present and non-empty in ``obj``."""
        for path in paths:
            cur = obj
            for part in path.split("."):
                cur = cur.get(part) if isinstance(cur, dict) else None
            if cur in (None, "", [], {}):
                raise _Refusal("missing", f"missing required argument: {path}")

    @classmethod
    def _need_each(cls, obj: Any, path: str, *fields: str) -> None:
        """Every element of the list at ``path`` has each of ``fields``."""
        cur = obj
        for part in path.split("."):
            cur = cur.get(part) if isinstance(cur, dict) else None
        if not isinstance(cur, list):
            raise _Refusal("invalid", f"{path} is not a list")
        for i, el in enumerate(cur):
            for f in fields:
                if not isinstance(el, dict) or el.get(f) in (None, "", [], {}):
                    raise _Refusal("missing", f"missing required argument: {path}[{i}].{f}")

    @staticmethod
    def _json_param(params: dict, name: str) -> Any:
        raw = params.get(name)
        if raw is None:
            raise _Refusal("missing", f"missing required argument: {name}")
        try:
            return json.loads(raw)
        except ValueError:
            raise _Refusal("invalid", f"{name} is not JSON") from None

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
            doc = {
                "data": label | {"routingInfo": info},
                "signature": sig,
                template_key: o.template_url,
            }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), ""

    def cancel(self, platform: str, shop: Shop, carrier: str, code: str) -> None:
        with self._lock:
            wb = self.waybills.get(code)
            if (
                wb is None
                or wb.platform != platform
                or wb.token != shop.token
                or wb.carrier != carrier
            ):
                raise _Refusal("unknown", f"运单号 {code} 不存在")
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
            wb = self.waybills.get(code)
            if (
                wb is None
                or wb.platform != platform
                or wb.token != shop.token
                or wb.status != "issued"
            ):
                raise _Refusal("unknown", f"运单号 {code} 不存在")
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


# --- the three platforms' request formats ---


def _recipient_from_cainiao(r: dict) -> dict:
    a = r.get("address") or {}
    return {
        "name": r.get("name", ""),
        "mobile": r.get("mobile", ""),
        "phone": r.get("phone", ""),
        "oaid": r.get("oaid", ""),
        "province": a.get("province", ""),
        "city": a.get("city", ""),
        "district": a.get("district", ""),
        "detail": a.get("detail", ""),
    }


def _recipient_from_douyin(r: dict) -> dict:
    a = r.get("address") or {}
    c = r.get("contact") or {}
    return {
        "name": c.get("name", ""),
        "mobile": c.get("mobile", ""),
        "phone": c.get("phone", ""),
        "province": a.get("province_name", ""),
        "city": a.get("city_name", ""),
        "district": a.get("district_name", ""),
        "detail": a.get("detail_address", ""),
    }


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
        if url.path == "/router/rest":
            self._top(dict(parse_qsl(raw.decode(), keep_blank_values=True)), fault)
        elif url.path == "/api/router":
            self._pdd(dict(parse_qsl(raw.decode(), keep_blank_values=True)), fault)
        elif url.path.startswith(("/logistics/", "/order/")):
            self._douyin(url.path, dict(parse_qsl(url.query, keep_blank_values=True)), raw, fault)
        else:
            self._send(404, {"error": "not found"})

    def _log(self, platform: str, method: str, params: dict, business: Any) -> SimRequest:
        req = SimRequest(platform, method, params, business)
        with self.server._lock:
            self.server.requests.append(req)
        return req

    # --- TOP (Cainiao) ---

    def _top(self, params: dict, fault: str) -> None:
        method = params.get("method", "")
        req = self._log("cainiao", method, params, None)
        try:
            answer = self._top_answer(params, method, fault)
        except _Refusal as r:
            req.answer = r.kind
            code, msg, sub = _TOP[r.kind]
            self._send(
                200,
                {
                    "error_response": {
                        "code": code,
                        "msg": msg,
                        "sub_code": sub,
                        "sub_msg": r.msg,
                        "request_id": "sim",
                    }
                },
            )
            return
        req.answer = "ok"
        self._send(200, {method.replace(".", "_") + "_response": answer | {"request_id": "sim"}})

    def _top_answer(self, params: dict, method: str, fault: str) -> dict:
        sim = self.server
        for name in ("method", "app_key", "timestamp", "v", "sign_method", "sign"):
            if not params.get(name):
                raise _Refusal("missing", f"missing required argument: {name}")
        if "cainiao" not in sim.apps or params["app_key"] != sim.apps["cainiao"][0]:
            raise _Refusal("app", "app_key not known")
        if params["sign_method"] not in TOP_SIGN_METHODS:
            raise _Refusal("invalid", "sign_method")
        if not same(
            top_sign(params, sim.apps["cainiao"][1], params["sign_method"]), params["sign"]
        ):
            raise _Refusal("signature", "the sign does not match the parameters")
        try:
            ts = (
                datetime.strptime(params["timestamp"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
                - CHINA
            )
        except ValueError:
            raise _Refusal("invalid", "timestamp") from None
        sim._fresh(ts)
        shop = sim._shop("cainiao", params.get("session", ""))
        if fault == "ratelimit":
            raise _Refusal("ratelimit", "This ban will last for 1 more seconds")
        if method == "cainiao.waybill.ii.get":
            apply = sim._json_param(params, "param_waybill_cloud_print_apply_new_request")
            # required as opentaobao's metadata (cainiao_waybill_ii_get.json) marks them
            sim._need(
                apply,
                "cp_code",
                "sender.name",
                "sender.address.province",
                "sender.address.detail",
                "trade_order_info_dtos",
            )
            dtos = apply["trade_order_info_dtos"]
            if len(dtos) > 10:
                raise _Refusal("invalid", "trade_order_info_dtos: 数量限制为10")
            orders = []
            for d in dtos:
                sim._need(
                    d,
                    "object_id",
                    "order_info.order_channels_type",
                    "order_info.trade_order_list",
                    "package_info.items",
                    "template_url",
                    "recipient.name",
                    "recipient.address.province",
                    "recipient.address.detail",
                )
                sim._need_each(d, "package_info.items", "name", "count")
                if d.get("user_id") is None:
                    raise _Refusal("missing", "missing required argument: user_id")
                pkg = d["package_info"]
                orders.append(
                    _Order(
                        d["object_id"],
                        tuple(d["order_info"]["trade_order_list"]),
                        str(pkg.get("id", "")),
                        int(pkg.get("total_packages_count") or 1),
                        _recipient_from_cainiao(d["recipient"]),
                        d["template_url"],
                        bool(apply.get("need_encrypt")),
                    )
                )
            carrier = apply["cp_code"].upper()
            for o in orders:  # a refused order refuses the call: check all before issuing any
                key = ("cainiao", shop.token, carrier, o.order_ids, o.package_id)
                if key not in sim._issued_by_order:
                    sim._check_order(shop, carrier, o, sum(x.count for x in orders))
            modules = []
            for o in orders:
                for wb in sim.issue("cainiao", shop, carrier, o, "cainiao"):
                    modules.append(
                        {
                            "object_id": o.key,
                            "waybill_code": wb.code,
                            "parent_waybill_code": wb.parent,
                            "print_data": wb.print_data,
                            "cp_code": carrier,
                            "real_cp_code": carrier,
                        }
                    )
            return {"modules": {"waybill_cloud_print_response": modules}}
        if method == "cainiao.waybill.ii.cancel":
            sim._need(params, "cp_code", "waybill_code")
            sim.cancel("cainiao", shop, params["cp_code"].upper(), params["waybill_code"])
            return {"cancel_result": True}
        if method == "cainiao.waybill.ii.update":
            upd = sim._json_param(params, "param_waybill_cloud_print_update_request")
            sim._need(upd, "cp_code", "waybill_code")
            wb = sim.update(
                "cainiao",
                shop,
                upd["cp_code"].upper(),
                upd["waybill_code"],
                _recipient_from_cainiao(upd.get("recipient") or {}),
                upd.get("template_url", ""),
                "cainiao",
            )
            return {"waybill_code": wb.code, "print_data": wb.print_data}
        if method == "cainiao.waybill.ii.search":
            cols = [
                {
                    "cp_code": c,
                    "cp_type": 2,
                    "branch_account_cols": {
                        "waybill_branch_account": [
                            {
                                "branch_code": f"{c}-001",
                                "branch_name": f"{c} 网点",
                                "quantity": q,
                                "allocated_quantity": a,
                                "cancel_quantity": x,
                                "print_quantity": a,
                            }
                        ]
                    },
                }
                for c, q, a, x in sim.subscriptions(shop, params.get("cp_code", "").upper())
            ]
            return {"waybill_apply_subscription_cols": {"waybill_apply_subscription_info": cols}}
        if sim_shipment.handles("cainiao", method):
            return sim_shipment.answer(sim, _Refusal, "cainiao", method, params, None)
        raise _Refusal("invalid", f"unknown method {method}")

    # --- Pinduoduo ---

    def _pdd(self, params: dict, fault: str) -> None:
        method = params.get("type", "")
        req = self._log("pdd", method, params, None)
        try:
            answer = self._pdd_answer(params, method, fault)
        except _Refusal as r:
            req.answer = r.kind
            code, msg, sub = _PDD[r.kind]
            self._send(
                200,
                {
                    "error_response": {
                        "error_code": code,
                        "error_msg": msg,
                        "sub_code": sub,
                        "sub_msg": r.msg,
                        "request_id": "sim",
                    }
                },
            )
            return
        req.answer = "ok"
        self._send(200, {method.replace(".", "_") + "_response": answer | {"request_id": "sim"}})

    def _pdd_answer(self, params: dict, method: str, fault: str) -> dict:
        sim = self.server
        for name in ("type", "client_id", "timestamp", "sign"):
            if not params.get(name):
                raise _Refusal("missing", f"missing required argument: {name}")
        if "pdd" not in sim.apps or params["client_id"] != sim.apps["pdd"][0]:
            raise _Refusal("app", "client_id not known")
        if not same(pdd_sign(params, sim.apps["pdd"][1]), params["sign"]):
            raise _Refusal("signature", "the sign does not match the parameters")
        try:
            ts = datetime.fromtimestamp(int(params["timestamp"]), UTC)
        except (ValueError, OverflowError, OSError):
            raise _Refusal("invalid", "timestamp") from None
        sim._fresh(ts)
        shop = sim._shop("pdd", params.get("access_token", ""))
        if fault == "ratelimit":
            raise _Refusal("ratelimit", "调用过于频繁，请调整调用频率")
        if method == "pdd.waybill.get":
            apply = sim._json_param(params, "param_waybill_cloud_print_apply_new_request")
            sim._need(
                apply,
                "wp_code",
                "sender.name",
                "sender.address.province",
                "sender.address.city",
                "sender.address.district",
                "sender.address.detail",
                "trade_order_info_dtos",
            )
            dtos = apply["trade_order_info_dtos"]
            if len(dtos) > 10:
                raise _Refusal("invalid", "trade_order_info_dtos: 数量限制为10")
            orders = []
            for d in dtos:
                # open-pdd's types: these are not Option, so required; a recipient is
                # optional, but complete when given
                sim._need(
                    d,
                    "object_id",
                    "order_info.order_channels_type",
                    "order_info.trade_order_list",
                    "package_info.items",
                    "template_url",
                )
                sim._need_each(d, "package_info.items", "name", "count")
                if d.get("recipient") is not None:
                    sim._need(
                        d,
                        "recipient.name",
                        "recipient.address.province",
                        "recipient.address.city",
                        "recipient.address.district",
                        "recipient.address.detail",
                    )
                if "user_id" not in d:
                    raise _Refusal("missing", "missing required argument: user_id")
                pkg = d["package_info"]
                orders.append(
                    _Order(
                        d["object_id"],
                        tuple(d["order_info"]["trade_order_list"]),
                        str(pkg.get("id", "")),
                        int(pkg.get("total_packages_count") or 1),
                        _recipient_from_cainiao(d["recipient"]),
                        d["template_url"],
                        bool(apply.get("need_encrypt")),
                    )
                )
            carrier = apply["wp_code"].upper()
            for o in orders:
                key = ("pdd", shop.token, carrier, o.order_ids, o.package_id)
                if key not in sim._issued_by_order:
                    sim._check_order(shop, carrier, o, sum(x.count for x in orders))
            modules = []
            for o in orders:
                for wb in sim.issue("pdd", shop, carrier, o, "pdd"):
                    modules.append(
                        {
                            "object_id": o.key,
                            "waybill_code": wb.code,
                            "parent_waybill_code": wb.parent,
                            "print_data": wb.print_data,
                        }
                    )
            return {"modules": modules}
        if method == "pdd.waybill.cancel":
            sim._need(params, "wp_code", "waybill_code")
            sim.cancel("pdd", shop, params["wp_code"].upper(), params["waybill_code"])
            return {"cancel_result": True}
        if method == "pdd.waybill.update":
            upd = sim._json_param(params, "param_waybill_cloud_print_update_request")
            sim._need(upd, "wp_code", "waybill_code")
            wb = sim.update(
                "pdd",
                shop,
                upd["wp_code"].upper(),
                upd["waybill_code"],
                _recipient_from_cainiao(upd.get("recipient") or {}),
                upd.get("template_url", ""),
                "pdd",
            )
            return {"waybill_code": wb.code, "print_data": wb.print_data}
        if method == "pdd.waybill.search":
            cols = [
                {
                    "wp_code": c,
                    "wp_type": 2,
                    "branch_account_cols": [
                        {
                            "branch_code": f"{c}-001",
                            "branch_name": f"{c} 网点",
                            "quantity": q,
                            "allocated_quantity": a,
                            "cancel_quantity": x,
                            "recycled_quantity": 0,
                        }
                    ],
                }
                for c, q, a, x in sim.subscriptions(shop, params.get("wp_code", "").upper())
            ]
            return {"waybill_apply_subscription_cols": cols}
        if sim_shipment.handles("pdd", method):
            return sim_shipment.answer(sim, _Refusal, "pdd", method, params, None)
        raise _Refusal("invalid", f"unknown type {method}")

    # --- Douyin ---

    def _douyin(self, path: str, query: dict, raw: bytes, fault: str) -> None:
        method = query.get("method", "")
        try:
            business = json.loads(raw.decode() or "{}")
        except (ValueError, UnicodeDecodeError):
            business = None
        req = self._log("douyin", method, query, business)
        try:
            data = self._douyin_answer(path, query, business, fault)
        except _Refusal as r:
            req.answer = r.kind
            code, msg, sub = _DOUYIN[r.kind] if r.kind in _DOUYIN else _DOUYIN["invalid"]
            self._send(
                200,
                {
                    "code": code,
                    "msg": msg,
                    "sub_code": sub,
                    "sub_msg": r.msg,
                    "data": None,
                    "log_id": "sim",
                },
            )
            return
        req.answer = "ok"
        self._send(
            200,
            {
                "code": 10000,
                "msg": "success",
                "sub_code": "",
                "sub_msg": "",
                "data": data,
                "log_id": "sim",
            },
        )

    def _douyin_answer(self, path: str, q: dict, business: Any, fault: str) -> dict:
        sim = self.server
        for name in ("app_key", "method", "timestamp", "v", "sign"):
            if not q.get(name):
                raise _Refusal("missing", f"missing required argument: {name}")
        if q["method"].replace(".", "/") != path.lstrip("/"):
            raise _Refusal("invalid", "method does not match the path")
        if "douyin" not in sim.apps or q["app_key"] != sim.apps["douyin"][0]:
            raise _Refusal("app", "app_key not known")
        if not isinstance(business, dict):
            raise _Refusal("invalid", "param_json is not a JSON object")
        sign_method = q.get("sign_method") or "md5"
        if sign_method not in DOUYIN_SIGN_METHODS:
            raise _Refusal("invalid", "sign_method")
        expected = douyin_sign(
            q["app_key"],
            sim.apps["douyin"][1],
            q["method"],
            douyin_param_json(business),
            q["timestamp"],
            q["v"],
            sign_method,
        )
        if not same(expected, q["sign"]):
            raise _Refusal(
                "signature", "the sign does not match param_json (keys sorted) and the parameters"
            )
        try:
            ts = datetime.fromtimestamp(int(q["timestamp"]), UTC)
        except (ValueError, OverflowError, OSError):
            raise _Refusal("invalid", "timestamp") from None
        sim._fresh(ts)
        shop = sim._shop("douyin", q.get("access_token", ""))
        if fault == "ratelimit":
            raise _Refusal("ratelimit", "调用过于频繁")
        method = q["method"]
        if method == "logistics.newCreateOrder":
            sim._need(
                business,
                "logistics_code",
                "sender_info.contact.name",
                "sender_info.address.country_code",
                "sender_info.address.province_name",
                "sender_info.address.city_name",
                "sender_info.address.district_name",
                "sender_info.address.detail_address",
                "order_infos",
            )
            if len(business["order_infos"]) > 50:
                raise _Refusal("invalid", "order_infos: 一次最多50条")
            carrier = business["logistics_code"].upper()
            ebills, errs = [], []
            for oi in business["order_infos"]:
                sim._need(
                    oi,
                    "order_id",
                    "receiver_info.contact.name",
                    "receiver_info.address.country_code",
                    "receiver_info.address.province_name",
                    "receiver_info.address.city_name",
                    "receiver_info.address.district_name",
                    "receiver_info.address.detail_address",
                    "items",
                )
                sim._need_each(oi, "items", "item_name", "item_count")
                o = _Order(
                    oi["order_id"],
                    (oi["order_id"], *oi.get("combine_orders", [])),
                    str(oi.get("pack_id", "")),
                    int(oi.get("total_pack_count") or 1),
                    _recipient_from_douyin(oi["receiver_info"]),
                    "",
                    True,
                )
                try:
                    issued = sim.issue("douyin", shop, carrier, o, "douyin")
                except _Refusal as r:
                    errs.append(
                        {
                            "order_id": o.key,
                            "pack_id": o.package_id,
                            "err_code": _DOUYIN_ERR.get(r.kind, r.kind),
                            "err_msg": r.msg,
                        }
                    )
                    continue
                rt = issued[0].routing
                info = {
                    "order_id": o.key,
                    "pack_id": o.package_id,
                    "company": business["logistics_code"],
                    "track_no": issued[0].parent or issued[0].code,
                    "sort_code": rt["route_code"],
                    "short_address_code": "",
                    "short_address_name": rt["sortation_name"],
                    "package_center_code": rt["consolidation_code"],
                    "package_center_name": rt["consolidation_name"],
                }
                if issued[0].parent:
                    info["sub_waybill_codes"] = ",".join(w.code for w in issued)
                ebills.append(info)
            return {"ebill_infos": ebills, "err_infos": errs}
        if method == "logistics.waybillApply":
            sim._need(business, "waybill_applies")
            sim._need_each(business, "waybill_applies", "logistics_code", "track_no")
            infos, errs = [], []
            for a in business["waybill_applies"]:
                wb = sim.waybills.get(a.get("track_no", ""))
                if wb is None or wb.platform != "douyin" or wb.token != shop.token:
                    errs.append(
                        {
                            "track_no": a.get("track_no", ""),
                            "err_code": 1003,
                            "err_msg": "运单号有误，请检查运单号",
                        }
                    )
                    continue
                infos.append({"track_no": wb.code, "print_data": wb.print_data, "sign": wb.sign})
            return {"waybill_infos": infos, "err_infos": errs}
        if method == "logistics.cancelOrder":
            sim._need(business, "logistics_code", "track_no")
            sim.cancel("douyin", shop, business["logistics_code"].upper(), business["track_no"])
            return {"cancel_result": True}
        if method == "logistics.updateOrder":
            sim._need(business, "logistics_code", "track_no")
            sim.update(
                "douyin",
                shop,
                business["logistics_code"].upper(),
                business["track_no"],
                _recipient_from_douyin(business.get("receiver_info") or {}),
                "",
                "douyin",
            )
            return {}
        if method == "logistics.listShopNetsite":
            code = str(business.get("logistics_code", "")).upper()
            nets = [
                {
                    "company": c,
                    "netsite_code": f"{c}-001",
                    "netsite_name": f"{c} 网点",
                    "amount": str(qn),
                    "allocated_quantity": a,
                    "cancelled_quantity": x,
                    "recycled_quantity": -1,
                    "company_type": 2,
                }
                for c, qn, a, x in sim.subscriptions(shop, code)
            ]
            return {"netsites": nets, "logistics_code": code}
        if sim_shipment.handles("douyin", method):
            return sim_shipment.answer(sim, _Refusal, "douyin", method, {}, business)
        raise _Refusal("invalid", f"unknown method {method}")
