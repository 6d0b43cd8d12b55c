"""The platform simulator's shipment-report methods (发货回传), checked like its
other methods (signature, timestamp, shop token first, in the simulator) and then
their required fields: ``taobao.logistics.online.send``,
``alibaba.ascp.logistics.offline.send``, ``pdd.logistics.online.send``,
``order.logisticsAdd``.

The simulator takes any order it has not been told of as paid and waiting
(``PlatformSimulator.set_order_state`` says otherwise: ``cancelled``,
``refunded``); an order reported once is ``shipped``, and a second report of it
is refused as the platforms refuse it (``shipped`` refusal), as is a report of a
cancelled or refunded order (``order_closed``). Every accepted report is kept in
``PlatformSimulator.shipments``: (platform, order id) -> (carrier, tracking).
"""

from __future__ import annotations

from typing import Any

METHODS = {
    "cainiao": ("taobao.logistics.online.send", "alibaba.ascp.logistics.offline.send"),
    "pdd": ("pdd.logistics.online.send",),
    "douyin": ("order.logisticsAdd",),
}


def handles(platform: str, method: str) -> bool:
    return method in METHODS.get(platform, ())


def answer(sim, refusal, platform: str, method: str, params: dict, business: Any) -> dict:
    """The answer of one shipment report; raises ``refusal(kind, msg)`` (the
    simulator's ``_Refusal``) for a missing field, an already shipped or closed order."""
    if method == "taobao.logistics.online.send":
        sim._need(params, "tid", "company_code")
        if not params.get("out_sid"):
            raise refusal("missing", "missing required argument: out_sid")
        _ship(sim, refusal, platform, params["tid"], params["company_code"], params["out_sid"])
        return {"shipping": {"is_success": True}}
    if method == "alibaba.ascp.logistics.offline.send":
        sim._need(params, "tid")
        pkgs = sim._json_param(params, "consign_pkgs")
        if not isinstance(pkgs, list) or not pkgs:
            raise refusal("missing", "missing required argument: consign_pkgs")
        sim._need_each({"p": pkgs}, "p", "out_sid", "company_code")
        first = pkgs[0]
        _ship(sim, refusal, platform, params["tid"], first["company_code"], first["out_sid"])
        return {"result": {"success": True}}
    if method == "pdd.logistics.online.send":
        sim._need(params, "order_sn", "logistics_id", "tracking_number")
        if not str(params["logistics_id"]).isdigit():
            raise refusal("invalid", "logistics_id is a number")
        _ship(
            sim,
            refusal,
            platform,
            params["order_sn"],
            params["logistics_id"],
            params["tracking_number"],
        )
        return {"is_success": True}
    # order.logisticsAdd
    sim._need(business, "order_id", "logistics_code")
    if not business.get("company_code") and not business.get("logistics_id"):
        raise refusal("missing", "company_code or logistics_id is required")
    carrier = business.get("company_code") or business.get("logistics_id")
    _ship(sim, refusal, platform, str(business["order_id"]), carrier, business["logistics_code"])
    return {}


def _ship(sim, refusal, platform: str, order_id: str, carrier: str, tracking: str) -> None:
    key = (platform, str(order_id))
    with sim._lock:
        state = sim.order_states.get(key, "paid")
        if state in ("cancelled", "refunded"):
            raise refusal("order_closed", f"订单已关闭，不能发货 ({state})")
        if state == "shipped":
            raise refusal("shipped", "订单已发货，不能重复发货")
        sim.order_states[key] = "shipped"
        sim.shipments[key] = (str(carrier), str(tracking))
