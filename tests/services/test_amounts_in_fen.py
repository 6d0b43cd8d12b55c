"""An amount in yuan is whole fen: a cell with a part smaller than a fen is refused by
every import that reads money (orders, purchase orders, supplier invoices), never cut
or rounded silently; trailing zeros are not such a part."""

from decimal import Decimal, InvalidOperation

import pytest

from station.db.models import PurchaseOrder, SalesOrder
from station.services.cells import fen
from station.services.order_import import import_orders
from station.services.po_import import import_purchase_orders
from station.services.three_way_match import MatchError, parse_invoice

ORDER_HEADER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
)
PO_HEADER = "po_number,supplier_code,supplier_name,expected_at,sku,qty,unit_price\n"

GOOD = [("59", 5900), ("59.9", 5990), ("59.00", 5900), ("59.000", 5900), ("0.01", 1), ("0", 0)]
SUB_FEN = ["59.009", "0.001", "128.505", "1.0000001", "19.995"]


@pytest.mark.parametrize("text,expected", GOOD)
def test_whole_fen_are_taken(text, expected):
    assert fen(Decimal(text)) == expected


@pytest.mark.parametrize("text", SUB_FEN)
def test_a_part_smaller_than_a_fen_is_no_amount(text):
    with pytest.raises(InvalidOperation):
        fen(Decimal(text))


def order_csv(number: str, paid: str) -> bytes:
    row = f"{number},店,张三,,浙江省杭州市文三路1号,{paid},spot,,SF,,,MAT-240,1,0\n"
    return (ORDER_HEADER + row).encode()


@pytest.mark.parametrize("paid", SUB_FEN)
def test_an_order_paid_below_a_fen_is_refused_naming_the_row(demo_services, paid):
    db = demo_services.store.db
    result = import_orders(db, "b1", order_csv("F1", paid))
    assert not result.ok
    assert [(r.reason, r.detail) for r in result.rejected] == [("bad_amount", paid)]
    assert SalesOrder.get_or_none(SalesOrder.number == "F1") is None


@pytest.mark.parametrize("paid,expected", GOOD)
def test_an_order_paid_in_whole_fen_is_stored_exactly(demo_services, paid, expected):
    db = demo_services.store.db
    assert import_orders(db, "b1", order_csv("F2", paid)).ok
    assert SalesOrder.get(SalesOrder.number == "F2").paid_fen == expected


@pytest.mark.parametrize("price", SUB_FEN)
def test_a_purchase_price_below_a_fen_is_refused(demo_services, price):
    db = demo_services.store.db
    data = (PO_HEADER + f"PO-F1,SUP-HZTEA,,2026-11-25 09:00,TEA-100,10,{price}\n").encode()
    result = import_purchase_orders(db, "b1", data)
    assert [r.reason for r in result.rejected] == ["bad_amount"]
    assert PurchaseOrder.get_or_none(PurchaseOrder.number == "PO-F1") is None


@pytest.mark.parametrize("price", SUB_FEN)
def test_an_invoice_price_below_a_fen_is_refused(price):
    with pytest.raises(MatchError) as info:
        parse_invoice(f"sku,qty,unit_price\nTEA-100,1,{price}\n".encode())
    assert info.value.code == "match.bad_row"
