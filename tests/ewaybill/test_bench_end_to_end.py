"""E-waybills end to end with real parts: the reference head office on 127.0.0.1 with
its SQLite store, the platform simulator on loopback behind it, the bench's SQLite
store, its sync client, pack-out, the outbox and a simulated print component."""

from __future__ import annotations

import json
import threading
from contextlib import closing

import pytest

from station.db.models import (
    CarrierAccount,
    Ewaybill,
    Operator,
    OutboxRecord,
    Parcel,
    PrintJob,
    SalesOrder,
    TrackingNumber,
)
from station.drivers.simulators.print_component import SimulatedPrintComponent, task_problems
from station.headoffice.demo_waybills import demo_recipients, start_demo_platforms
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.headoffice.waybills import IssuedWaybill, WaybillDesk
from station.secrets import write_token
from station.services.packing import PackError
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader
from station.sync.uploader import Uploader, UploadLoop
from tests.services.test_packing import ean, open_order, outcomes, session
from tests.services.test_print_component_jobs import bench, station

TOKEN = "bench-token-e2e"
TEA_SHOP, TEA_SESSION = "茶园直营店", "demo-session-tea"


class Office:
    """Head office with its e-waybill desk; can be stopped and started again on the
    same database (the bench is told the new address)."""

    def __init__(self, tmp_path, services, sim, config):
        self.path, self.services, self.sim, self.config = tmp_path, services, sim, config
        self.server = None
        self.start()

    def start(self):
        self.store = HeadOfficeStore(f"sqlite:///{self.path}/ho.sqlite3")
        self.store.add_bench(self.services.bench_id, TOKEN)
        self.desk = WaybillDesk(self.store.db, self.config)
        self.server = HeadOfficeServer(self.store, waybills=self.desk).start()
        self.services.use_session_head_office(self.server.url)
        return self

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.desk.close()
            self.store.close()
            self.server = None


@pytest.fixture
def platforms():
    sim, config = start_demo_platforms(balance=100)
    yield sim, config
    sim.stop()


@pytest.fixture
def office(tmp_path, demo_services, platforms):
    write_token(demo_services.data_dir, TOKEN)
    o = Office(tmp_path, demo_services, *platforms)
    yield o
    o.stop()


@pytest.fixture
def component():
    with SimulatedPrintComponent("cainiao", printers=("GP-1324D",)) as sim:
        yield sim


def client(services):
    return HeadOfficeClient(services.settings.head_office.url, TOKEN, timeout=5)


def release(office, number, *, parcels=1, qty=1):
    """Head office sends an order down (as it does with every platform order), with
    the platform's recipient reference, and the bench pulls it."""
    office.store.publish(
        "sales_order",
        number,
        {
            "number": number,
            "shop": TEA_SHOP,
            "carrier": "ZTO",
            "buyer_name": "陈**",
            "buyer_phone": "136****4410",
            "address": "广东省广州市天河区天河路385号太古汇北塔",
            "recipient": {
                "name": "陈**",
                "oaid": f"OAID-{number}",
                "address": "广东省广州市天河区天河路385号",
            },
            "parcels": parcels,
            "lines": [{"sku": "TEA-100", "qty": qty}],
        },
    )
    with closing(client(office.services)) as c:
        Downloader(office.services.store.db, office.services.bench_id, c).pull()


def pack(services, number, units, *, final=True):
    svc = services.packing
    order = open_order(svc, number)
    outcomes(svc, order, *[ean("TEA-100")] * units)
    return svc.close(order, session(), final=final)


def printed(services, component, tmp_path, parcel):
    """The parcel's waybill through the documents service and print queue to the
    print component, as the bench prints it; the task the component got."""
    settings = bench(services, component.printer_uri("GP-1324D"))
    docs, queue = station(services, tmp_path, settings, services.waybills.print_data)
    (job,) = docs.print_parcel(parcel, queue, None)
    assert queue.run_once() == 1
    assert PrintJob.get_by_id(job.id).status == "done"
    return docs, queue, job


def test_a_released_order_packs_and_prints_its_fetched_ewaybill_while_head_office_is_down(
    demo_services, office, component, tmp_path
):
    release(office, "HO-1001")
    (fetched,) = Ewaybill.select().where(Ewaybill.state == "issued")
    issued = office.sim.waybills[fetched.waybill_code]
    asked = len(office.sim.requests)
    office.stop()  # head office down from here on

    result = pack(demo_services, "HO-1001", 1)

    assert (result.waybill_source, result.tracking_number) == ("platform", issued.code)
    assert Ewaybill.get_by_id(fetched.id).state == "used"
    _, queue, job = printed(demo_services, component, tmp_path, result.parcel)
    (task,) = component.wait_for_tasks(1)
    assert task_problems(task) == []
    standard = task["task"]["documents"][0]["contents"][0]
    # the platform's print data as its object, every field as the platform sent it
    assert standard == json.loads(issued.print_data)
    # a reprint prints the same print data again, never a new number
    queue.reprint(PrintJob.get_by_id(job.id), None)
    queue.run_once()
    first, again = component.wait_for_tasks(2)
    assert first["task"]["documents"] == again["task"]["documents"]
    assert len(office.sim.requests) == asked  # nothing more asked of any platform


