"""The simulator's TOP gateway (Cainiao e-waybill, ``POST /router/rest``, form):
``cainiao.waybill.ii.get``/``cancel``/``update``/``search`` and the Taobao
shipment reports ``taobao.logistics.online.send`` and
``alibaba.ascp.logistics.offline.send``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from station.ewaybill.signing import TOP_SIGN_METHODS, same, top_sign
from station.ewaybill.simulator.core import (
    CHINA,
    _Refusal,
    app_secret,
    gateway_answer,
    gateway_refusal,
    issue_all,
    json_param,
    need,
    need_each,
    need_params,
    order_from_cloud_print,
    recipient_from_cainiao,
)

PLATFORM = "cainiao"
METHOD_FIELD = "method"

# refusal kind -> (code, message, sub_code) in TOP's terms
ERRORS = {
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
    # shipment reports: the simulator's own sub codes
    "shipped": (15, "Remote service error", "isv.logistics-online-send-error:B04"),
    "order_closed": (15, "Remote service error", "isv.logistics-online-send-error:B01"),
}


def refusal_body(r: _Refusal) -> dict:
    """A refusal in TOP's ``error_response`` shape."""
    return gateway_refusal(ERRORS, "code", "msg", r)


answer_body = gateway_answer


def answer(sim, params: dict, method: str, fault: str) -> dict:
    """The answer of one TOP request; raises ``_Refusal``."""
    need_params(params, "method", "app_key", "timestamp", "v", "sign_method", "sign")
    secret = app_secret(sim, PLATFORM, params["app_key"], "app_key")
    if params["sign_method"] not in TOP_SIGN_METHODS:
        raise _Refusal("invalid", "sign_method")
    if not same(top_sign(params, secret, params["sign_method"]), params["sign"]):
        raise _Refusal("signature", "the sign does not match the parameters")
    try:
        ts = datetime.strptime(params["timestamp"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) - CHINA
    except ValueError:
        raise _Refusal("invalid", "timestamp") from None
    sim._fresh(ts)
    shop = sim._shop(PLATFORM, params.get("session", ""))
    if fault == "ratelimit":
        raise _Refusal("ratelimit", "This ban will last for 1 more seconds")
    if method == "cainiao.waybill.ii.get":
        return _get(sim, shop, params)
    if method == "cainiao.waybill.ii.cancel":
        need(params, "cp_code", "waybill_code")
        sim.cancel(PLATFORM, shop, params["cp_code"].upper(), params["waybill_code"])
        return {"cancel_result": True}
    if method == "cainiao.waybill.ii.update":
        upd = json_param(params, "param_waybill_cloud_print_update_request")
        need(upd, "cp_code", "waybill_code")
        wb = sim.update(
            PLATFORM,
            shop,
            upd["cp_code"].upper(),
            upd["waybill_code"],
            recipient_from_cainiao(upd.get("recipient") or {}),
            upd.get("template_url", ""),
            PLATFORM,
        )
        return {"waybill_code": wb.code, "print_data": wb.print_data}
    if method == "cainiao.waybill.ii.search":
        return _search(sim, shop, params)
    if method == "taobao.logistics.online.send":
        need(params, "tid", "company_code")
        if not params.get("out_sid"):
            raise _Refusal("missing", "missing required argument: out_sid")
        sim.ship(PLATFORM, params["tid"], params["company_code"], params["out_sid"])
        return {"shipping": {"is_success": True}}
    if method == "alibaba.ascp.logistics.offline.send":
        need(params, "tid")
        pkgs = json_param(params, "consign_pkgs")
        if not isinstance(pkgs, list) or not pkgs:
            raise _Refusal("missing", "missing required argument: consign_pkgs")
        need_each({"p": pkgs}, "p", "out_sid", "company_code")
        first = pkgs[0]
        sim.ship(PLATFORM, params["tid"], first["company_code"], first["out_sid"])
        return {"result": {"success": True}}
    raise _Refusal("invalid", f"unknown method {method}")


def _get(sim, shop, params: dict) -> dict:
    apply = json_param(params, "param_waybill_cloud_print_apply_new_request")
    # required as opentaobao's metadata (cainiao_waybill_ii_get.json) marks them
    need(
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
        need(
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
        need_each(d, "package_info.items", "name", "count")
        if d.get("user_id") is None:
            raise _Refusal("missing", "missing required argument: user_id")
        orders.append(order_from_cloud_print(d, apply))
    carrier = apply["cp_code"].upper()
    modules = [
        {
            "object_id": o.key,
            "waybill_code": wb.code,
            "parent_waybill_code": wb.parent,
            "print_data": wb.print_data,
            "cp_code": carrier,
            "real_cp_code": carrier,
        }
        for o, wb in issue_all(sim, PLATFORM, shop, carrier, orders)
    ]
    return {"modules": {"waybill_cloud_print_response": modules}}


def _search(sim, shop, params: dict) -> dict:
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
