"""The bench's stock figure (kept by the database's triggers) equals a recount of the
recorded events, whatever sequence of receipts (accepted, rejected at inspection),
packs, voided parcels and released pre-sale orders led to it; and a release never
gives out more than was free."""

from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.core.scan import Scan
from station.db.models import (
    Operator,
    PackedItem,
    Parcel,
    PresaleRelease,
    Product,
    ReceiptLine,
    SalesOrder,
)
from station.services.inspection import InspectionService
from station.services.operators import Session
from station.services.receiving import ReceivingService
from station.services.stock import StockService
from tests.services.presale import code, order, products, purchase_order

SKUS = ("PS-A", "PS-B", "PS-C")

steps = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), st.sampled_from(SKUS), st.integers(2, 9), st.booleans()),
        st.tuples(st.just("pack"), st.sampled_from(SKUS), st.integers(1, 4), st.booleans()),
        st.tuples(st.just("presale"), st.sampled_from(SKUS), st.integers(1, 4), st.booleans()),
        st.tuples(st.just("void"), st.just(""), st.integers(0, 3), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def recount() -> dict[str, int]:
    """Accepted units received minus units packed in parcels not voided, SKU by SKU,
    counted row by row in Python."""
    out = {p.sku: 0 for p in Product.select().where(Product.sku.in_(SKUS))}
    for ln in ReceiptLine.select():
        if ln.status == "accepted" and ln.purchase_order_line_id and ln.product.sku in out:
            out[ln.product.sku] += ln.qty
    for item in PackedItem.select():
        sku = item.sales_order_line.product.sku
        if item.parcel.status != "voided" and sku in out:
            out[sku] -= item.qty
    return out


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_stock_equals_a_recount_after_any_sequence(demo_services, tmp_path, steps):
    db = demo_services.store.db
    with db.atomic() as txn:  # each example starts from the same database
        _run(demo_services, tmp_path, steps)
        txn.rollback()


def _run(demo_services, tmp_path, steps):
    db = demo_services.store.db
    receiving = ReceivingService(db, "b1")
    stock = StockService(db, "b1")
    inspection = InspectionService(db, "b1", tmp_path / "photos")
    products(*SKUS)
    purchase_order("PO-PS-R", {sku: 10_000 for sku in SKUS})
    sess = Session(Operator.get(Operator.name == "张伟"), "bench")

    def mine():
        return SalesOrder.select(SalesOrder.id).where(SalesOrder.number.startswith("S-"))

    numbers = count(1)
    for kind, sku, qty, flag in steps:
        if kind == "receive":
            receipt = receiving.open("PO-PS-R", None)
            receiving.scan(receipt, code(sku), qty=qty)
            if flag:  # the lot rejected at inspection: its units are not stock
                i = inspection.start(receipt, Product.get(Product.sku == sku))
                inspection.record_defect(i, "BROKEN", "critical")
                inspection.decide(i)
            free_before = stock.free()
            waiting_before = {w.number for w in stock.waiting()}
            receiving.close(receipt)
            _released_within(stock, receipt, free_before, waiting_before)
        elif kind == "pack":
            o = order(f"S-{next(numbers)}", {sku: qty}, presale=False)
            _, state = demo_services.packing.open(Scan(o.number), sess)
            units = qty if flag else max(1, qty - 1)  # sometimes the parcel stays open short
            demo_services.packing.scan_item(state, Scan(code(sku)), sess, qty=units)
        elif kind == "presale":
            order(f"P-{next(numbers)}", {sku: qty}, due_hours=qty * 3 if flag else None)
        else:  # a parcel voided as void_parcel does it (or, with flag, voided and back)
            parcels = list(Parcel.select().where(Parcel.sales_order.in_(mine())))
            if parcels:
                parcel = parcels[qty % len(parcels)]
                Parcel.update(status="voided").where(Parcel.id == parcel.id).execute()
                if flag:
                    Parcel.update(status="open").where(Parcel.id == parcel.id).execute()
        figures = {f.sku: f.on_hand for f in stock.figures() if f.sku in SKUS}
        assert {sku: figures.get(sku, 0) for sku in SKUS} == recount()
        assert stock.kept() == stock.recount()  # the triggers' figures, every product
        assert stock.on_hand(p.id for p in Product.select().where(Product.sku.in_(SKUS))) == {
            pid: n for pid, n in stock.on_hand().items() if Product.get_by_id(pid).sku in SKUS
        }


def _released_within(stock, receipt, free_before, waiting_before):
    """The orders the receipt released fit in what was free, with the goods it added."""
    got = {p.id: 0 for p in Product.select().where(Product.sku.in_(SKUS))}
    for ln in receipt.lines:
        if ln.status == "accepted":
            got[ln.product_id] += ln.qty
    taken: dict[int, int] = {}
    for number in stock.released_by(receipt):
        assert number in waiting_before
        for ln in SalesOrder.get(SalesOrder.number == number).lines:
            taken[ln.product_id] = taken.get(ln.product_id, 0) + ln.qty
    for pid, units in taken.items():
        assert units <= free_before.get(pid, 0) + got.get(pid, 0)
    assert PresaleRelease.select().where(PresaleRelease.receipt == receipt).count() == len(
        stock.released_by(receipt)
    )
