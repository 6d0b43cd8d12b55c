"""Pre-sale and stock cases built on a real database: products of their own (``PS-*``,
so the demo's orders never hold their stock), a purchase order to receive them
against, spot and pre-sale orders, receipts closed through goods-in."""

from __future__ import annotations

from datetime import datetime, timedelta

from station.db.models import (
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    Supplier,
)

BASE = datetime(2026, 11, 11, 9, 0)


def code(sku: str) -> str:
    """The barcode on a unit of ``sku`` (a plain code, as an EAN is matched)."""
    return f"BC-{sku}"


def products(*skus: str, threshold: int | None = None) -> dict[str, Product]:
    out = {}
    for sku in skus:
        p = Product.create(sku=sku, name=f"商品 {sku}", weight_g=100, stock_threshold=threshold)
        ProductBarcode.create(product=p, code=code(sku), kind="sku")
        out[sku] = p
    return out


def purchase_order(number: str, lines: dict[str, int]) -> PurchaseOrder:
    supplier = Supplier.get_or_create(code="PS-SUP", defaults={"name": "预售供应商"})[0]
    po = PurchaseOrder.create(number=number, supplier=supplier)
    for n, (sku, qty) in enumerate(lines.items(), start=1):
        PurchaseOrderLine.create(
            purchase_order=po, line_no=n, product=Product.get(Product.sku == sku), qty_ordered=qty
        )
    return po


def order(
    number: str, lines: dict[str, int], *, presale: bool = True, due_hours: float | None = 24
) -> SalesOrder:
    o = SalesOrder.create(
        number=number,
        buyer_name="李娜",
        address="上海市浦东新区世纪大道100号",
        order_type="presale" if presale else "spot",
        promised_dispatch_at=BASE + timedelta(hours=due_hours) if due_hours is not None else None,
        carrier="YTO",
    )
    for n, (sku, qty) in enumerate(lines.items(), start=1):
        SalesOrderLine.create(
            sales_order=o, line_no=n, product=Product.get(Product.sku == sku), qty=qty
        )
    return o


def receive(receiving, po_number: str, units: dict[str, int], *, close: bool = True):
    """Open a receipt against the PO, scan ``units`` of each SKU (the quantity typed
    before the scan), close it. Returns the receipt."""
    receipt = receiving.open(po_number, None)
    for sku, qty in units.items():
        if qty:
            receiving.scan(receipt, code(sku), qty=qty)
    if close:
        receiving.close(receipt)
    return receipt
