"""Dispatch through the service: handovers, refusals, intercepts, closing, reports."""

import json

import pytest

from station.db.models import (
    AuditEntry,
    Handover,
    Intercept,
    OutboxRecord,
    Parcel,
    SalesOrder,
)
from station.services.dispatch import DispatchError, DispatchService, bag_carrier
from station.services.dispatch.intercepts import intercept_list, record_intercept
from station.services.packing import PackError
from tests.services.dispatch_day import pack, session, supervisor


@pytest.fixture
def day(demo_services):
    parcels = {n: pack(demo_services, n) for n in ("2611230003", "2611230007", "2611230002")}
    return DispatchService(demo_services.store.db, demo_services.bench_id), parcels


def reports():
    return [
        json.loads(r.payload)
        for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
    ]


@pytest.mark.parametrize(
    ("code", "carrier"),
    [
        ("YTO-BAG-0193", "YTO"),
        ("yto:cage7", "YTO"),
        ("ZTO-M-1", "ZTO"),
        ("XX-1", None),
        ("YT1234567890", None),
        ("YTO", None),
        ("YTO-", None),
    ],
)
def test_bag_codes_name_their_carrier(code, carrier):
    assert bag_carrier(code, {"YTO", "ZTO", "SF"}) == carrier


def test_a_bag_scan_opens_then_parcels_go_in_and_the_count_runs(day):
    svc, parcels = day
    v = svc.scan("ZTO-BAG-0001", session())
    assert (v.outcome, v.code) == ("ok", "handover_opened")
    h = svc.current()
    assert h.carrier == "ZTO" and h.bag_code == "ZTO-BAG-0001"
    v = svc.scan(parcels["2611230003"].tracking_number, session())
    assert v.outcome == "ok" and v.params["n"] == 1 and v.params["total"] == 2
    view = svc.view(h)
    assert view.scanned == 1 and [w.order for w in view.waiting] == ["2611230007"]


def test_every_wrong_parcel_is_refused_with_its_reason(day, demo_services):
    svc, parcels = day
    assert svc.scan(parcels["2611230003"].tracking_number, session()).code == "dispatch_open_first"
    svc.open("ZTO", session())
    sf = parcels["2611230002"].tracking_number
    v = svc.scan(sf, session())
    assert (v.outcome, v.code, v.params["carrier"]) == ("refused", "dispatch_other_carrier", "YTO")
    assert svc.scan("NOT-A-CODE-9", session()).code == "dispatch_unknown_code"
    zto = parcels["2611230003"].tracking_number
    assert svc.scan(zto, session()).outcome == "ok"
    assert svc.scan(zto, session()).code == "dispatch_already_in"
    # voided: the supervisor voids 2611230008's waybill
    demo_services.packing.void_parcel(parcels["2611230007"], supervisor(), "label torn")
    v = svc.scan(parcels["2611230007"].tracking_number, session())
    assert (v.outcome, v.code) == ("refused", "dispatch_voided")
    # a parcel still being packed (its waybill printed first, 先打单) is not closed
    from station.core.scan import Scan

    demo_services.packing.open(Scan("2611230004"), session())
    open_parcel = Parcel.get(Parcel.status == "open")
    Parcel.update(tracking_number="ZT0000000001").where(Parcel.id == open_parcel.id).execute()
    assert svc.scan("ZT0000000001", session()).code == "dispatch_not_closed"
    # handed over already in an earlier handover
    svc.close(session(), approved_by=None)
    svc.open("ZTO", session())
    v = svc.scan(zto, session())
    assert (v.outcome, v.code) == ("refused", "dispatch_handed_over")


def test_an_intercepted_parcel_sounds_the_alarm_and_is_listed(day, demo_services):
    svc, parcels = day
    order = SalesOrder.get(SalesOrder.number == "2611230007")
    with demo_services.store.db.atomic():
        record_intercept(demo_services.bench_id, order, "refunded", "买家退款")
    svc.open("ZTO", session())
    v = svc.scan(parcels["2611230007"].tracking_number, session())
    assert (v.outcome, v.code, v.params["status"]) == ("alarm", "dispatch_intercepted", "refunded")
    rows = intercept_list()
    assert [(r.order, r.state) for r in rows] == [("2611230007", "pulled")]
    # it is not missing: closing with only the other ZTO parcel needs no supervisor
    assert [w.order for w in svc.view(svc.current()).waiting] == ["2611230003"]
    svc.scan(parcels["2611230003"].tracking_number, session())
    svc.close(session())
    assert [r["order"] for r in reports()] == ["2611230003"]


