"""Cainiao e-waybills (菜鸟电子面单, cloud print) through the Taobao Open Platform
gateway: ``cainiao.waybill.ii.get`` / ``.cancel`` / ``.update`` / ``.search``.

Request: form-encoded POST to the gateway with the common parameters (method,
app_key, session, timestamp ``yyyy-MM-dd HH:mm:ss`` GMT+8, format json, v 2.0,
sign_method, sign) and the API's own: ``param_waybill_cloud_print_apply_new_request``
(get), ``cp_code`` + ``waybill_code`` (cancel),
``param_waybill_cloud_print_update_request`` (update), ``cp_code`` (search).
Shapes from bububa/opentaobao model/waybill (see docs/ewaybill.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from station.ewaybill import errors as E
from station.ewaybill.base import HttpProvider, reads_answer
from station.ewaybill.common import (
    by_call,
    package_info,
    party_dto,
    routing_from_print_data,
    unwrap_list,
)
from station.ewaybill.model import (
    CancelResult,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)
from station.ewaybill.signing import top_sign

CHINA = timedelta(hours=8)

# TOP error codes (TOP's published list) and the sub codes this module reads
TOP_CODES: dict[int, type[E.EwaybillError]] = {
    7: E.RateLimited,  # App Call Limited
    25: E.BadSignature,  # Invalid signature
    26: E.TokenExpired,  # Missing session
    27: E.TokenExpired,  # Invalid session
    40: E.BadRequest,  # Missing required arguments
    41: E.BadRequest,  # Invalid arguments
}
SUB_CODES: dict[str, type[E.EwaybillError]] = {
    "isv.BALANCE_NOT_ENOUGH": E.NoBalance,
    "isv.ADDRESS_NOT_REACHABLE": E.AddressRefused,
    "isv.RECIPIENT_MASKED": E.MaskedAddressRefused,
    "isv.WAYBILL_NOT_EXIST": E.UnknownWaybill,
}
ALREADY_CANCELLED = "isv.WAYBILL_ALREADY_CANCELLED"


def top_timestamp(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return (now.astimezone(UTC) + CHINA).strftime("%Y-%m-%d %H:%M:%S")


def top_error(platform: str, err: dict) -> E.EwaybillError:
    """The typed error for a TOP ``error_response``."""
    try:
        code = int(err.get("code", 0))
    except (TypeError, ValueError):
        code = 0
    sub = str(err.get("sub_code") or "")
    cls = SUB_CODES.get(sub) or TOP_CODES.get(code)
    if cls is None and sub.startswith("isp."):
        cls = E.PlatformUnreachable  # the platform's own service failed: ask again later
    if cls is None and sub.startswith("accesscontrol."):
        cls = E.RateLimited
    return (cls or E.PlatformRefused)(
        platform,
        code,
        str(err.get("msg") or ""),
        sub_code=sub,
        sub_msg=str(err.get("sub_msg") or ""),
    )


class CainiaoProvider(HttpProvider):
    """Cainiao cloud-print e-waybills for one shop (its TOP ``session``).
    Raises nothing from request_waybills (see WaybillProvider); the other calls
    raise EwaybillError."""

    platform = "cainiao"
    max_batch = 10  # trade_order_info_dtos: 数量限制为10

    def call(self, method: str, api_params: dict) -> dict:
        """One signed TOP call; the ``*_response`` object, or raise the typed error."""
        s = self.settings
        params = {
            "method": method,
            "app_key": s.app_key,
            "session": s.access_token,
            "timestamp": top_timestamp(),
            "format": "json",
            "v": "2.0",
            "sign_method": s.sign_method,
        }
        for k, v in api_params.items():
            params[k] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        params["sign"] = top_sign(params, s.app_secret, s.sign_method)
        body = self._post(s.endpoint, data=params)
        if "error_response" in body:
            raise top_error(self.platform, body["error_response"] or {})
        key = method.replace(".", "_") + "_response"
        if not isinstance(body.get(key), dict):
            raise E.PlatformUnreachable(self.platform, "answer", f"no {key} in the answer")
        return body[key]

    # --- numbers ---

    def _trade_order(self, r: WaybillRequest) -> dict:
        order_info: dict = {
            "order_channels_type": r.order_channel or "TB",
            "trade_order_list": list(r.order_ids),
        }
        if r.sub_order_ids:
            order_info["out_trade_sub_order_list"] = list(r.sub_order_ids)
        recipient = party_dto(r.recipient)
        if r.recipient.oaid:
            recipient["oaid"] = r.recipient.oaid
            recipient["tid"] = r.order_ids[0] if r.order_ids else ""
        dto: dict = {
            "object_id": r.object_id,
            "order_info": order_info,
            "package_info": package_info(r),
            "recipient": recipient,
            "template_url": r.template_url,
        }
        if self.settings.user_id is None:
            raise E.BadRequest(
                self.platform,
                "user_id",
                "the shop's seller id (user_id) is not set",
                sub_code="user_id",
            )
        dto["user_id"] = self.settings.user_id
        return dto

    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        results: dict[str, WaybillResult] = {r.object_id: WaybillResult(r) for r in batch}
        for (carrier, _sender), reqs in by_call(batch).items():
            apply = {
                "cp_code": carrier,
                "sender": party_dto(reqs[0].sender),
                "trade_order_info_dtos": [self._trade_order(r) for r in reqs],
                "need_encrypt": self.settings.need_encrypt,
            }
            answer = self.call(
                "cainiao.waybill.ii.get", {"param_waybill_cloud_print_apply_new_request": apply}
            )
            for m in unwrap_list(answer.get("modules"), "waybill_cloud_print_response"):
                res = results.get(str(m.get("object_id", "")))
                if res is None or not m.get("waybill_code"):
                    continue
                print_data = str(m.get("print_data") or "")
                res.waybills.append(
                    Waybill(
                        platform=self.platform,
                        carrier_code=str(m.get("cp_code") or carrier),
                        object_id=res.request.object_id,
                        waybill_code=str(m.get("waybill_code") or ""),
                        parent_waybill_code=str(m.get("parent_waybill_code") or ""),
                        routing=routing_from_print_data(print_data),
                        print_data=print_data,
                    )
                )
        for res in results.values():
            if not res.waybills:
                res.error = E.PlatformRefused(self.platform, "missing", "no waybill in the answer")
        return [results[r.object_id] for r in batch]

    @reads_answer
    def cancel(self, carrier_code: str, waybill_code: str, **kw) -> CancelResult:
        try:
            answer = self.call(
                "cainiao.waybill.ii.cancel", {"cp_code": carrier_code, "waybill_code": waybill_code}
            )
        except E.EwaybillError as exc:
            if exc.sub_code == ALREADY_CANCELLED:
                return CancelResult(waybill_code, already=True)
            raise
        if not answer.get("cancel_result"):
            raise E.PlatformRefused(self.platform, "cancel_result", "cancel_result false")
        return CancelResult(waybill_code)

    @reads_answer
    def update(self, request: WaybillRequest, waybill_code: str) -> str:
        upd = {
            "cp_code": request.carrier_code,
            "waybill_code": waybill_code,
            "object_id": request.object_id,
            "template_url": request.template_url,
            "package_info": package_info(request),
            "recipient": party_dto(request.recipient),
            "sender": party_dto(request.sender),
        }
        answer = self.call(
            "cainiao.waybill.ii.update", {"param_waybill_cloud_print_update_request": upd}
        )
        return str(answer.get("print_data") or "")

    @reads_answer
    def search(self, carrier_code: str = "") -> list[Subscription]:
        answer = self.call(
            "cainiao.waybill.ii.search", {"cp_code": carrier_code} if carrier_code else {}
        )
        subs = []
        for col in unwrap_list(
            answer.get("waybill_apply_subscription_cols"), "waybill_apply_subscription_info"
        ):
            for b in unwrap_list(col.get("branch_account_cols"), "waybill_branch_account"):
                subs.append(
                    Subscription(
                        carrier_code=str(col.get("cp_code") or ""),
                        branch_code=str(b.get("branch_code") or ""),
                        branch_name=str(b.get("branch_name") or ""),
                        quantity=int(b.get("quantity") or 0),
                        allocated=int(b.get("allocated_quantity") or 0),
                        cancelled=int(b.get("cancel_quantity") or 0),
                    )
                )
        return subs
