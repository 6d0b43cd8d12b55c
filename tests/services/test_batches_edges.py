"""Peak day with what the world sends after a batch was made: an order cancelled,
held or turned pre-sale by a re-import, a line of quantity 0, shelf names that are
not plain ASCII."""

from __future__ import annotations

import pytest

from station.core.batching import shelf_key
from station.db.models import (
    Batch,
    BatchOrder,
    Parcel,
    PrintJob,
    Product,
    SalesOrder,
    SalesOrderLine,
)
from station.services.batches import BatchError
from tests.peak_day import add_orders


def _batch(s, n=4):
    numbers = add_orders(s.store.db, n, carriers=("YTO",))
    return s.batches.create(numbers, None), numbers


def _printed(s, n=4):
    batch, numbers = _batch(s, n)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    return Batch.get_by_id(batch.id), numbers


def _sums(s, number) -> dict[str, int]:
    return {ln.sku: ln.qty for ln in s.batches.pick_list_data(number).lines}


@pytest.mark.parametrize("status", ["cancelled", "held"])
def test_the_pick_list_leaves_out_an_order_cancelled_or_held_after_batching(demo_services, status):
    s = demo_services
    batch, numbers = _batch(s)
    gone = SalesOrder.get(SalesOrder.number == numbers[0])
    expected: dict[str, int] = {}
    for ln in (
        SalesOrderLine.select(SalesOrderLine, Product)
        .join(Product)
        .switch(SalesOrderLine)
        .join(SalesOrder)
        .where(SalesOrder.number.in_(numbers[1:]))
    ):
        expected[ln.product.sku] = expected.get(ln.product.sku, 0) + ln.qty
    SalesOrder.update(status=status).where(SalesOrder.id == gone.id).execute()
    data = s.batches.pick_list_data(batch.number)
    assert _sums(s, batch.number) == expected
    assert data.orders == len(numbers) - 1


def test_the_pick_list_has_no_line_of_nothing_to_take(demo_services):
    s = demo_services
    batch, numbers = _batch(s)
    order = SalesOrder.get(SalesOrder.number == numbers[0])
    in_batch = (
        SalesOrderLine.select(SalesOrderLine.product)
        .join(SalesOrder)
        .where(SalesOrder.number.in_(numbers))
    )
    other = Product.select().where(Product.id.not_in(in_batch)).first()
    SalesOrderLine.create(sales_order=order, line_no=9, product=other, qty=0)
    sums = _sums(s, batch.number)
    assert other.sku not in sums
    assert all(q > 0 for q in sums.values())


@pytest.mark.parametrize("status", ["cancelled", "held"])
def test_a_label_of_an_order_cancelled_or_held_after_printing_is_not_reprinted(
    demo_services, status
):
    s = demo_services
    batch, _ = _printed(s)
    bo = BatchOrder.get((BatchOrder.batch == batch.id) & (BatchOrder.seq == 2))
    SalesOrder.update(status=status).where(SalesOrder.id == bo.sales_order_id).execute()
    jobs = PrintJob.select().count()
    with pytest.raises(BatchError) as refused:
        s.batches.reprint(batch.number, 2, None, s.documents, s.printing)
    assert refused.value.code == "batch_label_not_to_ship"
    assert refused.value.params["status"] == status
    assert PrintJob.select().count() == jobs
    s.batches.reprint(batch.number, 1, None, s.documents, s.printing)  # the others still
    assert PrintJob.select().count() == jobs + 1


def test_a_label_whose_parcel_was_voided_is_not_reprinted(demo_services):
    s = demo_services
    batch, _ = _printed(s)
    bo = BatchOrder.get((BatchOrder.batch == batch.id) & (BatchOrder.seq == 3))
    Parcel.update(status="voided").where(Parcel.id == bo.parcel_id).execute()
    jobs = PrintJob.select().count()
    with pytest.raises(BatchError) as refused:
        s.batches.reprint(batch.number, 3, None, s.documents, s.printing)
    assert refused.value.code == "batch_label_not_to_ship"
    assert refused.value.params["status"] == "voided"
    assert PrintJob.select().count() == jobs


