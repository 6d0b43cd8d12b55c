"""The stock migration fills ``stock_level`` from what a bench recorded before it, the
same as a recount of the events; from then on the triggers keep it."""

import peewee as pw

from station.db.migrate import all_migrations, migrate
from station.db.models import (
    ALL_MODELS,
    PackedItem,
    Parcel,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    SalesOrder,
    SalesOrderLine,
    Supplier,
)
from station.services.stock import StockService


def test_the_history_recorded_before_is_counted(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "s.sqlite3"), pragmas={"foreign_keys": 1})
    mine = next(m.version for m in all_migrations() if m.name.endswith("presale_stock"))
    migrate(db, target=mine - 1)
    older = [m for m in ALL_MODELS if db.table_exists(m._meta.table_name)]
    db.bind(older)
    a, b = (Product.create(sku=s, name=s) for s in ("A", "B"))
    po = PurchaseOrder.create(number="PO-1", supplier=Supplier.create(code="S", name="S"))
    la = PurchaseOrderLine.create(purchase_order=po, line_no=1, product=a, qty_ordered=99)
    lb = PurchaseOrderLine.create(purchase_order=po, line_no=2, product=b, qty_ordered=99)
    r = Receipt.create(number="GR-1", purchase_order=po, bench_id="b1")
    ReceiptLine.create(receipt=r, purchase_order_line=la, product=a, qty=10)
    ReceiptLine.create(receipt=r, purchase_order_line=la, product=a, qty=4, status="quarantine")
    ReceiptLine.create(receipt=r, purchase_order_line=lb, product=b, qty=7)
    ReceiptLine.create(receipt=r, product=b, qty=3, status="quarantine", discrepancy="wrong_item")
    o = SalesOrder.create(number="1", buyer_name="x", address="y")
    line = SalesOrderLine.create(sales_order=o, line_no=1, product=a, qty=5)
    voided = Parcel.create(sales_order=o, seq=1, status="voided", bench_id="b1")
    PackedItem.create(parcel=voided, sales_order_line=line, qty=3)
    closed = Parcel.create(sales_order=o, seq=2, status="closed", bench_id="b1")
    PackedItem.create(parcel=closed, sales_order_line=line, qty=3)
    migrate(db)
    db.bind(ALL_MODELS)
    stock = StockService(db, "b1")
    assert stock.kept() == stock.recount() == {a.id: (10, 3), b.id: (7, 0)}
    # and from now on the triggers keep it
    Parcel.update(status="voided").where(Parcel.id == closed.id).execute()
    ReceiptLine.update(status="accepted").where(ReceiptLine.qty == 4).execute()
    assert stock.kept() == stock.recount() == {a.id: (14, 0), b.id: (7, 0)}
    db.close()
