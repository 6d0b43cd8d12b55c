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

import time

from station.ewaybill import errors as E
from station.ewaybill.base import typed_error
from station.ewaybill.common import CloudPrintProvider, form_params, package_info, party_dto
from station.ewaybill.model import Party, WaybillRequest
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
    return typed_error(
        platform,
        err,
        code_key="error_code",
        msg_key="error_msg",
        codes=ERROR_CODES,
        sub_codes=SUB_CODES,
    )


class PddProvider(CloudPrintProvider):
    """Pinduoduo e-waybills for one shop (its ``access_token``). Raises nothing
    from request_waybills (see WaybillProvider); the other calls raise
    EwaybillError."""

    platform = "pdd"
    max_batch = 10  # trade_order_info_dtos: 数量限制为10
    method_prefix = "pdd.waybill"
    carrier_field = "wp_code"
    already_cancelled = ALREADY_CANCELLED

    def call(self, method: str, api_params: dict) -> dict:
        s = self.settings
        params = form_params(
            {
                "type": method,
                "client_id": s.app_key,
                "access_token": s.access_token,
                "timestamp": str(int(time.time())),
                "data_type": "JSON",
                "version": "V1",
            },
            api_params,
        )
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

    def _update_sender(self, sender: Party) -> dict:
        # the update takes the sender's name and phones, not its address
        return {k: v for k, v in party_dto(sender).items() if k in ("name", "mobile", "phone")}
