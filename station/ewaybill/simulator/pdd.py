"""The simulator's Pinduoduo gateway (``POST /api/router``, form):
``pdd.waybill.get``/``cancel``/``update``/``search`` and the shipment report
``pdd.logistics.online.send``.
"""

from __future__ import annotations

from functools import partial

from station.ewaybill.signing import pdd_sign, same
from station.ewaybill.simulator.core import (
    CloudPrintDialect,
    _Refusal,
    app_secret,
    cloud_print,
    gateway_answer,
    gateway_refusal,
    need,
    need_each,
    need_params,
    unix_time,
)

PLATFORM = "pdd"
METHOD_FIELD = "type"

# refusal kind -> (code, message, sub_code) in Pinduoduo's terms
ERRORS = {
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


# a refusal in Pinduoduo's ``error_response`` shape, an answer under ``<method>_response``
refusal_body = partial(gateway_refusal, ERRORS, "error_code", "error_msg")
answer_body = gateway_answer


def answer(sim, params: dict, method: str, fault: str) -> dict:
    """The answer of one Pinduoduo request; raises ``_Refusal``."""
    need_params(params, "type", "client_id", "timestamp", "sign")
    secret = app_secret(sim, PLATFORM, params["client_id"], "client_id")
    if not same(pdd_sign(params, secret), params["sign"]):
        raise _Refusal("signature", "the sign does not match the parameters")
    sim._fresh(unix_time(params["timestamp"]))
    shop = sim._shop(PLATFORM, params.get("access_token", ""))
    if fault == "ratelimit":
        raise _Refusal("ratelimit", "调用过于频繁，请调整调用频率")
    return cloud_print(sim, DIALECT, shop, params, method)


def _other(sim, params: dict, method: str) -> dict:
    """The shipment report."""
    if method == "pdd.logistics.online.send":
        need(params, "order_sn", "logistics_id", "tracking_number")
        if not str(params["logistics_id"]).isdigit():
            raise _Refusal("invalid", "logistics_id is a number")
        sim.ship(PLATFORM, params["order_sn"], params["logistics_id"], params["tracking_number"])
        return {"is_success": True}
    raise _Refusal("invalid", f"unknown type {method}")


def _check_order(d: dict) -> None:
    # open-pdd's types: these are not Option, so required; a recipient is
    # optional, but complete when given
    need(
        d,
        "object_id",
        "order_info.order_channels_type",
        "order_info.trade_order_list",
        "package_info.items",
        "template_url",
    )
    need_each(d, "package_info.items", "name", "count")
    if d.get("recipient") is not None:
        need(
            d,
            "recipient.name",
            "recipient.address.province",
            "recipient.address.city",
            "recipient.address.district",
            "recipient.address.detail",
        )
    if "user_id" not in d:
        raise _Refusal("missing", "missing required argument: user_id")


def _search(sim, shop, carrier: str) -> dict:
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
        for c, q, a, x in sim.subscriptions(shop, carrier)
    ]
    return {"waybill_apply_subscription_cols": cols}


DIALECT = CloudPrintDialect(
    platform=PLATFORM,
    method_prefix="pdd.waybill",
    carrier_field="wp_code",
    apply_fields=(
        "sender.name",
        "sender.address.province",
        "sender.address.city",
        "sender.address.district",
        "sender.address.detail",
        "trade_order_info_dtos",
    ),
    module_carrier_fields=(),
    modules_wrapper="",
    check_order=_check_order,
    search=_search,
    other=_other,
)