def test_a_file_order_gets_its_number_at_close(demo_services, office, component, tmp_path):
    demo_recipients(office.desk)  # head office knows the order's OAID from the platform
    result = pack(demo_services, "2611230003", 3)  # 茶园直营店, ZTO: on the bench from a file

    assert result.waybill_source == "platform"
    row = IssuedWaybill.get(IssuedWaybill.waybill_code == result.tracking_number)
    assert (row.order_number, row.parcel, row.platform) == ("2611230003", 1, "cainiao")
    printed(demo_services, component, tmp_path, result.parcel)
    (task,) = component.wait_for_tasks(1)
    standard = task["task"]["documents"][0]["contents"][0]
    data = office.sim.waybills[result.tracking_number].print_data
    assert standard == json.loads(data)
    # the pool was not touched
    assert not TrackingNumber.select().where(TrackingNumber.parcel == result.parcel).exists()


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [
        ("masked", "ewaybill_masked_address_refused", "脱敏"),
        ("no_balance", "ewaybill_no_balance", "余额不足"),
    ],
)
def test_a_refusal_reaches_the_packer_with_the_platforms_reason(
    demo_services, office, setup, code, words
):
    if setup == "no_balance":
        demo_recipients(office.desk)
        office.sim.set_balance("cainiao", TEA_SESSION, "ZTO", 0)
    # masked: head office has no platform reference for this order, the bench's is masked
    with pytest.raises(PackError) as refused:
        pack(demo_services, "2611230003", 3)
    err = refused.value
    assert err.code == "ewaybill_refused"
    assert err.params["reason_code"] == code and words in err.params["reason"]
    assert err.params["platform"] == "cainiao" and err.params["platform_code"]
    (parcel,) = Parcel.select().join(SalesOrder).where(SalesOrder.number == "2611230003")
    assert parcel.status == "open" and parcel.tracking_number is None  # nothing closed
    assert not Ewaybill.select().exists()
    # once the cause is fixed, closing again gets the number
    demo_recipients(office.desk)
    office.sim.set_balance("cainiao", TEA_SESSION, "ZTO", 10)
    order = SalesOrder.get(SalesOrder.number == "2611230003")
    result = demo_services.packing.close(order, session())
    assert result.waybill_source == "platform" and result.tracking_number in office.sim.waybills


def test_offline_a_file_order_uses_the_pool_where_the_carrier_has_numbers(demo_services, office):
    office.stop()
    result = pack(demo_services, "2611230003", 3)
    assert result.waybill_source == "pool"
    assert TrackingNumber.get(TrackingNumber.number == result.tracking_number).status == "used"


def test_offline_without_pool_numbers_the_parcel_waits_and_prints_when_head_office_is_back(
    demo_services, office, component, tmp_path
):
    demo_recipients(office.desk)
    office.stop()
    zto = CarrierAccount.select().where(CarrierAccount.carrier == "ZTO")
    TrackingNumber.update(status="used").where(TrackingNumber.account.in_(zto)).execute()
    result = pack(demo_services, "2611230003", 3)  # ZTO: the pool has none left

    assert (result.waybill_source, result.tracking_number) == ("waiting", "")
    assert result.waiting_reason == "ewaybill_wait_unreachable"
    (waiting,) = demo_services.waybills.waiting()
    assert Parcel.get_by_id(result.parcel.id).status == "closed"

    office.start()  # the network is back: the sync loop gets the number and prints it
    settings = bench(demo_services, component.printer_uri("GP-1324D"))
    docs, queue = station(demo_services, tmp_path, settings, demo_services.waybills.print_data)
    loop_client = client(demo_services)
    printed = threading.Event()  # set by the loop's own thread once the label is queued

    def after_round() -> None:
        demo_services.waybills.resolve_waiting(lambda p: docs.print_parcel(p, queue, None))
        if PrintJob.select().where(PrintJob.kind == "waybill").exists():
            printed.set()

    loop = UploadLoop(
        Uploader(demo_services.store.db, demo_services.bench_id, loop_client),
        interval=0.2,
        after=after_round,
    ).start()
    try:
        assert printed.wait(30)
    finally:
        loop.stop()
        loop_client.close()
    parcel = Parcel.get_by_id(result.parcel.id)
    assert parcel.tracking_number in office.sim.waybills
    assert demo_services.waybills.waiting() == []
    queue.run_once()
    (task,) = component.wait_for_tasks(1)
    assert task["task"]["documents"][0]["documentID"] == parcel.tracking_number
    assert OutboxRecord.get(OutboxRecord.record_uuid == f"{parcel.uuid}-waybill").kind == (
        "parcel_waybill"
    )


