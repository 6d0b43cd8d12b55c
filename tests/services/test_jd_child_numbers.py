"""JD's parent and child numbers on pool parcels: one pool number P for the
order, each parcel ``P-n-N-``, so the count N is on every label. The count is
asked when the first parcel closes with another to follow, and no close may
leave a printed number wrong: the labels of an order all carry the count its
last close confirms. Real SQLite store, the packing service, the waybill
rendered and its barcodes decoded (zxing-cpp) and its text read (pdftotext)."""

from __future__ import annotations

import contextlib
import random

import pytest

from station.core.tracking import child_number, split_child_number
from station.db.models import Operator, Parcel, SalesOrder, SalesOrderLine, TrackingNumber
from station.services.packing.state import PackError
from tests.barcodes import decode_pdf, pdf_text
from tests.services.test_packing import ean, open_order, outcomes, session

ORDER = "2611230005"  # socks, a YD pool order in the demo data: made a JD one here
POOL = [f"JDV2000000000{n:02d}" for n in range(1, 11)]


def jd_order(services, units: int) -> SalesOrder:
    """The demo order as a JD order of ``units`` pairs of socks, and a JD pool."""
    order = SalesOrder.get(SalesOrder.number == ORDER)
    SalesOrder.update(carrier="JD").where(SalesOrder.id == order.id).execute()
    lines = list(SalesOrderLine.select().where(SalesOrderLine.sales_order == order))
    assert [ln.product.sku for ln in lines] == ["SOCK-5P"]
    SalesOrderLine.update(qty=units).where(SalesOrderLine.id == lines[0].id).execute()
    pool = services.packing.tracking
    result = pool.import_numbers(pool.account("JD", "京东物流"), "\n".join(POOL))
    assert not result.rejected
    return open_order(services.packing, ORDER)


def close_one(services, order, *, final: bool, count: int | None = None):
    """Pack one pair of socks into the open parcel and close it."""
    assert outcomes(services.packing, order, ean("SOCK-5P"))[0].startswith("packed")
    return services.packing.close(order, session(), final=final, parcel_count=count)


def closed_numbers(order) -> list[str]:
    return [
        p.tracking_number
        for p in Parcel.select()
        .where((Parcel.sales_order == order) & (Parcel.status == "closed"))
        .order_by(Parcel.seq)
    ]


def used() -> list[str]:
    return [t.number for t in TrackingNumber.select().where(TrackingNumber.status != "free")]


def label(services, parcel) -> tuple[str, list]:
    pdf = services.documents.waybill(Parcel.get_by_id(parcel.id), "pdf", "100x180")
    return "".join(pdf_text(pdf, raw=True).split()), decode_pdf(pdf)[0]


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_every_label_of_an_order_carries_its_parcel_count(demo_services, n):
    order = jd_order(demo_services, n)
    parcels = [close_one(demo_services, order, final=k == n, count=n) for k in range(1, n + 1)]
    parent = POOL[0]
    assert [r.tracking_number for r in parcels] == [
        child_number(parent, k, n) for k in range(1, n + 1)
    ]
    assert used() == [parent]  # one pool number for the order
    for k, result in enumerate(parcels, start=1):
        text, symbols = label(demo_services, result.parcel)
        assert ("Code128", child_number(parent, k, n)) in symbols
        assert f"{k}/{n}" in text
        assert ("母单" + parent in text) is (n > 1)
    assert SalesOrder.get_by_id(order.id).status == "packed"


def test_the_count_is_asked_before_anything_is_taken(demo_services):
    order = jd_order(demo_services, 2)
    svc = demo_services.packing
    assert svc.parcel_count_needed(order)
    outcomes(svc, order, ean("SOCK-5P"))
    for count in (None, 1, 0, 1000):
        with pytest.raises(PackError) as refused:
            svc.close(order, session(), final=False, parcel_count=count)
        assert refused.value.code == "parcel_count_needed"
    with pytest.raises(PackError) as refused:
        svc.close(order, session(), final=True, parcel_count=2)  # the last, yet 2 parcels
    assert refused.value.code in ("parcel_count_final", "units_missing")
    outcomes(svc, order, ean("SOCK-5P"))  # both pairs in the first parcel
    with pytest.raises(PackError) as refused:
        svc.close(order, session(), final=True, parcel_count=2)
    assert refused.value.code == "parcel_count_final"
    assert used() == [] and closed_numbers(order) == []
    result = svc.close(order, session(), final=True)
    assert result.tracking_number == child_number(POOL[0], 1, 1)
    assert not demo_services.packing.parcel_count_needed(order)


