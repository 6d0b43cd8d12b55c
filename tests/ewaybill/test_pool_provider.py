"""The imported number pool behind the provider interface, on a real SQLite file."""

from __future__ import annotations

import pytest

from station.db.models import OutboxRecord, Parcel, SalesOrder, TrackingNumber
from station.ewaybill import errors as E
from station.ewaybill.pool import PoolProvider
from station.services.operators import OperatorService
from station.services.tracking_pool import TrackingPool
from tests.ewaybill.conftest import order


@pytest.fixture
def pool(store):
    p = TrackingPool(store.db, "b1")
    p.import_numbers(
        p.account("SF", "顺丰", "0571001"), "\n".join(f"SF{n:010d}" for n in range(1, 6))
    )
    return p


def parcels(n: int) -> list[Parcel]:
    so = SalesOrder.create(number="SO1", buyer_name="刘贺", address="北京")
    return [Parcel.create(sales_order=so, bench_id="b1", seq=i + 1) for i in range(n)]


def test_numbers_come_from_the_pool_in_order_for_the_named_parcels(store, pool):
    provider = PoolProvider(pool)
    ps = parcels(3)
    reqs = [order("cainiao", i, object_id=p.uuid, carrier_code="SF") for i, p in enumerate(ps)]
    results = provider.request_waybills(reqs)
    codes = [r.unwrap()[0].waybill_code for r in results]
    assert codes == ["SF0000000001", "SF0000000002", "SF0000000003"]
    assert all(r.waybill.source == "pool" and r.waybill.print_data == "" for r in results)
    taken = {
        t.number: t.parcel_id
        for t in TrackingNumber.select().where(TrackingNumber.status == "used")
    }
    assert taken == {c: p.id for c, p in zip(codes, ps, strict=True)}
    assert provider.balance("SF") == 2


def test_an_empty_pool_is_no_balance_and_an_unknown_parcel_a_bad_request(store, pool):
    provider = PoolProvider(pool)
    ps = parcels(6)
    reqs = [order("cainiao", i, object_id=p.uuid, carrier_code="SF") for i, p in enumerate(ps)]
    reqs.append(order("cainiao", 99, object_id="no-such-parcel", carrier_code="SF"))
    results = provider.request_waybills(reqs)
    assert [r.ok for r in results] == [True] * 5 + [False, False]
    assert isinstance(results[5].error, E.NoBalance)
    assert results[5].error.platform_code == "pool_empty"
    assert isinstance(results[6].error, E.BadRequest)


def test_cancel_voids_once_with_a_supervisor_and_reports_once(store, pool):
    provider = PoolProvider(pool)
    (p,) = parcels(1)
    code = provider.take("SF", p).waybill_code
    boss = OperatorService(store.db, "b1").create("王主管", "supervisor", "9876")
    assert provider.cancel("SF", code, approved_by=boss, reason="damaged label").already is False
    assert provider.cancel("SF", code, approved_by=boss, reason="again").already is True
    voids = OutboxRecord.select().where(OutboxRecord.kind == "tracking_void").count()
    assert voids == 1
    with pytest.raises(E.UnknownWaybill):
        provider.cancel("SF", "SF9999999999", approved_by=boss)


def test_update_is_not_supported_and_search_lists_the_accounts(store, pool):
    provider = PoolProvider(pool)
    with pytest.raises(E.NotSupported):
        provider.update(order("cainiao", 1, carrier_code="SF"), "SF0000000001")
    (sub,) = provider.search("SF")
    assert (sub.carrier_code, sub.branch_code, sub.branch_name, sub.quantity) == (
        "SF",
        "0571001",
        "顺丰",
        5,
    )
    assert provider.search("ZTO") == []
