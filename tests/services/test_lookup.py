import json

import pytest

from station.core.scan import Outcome, Scan
from station.db.models import OutboxRecord, ScanEvent
from station.resources import read_json

PACK = frozenset({"sales_order", "product"})


@pytest.fixture
def lookup(demo_services):
    return demo_services.lookup


def first_ean():
    return read_json("demo", "products.json")[0]["barcodes"][0]["code"]


def test_order_found_and_scan_logged_with_its_outbox_record(lookup):
    verdict, found = lookup.scan(
        Scan("2611230001", source="sim"), context="pack", accepts=PACK, operator=None
    )
    assert verdict.outcome is Outcome.OK
    assert found.sales_order.buyer_name == "刘贺"
    assert [ln.is_gift for ln in found.sales_order.lines] == [False, True]
    event = ScanEvent.get()
    assert (event.data, event.outcome, event.context, event.source) == (
        "2611230001",
        "ok",
        "pack",
        "sim",
    )
    record = OutboxRecord.get(OutboxRecord.record_uuid == event.uuid)
    assert json.loads(record.payload)["outcome"] == "ok"


def test_product_by_ean_and_by_carton_code(lookup):
    product = read_json("demo", "products.json")[0]
    _, found = lookup.scan(Scan(first_ean()), context="pack", accepts=PACK, operator=None)
    assert found.product.sku == product["sku"] and found.product.pack_qty == 1
    carton = product["barcodes"][1]["code"]
    _, found = lookup.scan(Scan(carton), context="pack", accepts=PACK, operator=None)
    assert found.product.pack_qty == 12


def test_unknown_code_refused_and_still_logged(lookup):
    verdict, found = lookup.scan(Scan("nonsense"), context="pack", accepts=PACK, operator=None)
    assert verdict.outcome is Outcome.REFUSED and verdict.code == "unknown_code"
    assert ScanEvent.get().outcome == "refused"


@pytest.mark.parametrize(
    "number,code", [("2611230008", "order_held"), ("2611230009", "order_cancelled")]
)
def test_held_and_cancelled_orders_refused_with_reason(lookup, number, code):
    verdict, _ = lookup.scan(Scan(number), context="pack", accepts=PACK, operator=None)
    assert verdict.outcome is Outcome.REFUSED and verdict.code == code
    assert verdict.params["reason"]


def test_code_for_another_page_is_a_warning(lookup):
    verdict, _ = lookup.scan(Scan("PO-2611-001"), context="pack", accepts=PACK, operator=None)
    assert verdict.outcome is Outcome.WARNING and verdict.code == "not_here_purchase_order"


def test_open_orders_sorted_by_deadline_without_shipped_or_cancelled(lookup):
    orders = lookup.open_orders()
    due = [o.promised_dispatch_at for o in orders]
    assert due == sorted(due)
    assert "cancelled" not in {o.status for o in orders}
    assert all(o.lines for o in orders)
