"""The simulator's TOP gateway (Cainiao e-waybill, ``POST /router/rest``, form):
``cainiao.waybill.ii.get``/``cancel``/``update``/``search`` and the Taobao
shipment reports ``taobao.logistics.online.send`` and
``alibaba.ascp.logistics.offline.send``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from station.ewaybill.signing import TOP_SIGN_METHODS, same, top_sign
from station.ewaybill.simulator.core import (
    CHINA,
    CloudPrintDialect,
    _Refusal,
    app_secret,
    cloud_print,
    gateway_answer,
    gateway_refusal,
    json_param,
    need,
    need_each,
    need_params,
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


# a refusal in TOP's ``error_response`` shape, an answer under ``<method>_response``
refusal_body = partial(gateway_refusal, ERRORS, "code", "msg")
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
    return cloud_print(sim, DIALECT, shop, params, method)


def _other(sim, params: dict, method: str) -> dict:
    """The Taobao shipment reports."""
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


def _check_order(d: dict) -> None:
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


def _search(sim, shop, carrier: str) -> dict:
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
        for c, q, a, x in sim.subscriptions(shop, carrier)
    ]
    return {"waybill_apply_subscription_cols": {"waybill_apply_subscription_info": cols}}


DIALECT = CloudPrintDialect(
    platform=PLATFORM,
    method_prefix="cainiao.waybill.ii",
    carrier_field="cp_code",
    # required as opentaobao's metadata (cainiao_waybill_ii_get.json) marks them
    apply_fields=(
        "sender.name",
        "sender.address.province",
        "sender.address.detail",
        "trade_order_info_dtos",
    ),
    module_carrier_fields=("cp_code", "real_cp_code"),
    modules_wrapper="waybill_cloud_print_response",
    check_order=_check_order,
    search=_search,
    other=_other,
)
