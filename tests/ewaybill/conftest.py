"""A platform simulator on a free loopback port, and a provider of each platform
pointed at it."""

from __future__ import annotations

import pytest

from station.ewaybill import (
    Address,
    PackageItem,
    Party,
    PlatformSettings,
    Recipient,
    WaybillRequest,
    provider_for,
)
from station.ewaybill.simulator import PlatformSimulator

APPS = {
    "cainiao": ("23456789", "cainiao-secret"),
    "pdd": ("pdd-client-1", "pdd-secret"),
    "douyin": ("7000000000000000001", "douyin-secret"),
}
TOKENS = {"cainiao": "session-1", "pdd": "pdd-token-1", "douyin": "dy-token-1"}
PATHS = {"cainiao": "/router/rest", "pdd": "/api/router", "douyin": ""}
CARRIER = {"cainiao": "YTO", "pdd": "ZTO", "douyin": "zhongtong"}
GET_METHOD = {
    "cainiao": "cainiao.waybill.ii.get",
    "pdd": "pdd.waybill.get",
    "douyin": "logistics.newCreateOrder",
}
SENDER = Party(
    "华东仓",
    Address("浙江省", "杭州市", "余杭区", "良渚街道 仓前路 8 号", "良渚街道"),
    mobile="13800000000",
)


@pytest.fixture
def sim():
    s = PlatformSimulator().start()
    for platform, (key, secret) in APPS.items():
        s.add_app(platform, key, secret)
        s.add_shop(platform, TOKENS[platform], {CARRIER[platform]: 1000})
    yield s
    s.stop()


@pytest.fixture(params=["cainiao", "pdd", "douyin"])
def platform(request) -> str:
    return request.param


def settings_for(sim, platform: str, **kw) -> PlatformSettings:
    key, secret = APPS[platform]
    base = dict(
        endpoint=sim.url + PATHS[platform],
        app_key=key,
        app_secret=secret,
        access_token=TOKENS[platform],
        timeout_s=5.0,
        user_id=2200000001,
    )
    return PlatformSettings(**(base | kw))


@pytest.fixture
def provider(sim, platform):
    p = provider_for(platform, settings_for(sim, platform))
    yield p
    p.close()


def order(platform: str, n: int, **kw) -> WaybillRequest:
    recipient = kw.pop(
        "recipient",
        Recipient(
            "李四",
            Address("北京市", "北京市", "朝阳区", "建国路 88 号 3 单元"),
            mobile="13900000000",
        ),
    )
    base = dict(
        object_id=f"parcel-{n}",
        carrier_code=CARRIER[platform],
        sender=SENDER,
        recipient=recipient,
        order_ids=(f"30000{n:05d}",),
        items=(PackageItem("绿茶 250g", 2),),
        template_url="http://cloudprint.cainiao.com/template/standard/101/605",
        weight_g=820,
        volume_cm3=3000,
    )
    return WaybillRequest(**(base | kw))
