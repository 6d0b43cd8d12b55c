"""Pre-sale orders waiting for stock (待备货), released by goods-in in deadline order,
never more than the stock allows; pack-out refuses a waiting one; the stock figure and
the stock warning; head office's figure by master data. A real SQLite file."""

import json
from datetime import datetime

import pytest

from station.core.scan import Outcome, Scan
from station.db.models import AuditEntry, Operator, PresaleRelease, Product, SalesOrder
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.services.inspection import InspectionService
from station.services.operators import Session
from station.services.receiving import ReceivingService
from station.services.stock import StockService, packable_now, waiting_for_stock
from station.sync.client import BadAnswer, HeadOfficeClient
from station.sync.downloader import Downloader
from tests.services.presale import code, order, products, purchase_order, receive


@pytest.fixture
def db(demo_services):
    return demo_services.store.db


@pytest.fixture
def receiving(db):
    return ReceivingService(db, "b1")


@pytest.fixture
def stock(db):
    return StockService(db, "b1")


def released_numbers():
    return {n for (n,) in SalesOrder.select(SalesOrder.number).join(PresaleRelease).tuples()}


def units_needed(numbers, sku):
    return sum(
        ln.qty
        for o in SalesOrder.select().where(SalesOrder.number.in_(list(numbers)))
        for ln in o.lines
        if ln.product.sku == sku
    )


def test_exact_stock_releases_every_order_in_deadline_order(receiving, stock):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    # made latest deadline first: the release follows the deadline, not the order made
    order("P-late", {"PS-A": 2}, due_hours=48)
    order("P-none", {"PS-A": 1}, due_hours=None)
    order("P-early", {"PS-A": 2}, due_hours=2)
    receipt = receive(receiving, "PO-PS-1", {"PS-A": 5})
    assert stock.released_by(receipt) == ["P-early", "P-late", "P-none"]
    assert stock.waiting() == []
    entries = AuditEntry.select().where(AuditEntry.action == "presale_released")
    assert [json.loads(e.details)["number"] for e in entries.order_by(AuditEntry.id)] == [
        "P-early",
        "P-late",
        "P-none",
    ]
    assert all(json.loads(e.details)["receipt"] == receipt.number for e in entries)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (1, set()),
        (2, {"P1"}),
        (5, {"P1", "P2"}),  # one short of the third
        (6, {"P1", "P2", "P3"}),  # exactly enough
    ],
)
def test_one_short_leaves_the_latest_waiting(receiving, stock, received, expected):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    for n, due in ((3, 30), (1, 10), (2, 20)):
        order(f"P{n}", {"PS-A": 2}, due_hours=due)
    receive(receiving, "PO-PS-1", {"PS-A": received})
    assert released_numbers() == expected
    assert units_needed(expected, "PS-A") <= received
    assert [w.number for w in stock.waiting()] == sorted({"P1", "P2", "P3"} - expected)


def test_multi_sku_orders_are_released_whole_or_not_at_all(receiving, stock):
    products("PS-A", "PS-B")
    purchase_order("PO-PS-1", {"PS-A": 100, "PS-B": 100})
    order("P-both", {"PS-A": 1, "PS-B": 2}, due_hours=1)
    order("P-a", {"PS-A": 1}, due_hours=5)
    # only A arrives: the older order waits for its B whole (never split), the younger
    # one that A fills goes; the older keeps its place
    first = receive(receiving, "PO-PS-1", {"PS-A": 1})
    assert stock.released_by(first) == ["P-a"]
    (w,) = stock.waiting()
    assert w.number == "P-both"
    assert {(ln.sku, ln.qty, ln.on_hand, ln.free, ln.short) for ln in w.lines} == {
        ("PS-A", 1, 1, 0, 1),  # on hand, but held by P-a, now released
        ("PS-B", 2, 0, 0, 2),
    }
    second = receive(receiving, "PO-PS-1", {"PS-B": 2})
    assert stock.released_by(second) == []  # B is here, A is not free
    third = receive(receiving, "PO-PS-1", {"PS-A": 1})
    assert stock.released_by(third) == ["P-both"]


def test_spot_orders_use_stock_before_pre_sale_orders(receiving, stock):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    order("S-1", {"PS-A": 3}, presale=False, due_hours=50)  # later deadline, still first
    order("P-1", {"PS-A": 2}, due_hours=1)
    receive(receiving, "PO-PS-1", {"PS-A": 4})
    assert released_numbers() == set()  # 4 on hand, 3 held by the spot order: 1 free
    fig = {f.sku: f for f in stock.figures()}["PS-A"]
    assert (fig.on_hand, fig.reserved, fig.free, fig.waiting) == (4, 3, 1, 2)
    receive(receiving, "PO-PS-1", {"PS-A": 1})
    assert released_numbers() == {"P-1"}
    fig = {f.sku: f for f in stock.figures()}["PS-A"]
    assert (fig.reserved, fig.free, fig.waiting) == (5, 0, 0)


def test_rejected_and_quarantined_units_do_not_count(demo_services, receiving, stock, tmp_path):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    order("P-1", {"PS-A": 2})
    receipt = receive(receiving, "PO-PS-1", {"PS-A": 20}, close=False)
    inspection = InspectionService(demo_services.store.db, "b1", tmp_path / "photos")
    i = inspection.start(receipt, Product.get(Product.sku == "PS-A"))
    inspection.record_defect(i, "BROKEN", "critical")
    assert inspection.decide(i) == "rejected"
    receiving.close(receipt)
    assert stock.released_by(receipt) == []
    fig = {f.sku: f for f in stock.figures()}["PS-A"]
    assert (fig.received, fig.on_hand) == (0, 0)
    # a wrong item (not on the PO) is no stock either
    products("PS-X")
    second = receiving.open("PO-PS-1", None)
    with pytest.raises(Exception):  # noqa: B017 - refused as a wrong item
        receiving.scan(second, code("PS-X"), qty=5)
    receiving.close(second)
    assert {f.sku: f.on_hand for f in stock.figures()}.get("PS-X", 0) == 0
    assert released_numbers() == set()


