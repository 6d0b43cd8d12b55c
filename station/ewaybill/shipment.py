"""The shipment report (发货回传): telling the platform that an order left with a
carrier, at the carrier handover and never before (a number uploaded before the
parcel leaves is false dispatch, 虚假发货).

One call per order, the order's first parcel's number (the parent of a
multi-parcel order):

- Taobao/Tmall (TOP, the Cainiao provider's shop): ``taobao.logistics.online.send``
  with ``tid``, ``out_sid``, ``company_code`` (answer ``shipping.is_success``); or,
  for an order shipped with the seller's own carrier contract,
  ``alibaba.ascp.logistics.offline.send`` with ``tid`` and ``consign_pkgs``
  ``[{out_sid, company_code}]`` (answer ``result.success``);
- Pinduoduo: ``pdd.logistics.online.send`` with ``order_sn``, ``logistics_id`` (the
  platform's numeric carrier id) and ``tracking_number`` (answer ``is_success``);
- Douyin: ``order.logisticsAdd`` (path ``/order/logisticsAdd``) with ``order_id``,
  ``company_code`` and ``logistics_code`` (the tracking number), ``logistics_id``
  where the shop uses the numeric id.

docs/shipment-report.md says which names and fields are confirmed and from where.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.ewaybill import errors as E

METHODS = {
    "cainiao": "taobao.logistics.online.send",
    "cainiao-offline": "alibaba.ascp.logistics.offline.send",
    "pdd": "pdd.logistics.online.send",
    "douyin": "order.logisticsAdd",
}


@dataclass(frozen=True)
class Shipment:
    """One order's shipment as the platform is told it. ``carrier_code``: the
    platform's code of the carrier (TOP ``company_code``, Douyin ``company_code``);
    ``logistics_id``: Pinduoduo's (and optionally Douyin's) numeric carrier id;
    ``offline``: TOP only, the seller's own carrier contract."""

    order_id: str
    carrier_code: str
    tracking_number: str
    logistics_id: int | None = None
    offline: bool = False


@dataclass(frozen=True)
class ShipmentAnswer:
    """The platform's word on one order: ``accepted``, or refused with its ``reason``
    and ``code`` (platform code/sub code). ``retry``: nothing was decided (the
    platform could not be reached, a rate limit): ask again later."""

    order_id: str
    accepted: bool
    reason: str = ""
    code: str = ""
    retry: bool = False


def report_shipment(provider, shipment: Shipment) -> ShipmentAnswer:
    """Tell ``provider``'s platform (a Cainiao, Pinduoduo or Douyin provider from
    ``station.ewaybill``) that ``shipment`` left. Never raises for the platform's
    answer: a refusal is an answer; ValueError for a provider of no platform here
    or a Pinduoduo shipment without ``logistics_id``."""
    platform = getattr(provider, "platform", "")
    try:
        if platform == "cainiao":
            ok = _top(provider, shipment)
        elif platform == "pdd":
            ok = _pdd(provider, shipment)
        elif platform == "douyin":
            ok = _douyin(provider, shipment)
        else:
            raise ValueError(f"no shipment report for platform {platform!r}")
    except E.EwaybillError as exc:
        code = "/".join(x for x in (exc.platform_code, exc.sub_code) if x)
        return ShipmentAnswer(
            shipment.order_id, False, exc.reason, code or exc.code, retry=exc.retryable
        )
    if ok:
        return ShipmentAnswer(shipment.order_id, True)
    return ShipmentAnswer(shipment.order_id, False, "the platform answered not successful")


def _top(provider, s: Shipment) -> bool:
    if s.offline:
        answer = provider.call(
            METHODS["cainiao-offline"],
            {
                "tid": s.order_id,
                "consign_pkgs": [{"out_sid": s.tracking_number, "company_code": s.carrier_code}],
            },
        )
        return bool((answer.get("result") or {}).get("success"))
    answer = provider.call(
        METHODS["cainiao"],
        {"tid": s.order_id, "out_sid": s.tracking_number, "company_code": s.carrier_code},
    )
    return bool((answer.get("shipping") or {}).get("is_success"))


def _pdd(provider, s: Shipment) -> bool:
    if s.logistics_id is None:
        raise ValueError("a Pinduoduo shipment report needs the carrier's logistics_id")
    answer = provider.call(
        METHODS["pdd"],
        {
            "order_sn": s.order_id,
            "logistics_id": str(s.logistics_id),
            "tracking_number": s.tracking_number,
        },
    )
    inner = answer.get("logistics_online_send_response", answer)
    return bool(inner.get("is_success"))


def _douyin(provider, s: Shipment) -> bool:
    business = {
        "order_id": s.order_id,
        "company_code": s.carrier_code,
        "logistics_code": s.tracking_number,
    }
    if s.logistics_id is not None:
        business["logistics_id"] = str(s.logistics_id)
    provider.call(METHODS["douyin"], business)  # code 10000 is success; else raised
    return True
