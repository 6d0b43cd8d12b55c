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

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from station.ewaybill import errors as E
from station.ewaybill.base import typed_error
from station.ewaybill.common import (
    CloudPrintProvider,
    form_params,
    package_info,
    party_dto,
    unwrap_list,
)
from station.ewaybill.model import WaybillRequest
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
    """The typed error for a TOP ``error_response``; a sub code ``isp.…`` (the
    platform's own service failed: ask again later) is PlatformUnreachable, one
    ``accesscontrol.…`` RateLimited."""
    return typed_error(
        platform,
        err,
        code_key="code",
        msg_key="msg",
        codes=TOP_CODES,
        sub_codes=SUB_CODES,
        sub_prefixes=(("isp.", E.PlatformUnreachable), ("accesscontrol.", E.RateLimited)),
    )


class CainiaoProvider(CloudPrintProvider):
    """Cainiao cloud-print e-waybills for one shop (its TOP ``session``).
    Raises nothing from request_waybills (see WaybillProvider); the other calls
    raise EwaybillError."""

    platform = "cainiao"
    max_batch = 10  # trade_order_info_dtos: 数量限制为10
    method_prefix = "cainiao.waybill.ii"
    carrier_field = "cp_code"
    already_cancelled = ALREADY_CANCELLED

    def call(self, method: str, api_params: dict) -> dict:
        """One signed TOP call; the ``*_response`` object, or raise the typed error."""
        s = self.settings
        params = form_params(
            {
                "method": method,
                "app_key": s.app_key,
                "session": s.access_token,
                "timestamp": top_timestamp(),
                "format": "json",
                "v": "2.0",
                "sign_method": s.sign_method,
            },
            api_params,
        )
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

    def _modules(self, answer: dict) -> list:
        return unwrap_list(answer.get("modules"), "waybill_cloud_print_response")

    def _module_carrier(self, module: dict, carrier: str) -> str:
        return str(module.get("cp_code") or carrier)

    def _branches(self, answer: dict) -> Iterable[tuple[dict, dict]]:
        for col in unwrap_list(
            answer.get("waybill_apply_subscription_cols"), "waybill_apply_subscription_info"
        ):
            for b in unwrap_list(col.get("branch_account_cols"), "waybill_branch_account"):
                yield col, b
