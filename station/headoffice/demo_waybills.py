"""Demo mode's e-waybill platforms: the platform simulator on 127.0.0.1 and head
office's configuration pointing at it, for the demo shops.

家居旗舰店 (Tmall) and 茶园直营店 (Taobao) take Cainiao e-waybills, 数码配件店 takes
Pinduoduo's; 文具小铺 has no authorisation, so its orders use the bench's pool. SF,
YTO and ZTO numbers come from the platforms; JD, Yunda and EMS from the pool. Each
shop's shipment reports go to its platform (Pinduoduo's carrier ids below), and
文具小铺's are not relayed, as a real head office answers for a shop it holds no
authorisation for. The
demo orders' buyers are masked on the bench, as on a real one: head office knows
each order's OAID (Taobao) or ciphertext (Pinduoduo), as it would from the
platform's order API (:func:`demo_recipients`).
"""

from __future__ import annotations

from station.ewaybill.simulator import PlatformSimulator
from station.headoffice.waybills import EwaybillConfig, WaybillDesk
from station.resources import read_json

APPS = {"cainiao": ("12345678", "demo-cainiao-secret"), "pdd": ("demo-pdd", "demo-pdd-secret")}
SHOPS = {
    "家居旗舰店": ("cainiao", "demo-session-home"),
    "茶园直营店": ("cainiao", "demo-session-tea"),
    "数码配件店": ("pdd", "demo-pdd-token-digital"),
}
PLATFORM_CARRIERS = ("SF", "YTO", "ZTO")
# the carriers' numeric ids at Pinduoduo (its shipment report names them so), and
# Cainiao's code where it is not ours
PDD_LOGISTICS_IDS = {"SF": 44, "YTO": 85, "ZTO": 115, "YD": 121, "JD": 120, "EMS": 118}
CAINIAO_CODES = {"YD": "YUNDA"}
PATHS = {"cainiao": "/router/rest", "pdd": "/api/router"}
TEMPLATES = {
    "cainiao": "http://cloudprint.cainiao.com/template/standard/101/605",
    "pdd": "https://file-link.pinduoduo.com/yto_one",
}


def demo_config(url: str) -> EwaybillConfig:
    """Head office's e-waybill configuration for the simulator at ``url``."""
    shops = {}
    for name, (platform, token) in SHOPS.items():
        key, secret = APPS[platform]
        shops[name] = {
            "platform": platform,
            "endpoint": url + PATHS[platform],
            "app_key": key,
            "app_secret": secret,
            "token": token,
            "user_id": 2200000001,
            "timeout_s": 5,
        }
    return EwaybillConfig.from_dict(
        {
            "sender": {
                "name": "Station 仓库",
                "mobile": "13800000000",
                "province": "浙江省",
                "city": "杭州市",
                "district": "余杭区",
                "detail": "仓前街道文一西路 1500 号 3 号库",
            },
            "shops": shops,
            "carriers": {
                c: {
                    "provider": "platform" if c in PLATFORM_CARRIERS else "pool",
                    "template_url": TEMPLATES if c in PLATFORM_CARRIERS else "",
                    "codes": {"cainiao": CAINIAO_CODES[c]} if c in CAINIAO_CODES else {},
                    "logistics_ids": {"pdd": n},
                }
                for c, n in PDD_LOGISTICS_IDS.items()
            },
            "low_balance": 50,
        },
        "demo",
    )


def start_demo_platforms(balance: int = 500) -> tuple[PlatformSimulator, EwaybillConfig]:
    """The simulator, started, with the demo shops' apps and balances, and the
    configuration that uses it. Stop the simulator at the end."""
    sim = PlatformSimulator().start()
    for platform, (key, secret) in APPS.items():
        sim.add_app(platform, key, secret)
    for _name, (platform, token) in SHOPS.items():
        sim.add_shop(platform, token, {c: balance for c in PLATFORM_CARRIERS})
    return sim, demo_config(sim.url)


def demo_recipients(desk: WaybillDesk) -> int:
    """Give the desk the platforms' recipient references of the demo orders (OAID
    for Taobao/Tmall shops, ciphertext for Pinduoduo). Returns how many."""
    n = 0
    for o in read_json("demo", "sales_orders.json"):
        shop = SHOPS.get(o.get("shop") or "")
        if shop is None:
            continue
        if shop[0] == "cainiao":
            recipient = {
                "name": o["buyer_name"],
                "mobile": o.get("buyer_phone", ""),
                "oaid": f"OAID{o['number']}",
            }
        else:
            recipient = {
                "name": f"~{o['number']}~name~",
                "mobile": f"~{o['number']}~mobile~",
                "encrypted": True,
            }
        recipient["address"] = o["address"]
        desk.remember_recipient(o["number"], recipient)
        n += 1
    return n
