"""The platform simulator's shared pieces: the neutral refusal, its records, the
field checks every platform's methods use, and the envelopes of the two gateways
that answer alike (TOP and Pinduoduo).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

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


# --- checks shared by the platforms ---


def need_params(params: dict, *names: str) -> None:
    """Each of the common parameters ``names`` is present and non-empty."""
    for name in names:
        if not params.get(name):
            raise _Refusal("missing", f"missing required argument: {name}")


def need(obj: Any, *paths: str) -> None:
    """Each dotted path must be present and non-empty in ``obj``."""
    for path in paths:
        cur = obj
        for part in path.split("."):
            cur = cur.get(part) if isinstance(cur, dict) else None
        if cur in (None, "", [], {}):
            raise _Refusal("missing", f"missing required argument: {path}")


def need_each(obj: Any, path: str, *fields: str) -> None:
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


def json_param(params: dict, name: str) -> Any:
    """The JSON value of the parameter ``name``; refused when absent or not JSON."""
    raw = params.get(name)
    if raw is None:
        raise _Refusal("missing", f"missing required argument: {name}")
    try:
        return json.loads(raw)
    except ValueError:
        raise _Refusal("invalid", f"{name} is not JSON") from None


def unix_time(value: str) -> datetime:
    """A timestamp in seconds since the epoch (Pinduoduo, Douyin), as UTC."""
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise _Refusal("invalid", "timestamp") from None


def app_secret(sim, platform: str, app_key: str, name: str) -> str:
    """The secret of the app the request names; refused when it is not the
    platform's registered app (``name`` is the platform's word for the key)."""
    if platform not in sim.apps or app_key != sim.apps[platform][0]:
        raise _Refusal("app", f"{name} not known")
    return sim.apps[platform][1]


# --- the TOP and Pinduoduo gateways' envelopes ---


def gateway_refusal(errors: dict, code_key: str, msg_key: str, r: _Refusal) -> dict:
    """A refusal as TOP and Pinduoduo give it: ``error_response`` with the
    platform's code and message under its own keys (``errors``: kind -> (code,
    message, sub_code))."""
    code, msg, sub = errors[r.kind]
    return {
        "error_response": {
            code_key: code,
            msg_key: msg,
            "sub_code": sub,
            "sub_msg": r.msg,
            "request_id": "sim",
        }
    }


def gateway_answer(method: str, answer: dict) -> dict:
    """An answer as TOP and Pinduoduo give it: under ``<method>_response``."""
    return {method.replace(".", "_") + "_response": answer | {"request_id": "sim"}}


def recipient_from_cainiao(r: dict) -> dict:
    """A recipient in Cainiao's (and Pinduoduo's) request shape, platform-neutral."""
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


def order_from_cloud_print(d: dict, apply: dict) -> _Order:
    """One ``trade_order_info_dtos`` element of Cainiao's and Pinduoduo's
    cloud-print apply request (its fields already checked)."""
    pkg = d["package_info"]
    return _Order(
        d["object_id"],
        tuple(d["order_info"]["trade_order_list"]),
        str(pkg.get("id", "")),
        int(pkg.get("total_packages_count") or 1),
        recipient_from_cainiao(d["recipient"]),
        d["template_url"],
        bool(apply.get("need_encrypt")),
    )


def issue_all(sim, platform: str, shop: Shop, carrier: str, orders: list[_Order]) -> list:
    """Numbers for every order of one call, as (order, waybill) pairs; a refused
    order refuses the call: all are checked before any is issued."""
    for o in orders:
        key = (platform, shop.token, carrier, o.order_ids, o.package_id)
        if key not in sim._issued_by_order:
            sim._check_order(shop, carrier, o, sum(x.count for x in orders))
    return [(o, wb) for o in orders for wb in sim.issue(platform, shop, carrier, o, platform)]


# --- the cloud-print API as Cainiao and Pinduoduo share it ---


@dataclass(frozen=True)
class CloudPrintDialect:
    """What differs between Cainiao's cloud-print API and Pinduoduo's copy of it.

    ``method_prefix``: ``cainiao.waybill.ii`` / ``pdd.waybill``; ``carrier_field``:
    ``cp_code`` / ``wp_code``; ``apply_fields``: the apply request's required fields
    besides the carrier; ``module_carrier_fields``: fields of an issued number that
    repeat the carrier; ``modules_wrapper``: the object TOP wraps the list of
    issued numbers in (empty: none); ``check_order(dto)`` refuses an incomplete
    ``trade_order_info_dtos`` element; ``search(sim, shop, carrier)`` answers the
    search; ``other(sim, params, method)`` answers any other method."""

    platform: str
    method_prefix: str
    carrier_field: str
    apply_fields: tuple[str, ...]
    module_carrier_fields: tuple[str, ...]
    modules_wrapper: str
    check_order: Callable[[dict], None]
    search: Callable[[Any, Shop, str], dict]
    other: Callable[[Any, dict, str], dict]


def cloud_print(sim, dialect: CloudPrintDialect, shop: Shop, params: dict, method: str) -> dict:
    """The answer of a cloud-print method (``<method_prefix>.get``/``cancel``/
    ``update``/``search``) of Cainiao or of Pinduoduo's copy; any other method is
    ``dialect.other``'s. Raises ``_Refusal``."""
    platform, prefix, field = dialect.platform, dialect.method_prefix, dialect.carrier_field
    if method == prefix + ".get":
        return _cloud_print_get(sim, dialect, shop, params)
    if method == prefix + ".cancel":
        need(params, field, "waybill_code")
        sim.cancel(platform, shop, params[field].upper(), params["waybill_code"])
        return {"cancel_result": True}
    if method == prefix + ".update":
        upd = json_param(params, "param_waybill_cloud_print_update_request")
        need(upd, field, "waybill_code")
        wb = sim.update(
            platform,
            shop,
            upd[field].upper(),
            upd["waybill_code"],
            recipient_from_cainiao(upd.get("recipient") or {}),
            upd.get("template_url", ""),
            platform,
        )
        return {"waybill_code": wb.code, "print_data": wb.print_data}
    if method == prefix + ".search":
        return dialect.search(sim, shop, params.get(field, "").upper())
    return dialect.other(sim, params, method)


def _cloud_print_get(sim, dialect: CloudPrintDialect, shop: Shop, params: dict) -> dict:
    apply = json_param(params, "param_waybill_cloud_print_apply_new_request")
    field = dialect.carrier_field
    need(apply, field, *dialect.apply_fields)
    dtos = apply["trade_order_info_dtos"]
    if len(dtos) > 10:
        raise _Refusal("invalid", "trade_order_info_dtos: 数量限制为10")
    orders = []
    for d in dtos:
        dialect.check_order(d)
        orders.append(order_from_cloud_print(d, apply))
    carrier = apply[field].upper()
    modules = [
        {
            "object_id": o.key,
            "waybill_code": wb.code,
            "parent_waybill_code": wb.parent,
            "print_data": wb.print_data,
        }
        | dict.fromkeys(dialect.module_carrier_fields, carrier)
        for o, wb in issue_all(sim, dialect.platform, shop, carrier, orders)
    ]
    wrapper = dialect.modules_wrapper
    return {"modules": {wrapper: modules} if wrapper else modules}
