"""Douyin shop e-waybills (抖店电子面单): ``logistics.newCreateOrder`` for numbers
and routing, ``logistics.waybillApply`` for the encrypted print data and its sign,
``logistics.cancelOrder``, ``logistics.updateOrder``, ``logistics.listShopNetsite``
for subscriptions and the balance (``amount``).

Request: POST ``{endpoint}/logistics/newCreateOrder`` (the method with ``/`` for
``.``) with the common parameters in the query (app_key, method, access_token,
timestamp, v 2, sign_method, sign) and ``param_json`` as the body. Answer:
``{"code": 10000, "msg", "sub_code", "sub_msg", "data", "log_id"}``; a
newCreateOrder answer lists issued numbers in ``data.ebill_infos`` and per-order
refusals in ``data.err_infos``. See docs/ewaybill.md for the sources.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from station.ewaybill import errors as E
from station.ewaybill.base import HttpProvider, reads_answer, typed_error
from station.ewaybill.model import (
    Address,
    CancelResult,
    Party,
    Recipient,
    Routing,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)
from station.ewaybill.signing import douyin_param_json, douyin_sign

SUCCESS = 10000
SF_CODES = ("sf", "shunfeng")
CODES: dict[int, type[E.EwaybillError]] = {
    20000: E.PlatformUnreachable,  # 系统错误 (isp.service-error): ask again later
    30001: E.BadSignature,
    30002: E.TokenExpired,
    30004: E.RateLimited,
    40002: E.BadRequest,  # 缺少必选参数
    40004: E.BadRequest,  # 非法的参数
}
# sub codes as the public SDK lists them for logistics.updateOrder/waybillApply
SUB_CODES: dict[str, type[E.EwaybillError]] = {
    "isv.business-failed:10701": E.NoBalance,  # 账户余额不足
    "isv.business-failed:10913": E.AddressRefused,  # 末端服务不可达
    "isv.business-failed:20019": E.AddressRefused,  # 筛单不可到
    "isv.parameter-invalid:10704": E.AddressRefused,  # 物流服务不支持派送
    "isv.business-failed:1003": E.UnknownWaybill,  # 运单号有误
    "isv.business-failed:10903": E.UnknownWaybill,  # 订单号不存在
    "isv.parameter-invalid:10911": E.UnknownWaybill,  # 运单号不存在
    "isv.parameter-invalid:10724": E.UnknownWaybill,  # 运单号不存在
    "isv.parameter-invalid:10014": E.UnknownWaybill,  # 电子面单号不存在
    "isv.business-failed:4007": E.PlatformUnreachable,  # 请求内部服务超时，请重试
    "isv.business-failed:4009": E.PlatformUnreachable,  # 请求物流服务商超时
    "isv.business-failed:10719": E.PlatformUnreachable,  # 内部处理超时，请重试
    "isv.business-failed:15000": E.PlatformUnreachable,  # 系统繁忙，请稍后重试
}
# per-order refusals in newCreateOrder's data.err_infos[].err_code: the numbers of
# the sub codes above (assumed, not confirmed), and the masked recipient's own
ERR_CODES: dict[str, type[E.EwaybillError]] = {
    "10701": E.NoBalance,
    "10913": E.AddressRefused,
    "20019": E.AddressRefused,
    "10704": E.AddressRefused,
    "receiver-masked": E.MaskedAddressRefused,
}
ALREADY_CANCELLED = "isv.business-failed:already-cancelled"


def douyin_error(platform: str, body: dict) -> E.EwaybillError:
    """The typed error for a Douyin answer whose ``code`` is not SUCCESS."""
    return typed_error(
        platform, body, code_key="code", msg_key="msg", codes=CODES, sub_codes=SUB_CODES
    )


def _address(a: Address, *, street: bool = True) -> dict:
    d = {
        "country_code": a.country or "CHN",
        "province_name": a.province,
        "city_name": a.city,
        "district_name": a.district,
        "detail_address": a.detail,
    }
    if a.town and street:  # updateOrder wants street_name only with its street_code
        d["street_name"] = a.town
    return d


def _contact(p: Party | Recipient) -> dict:
    d = {"name": p.name}
    if p.mobile:
        d["mobile"] = p.mobile
    if p.phone:
        d["phone"] = p.phone
    return d


class DouyinProvider(HttpProvider):
    """Douyin shop e-waybills for one shop (its ``access_token``): two calls a
    batch, numbers then print data. Raises nothing from request_waybills (see
    WaybillProvider); the other calls raise EwaybillError."""

    platform = "douyin"
    max_batch = 50  # newCreateOrder: 支持批量取号，一次最多50条

    def call(self, method: str, business: dict) -> dict:
        """One signed call; its ``data`` or the typed error."""
        s = self.settings
        param_json = douyin_param_json(business)
        timestamp = str(int(time.time()))
        query = {
            "app_key": s.app_key,
            "method": method,
            "access_token": s.access_token,
            "timestamp": timestamp,
            "v": "2",
            "sign_method": s.sign_method,
            "sign": douyin_sign(
                s.app_key, s.app_secret, method, param_json, timestamp, "2", s.sign_method
            ),
        }
        url = s.endpoint.rstrip("/") + "/" + method.replace(".", "/")
        body = self._post(
            url,
            params=query,
            content=param_json.encode(),
            headers={"Content-Type": "application/json;charset=UTF-8"},
        )
        if body.get("code") != SUCCESS:
            raise douyin_error(self.platform, body)
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    def _order(self, r: WaybillRequest) -> dict:
        d: dict = {
            "order_id": r.order_ids[0] if r.order_ids else r.object_id,
            "receiver_info": {
                "address": _address(r.recipient.address),
                "contact": _contact(r.recipient),
            },
            "items": [{"item_name": i.name, "item_count": i.count} for i in r.items],
        }
        if len(r.order_ids) > 1:
            d["combine_orders"] = list(r.order_ids[1:])
        if r.package_id:
            d["pack_id"] = r.package_id
        if r.package_count > 1:
            d["total_pack_count"] = r.package_count
        # weight and volume only where the document allows them: totals for SF,
        # package_weight for Danniao alone ("其余物流商取号不要传该字段")
        carrier = r.carrier_code.lower()
        if carrier in SF_CODES:
            if r.weight_g is not None:
                d["total_weight"] = str(r.weight_g)
            if r.volume_cm3 is not None:
                d["volume"] = str(r.volume_cm3)
        elif carrier == "danniao" and r.weight_g is not None:
            d["package_weight"] = r.weight_g
        if r.remark:
            d["remark"] = r.remark
        for name, value in r.order_fields:  # product_type, pay_method: the carrier's codes
            d[name] = value
        return d

    def call_key(self, request: WaybillRequest) -> tuple:
        return (request.carrier_code, request.sender, request.order_channel)

    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        results = [WaybillResult(r) for r in batch]
        groups: dict[tuple, list[WaybillResult]] = {}
        for res in results:
            groups.setdefault(
                (res.request.carrier_code, res.request.sender, res.request.order_channel), []
            ).append(res)
        for (carrier, sender, channel), group in groups.items():
            business: dict = {
                "logistics_code": carrier,
                "sender_info": {"address": _address(sender.address), "contact": _contact(sender)},
                "order_infos": [self._order(res.request) for res in group],
            }
            if channel:
                business["order_channel"] = channel
            if self.settings.user_id is not None:
                business["user_id"] = self.settings.user_id
            data = self.call("logistics.newCreateOrder", business)
            by_key = {
                (self._order(res.request)["order_id"], res.request.package_id): res for res in group
            }
            issued: list[Waybill] = []
            for info in data.get("ebill_infos") or []:
                res = by_key.get((str(info.get("order_id", "")), str(info.get("pack_id") or "")))
                if res is None:
                    continue
                routing = Routing(
                    route_code=str(info.get("sort_code") or ""),
                    sortation_name=str(info.get("short_address_name") or ""),
                    consolidation_code=str(info.get("package_center_code") or ""),
                    consolidation_name=str(info.get("package_center_name") or ""),
                )
                track_no = str(info.get("track_no") or "")
                if not track_no:
                    continue
                children = [c for c in str(info.get("sub_waybill_codes") or "").split(",") if c]
                for code in children or [track_no]:
                    wb = Waybill(
                        platform=self.platform,
                        carrier_code=carrier,  # as asked: the code to cancel it with
                        object_id=res.request.object_id,
                        waybill_code=code,
                        parent_waybill_code=track_no if children else "",
                        routing=routing,
                    )
                    res.waybills.append(wb)
                    issued.append(wb)
            for err in data.get("err_infos") or []:
                res = by_key.get((str(err.get("order_id", "")), str(err.get("pack_id") or "")))
                if res is None:
                    continue
                cls = ERR_CODES.get(str(err.get("err_code") or ""), E.PlatformRefused)
                res.error = cls(
                    self.platform, str(err.get("err_code") or ""), str(err.get("err_msg") or "")
                )
            self._attach_print_data(carrier, group, issued)
        for res in results:
            if not res.waybills and res.error is None:
                res.error = E.PlatformRefused(self.platform, "missing", "no waybill in the answer")
        return results

    def _attach_print_data(
        self, carrier: str, group: list[WaybillResult], issued: list[Waybill]
    ) -> None:
        """Fetch print data for the numbers just issued; on failure the numbers stay,
        without print data, and their results carry the error."""
        printed: dict[str, tuple[str, str]] = {}
        try:
            for i in range(0, len(issued), self.batch_size):
                part = issued[i : i + self.batch_size]
                printed.update(self.print_data(carrier, [w.waybill_code for w in part]))
        except E.EwaybillError as exc:
            for res in group:
                if res.waybills and res.error is None:
                    res.error = exc
        for res in group:
            res.waybills = [
                replace(
                    w, print_data=printed[w.waybill_code][0], print_sign=printed[w.waybill_code][1]
                )
                if w.waybill_code in printed
                else w
                for w in res.waybills
            ]
            missing = [w.waybill_code for w in res.waybills if w.waybill_code not in printed]
            if missing and res.error is None:
                res.error = E.PlatformRefused(
                    self.platform, "print_data", f"no print data for {', '.join(missing)}"
                )

    def print_data(
        self, carrier_code: str, waybill_codes: Sequence[str]
    ) -> dict[str, tuple[str, str]]:
        """``logistics.waybillApply``: waybill code → (print_data, sign), exactly as sent."""
        data = self.call(
            "logistics.waybillApply",
            {
                "waybill_applies": [
                    {"logistics_code": carrier_code, "track_no": c} for c in waybill_codes
                ]
            },
        )
        return {
            str(w.get("track_no")): (str(w.get("print_data") or ""), str(w.get("sign") or ""))
            for w in data.get("waybill_infos") or []
        }

    @reads_answer
    def cancel(self, carrier_code: str, waybill_code: str, **kw) -> CancelResult:
        return self._cancel(
            "logistics.cancelOrder",
            {"logistics_code": carrier_code, "track_no": waybill_code},
            waybill_code,
            ALREADY_CANCELLED,
        )

    @reads_answer
    def update(self, request: WaybillRequest, waybill_code: str) -> str:
        self.call(
            "logistics.updateOrder",
            {
                "logistics_code": request.carrier_code,
                "track_no": waybill_code,
                "sender_info": {"contact": _contact(request.sender)},  # name and phones only
                "receiver_info": {
                    "address": _address(request.recipient.address, street=False),
                    "contact": _contact(request.recipient),
                },
                "items": [{"item_name": i.name, "item_count": i.count} for i in request.items],
            },
        )
        got = self.print_data(request.carrier_code, [waybill_code])
        return got.get(waybill_code, ("", ""))[0]

    @reads_answer
    def search(self, carrier_code: str = "") -> list[Subscription]:
        data = self.call("logistics.listShopNetsite", {"logistics_code": carrier_code})
        subs = []
        for n in data.get("netsites") or []:
            subs.append(
                Subscription(
                    carrier_code=str(
                        n.get("company") or data.get("logistics_code") or carrier_code
                    ),
                    branch_code=str(n.get("netsite_code") or ""),
                    branch_name=str(n.get("netsite_name") or ""),
                    quantity=int(n.get("amount") or 0),
                    allocated=max(0, int(n.get("allocated_quantity") or 0)),
                    cancelled=max(0, int(n.get("cancelled_quantity") or 0)),
                )
            )
        return subs
