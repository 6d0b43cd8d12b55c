"""The simulator's Douyin gateway (``POST /logistics/<name>`` and ``/order/<name>``,
common parameters in the query, param_json as the body):
``logistics.newCreateOrder``/``waybillApply``/``cancelOrder``/``updateOrder``/
``listShopNetsite`` and the shipment report ``order.logisticsAdd``.
"""

from __future__ import annotations

import json
from typing import Any

from station.ewaybill.signing import DOUYIN_SIGN_METHODS, douyin_param_json, douyin_sign, same
from station.ewaybill.simulator.core import (
    _Order,
    _Refusal,
    app_secret,
    need,
    need_each,
    need_params,
    unix_time,
)

PLATFORM = "douyin"

# refusal kind -> (code, message, sub_code) in Douyin's terms
ERRORS = {
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
ERR_CODES = {
    "address": "10913",
    "masked": "receiver-masked",
    "balance": "10701",
}


def business_of(raw: bytes) -> Any:
    """The request body (param_json) as JSON, or None when it is not JSON."""
    try:
        return json.loads(raw.decode() or "{}")
    except (ValueError, UnicodeDecodeError):
        return None


def _envelope(code: int, msg: str, sub_code: str, sub_msg: str, data: Any) -> dict:
    return {
        "code": code,
        "msg": msg,
        "sub_code": sub_code,
        "sub_msg": sub_msg,
        "data": data,
        "log_id": "sim",
    }


def refusal_body(r: _Refusal) -> dict:
    """A refusal in Douyin's envelope (a kind Douyin has no code for as ``invalid``)."""
    code, msg, sub = ERRORS[r.kind] if r.kind in ERRORS else ERRORS["invalid"]
    return _envelope(code, msg, sub, r.msg, None)


def answer_body(method: str, data: dict) -> dict:
    """An answer in Douyin's envelope (code 10000)."""
    return _envelope(10000, "success", "", "", data)


def recipient_from_douyin(r: dict) -> dict:
    """A receiver_info in Douyin's shape, platform-neutral."""
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


def answer(sim, path: str, q: dict, business: Any, fault: str) -> dict:
    """The answer of one Douyin request; raises ``_Refusal``."""
    need_params(q, "app_key", "method", "timestamp", "v", "sign")
    if q["method"].replace(".", "/") != path.lstrip("/"):
        raise _Refusal("invalid", "method does not match the path")
    secret = app_secret(sim, PLATFORM, q["app_key"], "app_key")
    if not isinstance(business, dict):
        raise _Refusal("invalid", "param_json is not a JSON object")
    sign_method = q.get("sign_method") or "md5"
    if sign_method not in DOUYIN_SIGN_METHODS:
        raise _Refusal("invalid", "sign_method")
    expected = douyin_sign(
        q["app_key"],
        secret,
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
    sim._fresh(unix_time(q["timestamp"]))
    shop = sim._shop(PLATFORM, q.get("access_token", ""))
    if fault == "ratelimit":
        raise _Refusal("ratelimit", "调用过于频繁")
    method = q["method"]
    if method == "logistics.newCreateOrder":
        return _create(sim, shop, business)
    if method == "logistics.waybillApply":
        return _waybill_apply(sim, shop, business)
    if method == "logistics.cancelOrder":
        need(business, "logistics_code", "track_no")
        sim.cancel(PLATFORM, shop, business["logistics_code"].upper(), business["track_no"])
        return {"cancel_result": True}
    if method == "logistics.updateOrder":
        need(business, "logistics_code", "track_no")
        sim.update(
            PLATFORM,
            shop,
            business["logistics_code"].upper(),
            business["track_no"],
            recipient_from_douyin(business.get("receiver_info") or {}),
            "",
            PLATFORM,
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
    if method == "order.logisticsAdd":
        need(business, "order_id", "logistics_code")
        if not business.get("company_code") and not business.get("logistics_id"):
            raise _Refusal("missing", "company_code or logistics_id is required")
        carrier = business.get("company_code") or business.get("logistics_id")
        sim.ship(PLATFORM, str(business["order_id"]), carrier, business["logistics_code"])
        return {}
    raise _Refusal("invalid", f"unknown method {method}")


def _create(sim, shop, business: dict) -> dict:
    need(
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
        need(
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
        need_each(oi, "items", "item_name", "item_count")
        o = _Order(
            oi["order_id"],
            (oi["order_id"], *oi.get("combine_orders", [])),
            str(oi.get("pack_id", "")),
            int(oi.get("total_pack_count") or 1),
            recipient_from_douyin(oi["receiver_info"]),
            "",
            True,
        )
        try:
            issued = sim.issue(PLATFORM, shop, carrier, o, PLATFORM)
        except _Refusal as r:
            errs.append(
                {
                    "order_id": o.key,
                    "pack_id": o.package_id,
                    "err_code": ERR_CODES.get(r.kind, r.kind),
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


def _waybill_apply(sim, shop, business: dict) -> dict:
    need(business, "waybill_applies")
    need_each(business, "waybill_applies", "logistics_code", "track_no")
    infos, errs = [], []
    for a in business["waybill_applies"]:
        wb = sim.waybills.get(a.get("track_no", ""))
        if wb is None or wb.platform != PLATFORM or wb.token != shop.token:
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