def test_an_order_turned_pre_sale_after_batching_gets_no_waybill_while_it_waits(
    demo_services,
):
    """A re-import made the order pre-sale: its goods are not here, pack-out refuses
    it, so the batch print must not spend a number on it."""
    s = demo_services
    batch, numbers = _batch(s)
    waiting = SalesOrder.get(SalesOrder.number == numbers[1])
    SalesOrder.update(order_type="presale").where(SalesOrder.id == waiting.id).execute()
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    result = s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    assert result.labels == len(numbers) - 1
    assert (
        not Parcel.select()
        .where((Parcel.sales_order == waiting.id) & Parcel.tracking_number.is_null(False))
        .exists()
    )
    assert s.batches.view(Batch.get_by_id(batch.id)).left == len(numbers) - 1
    assert waiting.number not in {ln.sku for ln in s.batches.pick_list_data(batch.number).lines}


@pytest.mark.parametrize(
    "locations",
    [
        ["B1①", "B1②", "B2"],
        ["²", "A-1"],
        ["A-9", "A-10", "Ａ-11"],
        ["货架3-2", "货架3-10", "货架12-1"],
    ],
)
def test_shelf_names_of_any_script_sort_without_error(locations):
    keys = [shelf_key(loc) for loc in locations]
    assert sorted(locations, key=shelf_key) == sorted(locations, key=shelf_key)
    assert len(set(keys)) == len(keys)
    assert shelf_key("A-9") < shelf_key("A-10") < shelf_key("Ａ-１１") < shelf_key("a-12")
    assert shelf_key("货架3-2") < shelf_key("货架3-10") < shelf_key("货架12-1")
    assert shelf_key("B1①") < shelf_key("B1②") < shelf_key("B2") and shelf_key("") > shelf_key("Z")


HEADER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
)
ROW = "T2101,旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,10,spot,,YTO,,,CUP-350,1,0\n"


@pytest.mark.parametrize(
    "change",
    [
        ("文三路1号", "文三路9号"),  # the address on the label
        (",YTO,", ",ZTO,"),  # the carrier whose number is on the label
        ("张三", "李四"),  # the recipient
        ("CUP-350,1", "CUP-350,2"),  # the goods
        (",spot,", ",presale,"),  # now waits for its goods
    ],
)
def test_a_re_import_never_changes_an_order_whose_waybill_is_printed(demo_services, change):
    """先打单: once its waybill is printed the label is on the way to the box; a change
    from the platform is a conflict for the supervisor, as for a packed order."""
    from station.db.models import OrderConflict
    from station.services.order_import import import_orders

    s = demo_services
    assert import_orders(s.store.db, "b1", (HEADER + ROW).encode()).ok
    batch = s.batches.create(["T2101"], None)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    before = SalesOrder.get(SalesOrder.number == "T2101")
    lines = [(ln.product_id, ln.qty) for ln in before.lines]
    result = import_orders(s.store.db, "b1", (HEADER + ROW.replace(*change)).encode())
    assert (result.conflicts, result.updated) == (["T2101"], [])
    after = SalesOrder.get(SalesOrder.number == "T2101")
    assert (after.address, after.carrier, after.buyer_name, after.order_type) == (
        before.address,
        before.carrier,
        before.buyer_name,
        before.order_type,
    )
    assert [(ln.product_id, ln.qty) for ln in after.lines] == lines
    assert OrderConflict.select().where(OrderConflict.sales_order == after.id).count() == 1


def test_a_re_import_still_cancels_an_order_whose_waybill_is_printed(demo_services):
    """Cancelled at the platform: it must not ship, printed waybill or not."""
    from station.services.order_import import import_orders
    from tests.data.orders import build
    from tests.marketplace import CARRIERS

    s = demo_services
    row = build.KUAISHOU_ROWS[0]
    data = build.as_csv(build.KUAISHOU_HEADER, [row], "utf-8")
    assert import_orders(s.store.db, "b1", data, carriers=CARRIERS).ok
    number = SalesOrder.select().order_by(SalesOrder.id.desc()).first().number
    batch = s.batches.create([number], None)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    cancelled = build.as_csv(build.KUAISHOU_HEADER, [{**row, "订单状态": "已取消"}], "utf-8")
    result = import_orders(s.store.db, "b1", cancelled, carriers=CARRIERS)
    assert result.cancelled == [number], result
    assert SalesOrder.get(SalesOrder.number == number).status == "cancelled"


