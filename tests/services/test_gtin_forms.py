"""A GTIN-8, GTIN-12 or GTIN-13 is the same GTIN-14 with leading zeros (GS1 General
Specifications 4.4.1): a product known by its EAN-8 or UPC-A is found whether it is
scanned plain or inside GS1 data as (01) GTIN-14, at goods-in and at pack-out, on a
real SQLite store; an unknown one is offered for linking by its own length."""

from datetime import date

import pytest

from station.core.barcodes import complete_gtin, gtin_forms, natural_gtin
from station.core.scan import Scan
from station.db.models import Operator, Product, ProductBarcode
from station.services.operators import Session
from station.services.order_import import import_orders
from station.services.receiving import ReceiveError, ReceivingService

EAN8 = "96385074"
UPC = "036000291452"
EAN13 = complete_gtin("690123499999")
ITF14 = complete_gtin("1690123499999")


@pytest.mark.parametrize(
    "gtin, forms",
    [
        ("00000096385074", ["00000096385074", "0000096385074", "000096385074", "96385074"]),
        ("00036000291452", ["00036000291452", "0036000291452", "036000291452"]),
        ("06901234000108", ["06901234000108", "6901234000108"]),
        ("16901234000105", ["16901234000105"]),
        (EAN8, ["00000096385074", "0000096385074", "000096385074", "96385074"]),
    ],
)
def test_every_length_of_one_gtin(gtin, forms):
    assert gtin_forms(gtin) == forms


@pytest.mark.parametrize(
    "gtin, natural",
    [("00000096385074", EAN8), ("00036000291452", UPC), ("06901234000108", "6901234000108"),
     ("16901234000105", "16901234000105")],
)  # fmt: skip
def test_the_natural_length_of_a_gtin(gtin, natural):
    assert natural_gtin(gtin) == natural


def scans_of(code):
    g14 = code.zfill(14)
    ident = {8: "]E4", 12: "]E0", 13: "]E0", 14: "]I1"}[len(code)]
    return [code, ident + code, "]C101" + g14, "]d201" + g14 + "\x1d21SN1", "01" + g14]


@pytest.mark.parametrize("code", [EAN8, UPC, EAN13])
def test_goods_in_finds_a_product_by_any_length_of_its_gtin(demo_services, code):
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    receipt = svc.open("PO-2611-002", None)
    supervisor = Operator.select().where(Operator.role == "supervisor").first()
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, "]C101" + code.zfill(14))
    assert info.value.params["barcode"] == code  # offered for linking as printed
    svc.link_barcode(code, Product.get(Product.sku == "SOCK-5P"), approved_by=supervisor)
    for raw in scans_of(code):
        got = svc.scan(receipt, raw)
        assert got.line.product.sku == "SOCK-5P", raw


ORDER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
    "T3001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,59.00,spot,,SF,,,CUP-350,5,0\n"
)


@pytest.mark.parametrize("code", [EAN8, UPC])
def test_pack_out_finds_a_product_by_any_length_of_its_gtin(demo_services, code):
    assert import_orders(demo_services.store.db, "b1", ORDER.encode()).ok
    ProductBarcode.create(product=Product.get(Product.sku == "CUP-350"), code=code)
    svc = demo_services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    verdict, state = svc.open(Scan("T3001"), who)
    assert state is not None, verdict
    g14 = code.zfill(14)
    scans = [
        Scan(code),
        Scan("01" + g14, symbology="GS1_128"),
        Scan("01" + g14 + "21SN-7", symbology="GS1_DATAMATRIX"),
        Scan("01" + g14 + "\x1d21SN-8", symbology="GS1_DATAMATRIX"),
    ]
    codes = [svc.scan_item(state.order, s, who)[0].code for s in scans]
    assert codes[:3] == ["packed"] * 3 and codes[3] in ("packed", "packed_line_done"), codes