@pytest.mark.parametrize(
    ("units", "declared", "closes", "refusal"),
    [
        (2, 3, [False, True], "parcel_count_short"),  # everything fit in 2 of the 3
        (3, 2, [False, False], "parcel_count_last"),  # a third parcel after 2 of 2
    ],
)
def test_a_close_that_would_make_a_printed_count_wrong_is_refused(
    demo_services, units, declared, closes, refusal
):
    order = jd_order(demo_services, units)
    close_one(demo_services, order, final=False, count=declared)
    printed = closed_numbers(order)
    with pytest.raises(PackError) as refused:
        close_one(demo_services, order, final=closes[1])
    assert refused.value.code == refusal
    assert closed_numbers(order) == printed and used() == [POOL[0]]
    with pytest.raises(PackError) as refused:
        demo_services.packing.close(order, session(), final=False, parcel_count=declared + 1)
    assert refused.value.code in ("parcel_count_changed", "parcel_count_last")


def test_voiding_one_parcel_voids_the_orders_count_and_a_new_count_takes_a_new_number(
    demo_services,
):
    order = jd_order(demo_services, 2)
    first = close_one(demo_services, order, final=False, count=3)
    sup = Operator.get(Operator.name == "王芳")
    demo_services.packing.void_parcel(Parcel.get_by_id(first.parcel.id), sup, "2 parcels, not 3")
    assert closed_numbers(order) == []
    assert TrackingNumber.get(TrackingNumber.number == POOL[0]).status == "void"
    order = open_order(demo_services.packing, ORDER)
    again = [close_one(demo_services, order, final=k == 2, count=2) for k in (1, 2)]
    assert [r.tracking_number for r in again] == [child_number(POOL[1], k, 2) for k in (1, 2)]
    # voiding one of a count voids them all: their labels name the same total
    demo_services.packing.void_parcel(Parcel.get_by_id(again[1].parcel.id), sup, "torn")
    assert closed_numbers(order) == []
    assert {p.status for p in Parcel.select().where(Parcel.sales_order == order)} == {"voided"}


def test_no_sequence_of_closes_leaves_a_wrong_number(demo_services):
    """Random closes (last or not, any count or none) on an order of 5 units:
    whatever is accepted, the numbers closed are always 1..k of one count N
    under one pool number, and when the order is done k == N."""
    rng = random.Random(16)
    order = jd_order(demo_services, 5)
    svc = demo_services.packing
    for _ in range(200):
        if any(ln.remaining for ln in svc.state(order).lines) and rng.random() < 0.6:
            outcomes(svc, order, ean("SOCK-5P"))
        final = rng.random() < 0.3
        count = rng.choice([None, None, 1, 2, 3, 4, 5, 6])
        with contextlib.suppress(PackError):
            svc.close(order, session(), final=final, parcel_count=count)
        splits = [split_child_number(n) for n in closed_numbers(order)]
        assert all(splits), splits
        if splits:
            parent, _, total = splits[0]
            assert splits == [(parent, k, total) for k in range(1, len(splits) + 1)]
        if SalesOrder.get_by_id(order.id).status == "packed":
            assert len(splits) == splits[0][2]
            break
        state = svc.state(order)
        if (
            splits
            and not any(ln.remaining for ln in state.lines)
            and not any(state.parcel_packed.values())
        ):
            # every unit is in a closed parcel but the count asks for more: only
            # a supervisor's void gets out, and it takes back the whole count
            first = Parcel.get(Parcel.tracking_number == closed_numbers(order)[0])
            svc.void_parcel(first, Operator.get(Operator.name == "王芳"), "count")
            order = open_order(svc, ORDER)
    else:
        raise AssertionError("the order was never done")


def test_dispatch_takes_the_child_numbers_and_reports_their_parent(demo_services):
    import json

    from station.db.models import OutboxRecord
    from station.services.dispatch import DispatchService

    order = jd_order(demo_services, 2)
    parcels = [close_one(demo_services, order, final=k == 2, count=2) for k in (1, 2)]
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    assert svc.scan("JD-BAG-01", session()).code == "handover_opened"
    for result in parcels:
        verdict = svc.scan(result.tracking_number, session())
        assert verdict.outcome == "ok", verdict
    svc.close(session())
    reports = [
        json.loads(r.payload)
        for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
    ]
    assert sorted(r["tracking_number"] for r in reports) == [
        child_number(POOL[0], k, 2) for k in (1, 2)
    ]
    assert {(r["parent_tracking_number"], r["is_child"]) for r in reports} == {(POOL[0], True)}