def test_closing_with_parcels_missing_needs_a_supervisor_and_lists_them(day):
    svc, parcels = day
    svc.open("ZTO", session())
    svc.scan(parcels["2611230003"].tracking_number, session())
    with pytest.raises(DispatchError) as refused:
        svc.close(session())
    assert refused.value.code == "parcels_missing" and refused.value.params["n"] == 1
    with pytest.raises(DispatchError):
        svc.close(session(), approved_by=session().operator)  # a packer approves nothing
    assert reports() == []  # nothing reported while the handover is open
    view = svc.close(session(), approved_by=supervisor())
    assert view.handover.status == "closed" and view.handover.approved_by_id == supervisor().id
    assert [w.order for w in view.waiting] == ["2611230007"]
    (report,) = reports()
    assert report["tracking_number"] == parcels["2611230003"].tracking_number
    assert report["carrier"] == "ZTO" and report["platform_order_id"] == "2611230003"
    assert report["handover"] == view.handover.number
    # only the parcel handed over: the order left behind is not shipped and not reported
    assert SalesOrder.get(SalesOrder.number == "2611230003").status == "shipped"
    assert SalesOrder.get(SalesOrder.number == "2611230007").status == "packed"
    record = OutboxRecord.get(OutboxRecord.kind == "handover_closed")
    assert json.loads(record.payload)["missing"] == [parcels["2611230007"].tracking_number]


def test_an_empty_handover_cannot_close_and_one_at_a_time(day):
    svc, _ = day
    svc.open("ZTO", session())
    with pytest.raises(DispatchError) as e:
        svc.close(session())
    assert e.value.code == "handover_empty"
    with pytest.raises(DispatchError) as e:
        svc.open("SF", session())
    assert e.value.code == "handover_open"


def test_undo_takes_a_parcel_out_only_with_a_supervisor_and_is_audited(day):
    svc, parcels = day
    svc.open("ZTO", session())
    zto = parcels["2611230003"].tracking_number
    svc.scan(zto, session())
    with pytest.raises(DispatchError) as e:
        svc.undo(zto, session().operator)
    assert e.value.code == "undo_needs_supervisor"
    svc.undo(zto, supervisor(), "wrong bag")
    assert svc.view(svc.current()).scanned == 0
    entry = AuditEntry.get(AuditEntry.action == "handover_parcel_undone")
    assert entry.approved_by_id == supervisor().id and "wrong bag" in entry.details
    with pytest.raises(DispatchError) as e:
        svc.undo(zto, supervisor())
    assert e.value.code == "dispatch_not_in"
    assert svc.scan(zto, session()).outcome == "ok"  # back in: scanned again


def test_one_report_per_parcel_ever_and_multi_parcel_orders_name_the_parent(demo_services):
    from station.core.scan import Scan
    from tests.services.dispatch_day import ean

    svc_pack = demo_services.packing
    _v, state = svc_pack.open(Scan("2611230002"), session())
    order = state.order
    for code in (ean("CUP-350"), ean("CUP-350")):
        svc_pack.scan_item(order, Scan(code), session())
    first = svc_pack.close(order, session(), final=False)
    for code in (ean("TOWEL-M"), ean("TOWEL-M")):
        svc_pack.scan_item(order, Scan(code), session())
    second = svc_pack.close(order, session())
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    svc.open("YTO", session())
    svc.scan(second.tracking_number, session())
    svc.scan(first.tracking_number, session())
    svc.close(session())
    by_tracking = {r["tracking_number"]: r for r in reports()}
    assert by_tracking[second.tracking_number]["parent_tracking_number"] == first.tracking_number
    assert by_tracking[second.tracking_number]["is_child"] is True
    assert by_tracking[first.tracking_number]["is_child"] is False
    assert OutboxRecord.select().where(OutboxRecord.kind == "shipment_report").count() == 2
    assert SalesOrder.get_by_id(order.id).status == "shipped"
    assert Handover.select().count() == 1
    with pytest.raises(PackError):  # the packed order cannot be packed again silently
        svc_pack.close(order, session())


def test_intercepts_come_with_master_data_offline_then_online(day, demo_services, tmp_path):
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore
    from station.sync.client import HeadOfficeClient, SyncError
    from station.sync.downloader import Downloader

    svc, parcels = day
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    url = server.url
    server.stop()  # head office unreachable
    client = HeadOfficeClient(url, "tok")
    down = Downloader(demo_services.store.db, demo_services.bench_id, client)
    try:
        store.publish("order_status", "2611230003", {"number": "2611230003", "status": "cancelled"})
        with pytest.raises(SyncError):
            down.pull()
        h = svc.open("ZTO", session(), offline=True)
        assert h.offline and h.master_synced_at is None
        assert svc.scan(parcels["2611230007"].tracking_number, session()).outcome == "ok"
        # back online: the cancellation arrives before its parcel is scanned
        host, port = url.rsplit(":", 1)[0][7:], int(url.rsplit(":", 1)[1])
        server = HeadOfficeServer(store, host, port).start()
        down.pull()
        v = svc.scan(parcels["2611230003"].tracking_number, session())
        assert (v.outcome, v.code) == ("alarm", "dispatch_intercepted")
        svc.close(session())
        # a refund that arrives after its parcel left: "already handed over"
        store.publish("order_status", "2611230007", {"number": "2611230007", "status": "refunded"})
        down.pull()
        states = {r.order: r.state for r in intercept_list()}
        assert states == {"2611230003": "pulled", "2611230007": "handed_over"}
        assert Intercept.select().count() == 2
    finally:
        client.close()
        server.stop()
        store.close()


