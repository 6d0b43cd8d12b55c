"""A pre-sale order changed by a re-import after goods-in released it: the release
held for the goods it had; more goods wait again, never packed from stock that is
not here."""

from __future__ import annotations

import pytest

from station.db.models import PresaleRelease, SalesOrder
from station.services.order_import import import_orders
from station.services.receiving import ReceivingService
from station.services.stock import StockService, waiting_for_stock
from tests.services.presale import products, purchase_order, receive

HEADER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
)


def row(qty: int, sku: str = "PS-A") -> str:
    return f"P2101,旗舰店,张三,,浙江省杭州市文三路1号,10,presale,,YTO,,,{sku},{qty},0\n"


@pytest.mark.parametrize(
    ("line", "waits"),
    [
        (row(5), True),  # 3 here, 5 wanted: waits again
        (row(3), False),  # 3 here, 3 wanted: still fits
        (row(1), False),
        (row(1, "PS-B"), True),  # other goods, none here
        (row(2) + row(1, "PS-B"), True),  # a line more
    ],
)
def test_a_released_pre_sale_order_whose_goods_change_is_released_again_only_if_they_fit(
    demo_services, line, waits
):
    db = demo_services.store.db
    mine = [p.id for p in products("PS-A", "PS-B").values()]
    purchase_order("PO-PS-1", {"PS-A": 100, "PS-B": 100})
    assert import_orders(db, "b1", (HEADER + row(2)).encode()).ok
    receive(ReceivingService(db, "b1"), "PO-PS-1", {"PS-A": 3})
    order = SalesOrder.get(SalesOrder.number == "P2101")
    assert not waiting_for_stock(order)
    result = import_orders(db, "b1", (HEADER + line).encode())
    assert result.updated == ["P2101"], result
    order = SalesOrder.get(SalesOrder.number == "P2101")
    assert waiting_for_stock(order) is waits
    stock = StockService(db, "b1")
    free = stock.free(mine)
    assert all(n >= 0 for n in free.values()), free
    assert PresaleRelease.select().where(PresaleRelease.sales_order == order.id).exists() != waits