def test_a_release_is_recorded_once_and_dry_run_records_nothing(receiving, stock):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    order("P-1", {"PS-A": 2})
    receipt = receive(receiving, "PO-PS-1", {"PS-A": 2}, close=False)
    assert stock.release(dry_run=True).orders == ["P-1"]
    assert released_numbers() == set()
    receiving.close(receipt)
    assert stock.release().orders == []  # already released: not again
    assert PresaleRelease.select().count() == 1


def test_pack_out_refuses_a_waiting_order_and_takes_it_once_released(
    demo_services, receiving, stock
):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    o = order("P-1", {"PS-A": 2})
    sess = Session(Operator.get(Operator.name == "张伟"), "bench")
    verdict, state = demo_services.packing.open(Scan("P-1"), sess)
    assert (verdict.outcome, verdict.code, state) == (Outcome.REFUSED, "presale_waiting", None)
    assert verdict.params == {"number": "P-1", "skus": "PS-A ×2"}
    assert SalesOrder.get_by_id(o.id).status == "new"  # nothing started
    assert waiting_for_stock(o)
    queue = {v.number for v in demo_services.lookup.open_orders(limit=1000)}
    assert "P-1" not in queue  # not in the pack-out queue while it waits
    receive(receiving, "PO-PS-1", {"PS-A": 2})
    assert not waiting_for_stock(SalesOrder.get_by_id(o.id))
    queue = {v.number for v in demo_services.lookup.open_orders(limit=1000)}
    assert "P-1" in queue  # released: in the queue
    verdict, state = demo_services.packing.open(Scan("P-1"), sess)
    assert verdict.outcome is Outcome.OK and state is not None
    verdict, _ = demo_services.packing.scan_item(state, Scan(code("PS-A")), sess, qty=2)
    assert verdict.outcome is Outcome.OK
    fig = {f.sku: f for f in stock.figures()}["PS-A"]
    assert (fig.received, fig.packed, fig.on_hand, fig.reserved) == (2, 2, 0, 0)


def test_packable_now_is_spot_and_released_pre_sale(receiving):
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    order("S-1", {"PS-A": 1}, presale=False)
    order("P-1", {"PS-A": 1}, due_hours=1)
    order("P-2", {"PS-A": 1}, due_hours=2)
    receive(receiving, "PO-PS-1", {"PS-A": 2})  # S-1 and P-1
    mine = SalesOrder.number.in_(["S-1", "P-1", "P-2"])
    packable = {o.number for o in SalesOrder.select().where(mine & packable_now())}
    assert packable == {"S-1", "P-1"}


def test_stock_warning_lists_skus_under_their_threshold(receiving, stock):
    products("PS-LOW", "PS-OK", threshold=5)
    products("PS-NONE")
    purchase_order("PO-PS-1", {"PS-LOW": 100, "PS-OK": 100, "PS-NONE": 100})
    receive(receiving, "PO-PS-1", {"PS-LOW": 4, "PS-OK": 5, "PS-NONE": 1})
    warned = [f.sku for f in stock.warnings() if f.sku.startswith("PS-")]
    assert warned == ["PS-LOW"]


@pytest.fixture
def ho(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    client = HeadOfficeClient(server.url, "tok")
    yield server, Downloader(demo_services.store.db, demo_services.bench_id, client)
    client.close()
    server.stop()
    store.close()


def test_head_office_figure_comes_with_its_time_beside_the_bench_figure(ho, receiving, stock):
    server, down = ho
    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    receive(receiving, "PO-PS-1", {"PS-A": 3})
    server.store.publish_stock({"PS-A": 120}, as_of=datetime(2026, 11, 30, 8, 0))
    assert down.pull().applied == 1
    fig = {f.sku: f for f in stock.figures()}["PS-A"]
    assert (fig.on_hand, fig.head_office, fig.head_office_as_of) == (
        3,
        120,
        datetime(2026, 11, 30, 8, 0),
    )
    server.store.publish("stock", "PS-A", {"sku": "PS-A", "qty": "many"})
    with pytest.raises(BadAnswer):
        down.pull()
    assert {f.sku: f for f in stock.figures()}["PS-A"].head_office == 120


def test_a_batch_takes_a_pre_sale_order_once_released_and_not_before(receiving):
    from station.services.batches import batchable_orders

    products("PS-A")
    purchase_order("PO-PS-1", {"PS-A": 100})
    order("S-1", {"PS-A": 1}, presale=False)
    order("P-1", {"PS-A": 1}, due_hours=1)
    order("P-2", {"PS-A": 1}, due_hours=2)

    def batchable():
        ids = {i for (i,) in batchable_orders().tuples()}
        mine = SalesOrder.select().where(SalesOrder.number.in_(["S-1", "P-1", "P-2"]))
        return {o.number for o in mine if o.id in ids}

    assert batchable() == {"S-1"}
    receive(receiving, "PO-PS-1", {"PS-A": 2})  # S-1 and P-1
    assert batchable() == {"S-1", "P-1"}
