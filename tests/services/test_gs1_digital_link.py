"""A GS1 Digital Link URI (a QR code on the unit: https://id.gs1.org/01/…/10/…?17=…)
is GS1 data like an element string: every element goods-in reads is taken (never
the GTIN alone with the lot and expiry dropped), and the Syntax Dictionary's rules
for the whole string apply. Goods-in on a real SQLite store."""

from datetime import date
from decimal import Decimal

import pytest

from station.services.gs1 import Gs1Refused, read
from station.services.receiving import ReceivingService

TEA = "06901234000047"  # TEA-100: lot and expiry required


@pytest.mark.parametrize(
    "uri, lot, expiry",
    [
        (f"https://id.gs1.org/01/{TEA}/10/L2611?17=270630", "L2611", date(2027, 6, 30)),
        (f"https://example.com/shop/01/{TEA}/10/L2611?17=270630&3103=001250",
         "L2611", date(2027, 6, 30)),
        (f"HTTPS://ID.GS1.ORG/01/{TEA}/10/L-9%2F1?17=270600", "L-9/1", date(2027, 6, 30)),
        (f"https://id.gs1.org/01/{TEA}/10/L2611?7003=2706301200", "L2611", date(2027, 6, 30)),
    ],
)  # fmt: skip
def test_goods_in_takes_every_element_of_a_digital_link(demo_services, uri, lot, expiry):
    r = read(uri)
    assert (r.gtin, r.lot, r.expiry) == (TEA, lot, expiry)
    if "3103" in uri:
        assert r.net_kg == Decimal("1.250")
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    got = svc.scan(svc.open("PO-2611-001", None), uri)
    assert (got.line.product.sku, got.line.lot, got.line.expiry) == ("TEA-100", lot, expiry)


@pytest.mark.parametrize(
    "uri, code",
    [
        (f"https://id.gs1.org/01/{TEA}/10/L1?17=270631", "gs1.no_such_date"),
        (f"https://id.gs1.org/01/{TEA}/10/{'L' * 21}", "gs1.too_long"),
        (f"https://id.gs1.org/01/{TEA}?17=270630&17=270701", "gs1.repeated_ai"),
        (f"https://id.gs1.org/01/{TEA}?3103=001250&3102=000125", "gs1.exclusive"),
        (f"https://id.gs1.org/01/{TEA}/10/L%20 1", "gs1.bad_character"),
        (f"https://id.gs1.org/01/{TEA[:-1]}9", "gs1.check_digit"),
    ],
)
def test_a_digital_link_wrong_as_a_whole_is_refused_with_the_rule(uri, code):
    with pytest.raises(Gs1Refused) as info:
        read(uri)
    assert info.value.code == code


ORDER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
    "T4001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,59.00,spot,,SF,,,CUP-350,3,0\n"
)


def test_pack_out_packs_a_unit_by_its_digital_link_and_refuses_a_wrong_one(demo_services):
    from station.core.scan import Scan
    from station.db.models import Operator, ProductBarcode
    from station.services.operators import Session
    from station.services.order_import import import_orders

    assert import_orders(demo_services.store.db, "b1", ORDER.encode()).ok
    cup = ProductBarcode.get(ProductBarcode.code == "6901234000030").product
    assert cup.sku == "CUP-350"
    svc = demo_services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    _, state = svc.open(Scan("T4001"), who)
    link = "https://id.gs1.org/01/06901234000030/21/S%2F1"
    verdict = svc.scan_item(state.order, Scan(link, symbology="QR_CODE"), who)[0]
    assert verdict.code == "packed"
    wrong = "https://id.gs1.org/01/06901234000030/21/S1/21/S2"  # two serials
    verdict = svc.scan_item(state.order, Scan(wrong, symbology="QR_CODE"), who)[0]
    assert verdict.code == "gs1.repeated_ai"


@pytest.mark.parametrize(
    "uri",
    [
        "https://x/01/",  # a key without its value
        "https://id.gs1.org/01/06901234000047/10/",  # a lot without its value
        "http://[abc/01/06901234000047",  # not even a URI
        "https://shop.example.com/item/12345",  # a web address, no GS1 key
        "https:///01/06901234000047",  # no host
    ],
)
def test_a_web_address_that_is_no_digital_link_is_unreadable_never_a_gtin(uri):
    with pytest.raises(Gs1Refused) as info:
        read(uri)
    assert info.value.code == "gs1.unreadable"
