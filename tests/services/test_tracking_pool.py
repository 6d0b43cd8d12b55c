import threading

import pytest

from station.core.tracking import s10_check_digit
from station.db.models import AuditEntry, OutboxRecord, Parcel, SalesOrder, TrackingNumber
from station.services.operators import OperatorService
from station.services.tracking_pool import PoolError, TrackingPool


def s10(n: int) -> str:
    serial = f"{n:08d}"
    return f"EE{serial}{s10_check_digit(serial)}CN"


@pytest.fixture
def pool(store):
    return TrackingPool(store.db, "b1")


@pytest.fixture
def parcel(store):
    order = SalesOrder.create(number="SO1", buyer_name="刘贺", address="北京")
    return Parcel.create(sales_order=order, bench_id="b1")


def test_import_checks_everything_first(pool):
    ems = pool.account("EMS", check_rule="s10")
    text = "\n".join([s10(1), s10(2), "EE000000039CN", s10(1)])
    result = pool.import_numbers(ems, text)
    assert result.added == 0
    assert [(line, reason) for line, _, reason in result.rejected] == [
        (3, "check_digit"),
        (4, "repeated_in_file"),
    ]
    assert TrackingNumber.select().count() == 0  # nothing half-imported


def test_reimport_adds_nothing_twice(pool):
    ems = pool.account("EMS", check_rule="s10")
    text = "\n".join(s10(n) for n in range(1, 6))
    assert pool.import_numbers(ems, text).added == 5
    again = pool.import_numbers(ems, "number\n" + text)
    assert (again.added, again.already) == (0, 5)


def test_take_in_order_never_twice(pool, parcel):
    sf = pool.account("SF")
    pool.import_numbers(sf, "SF0001\nSF0002")
    first = pool.take("sf", parcel)
    second = pool.take("SF", parcel)
    assert (first.number, second.number) == ("SF0001", "SF0002")
    with pytest.raises(PoolError) as exc:
        pool.take("SF", parcel)
    assert exc.value.code == "pool_empty"


def test_concurrent_takes_get_different_numbers(store, pool, parcel):
    sf = pool.account("SF")
    pool.import_numbers(sf, "\n".join(f"SF{n:04d}" for n in range(40)))
    got, errors = [], []

    def worker():
        try:
            for _ in range(10):
                with store.db.atomic():
                    got.append(pool.take("SF", parcel).number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            store.db.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(got) == 40 and len(set(got)) == 40


def test_low_water_and_void(store, pool, parcel):
    sf = pool.account("SF", low_water=2)
    pool.import_numbers(sf, "SF1\nSF2\nSF3")
    assert pool.running_low() == []
    pool.take("SF", parcel)
    assert [(a.carrier, n) for a, n in pool.running_low()] == [("SF", 2)]
    sup = OperatorService(store.db, "b1").create("王芳", "supervisor", "9876")
    voided = pool.void("SF1", sup, "label damaged")
    assert voided.status == "void"
    assert AuditEntry.get(AuditEntry.action == "tracking_number_voided").operator.name == "王芳"
    assert OutboxRecord.get(OutboxRecord.kind == "tracking_void").record_uuid == voided.uuid
    with pytest.raises(PoolError):
        pool.void("SF1", sup, "again")
