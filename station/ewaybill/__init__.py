"""E-waybills (电子面单): numbers, routing data and print data from the platforms'
e-waybill services, behind one provider interface.

Providers: :class:`~station.ewaybill.pool.PoolProvider` (the imported number pool),
:class:`~station.ewaybill.cainiao.CainiaoProvider` (Taobao/Tmall through TOP),
:class:`~station.ewaybill.pdd.PddProvider`, :class:`~station.ewaybill.douyin.DouyinProvider`.
Head office holds the shops' credentials and calls the platforms; the bench never
does. :mod:`station.ewaybill.simulator` speaks the three platforms' formats for demo
mode and tests. See docs/ewaybill.md.
"""

from station.ewaybill.base import PlatformSettings, WaybillProvider
from station.ewaybill.errors import EwaybillError
from station.ewaybill.model import (
    Address,
    CancelResult,
    PackageItem,
    Party,
    Recipient,
    Routing,
    Service,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)

__all__ = [
    "Address",
    "CancelResult",
    "EwaybillError",
    "PackageItem",
    "Party",
    "PlatformSettings",
    "Recipient",
    "Routing",
    "Service",
    "Subscription",
    "Waybill",
    "WaybillProvider",
    "WaybillRequest",
    "WaybillResult",
    "provider_for",
]


def provider_for(platform: str, settings: PlatformSettings) -> WaybillProvider:
    """The HTTP provider of ``platform`` (``cainiao``, ``pdd``, ``douyin``).
    Raises ValueError for another name (the pool is built from its TrackingPool)."""
    from station.ewaybill.cainiao import CainiaoProvider
    from station.ewaybill.douyin import DouyinProvider
    from station.ewaybill.pdd import PddProvider

    kinds = {"cainiao": CainiaoProvider, "pdd": PddProvider, "douyin": DouyinProvider}
    if platform not in kinds:
        raise ValueError(f"unknown e-waybill platform {platform!r}")
    return kinds[platform](settings)
