"""Master data down from the reference head office."""

import pytest

from station.core.auth import hash_pin
from station.db.models import (
    Meta,
    Operator,
    OutboxRecord,
    Product,
    SalesOrder,
    TrackingNumber,
)
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader


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


def test_products_orders_tracking_and_operators_arrive(ho, demo_services):
    server, down = ho
    s = server.store
    s.publish(
        "product",
        "KETTLE-1",
        {
            "sku": "KETTLE-1",
            "name": "电热水壶 Kettle",
            "weight_g": 900,
            "barcodes": [{"code": "6901234009998", "kind": "gtin"}],
        },
    )
    s.publish(
        "sales_order",
        "HO-1",
        {
            "number": "HO-1",
            "buyer_name": "吴静",
            "address": "湖北省武汉市",
            "carrier": "SF",
            "promised_dispatch_at": "2026-11-25T10:00:00",
            "lines": [{"sku": "KETTLE-1", "qty": 1}],
        },
    )
    s.publish(
        "tracking_numbers",
        "SF",
        {
            "carrier": "SF",
            "account_no": "0210000001",
            "numbers": ["SF9000000000001", "SF9000000000002"],
        },
    )
    s.publish(
        "operator",
        "op-9",
        {
            "uuid": "op-9-uuid-000000",
            "name": "赵敏",
            "role": "packer",
            "badge_code": "OP-0009",
            "pin_hash": hash_pin("4826"),
        },
    )
    result = down.pull()
    assert (result.applied, result.conflicts) == (4, [])
    assert Product.get(Product.sku == "KETTLE-1").weight_g == 900
    assert SalesOrder.get(SalesOrder.number == "HO-1").lines.get().product.sku == "KETTLE-1"
    assert TrackingNumber.select().where(TrackingNumber.number.startswith("SF9")).count() == 2
    assert demo_services.operators.login_with_badge("OP-0009").operator.name == "赵敏"
    assert "OP-0009" not in Operator.get(Operator.name == "赵敏").badge_hash  # a hash only
    assert int(Meta.get(Meta.key == "master_cursor").value) == result.cursor == 4
    assert down.pull().applied == 0  # nothing new: the cursor remembers


def test_a_cancellation_after_packing_is_a_reported_conflict(ho, demo_services):
    server, down = ho
    SalesOrder.update(status="packed").where(SalesOrder.number == "2611230002").execute()
    server.store.publish(
        "order_status",
        "2611230002",
        {"number": "2611230002", "status": "cancelled", "reason": "买家取消"},
    )
    server.store.publish(
        "order_status", "2611230003", {"number": "2611230003", "status": "held", "reason": "改地址"}
    )
    result = down.pull()
    assert result.conflicts == ["order 2611230002 is cancelled at head office but packed here"]
    assert SalesOrder.get(SalesOrder.number == "2611230002").status == "packed"  # not overwritten
    held = SalesOrder.get(SalesOrder.number == "2611230003")
    assert (held.status, held.status_reason) == ("held", "改地址")
    assert OutboxRecord.get(OutboxRecord.kind == "conflict")


def test_bad_changes_are_reported_and_the_rest_applies(ho):
    server, down = ho
    server.store.publish("product", "P", {"sku": "NEWP", "name": "n"})
    server.store.publish(
        "sales_order",
        "X",
        {
            "number": "X1",
            "buyer_name": "a",
            "address": "b",
            "lines": [{"sku": "NOPE", "qty": "not a number"}],
        },
    )
    server.store.publish(
        "tracking_numbers",
        "EMS",
        {"carrier": "EMS", "check_rule": "s10", "numbers": ["EE000000019CN"]},
    )
    result = down.pull()
    assert result.conflicts == [
        "order X1: unknown SKU NOPE",
        "1 EMS tracking numbers refused (check_digit)",
    ]
    assert Product.get_or_none(Product.sku == "NEWP") is not None


def test_purchase_orders_arrive_and_a_bad_one_is_a_conflict(ho):
    from station.db.models import PurchaseOrder

    server, down = ho
    po = {
        "number": "PO-HO-7",
        "supplier_code": "SUP-YWDR",
        "expected_at": "2026-11-26T09:00:00+08:00",
        "lines": [{"sku": "TOWEL-M", "qty": 60, "unit_price": "9.50"}],
    }
    server.store.publish("purchase_order", "PO-HO-7", po)
    server.store.publish(
        "purchase_order",
        "PO-HO-8",
        {**po, "number": "PO-HO-8", "lines": [{"sku": "NOPE", "qty": 1}]},
    )
    result = down.pull()
    got = PurchaseOrder.get(PurchaseOrder.number == "PO-HO-7")
    assert [(ln.product.sku, ln.qty_ordered, ln.unit_price_fen) for ln in got.lines] == [
        ("TOWEL-M", 60, 950)
    ]
    assert result.conflicts == ["purchase order PO-HO-8: unknown_sku NOPE"]
    assert PurchaseOrder.get_or_none(PurchaseOrder.number == "PO-HO-8") is None
    server.store.publish("purchase_order", "PO-HO-7", po)  # sent again: nothing changes
    again = down.pull()
    assert (again.applied, again.conflicts) == (1, [])
    assert PurchaseOrder.select().where(PurchaseOrder.number == "PO-HO-7").count() == 1


def test_a_clear_badge_code_from_an_older_head_office_is_hashed_here(ho, demo_services):
    import json

    from station.headoffice.models import MasterChange

    server, down = ho
    MasterChange.create(  # stored as an older head office did, bypassing publish()
        kind="operator",
        key="op-old",
        payload=json.dumps(
            {
                "uuid": "op-old-uuid-0000",
                "name": "钱老",
                "role": "packer",
                "badge_code": "OLD-BADGE-42",
                "pin_hash": hash_pin("4826"),
            }
        ),
    )
    assert down.pull().applied == 1
    stored = Operator.get(Operator.name == "钱老")
    assert "OLD-BADGE-42" not in stored.badge_hash
    assert demo_services.operators.login_with_badge("OLD-BADGE-42").operator.name == "钱老"
    demo_services.store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"OLD-BADGE-42" not in demo_services.store.path.read_bytes()
