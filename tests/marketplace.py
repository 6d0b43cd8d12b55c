"""The marketplace export samples of tests/data/orders and the orders they hold,
for the service, CLI and GUI tests alike."""

from __future__ import annotations

import json
from pathlib import Path

from station.db.models import SalesOrder, SalesOrderLine
from station.services.order_import import _parse_time
from tests.data.orders import build

SAMPLES = Path(__file__).parent / "data" / "orders"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
PLATFORMS = ("douyin", "taobao", "pdd", "jd", "kuaishou")
FILES = {
    "douyin": ("douyin.csv", None),
    "taobao": ("taobao_orders.csv", "taobao_items.csv"),
    "pdd": ("pdd.xlsx", None),
    "jd": ("jd.csv", None),
    "kuaishou": ("kuaishou.csv", None),
}
# the sample files name no carrier for Douyin's, Taobao's second and JD's orders
SHOP_CARRIERS = "抖音家居小店=ZTO; 家居旗舰店=YTO"
DEFAULT_CARRIER = "JD"
CARRIERS = {"抖音家居小店": "ZTO", "家居旗舰店": "YTO", "": "JD"}
_SOURCES = {
    "douyin": [(build.DOUYIN_HEADER, build.DOUYIN_ROWS)],
    "taobao": [
        (build.TAOBAO_ORDERS_HEADER, build.TAOBAO_ORDERS),
        (build.TAOBAO_ITEMS_HEADER, build.TAOBAO_ITEMS),
    ],
    "pdd": [(build.PDD_HEADER, build.PDD_ROWS)],
    "jd": [(build.JD_HEADER, build.JD_ROWS)],
    "kuaishou": [(build.KUAISHOU_HEADER, build.KUAISHOU_ROWS)],
}


def sample(platform: str, encoding: str) -> list[bytes]:
    """The platform's export (and Taobao's items file) in ``encoding`` or as xlsx."""
    return [build.build(h, rows, encoding) for h, rows in _SOURCES[platform]]


def write_sample(folder: Path, platform: str, encoding: str) -> list[Path]:
    suffix = ".xlsx" if encoding == "xlsx" else ".csv"
    paths = []
    for data, name in zip(sample(platform, encoding), ("orders", "items"), strict=False):
        path = folder / f"{platform}_{name}_{encoding}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def order_as_read(number: str) -> dict:
    """The station's order as the expected.json entries give it."""
    o = SalesOrder.get(SalesOrder.number == number)
    lines = o.lines.order_by(SalesOrderLine.line_no)
    return {
        "platform": o.platform,
        "shop": o.shop,
        "buyer_name": o.buyer_name,
        "buyer_phone": o.buyer_phone,
        "recipient_ext": o.recipient_ext,
        "address": o.address,
        "paid_fen": o.paid_fen,
        "order_type": o.order_type,
        "due": o.promised_dispatch_at,
        "carrier": o.carrier,
        "seller_remark": o.seller_remark,
        "buyer_message": o.buyer_message,
        "sub_orders": o.sub_orders,
        "lines": [[ln.product.sku, ln.qty, ln.is_gift] for ln in lines],
    }


def expected(platform: str) -> dict[str, dict]:
    """expected.json's orders of a platform, deadlines as the station keeps them."""
    out = {}
    for number, order in EXPECTED[platform].items():
        due = _parse_time(order["due"]) if order["due"] else None
        out[number] = {**order, "due": due}
    return out
