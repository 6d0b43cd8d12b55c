"""Pinduoduo e-waybills (拼多多电子面单): ``pdd.waybill.get`` / ``.cancel`` /
``.update`` / ``.search``.

Request: form-encoded POST to the router with ``type`` (the method),
``client_id``, ``access_token``, ``timestamp`` (Unix seconds), ``data_type`` JSON,
``version`` V1, the API's parameters (objects as JSON text) and ``sign``. Shapes
from SchafferJ/open-pdd src/http/model/waybill (see docs/ewaybill.md). Privacy
orders: the recipient's name, mobile and address detail are the platform's
ciphertext, passed unchanged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from station.ewaybill import errors as E
from station.ewaybill.base import HttpProvider, reads_answer
from station.ewaybill.common import by_call, package_info, party_dto, routing_from_print_data
from station.ewaybill.model import (
    CancelResult,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)
from station.ewaybill.signing import pdd_sign

ERROR_CODES: dict[int, type[E.EwaybillError]] = {
    10001: E.BadRequest,  # 公共参数错误
    10019: E.TokenExpired,  # access_token已过期
    20004: E.BadSignature,  # 签名错误
    70031: E.RateLimited,  # 调用过于频繁
}
SUB_CODES: dict[str, type[E.EwaybillError]] = {
    "WAYBILL_BALANCE_NOT_ENOUGH": E.NoBalance,
    "ADDRESS_NOT_REACHABLE": E.AddressRefused,
    "RECIPIENT_MASKED": E.MaskedAddressRefused,
    "WAYBILL_NOT_EXIST": E.UnknownWaybill,
}
ALREADY_CANCELLED = "WAYBILL_ALREADY_CANCELLED"


def pdd_error(platform: str, err: dict) -> E.EwaybillError:
    """The typed error for a Pinduoduo ``error_response``."""
    try:
        code = int(err.get("error_code", 0))
    except (TypeError, ValueError):
        code = 0
    sub = str(err.get("sub_code") or "")
    cls = SUB_CODES.get(sub) or ERROR_CODES.get(code) or E.PlatformRefused
    return cls(
        platform,
        code,
        str(err.get("error_msg") or ""),
        sub_code=sub,
        sub_msg=str(err.get("sub_msg") or ""),
    )


class PddProvider(HttpProvider):
    """Pinduoduo e-waybills for one shop (its ``access_token``). Raises nothing
    from request_waybills (see WaybillProvider); the other calls raise
    EwaybillError."""

    platform = "pdd"
    max_batch = 10  # trade_order_info_dtos: 数量限制为10

    def call(self, method: str, api_params: dict) -> dict:
        s = self.settings
        params = {
            "type": method,
            "client_id": s.app_key,
            "access_token": s.access_token,
            "timestamp": str(int(time.time())),
            "data_type": "JSON",
            "version": "V1",
        }
        for k, v in api_params.items():
            params[k] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        params["sign"] = pdd_sign(params, s.app_secret)
        body = self._post(s.endpoint, data=params)
        if "error_response" in body:
            raise pdd_error(self.platform, body["error_response"] or {})
        # the answer comes wrapped in ``pdd_waybill_get_response``; the SDK's types
        # read the fields unwrapped, so both are taken
        key = method.replace(".", "_") + "_response"
        answer = body.get(key, body)
        if not isinstance(answer, dict):
            raise E.PlatformUnreachable(self.platform, "answer", f"no {key} in the answer")
        return answer

    def _trade_order(self, r: WaybillRequest) -> dict:
        dto: dict = {
            "object_id": r.object_id,
            "order_info": {
                "order_channels_type": r.order_channel or "PDD",
                "trade_order_list": list(r.order_ids),
            },
            "package_info": package_info(r),
            "recipient": party_dto(r.recipient),
            "template_url": r.template_url,
            "user_id": self.settings.user_id if self.settings.user_id is not None else 0,
        }
        return dto

    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        results = {r.object_id: WaybillResult(r) for r in batch}
        for (carrier, _sender), reqs in by_call(batch).items():
            apply = {
                "wp_code": carrier,
                "sender": party_dto(reqs[0].sender),
                "trade_order_info_dtos": [self._trade_order(r) for r in reqs],
                "need_encrypt": self.settings.need_encrypt,
            }
            answer = self.call(
                "pdd.waybill.get", {"param_waybill_cloud_print_apply_new_request": apply}
            )
            for m in answer.get("modules") or []:
                res = results.get(str(m.get("object_id", "")))
                if res is None or not m.get("waybill_code"):
                    continue
                print_data = str(m.get("print_data") or "")
                res.waybills.append(
                    Waybill(
                        platform=self.platform,
                        carrier_code=carrier,
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
                "pdd.waybill.cancel", {"wp_code": carrier_code, "waybill_code": waybill_code}
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
            "wp_code": request.carrier_code,
            "waybill_code": waybill_code,
            "object_id": request.object_id,
            "template_url": request.template_url,
            "package_info": package_info(request),
            "recipient": party_dto(request.recipient),
            "sender": {
                k: v
                for k, v in party_dto(request.sender).items()
                if k in ("name", "mobile", "phone")
            },
        }
        answer = self.call("pdd.waybill.update", {"param_waybill_cloud_print_update_request": upd})
        return str(answer.get("print_data") or "")

    @reads_answer
    def search(self, carrier_code: str = "") -> list[Subscription]:
        answer = self.call("pdd.waybill.search", {"wp_code": carrier_code} if carrier_code else {})
        subs = []
        for col in answer.get("waybill_apply_subscription_cols") or []:
            for b in col.get("branch_account_cols") or []:
                subs.append(
                    Subscription(
                        carrier_code=str(col.get("wp_code") or ""),
                        branch_code=str(b.get("branch_code") or ""),
                        branch_name=str(b.get("branch_name") or ""),
                        quantity=int(b.get("quantity") or 0),
                        allocated=int(b.get("allocated_quantity") or 0),
                        cancelled=int(b.get("cancel_quantity") or 0),
                    )
                )
        return subs
