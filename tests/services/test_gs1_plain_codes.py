"""A plain GTIN-8, UPC-A, EAN-13 or ITF-14 whose first digits happen to be an AI
(96, 10, 21, 37...) is the product's number, never element strings: goods-in reads it
as a GTIN and offers an unknown one for linking, on a real SQLite store."""

from datetime import date

import pytest

from station.core.barcodes import complete_gtin
from station.db.models import Operator, Product
from station.services.gs1 import Gs1Read, Gs1Refused, read
from station.services.receiving import ReceiveError, ReceivingService

# plain codes whose digits also split as GS1 element strings (AI 96, 10, 21, 37, 90, 30)
PLAIN = [
    "96385074",  # GTIN-8: AI 96 + "385074"
    "10345672",  # GTIN-8: AI 10 (lot) + "345672"
    complete_gtin("10123456789"),  # UPC-A
    complete_gtin("211234567890"),  # EAN-13: AI 21 (serial)
    complete_gtin("371234567890"),  # EAN-13: AI 37 (count 12345678...)
    complete_gtin("901234567890"),  # EAN-13: AI 90
    complete_gtin("3012345678901"),  # ITF-14: AI 30 (variable count)
]


@pytest.mark.parametrize("code", PLAIN)
def test_a_plain_code_is_read_as_its_gtin_not_as_ais(code):
    assert read(code) == Gs1Read(gtin=code.zfill(14))


@pytest.mark.parametrize("code", PLAIN)
def test_a_plain_code_with_an_ean_or_upc_identifier_is_its_gtin(code):
    ident = {8: "]E4", 12: "]E0", 13: "]E0", 14: "]I0"}[len(code)]
    assert read(ident + code).gtin == code.zfill(14)


def test_the_same_digits_under_a_gs1_identifier_are_element_strings():
    with pytest.raises(Gs1Refused) as info:  # a lot (10) without its GTIN
        read("]C1" + "10345672")
    assert info.value.code == "gs1.missing_partner" and info.value.params["ai"] == "10"


@pytest.mark.parametrize("code", PLAIN)
def test_goods_in_offers_an_unknown_plain_code_for_linking_then_takes_it(demo_services, code):
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    receipt = svc.open("PO-2611-002", None)
    with pytest.raises(ReceiveError) as info:
        svc.scan(receipt, code)
    assert info.value.code == "receive.unknown_barcode"
    assert info.value.params["barcode"] in (code, code.zfill(14)[1:])
    socks = Product.get(Product.sku == "SOCK-5P")
    supervisor = Operator.select().where(Operator.role == "supervisor").first()
    svc.link_barcode(code, socks, approved_by=supervisor)
    got = svc.scan(receipt, code)
    assert got.qty == 1 and got.line.product.sku == "SOCK-5P"


# --- an expiry date and time (7003) is the unit's expiry ---

TEA_EAN = "6901234000047"  # TEA-100: lot and expiry required


@pytest.mark.parametrize(
    "raw, expiry",
    [
        ("]C1010" + TEA_EAN + "70032706301200\x1d10L2611", date(2027, 6, 30)),
        ("]d2010" + TEA_EAN + "10L2611\x1d70032712312359", date(2027, 12, 31)),
        ("010" + TEA_EAN + "70032802290000\x1d10L2611", date(2028, 2, 29)),
    ],
)
def test_goods_in_takes_the_date_of_an_expiry_date_and_time(demo_services, raw, expiry):
    assert read(raw).expiry == expiry
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: date(2026, 11, 23))
    receipt = svc.open("PO-2611-001", None)
    got = svc.scan(receipt, raw)
    assert (got.line.expiry, got.line.lot, got.status) == (expiry, "L2611", "accepted")


def test_an_expiry_and_an_expiry_time_that_disagree_are_refused():
    with pytest.raises(Gs1Refused) as info:
        read("010" + TEA_EAN + "17270630" + "70032707011200\x1d10L2611")
    assert info.value.code == "gs1.expiry_disagrees"