def test_an_intercept_after_the_scan_stops_the_close_until_taken_out(day, demo_services):
    svc, parcels = day
    svc.open("ZTO", session())
    for n in ("2611230003", "2611230007"):
        svc.scan(parcels[n].tracking_number, session())
    order = SalesOrder.get(SalesOrder.number == "2611230007")
    with demo_services.store.db.atomic():
        record_intercept(demo_services.bench_id, order, "cancelled", "")
    with pytest.raises(DispatchError) as e:
        svc.close(session())
    assert e.value.code == "intercepted_in_handover"
    assert e.value.params["trackings"] == parcels["2611230007"].tracking_number
    assert reports() == []
    svc.undo(parcels["2611230007"].tracking_number, supervisor(), "intercepted")
    svc.close(session())
    assert [r["order"] for r in reports()] == ["2611230003"]
    assert SalesOrder.get_by_id(order.id).status == "packed"


@pytest.mark.parametrize(("minutes_ago", "offline"), [(None, True), (1, False), (3, True)])
def test_a_handover_is_offline_when_master_data_is_not_fresh(demo_services, minutes_ago, offline):
    from datetime import timedelta

    from station.db.models import utcnow
    from station.services.dispatch.intercepts import note_master_pulled

    now = utcnow()
    if minutes_ago is not None:
        note_master_pulled(now - timedelta(minutes=minutes_ago))
    svc = DispatchService(demo_services.store.db, demo_services.bench_id, clock=lambda: now)
    pack(demo_services, "2611230003")
    h = svc.open("ZTO", session())
    assert h.offline is offline
    note_master_pulled(now)  # reached again before the close: it stays marked if it was
    svc.scan(Parcel.get(Parcel.status == "closed").tracking_number, session())
    view = svc.close(session())
    assert view.handover.offline is offline


@pytest.mark.parametrize("how", ["bag", "chosen"])
def test_an_empty_handover_opened_by_mistake_is_cancelled_and_audited(day, how):
    svc, parcels = day
    if how == "bag":
        assert svc.scan("YTO-BAG-0007", session()).code == "handover_opened"
    else:
        svc.open("YTO", session())
    h = svc.current()
    cancelled = svc.cancel(session())
    assert cancelled.id == h.id and cancelled.status == "cancelled"
    assert svc.current() is None
    entry = AuditEntry.get(AuditEntry.action == "handover_cancelled")
    assert entry.entity_uuid == h.uuid and entry.operator_id == session().operator.id
    assert h.number in entry.details
    assert OutboxRecord.select().where(OutboxRecord.kind == "handover_closed").count() == 0
    # the right bag opens the next one, under a new number
    assert svc.scan("ZTO-BAG-0001", session()).code == "handover_opened"
    assert svc.current().carrier == "ZTO" and svc.current().number != h.number
    with pytest.raises(DispatchError) as e:
        svc.close(session())
    assert e.value.code == "handover_empty"


def test_a_handover_with_parcels_is_not_cancelled_until_they_are_taken_out(day):
    svc, parcels = day
    with pytest.raises(DispatchError) as e:
        svc.cancel(session())
    assert e.value.code == "dispatch_open_first"
    svc.open("ZTO", session())
    for n in ("2611230003", "2611230007"):
        svc.scan(parcels[n].tracking_number, session())
    with pytest.raises(DispatchError) as e:
        svc.cancel(session())
    assert e.value.code == "handover_not_empty" and e.value.params["n"] == 2
    assert svc.current().status == "open"
    svc.undo(parcels["2611230003"].tracking_number, supervisor())
    with pytest.raises(DispatchError) as e:
        svc.cancel(session())
    assert e.value.params["n"] == 1
    svc.undo(parcels["2611230007"].tracking_number, supervisor())
    assert svc.cancel(session()).status == "cancelled"
    assert AuditEntry.select().where(AuditEntry.action == "handover_cancelled").count() == 1


@pytest.mark.parametrize("code", ["ZTO-BAG-0193", "sf:cage7", "JD-M-42", "EMS-1"])
def test_a_bag_of_a_carrier_with_nothing_packed_here_says_so(demo_services, code):
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    assert svc.carriers() == set()  # nothing packed on this bench yet
    v = svc.scan(code, session())
    assert (v.outcome, v.code) == ("refused", "dispatch_no_carrier_parcels")
    assert v.params["carrier"] == code.split("-")[0].split(":")[0].upper()
    assert svc.current() is None
    # not a carrier's code at all: still unknown
    assert svc.scan("NOT-A-CODE-9", session()).code == "dispatch_unknown_code"