def test_a_multi_parcel_order_gets_child_numbers_under_one_parent(demo_services, office):
    release(office, "HO-2002", parcels=2, qty=2)
    first = pack(demo_services, "HO-2002", 1, final=False)
    second = pack(demo_services, "HO-2002", 1)
    rows = [Ewaybill.get(Ewaybill.waybill_code == r.tracking_number) for r in (first, second)]
    assert rows[0].waybill_code != rows[1].waybill_code
    assert rows[0].parent_code == rows[1].parent_code != ""
    assert [r.parcel_index for r in rows] == [1, 2]
    sim = office.sim.waybills
    assert {sim[r.waybill_code].parent for r in rows} == {rows[0].parent_code}


def test_a_void_cancels_at_the_platform_exactly_once_through_faults(demo_services, office):
    release(office, "HO-3003")
    result = pack(demo_services, "HO-3003", 1)
    code = result.tracking_number
    before = office.sim.balance("cainiao", TEA_SESSION, "ZTO")
    demo_services.packing.void_parcel(result.parcel, Operator.get(Operator.name == "王芳"), "torn")
    assert Ewaybill.get(Ewaybill.waybill_code == code).state == "cancel_pending"
    # the pool was not asked to void a platform number
    assert not TrackingNumber.select().where(TrackingNumber.number == code).exists()

    office.server.faults[:] = ["500", "drop", "429:0", "drop"]
    office.sim.faults[:] = ["down"]  # and the platform itself fails the first relay
    with closing(client(demo_services)) as c:
        up = Uploader(demo_services.store.db, demo_services.bench_id, c, batch_size=1)
        for _ in range(12):
            if up.drain().done and up.pending() == 0:
                break
        assert up.pending() == 0
        up.drain()  # a later upload: head office asks the platform again for what is pending
        if IssuedWaybill.get(IssuedWaybill.waybill_code == code).status != "cancelled":
            up.drain()
    assert IssuedWaybill.get(IssuedWaybill.waybill_code == code).status == "cancelled"
    assert office.sim.waybills[code].status == "cancelled"
    assert office.sim.balance("cainiao", TEA_SESSION, "ZTO") == before + 1
    answered = [r for r in office.sim.calls("cainiao.waybill.ii.cancel") if r.answer == "ok"]
    assert len(answered) == 1
    assert Ewaybill.get(Ewaybill.waybill_code == code).state == "cancelled"
    # the bench resends the same record: head office holds it once, asks nothing more
    asked = len(office.sim.calls("cainiao.waybill.ii.cancel"))
    with closing(client(demo_services)) as c:
        OutboxRecord.update(state="pending").where(OutboxRecord.kind == "ewaybill_cancel").execute()
        assert Uploader(demo_services.store.db, demo_services.bench_id, c).drain().done
    assert len(office.sim.calls("cainiao.waybill.ii.cancel")) == asked
    assert office.sim.balance("cainiao", TEA_SESSION, "ZTO") == before + 1


def test_a_waiting_parcel_refused_when_asked_again_keeps_the_platforms_reason(
    demo_services, office
):
    office.stop()
    zto = CarrierAccount.select().where(CarrierAccount.carrier == "ZTO")
    TrackingNumber.update(status="used").where(TrackingNumber.account.in_(zto)).execute()
    result = pack(demo_services, "2611230003", 3)
    assert result.waybill_source == "waiting"
    office.start()  # back, but head office has no platform reference: the masked address
    with closing(client(demo_services)) as c:
        demo_services.waybills.client = lambda: c
        assert demo_services.waybills.resolve_waiting() == 0
    (row,) = demo_services.waybills.waiting()
    reason = json.loads(row.reason)
    assert reason["reason_code"] == "ewaybill_masked_address_refused"
    assert "脱敏" in reason["reason"] and reason["platform"] == "cainiao"
    assert Parcel.get_by_id(result.parcel.id).tracking_number is None


def test_a_head_office_without_ewaybills_leaves_the_pool_to_serve_and_is_not_asked_again(
    demo_services, tmp_path
):
    write_token(demo_services.data_dir, TOKEN)
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/plain-ho.sqlite3")
    store.add_bench(demo_services.bench_id, TOKEN)
    server = HeadOfficeServer(store).start()  # no e-waybill desk: 404 on /v1/waybills
    try:
        demo_services.use_session_head_office(server.url)
        first = pack(demo_services, "2611230003", 3)
        assert first.waybill_source == "pool"
        assert demo_services.packing.waybill_needs_network(first.parcel.sales_order) is False
    finally:
        server.stop()
        store.close()
    # head office now down, YTO's pool empty: a bench that asked would close the parcel
    # to wait for an e-waybill; this one knows there is none to wait for
    yto = CarrierAccount.select().where(CarrierAccount.carrier == "YTO")
    TrackingNumber.update(status="used").where(TrackingNumber.account.in_(yto)).execute()
    svc = demo_services.packing
    order = open_order(svc, "2611230002")
    outcomes(svc, order, ean("CUP-350"), ean("TOWEL-M"), ean("CUP-350"), ean("TOWEL-M"))
    with pytest.raises(PackError) as empty:
        svc.close(order, session())
    assert empty.value.code == "pool_empty"
