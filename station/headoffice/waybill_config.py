"""Head office's e-waybill configuration (docs/ewaybill.md, "Head office"): the
sender, each shop's platform authorisation (platform, endpoint, app key, secret,
token) and each carrier's rule (the platform or the bench's pool, its template and
per-platform codes). Read by :class:`station.headoffice.waybills.WaybillDesk` and
the shipment relay (station.headoffice.shipments)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station.ewaybill import Address, Party, PlatformSettings

PLATFORMS = ("cainiao", "pdd", "douyin")


class ConfigError(ValueError):
    """The e-waybill configuration file cannot be used; the message says where."""


@dataclass(frozen=True)
class ShopAuth:
    """One shop's authorisation at its platform (secrets never in a repr)."""

    shop: str
    platform: str
    settings: PlatformSettings


#: the request fields a carrier rule may add per platform: Douyin's
#: logistics.newCreateOrder ``order_infos[]`` ``product_type`` (快递产品类型) and
#: ``pay_method`` (支付方式), both integers (SKIT.FlurlHttpClient.ByteDance's
#: LogisticsNewCreateOrderRequest model); their values are the carrier's codes
#: as the shop's contract names them, passed unchanged
ORDER_FIELDS = {"douyin": ("product_type", "pay_method")}


@dataclass(frozen=True)
class CarrierRule:
    """Where a carrier's numbers come from: ``platform`` (the shop's e-waybill
    service) or ``pool`` (the bench's imported ranges); the standard template URL
    (one, or one per platform); the carrier's code at each platform where it differs
    from ours (Douyin: ``zhongtong``); its numeric id at a platform whose shipment
    report names the carrier by number (Pinduoduo's ``logistics_id``)."""

    carrier: str
    provider: str = "platform"
    template_url: str | dict = ""
    codes: dict = field(default_factory=dict)
    logistics_ids: dict = field(default_factory=dict)
    # the account's service its waybills print where the platform's answer
    # names none (标快, 寄付月结): the contract's, as head office knows it
    service_type: str = ""
    payment: str = ""
    # extra fields of a platform's order request, e.g. Douyin's product_type
    # and pay_method codes ({"douyin": {"product_type": 2, "pay_method": 1}})
    order_fields: dict = field(default_factory=dict)

    def template_for(self, platform: str) -> str:
        if isinstance(self.template_url, dict):
            return str(self.template_url.get(platform, ""))
        return self.template_url

    def order_fields_for(self, platform: str) -> tuple:
        """The extra request fields for ``platform`` as (name, value) pairs."""
        return tuple(sorted((self.order_fields.get(platform) or {}).items()))

    def code_for(self, platform: str) -> str:
        return str(self.codes.get(platform, self.carrier))

    def logistics_id_for(self, platform: str) -> int | None:
        """The carrier's numeric id at ``platform``, None where none is configured."""
        value = self.logistics_ids.get(platform)
        return int(value) if value is not None else None


@dataclass(frozen=True)
class EwaybillConfig:
    """Head office's e-waybill settings: the sender printed on every waybill, the
    shops' authorisations, the carriers, and the balance under which the benches
    are warned (``low_balance``, numbers)."""

    sender: Party
    shops: dict[str, ShopAuth]
    carriers: dict[str, CarrierRule]
    low_balance: int = 50

    @classmethod
    def load(cls, path: Path) -> EwaybillConfig:
        """Read the JSON file (docs/ewaybill.md, "Head office's configuration").
        ConfigError naming the field when it is incomplete; OSError when unreadable."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ConfigError(f"{path}: not JSON ({exc})") from None
        return cls.from_dict(raw, str(path))

    @classmethod
    def from_dict(cls, raw: Any, where: str = "e-waybill configuration") -> EwaybillConfig:
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: an object with sender, shops and carriers")
        s = raw.get("sender")
        try:
            sender = Party(
                str(s["name"]),
                Address(
                    str(s["province"]),
                    str(s["city"]),
                    str(s.get("district", "")),
                    str(s["detail"]),
                    str(s.get("town", "")),
                ),
                mobile=str(s.get("mobile", "")),
                phone=str(s.get("phone", "")),
            )
        except (KeyError, TypeError):
            raise ConfigError(
                f"{where}: sender needs name, province, city, detail and a mobile or phone"
            ) from None
        if not (sender.mobile or sender.phone):
            raise ConfigError(f"{where}: sender needs a mobile or a phone")
        shops = {}
        for name, v in (raw.get("shops") or {}).items():
            if not isinstance(v, dict) or v.get("platform") not in PLATFORMS:
                raise ConfigError(f"{where}: shop {name!r}: platform is one of {PLATFORMS}")
            missing = [k for k in ("endpoint", "app_key", "app_secret", "token") if not v.get(k)]
            if missing:
                raise ConfigError(f"{where}: shop {name!r} lacks {', '.join(missing)}")
            try:
                settings = PlatformSettings(
                    endpoint=str(v["endpoint"]),
                    app_key=str(v["app_key"]),
                    app_secret=str(v["app_secret"]),
                    access_token=str(v["token"]),
                    sign_method=str(v.get("sign_method", "md5")),
                    timeout_s=float(v.get("timeout_s", 10.0)),
                    need_encrypt=bool(v.get("need_encrypt", False)),
                    user_id=int(v["user_id"]) if v.get("user_id") is not None else None,
                )
            except (TypeError, ValueError):
                raise ConfigError(
                    f"{where}: shop {name!r}: timeout_s and user_id are numbers"
                ) from None
            shops[str(name)] = ShopAuth(str(name), v["platform"], settings)
        carriers = {}
        for code, v in (raw.get("carriers") or {}).items():
            v = v if isinstance(v, dict) else {}
            provider = v.get("provider", "platform")
            if provider not in ("platform", "pool"):
                raise ConfigError(f"{where}: carrier {code!r}: provider is platform or pool")
            ids = v.get("logistics_ids") or {}
            if not isinstance(ids, dict) or not all(
                isinstance(n, int) and not isinstance(n, bool) for n in ids.values()
            ):
                raise ConfigError(
                    f"{where}: carrier {code!r}: logistics_ids maps a platform to a whole number"
                )
            names = {}
            for key in ("service_type", "payment"):
                value = v.get(key, "")
                if not isinstance(value, str) or not (value == "" or value.isprintable()):
                    raise ConfigError(f"{where}: carrier {code!r}: {key} is text on one line")
                names[key] = value.strip()
            extra = v.get("order_fields") or {}
            if not isinstance(extra, dict) or not all(
                p in ORDER_FIELDS
                and isinstance(f, dict)
                and all(
                    k in ORDER_FIELDS[p] and isinstance(n, int) and not isinstance(n, bool)
                    for k, n in f.items()
                )
                for p, f in extra.items()
            ):
                allowed = "; ".join(f"{p}: {', '.join(k)}" for p, k in ORDER_FIELDS.items())
                raise ConfigError(
                    f"{where}: carrier {code!r}: order_fields maps a platform to whole-number "
                    f"fields ({allowed})"
                )
            carriers[str(code).upper()] = CarrierRule(
                str(code).upper(),
                provider,
                v.get("template_url", ""),
                dict(v.get("codes") or {}),
                dict(ids),
                names["service_type"],
                names["payment"],
                {p: dict(f) for p, f in extra.items()},
            )
        try:
            low = int(raw.get("low_balance", 50))
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: low_balance is a whole number") from None
        return cls(sender, shops, carriers, low)
