"""A pre-sale order changed by a re-import after goods-in released it: the release
held for the goods it had; more goods wait again, never packed from stock that is
not here."""

from __future__ import annotations

import pytest

from station.db.models import PresaleRelease, SalesOrder
from station.services.order_import import import_orders
from station.services.receiving import ReceivingService
from station.services.stock import StockService, waiting_for_stock
from tests.services.presale import code, products, purchase_order, receive

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


@pytest.mark.parametrize(
    ("rejected", "still_released"),
    [
        ("PS-A", {"P-late-b"}),  # A gone: both orders with A wait again, B's stays
        ("PS-B", {"P-early", "P-late"}),
    ],
)
def test_goods_rejected_after_they_released_orders_take_those_releases_back(
    demo_services, tmp_path, rejected, still_released
):
    """An inspection after the receipt closed rejects goods that released orders: the
    orders those goods no longer cover wait again (the latest deadline first), never
    a release without its goods."""
    from station.core.scan import Outcome, Scan
    from station.db.models import Operator, Product
    from station.services.inspection import InspectionService
    from station.services.operators import Session
    from tests.services.presale import order

    db = demo_services.store.db
    mine = [p.id for p in products("PS-A", "PS-B").values()]
    purchase_order("PO-PS-1", {"PS-A": 100, "PS-B": 100})
    order("P-early", {"PS-A": 2}, due_hours=2)
    order("P-late", {"PS-A": 2}, due_hours=20)
    order("P-late-b", {"PS-B": 5}, due_hours=30)
    receiving = ReceivingService(db, "b1")
    receipt = receive(receiving, "PO-PS-1", {"PS-A": 4, "PS-B": 5})
    stock = StockService(db, "b1")
    assert stock.released_by(receipt) == ["P-early", "P-late", "P-late-b"]
    inspection = InspectionService(db, "b1", tmp_path / "photos")
    i = inspection.start(receipt, Product.get(Product.sku == rejected))
    inspection.record_defect(i, "BROKEN", "critical")
    assert inspection.decide(i) == "rejected"
    released = {
        n
        for (n,) in SalesOrder.select(SalesOrder.number)
        .join(PresaleRelease)
        .where(SalesOrder.number.startswith("P-"))
        .tuples()
    }
    assert released == still_released
    assert all(n >= 0 for n in stock.free(mine).values())
    session = Session(Operator.select().first(), "bench")
    for number in {"P-early", "P-late", "P-late-b"} - still_released:
        verdict, state = demo_services.packing.open(Scan(number), session)
        assert verdict.outcome is Outcome.REFUSED and verdict.code == "presale_waiting"


def test_a_partly_rejected_lot_takes_back_only_the_latest_releases(demo_services, tmp_path):
    from station.db.models import Product, ReceiptLine
    from station.services.inspection import InspectionService
    from tests.services.presale import order

    db = demo_services.store.db
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    for n, due in ((1, 1), (2, 2), (3, 3)):
        order(f"P-{n}", {"PS-A": 5}, due_hours=due)
    receiving = ReceivingService(db, "b1")
    first = receive(receiving, "PO-PS-1", {"PS-A": 10}, close=False)
    first_lot = [ln.id for ln in ReceiptLine.select().where(ReceiptLine.receipt == first)]
    ReceiptLine.update(lot="L1").where(ReceiptLine.id.in_(first_lot)).execute()
    receiving.scan(first, code("PS-A"), qty=5)
    ReceiptLine.update(lot="L2").where(
        (ReceiptLine.receipt == first) & ReceiptLine.id.not_in(first_lot)
    ).execute()
    receiving.close(first)
    stock = StockService(db, "b1")
    assert stock.released_by(first) == ["P-1", "P-2", "P-3"]
    inspection = InspectionService(db, "b1", tmp_path / "photos")
    i = inspection.start(first, Product.get(Product.sku == "PS-A"), lot="L2")
    inspection.record_defect(i, "BROKEN", "critical")
    assert inspection.decide(i) == "rejected"
    assert [w.number for w in stock.waiting()] == ["P-3"]