def _order(oid, lines, carrier="YTO"):
    from station.core.batching import OpenOrder

    return OpenOrder(oid, carrier, None, tuple(lines))


def test_a_line_of_quantity_0_does_not_change_how_an_order_is_grouped():
    from station.core.batching import Rules, group_orders

    orders = [
        _order(1, [("A", 1)]),
        _order(2, [("A", 1), ("Z", 0)]),  # one unit of A: single-item
        _order(3, [("Z", 0), ("A", 1)]),
        _order(4, [("B", 1), ("C", 1)]),
        _order(5, [("B", 1), ("C", 1), ("Z", 0)]),
        _order(6, [("C", 1), ("D", 2), ("Z", 0)]),
        _order(7, [("Z", 0)]),  # nothing to take at all: still in one batch
    ]
    groups = group_orders(orders, Rules(max_orders=10))
    by_order = {oid: (g.rule, g.sku) for g in groups for oid in g.order_ids}
    assert sorted(by_order) == [1, 2, 3, 4, 5, 6, 7]
    assert by_order[1] == by_order[2] == by_order[3] == ("single", "A")
    # C is the SKU most multi-item orders share; Z is in none of them as goods
    assert by_order[4] == by_order[5] == by_order[6] == ("multi", "C")


def test_at_pack_out_a_waybill_or_label_of_a_packed_order_is_refused_and_a_multipack_too(
    demo_services,
):
    """Single-item batch: the one scan is checked (a case GTIN of 12 is not one unit);
    the waybill or the batch label of an order packed already opens nothing."""
    from station.core.scan import Scan
    from station.db.models import Operator, ProductBarcode
    from station.services.operators import Session

    s = demo_services
    cased = {b.product_id for b in ProductBarcode.select().where(ProductBarcode.pack_qty > 1)}
    numbers = add_orders(s.store.db, 200, carriers=("YTO",))
    s.settings = s.settings.replace("batches", max_orders=3)
    made = s.batches.group(None)
    batch = next(
        b
        for b in made
        if b.rule == "single"
        and Product.get(Product.sku == b.sku).id in cased
        and not Product.get(Product.sku == b.sku).track_serial
        and s.batches.view(b).total >= 2
    )
    assert numbers
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    first, second = s.batches.lines(Batch.get_by_id(batch.id))[:2]
    session = Session(Operator.select().first(), "bench")
    product = Product.get(Product.sku == batch.sku)
    case = ProductBarcode.get((ProductBarcode.product == product) & (ProductBarcode.pack_qty > 1))
    unit = ProductBarcode.get((ProductBarcode.product == product) & (ProductBarcode.pack_qty == 1))
    _, state = s.packing.open(Scan(first.tracking), session)
    verdict, state = s.packing.scan_item(state, Scan(case.code), session)
    assert verdict.code == "too_many" and not state.complete
    verdict, state = s.packing.scan_item(state, Scan(unit.code), session)
    assert state.complete
    s.packing.close(state.order, session)
    for code in (first.tracking, f"{batch.number}{first.seq:04d}{s.batches.view(batch).total:04d}"):
        verdict, state = s.packing.open(Scan(code), session)
        assert state is None and verdict.code == "already_packed", (code, verdict)
    verdict, state = s.packing.open(Scan(second.tracking), session)
    assert state is not None and state.order.number == second.order


def test_the_walk_goes_to_the_shelf_of_the_first_line_with_goods(demo_services):
    s = demo_services
    batch, numbers = _batch(s, 3)
    order = SalesOrder.get(SalesOrder.number == numbers[0])
    first = order.lines.order_by(SalesOrderLine.line_no).first()
    other = Product.select().where(Product.id != first.product_id).first()
    Product.update(location="ZZ-99").where(Product.id == other.id).execute()
    SalesOrderLine.update(line_no=SalesOrderLine.line_no + 1).where(
        SalesOrderLine.sales_order == order.id
    ).execute()
    SalesOrderLine.create(sales_order=order, line_no=1, product=other, qty=0)
    walk = {o.number: (sku, loc) for _bo, o, sku, loc in s.batches.walk(batch)}
    assert walk[order.number] == (first.product.sku, first.product.location or "")
