"""Peak day through the services: 2,000 open orders grouped into batches by the rules,
a batch's waybills printed first on a real TCP label printer (the ZPL rendered and
decoded), its pick list checked against the orders, every parcel verified by its
pre-printed waybill down to none left."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from station.core.batching import EPOCH, OpenOrder, Rules, group_orders, shelf_key
from station.core.scan import Scan
from station.db.models import (
    AuditEntry,
    Batch,
    BatchOrder,
    OutboxRecord,
    Parcel,
    PrintJob,
    Product,
    SalesOrder,
    SalesOrderLine,
    TrackingNumber,
)
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.services.batches import BatchError, batchable_orders
from station.services.operators import Session
from tests.barcodes import decode_pdf, decode_zpl, pdf_text
from tests.peak_day import add_orders


def session(name="张伟"):
    from station.db.models import Operator

    return Session(Operator.get(Operator.name == name), "bench")


def lines_of(order_ids) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {}
    q = (
        SalesOrderLine.select(SalesOrderLine.sales_order, Product.sku, SalesOrderLine.qty)
        .join(Product)
        .where(SalesOrderLine.sales_order.in_(list(order_ids)))
        .order_by(SalesOrderLine.line_no)
        .tuples()
    )
    for oid, sku, qty in q:
        out.setdefault(oid, []).append((sku, qty))
    return out


def with_rules(services, **rules):
    services.settings = services.settings.replace("batches", **rules)


def test_2000_orders_every_one_in_exactly_one_batch_by_the_rules(demo_services):
    s = demo_services
    add_orders(s.store.db, 2000, presale_every=40)
    waiting = {oid for (oid,) in batchable_orders().tuples()}
    presale = {o.id for o in SalesOrder.select().where(SalesOrder.order_type == "presale")}
    assert len(waiting) >= 1950 and not waiting & presale
    assert s.settings.batches.max_orders == 50  # the default the sizes below expect
    made = s.batches.group(session().operator)
    members = list(BatchOrder.select())
    ids = [m.sales_order_id for m in members]
    assert len(ids) == len(set(ids)) and set(ids) == waiting  # each exactly once
    assert not set(ids) & presale  # pre-sale orders wait for their stock
    lines = lines_of(ids)
    orders = {o.id: o for o in SalesOrder.select().where(SalesOrder.id.in_(ids))}
    by_batch: dict[int, list[int]] = {}
    for m in members:
        by_batch.setdefault(m.batch_id, []).append(m.sales_order_id)
    rules = Counter()
    for batch in made:
        group = by_batch[batch.id]
        rules[batch.rule] += 1
        assert 1 <= len(group) <= s.settings.batches.max_orders  # the rule's cap (50)
        assert {orders[o].carrier.upper() for o in group} == {batch.carrier}
        if batch.rule == "single":
            assert all(lines[o] == [(batch.sku, 1)] for o in group)
        elif batch.rule == "multi":
            assert all(batch.sku in {sku for sku, _ in lines[o]} for o in group)
            assert all(lines[o] != [(lines[o][0][0], 1)] for o in group)
        assert batch.deadline == min(orders[o].promised_dispatch_at for o in group)
    assert rules["single"] and rules["multi"]
    # single-item orders of one SKU and carrier fill their batches before another starts
    full = Counter((b.carrier, b.sku) for b in made if b.rule == "single")
    for carrier, sku in full:
        sizes = sorted(
            (
                len(by_batch[b.id])
                for b in made
                if (b.rule, b.carrier, b.sku) == ("single", carrier, sku)
            ),
            reverse=True,
        )
        assert all(size == 50 for size in sizes[:-1]), (carrier, sku, sizes)
    # nothing left to group, and a second run makes nothing
    assert not batchable_orders().exists() and s.batches.group(None) == []
    # every batch is on record: audited and queued for head office
    assert AuditEntry.select().where(AuditEntry.action == "batch_open").count() == len(made)
    record = OutboxRecord.get(OutboxRecord.record_uuid == f"{made[0].uuid}-open")
    payload = json.loads(record.payload)
    assert payload["state"] == "open" and len(payload["orders"]) == len(by_batch[made[0].id])


@pytest.mark.parametrize("minutes", [60, 240])
def test_the_deadline_rule_keeps_each_batch_in_one_window(demo_services, minutes):
    s = demo_services
    add_orders(s.store.db, 600, seed=minutes)
    with_rules(s, deadline_minutes=minutes, max_orders=20)
    made = s.batches.group(None)
    window = timedelta(minutes=minutes)
    for batch in made:
        dues = [
            o.promised_dispatch_at
            for o in SalesOrder.select().join(BatchOrder).where(BatchOrder.batch == batch.id)
        ]
        assert len({(d - EPOCH) // window for d in dues}) == 1
        assert len(dues) <= 20


def test_rules_switched_off_make_mixed_batches_of_any_carrier():
    orders = [
        OpenOrder(1, "SF", None, (("A", 1),)),
        OpenOrder(2, "YTO", None, (("B", 1),)),
        OpenOrder(3, "SF", None, (("A", 2), ("C", 1))),
    ]
    groups = group_orders(
        orders, Rules(max_orders=2, single_item=False, shared_skus=False, by_carrier=False)
    )
    assert [g.rule for g in groups] == ["mixed", "mixed"]
    assert sorted(i for g in groups for i in g.order_ids) == [1, 2, 3]
    # multi-item orders go with the SKU most of them share
    orders = [
        OpenOrder(1, "SF", None, (("A", 1), ("B", 1))),
        OpenOrder(2, "SF", None, (("B", 1), ("C", 1))),
        OpenOrder(3, "SF", None, (("B", 2), ("D", 1))),
        OpenOrder(4, "SF", None, (("E", 1), ("F", 1))),
    ]
    groups = group_orders(orders, Rules())
    assert sorted((g.sku, g.order_ids) for g in groups) == [("B", [1, 2, 3]), ("E", [4])]
    with pytest.raises(ValueError):
        Rules(max_orders=0)


def test_shelf_order_is_natural_and_unlocated_goods_come_last():
    spots = ["B-2", "A-10", "", "A-2", None, "a-3"]
    ordered = sorted(spots, key=lambda loc: shelf_key(loc, "X"))
    assert ordered[:4] == ["A-2", "a-3", "A-10", "B-2"]
    assert set(ordered[4:]) == {"", None}


def test_a_batch_by_hand_takes_only_open_orders_in_no_batch(demo_services):
    s = demo_services
    numbers = add_orders(s.store.db, 10)
    batch = s.batches.create(numbers[:3], session().operator)
    assert batch.rule == "manual" and s.batches.view(batch).total == 3
    with pytest.raises(BatchError) as taken:
        s.batches.create([numbers[0], numbers[5]], None)
    assert taken.value.code == "batch_order_taken"
    assert taken.value.params["batch"] == batch.number
    SalesOrder.update(status="held").where(SalesOrder.number == numbers[6]).execute()
    for bad, code in (
        ([numbers[6]], "batch_order_not_open"),
        (["NO-SUCH"], "batch_unknown_order"),
        ([], "batch_no_orders"),
    ):
        with pytest.raises(BatchError) as refused:
            s.batches.create(bad, None)
        assert refused.value.code == code
    with_rules(s, max_orders=2)
    with pytest.raises(BatchError) as many:
        s.batches.create(numbers[7:10], None)
    assert many.value.code == "batch_too_many"
    # an open batch dissolved lets its orders go to another
    s.batches.dissolve(batch.number, None)
    assert Batch.get_by_id(batch.id).state == "cancelled"
    assert s.batches.create(numbers[:2], None).number != batch.number


def _single_batch(s, n=12):
    """A single-item batch of ``n`` orders of one SKU (YTO), printed on a simulator."""
    numbers = add_orders(s.store.db, 400, carriers=("YTO",))
    with_rules(s, max_orders=n)
    made = s.batches.group(None)
    plain = {p.sku for p in Product.select().where(Product.track_serial == False)}  # noqa: E712
    batch = next(
        b for b in made if b.rule == "single" and b.sku in plain and s.batches.view(b).total == n
    )
    return batch, numbers


def test_print_first_then_verify_by_waybill_down_to_none_left(demo_services):
    s = demo_services
    batch, _ = _single_batch(s)
    used_before = TrackingNumber.select().where(TrackingNumber.status == "used").count()
    with SimulatedLabelPrinter() as printer:
        s.settings = s.settings.replace("devices", printer=printer.uri, document_printer="")
        result = s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
        assert result.jobs == 1 and result.labels == 12
        assert s.printing.run_once() == 1
        (job,) = printer.wait_for_jobs(1, timeout=10)
        labels = decode_zpl(job)
        lines = s.batches.lines(Batch.get_by_id(batch.id))
        assert len(labels) == 12
        for n, (line, symbols) in enumerate(zip(lines, labels, strict=True), 1):
            assert line.seq == n
            assert ("Code128", f"{batch.number}{n:04d}0012") in symbols
            assert ("Code128", line.tracking) in symbols and ("Code128", line.order) in symbols
        # in the pick list's walk: one SKU here, so by order number
        assert [ln.order for ln in lines] == sorted(ln.order for ln in lines)
        trackings = [ln.tracking for ln in lines]
        assert len(set(trackings)) == 12 and all(t.startswith("YT") for t in trackings)
        assert (
            TrackingNumber.select().where(TrackingNumber.status == "used").count()
            == used_before + 12
        )
        # never twice: a second print is refused; one label again by an explicit reprint
        with pytest.raises(BatchError) as again:
            s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
        assert again.value.code == "batch_printed_already"
        s.batches.reprint(batch.number, 5, None, s.documents, s.printing)
        assert s.printing.run_once() == 1
        reprinted = printer.wait_for_jobs(2, timeout=10)[1]
        (symbols,) = decode_zpl(reprinted)
        assert ("Code128", f"{batch.number}00050012") in symbols
        assert ("Code128", trackings[4]) in symbols
        with pytest.raises(BatchError) as no_label:
            s.batches.reprint(batch.number, 13, None, s.documents, s.printing)
        assert no_label.value.code == "batch_no_label"
    assert Batch.get_by_id(batch.id).state == "printed"
    # the label's batch barcode names its order too
    assert s.packing.find_order(f"{batch.number}00030012").number == lines[2].order
    assert s.batches.find(f"{batch.number}00030012").id == batch.id
    s.batches.mark_picked(batch.number, None)
    # pack-out: the waybill opens its order, one scan of the item verifies and closes it
    sku = lines[0].first_sku
    item = next(
        b.code
        for b in Product.get(Product.sku == sku).barcodes
        if b.kind == "gtin" and b.pack_qty == 1
    )
    for n, tracking in enumerate(trackings, 1):
        verdict, state = s.packing.open(Scan(tracking), session())
        assert state is not None and state.order.number == lines[n - 1].order, verdict
        verdict, state = s.packing.scan_item(state, Scan(item), session())
        assert state.complete, verdict
        closed = s.packing.close(state.order, session())
        assert closed.tracking_number == tracking and closed.preprinted
        assert (closed.batch, closed.batch_left, closed.batch_total) == (batch.number, 12 - n, 12)
    assert (
        TrackingNumber.select().where(TrackingNumber.status == "used").count() == used_before + 12
    )  # not one second number
    assert Batch.get_by_id(batch.id).state == "packed"
    actions = [
        a.action
        for a in AuditEntry.select()
        .where(AuditEntry.entity_uuid == batch.uuid)
        .order_by(AuditEntry.id)
    ]
    assert actions == [
        "batch_open",
        "batch_printed",
        "batch_label_reprinted",
        "batch_picked",
        "batch_packed",
    ]
    states = [
        json.loads(r.payload)["state"]
        for r in OutboxRecord.select().where(OutboxRecord.kind == "batch_state")
        if r.record_uuid.startswith(batch.uuid)
    ]
    assert states == ["open", "printed", "picked", "packed"]


def test_a_wrong_item_is_refused_on_a_pre_printed_order(demo_services):
    s = demo_services
    batch, _ = _single_batch(s, n=3)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    line = s.batches.lines(Batch.get_by_id(batch.id))[0]
    _, state = s.packing.open(Scan(line.tracking), session())
    other = next(
        b.code
        for b in Product.select().where(Product.sku != line.first_sku).first().barcodes
        if b.kind == "gtin"
    )
    verdict, state = s.packing.scan_item(state, Scan(other), session())
    assert verdict.outcome.value == "refused" and verdict.code == "wrong_item"
    assert not state.complete


def test_an_order_that_has_its_number_keeps_it_when_printing_again(demo_services):
    """The print stops at an order whose number cannot be had: nothing is printed, the
    numbers taken stay with their parcels, and the next try gives them the same."""
    s = demo_services
    batch, _ = _single_batch(s, n=4)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    walk = s.batches.walk(batch)
    last = walk[-1][1]
    # the last order's carrier has no pool numbers left
    SalesOrder.update(carrier="JD").where(SalesOrder.id == last.id).execute()
    from station.db.models import CarrierAccount

    TrackingNumber.update(status="void").where(
        TrackingNumber.account.in_(CarrierAccount.select().where(CarrierAccount.carrier == "JD"))
    ).execute()
    with pytest.raises(BatchError) as failed:
        s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    assert failed.value.code == "batch_waybill_failed"
    assert failed.value.params["order"] == last.number
    assert failed.value.params["reason"] == "pool_empty"
    assert PrintJob.select().where(PrintJob.kind == "batch_waybills").count() == 0
    first = {
        o.number: Parcel.get((Parcel.sales_order == o) & (Parcel.status == "open")).tracking_number
        for _bo, o, _s, _l in walk[:-1]
    }
    assert all(first.values())
    SalesOrder.update(carrier="YTO").where(SalesOrder.id == last.id).execute()
    s.batches.print_waybills(batch.number, None, s.packing, s.documents, s.printing)
    lines = {ln.order: ln.tracking for ln in s.batches.lines(Batch.get_by_id(batch.id))}
    assert all(lines[n] == t for n, t in first.items())


def test_the_pick_list_sums_every_sku_of_the_batch_in_shelf_order(demo_services):
    s = demo_services
    add_orders(s.store.db, 300, carriers=("ZTO",))
    with_rules(s, max_orders=40)
    made = s.batches.group(None)
    batch = max((b for b in made if b.rule == "multi"), key=lambda b: s.batches.view(b).total)
    ids = [bo.sales_order_id for bo in BatchOrder.select().where(BatchOrder.batch == batch.id)]
    expected: Counter = Counter()
    for lines in lines_of(ids).values():
        for sku, qty in lines:
            expected[sku] += qty
    locations = {p.sku: p.location for p in Product.select()}
    for size in ("a4", "100x150"):
        pdf = s.batches.pick_list(batch.number, size)
        text = pdf_text(pdf, raw=True)
        assert batch.number in text
        found: Counter = Counter()
        order = []
        for sku in expected:
            assert sku in text
        for line in text.splitlines():
            if line.strip().startswith(tuple(f"{n}. " for n in range(1, 100))):
                order.append(line.split(". ", 1)[1].split()[0])
            if "×" in line:
                found_qty = int(line.rsplit("×", 1)[1].split()[0])
                found[len(found)] = found_qty
        assert order == sorted(order, key=lambda loc: shelf_key(loc))
        assert sorted(order) == sorted(locations[sku] for sku in expected)
        # each SKU's quantity, in the walk's order
        walk = sorted(expected, key=lambda sku: shelf_key(locations[sku], sku))
        assert list(found.values()) == [expected[sku] for sku in walk]
        assert f"合计 Total: {sum(expected.values())}" in text
        barcodes = [code for page in decode_pdf(pdf, dpi=300) for _, code in page]
        assert batch.number in barcodes
        for sku in expected:
            gtin = next(
                b.code
                for b in Product.get(Product.sku == sku).barcodes
                if b.kind == "gtin" and b.pack_qty == 1
            )
            assert gtin in barcodes, (size, sku)


def test_the_board_shows_batches_by_state_and_their_orders_left(demo_services):
    from datetime import datetime

    from station.services.daily import day_figures

    s = demo_services
    numbers = add_orders(s.store.db, 30, carriers=("YTO",))
    one = s.batches.create(numbers[:10], None)
    s.batches.create(numbers[10:15], None)
    s.settings = s.settings.replace("devices", printer="zpl+file:///dev/null", document_printer="")
    s.batches.print_waybills(one.number, None, s.packing, s.documents, s.printing)
    now = datetime.now()
    figures = day_figures(now.date(), s.settings, now=now)
    assert figures.batches["open"] == 1 and figures.batches["printed"] == 1
    assert figures.batches["orders_left"] == 15
    assert figures.to_json()["batches"]["printed"] == 1
