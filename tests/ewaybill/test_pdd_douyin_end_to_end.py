"""E-waybills of a Pinduoduo shop and a Douyin shop end to end with real parts, as
test_bench_end_to_end does for Cainiao: the reference head office on 127.0.0.1 with
its e-waybill desk, the platform simulator behind it, the bench's SQLite store, its
sync client, pack-out, the outbox, and the platform's own simulated print component
(PDD on its port's protocol, Douyin on its)."""

from __future__ import annotations

import dataclasses
import json
from contextlib import closing

import pytest

from station.db.models import AuditEntry, Ewaybill, Operator, OutboxRecord, PrintJob
from station.drivers.simulators.print_component import SimulatedPrintComponent, task_problems
from station.ewaybill import PlatformSettings
from station.headoffice.demo_waybills import start_demo_platforms
from station.headoffice.waybill_config import CarrierRule, ShopAuth
from station.headoffice.waybills import IssuedWaybill
from station.secrets import write_token
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader
from station.sync.uploader import Uploader
from tests.ewaybill.test_bench_end_to_end import TOKEN, Office, pack, printed
from tests.services.test_print_component_jobs import bench, station

DOUYIN_SHOP, DOUYIN_TOKEN = "抖店茶叶专营店", "dy-token-tea"
DOUYIN_APP = ("7000000000000000001", "douyin-secret")
DOUYIN_TEMPLATE = "https://lf3-cm.ecombdstatic.com/obj/logistics-davinci/template/zto76.xml"
SHOPS = {
    "pdd": ("数码配件店", "demo-pdd-token-digital", "ZTO"),
    "douyin": (DOUYIN_SHOP, DOUYIN_TOKEN, "zhongtong"),
}
CANCEL = {"pdd": "pdd.waybill.cancel", "douyin": "logistics.cancelOrder"}


@pytest.fixture(params=["pdd", "douyin"])
def platform(request) -> str:
    return request.param


@pytest.fixture
def platforms():
    """The demo platforms (its Pinduoduo shop among them) and a Douyin shop added,
    whose ZTO numbers Douyin calls ``zhongtong``."""
    sim, config = start_demo_platforms(balance=100)
    sim.add_app("douyin", *DOUYIN_APP)
    sim.add_shop("douyin", DOUYIN_TOKEN, {"zhongtong": 100})
    douyin = ShopAuth(
        DOUYIN_SHOP,
        "douyin",
        PlatformSettings(
            endpoint=sim.url,
            app_key=DOUYIN_APP[0],
            app_secret=DOUYIN_APP[1],
            access_token=DOUYIN_TOKEN,
            timeout_s=5.0,
            user_id=2200000001,
        ),
    )
    zto = config.carriers["ZTO"]
    carriers = config.carriers | {
        "ZTO": CarrierRule(
            "ZTO",
            "platform",
            dict(zto.template_url) | {"douyin": DOUYIN_TEMPLATE},
            {"douyin": "zhongtong"},
        )
    }
    config = dataclasses.replace(
        config, shops=config.shops | {DOUYIN_SHOP: douyin}, carriers=carriers
    )
    yield sim, config
    sim.stop()


@pytest.fixture
def office(tmp_path, demo_services, platforms):
    write_token(demo_services.data_dir, TOKEN)
    o = Office(tmp_path, demo_services, *platforms)
    yield o
    o.stop()


def release(office, platform: str, number: str) -> None:
    """Head office sends a shop's order down with the platform's recipient
    reference (Pinduoduo: ciphertext; Douyin: its encrypted fields), fetching its
    e-waybill first; the bench pulls it."""
    shop, _, _ = SHOPS[platform]
    office.store.publish(
        "sales_order",
        number,
        {
            "number": number,
            "shop": shop,
            "carrier": "ZTO",
            "buyer_name": "陈**",
            "buyer_phone": "136****4410",
            "address": "广东省广州市天河区天河路385号太古汇北塔",
            "recipient": {
                "name": f"~{number}~name~",
                "mobile": f"~{number}~mobile~",
                "encrypted": True,
                "address": "广东省广州市天河区天河路385号",
            },
            "lines": [{"sku": "TEA-100", "qty": 1}],
        },
    )
    with closing(HeadOfficeClient(office.services.settings.head_office.url, TOKEN)) as c:
        Downloader(office.services.store.db, office.services.bench_id, c).pull()


def test_a_released_order_prints_its_fetched_ewaybill_at_its_platforms_component(
    demo_services, office, platform, tmp_path
):
    release(office, platform, f"HO-{platform}-1")
    (fetched,) = Ewaybill.select().where(Ewaybill.state == "issued")
    issued = office.sim.waybills[fetched.waybill_code]
    row = IssuedWaybill.get(IssuedWaybill.waybill_code == fetched.waybill_code)
    assert (row.platform, row.order_number) == (platform, f"HO-{platform}-1")
    asked = len(office.sim.requests)
    office.stop()  # head office down: the bench prints what was fetched ahead

    result = pack(demo_services, f"HO-{platform}-1", 1)

    assert (result.waybill_source, result.tracking_number) == ("platform", issued.code)
    with SimulatedPrintComponent(platform, printers=("GP-1324D",)) as component:
        printed(demo_services, component, tmp_path, result.parcel)
        (task,) = component.wait_for_tasks(1)
    assert task_problems(task) == []
    (document,) = task["task"]["documents"]
    assert document["documentID"] == issued.code
    standard = document["contents"][0]
    if platform == "pdd":  # the platform's print data as its object, every field as sent
        assert standard == json.loads(issued.print_data) == json.loads(fetched.print_data)
    else:  # Douyin's encrypted print data and its sign, each exactly as sent
        assert standard == {"encryptedData": issued.print_data, "signature": issued.sign}
        assert (fetched.print_data, fetched.print_sign) == (issued.print_data, issued.sign)
    assert len(office.sim.requests) == asked


def test_a_void_cancels_at_the_platform_exactly_once(demo_services, office, platform):
    shop, token, carrier = SHOPS[platform]
    release(office, platform, f"HO-{platform}-2")
    result = pack(demo_services, f"HO-{platform}-2", 1)
    code = result.tracking_number
    before = office.sim.balance(platform, token, carrier)
    demo_services.packing.void_parcel(result.parcel, Operator.get(Operator.name == "王芳"), "torn")
    assert Ewaybill.get(Ewaybill.waybill_code == code).state == "cancel_pending"

    office.server.faults[:] = ["500", "drop"]
    office.sim.faults[:] = ["down"]  # the platform fails the first relay
    url = demo_services.settings.head_office.url
    with closing(HeadOfficeClient(url, TOKEN, timeout=5)) as c:
        up = Uploader(demo_services.store.db, demo_services.bench_id, c, batch_size=1)
        for _ in range(12):
            if up.drain().done and up.pending() == 0:
                break
        assert up.pending() == 0
        for _ in range(3):  # later uploads: head office asks again for what is pending
            if IssuedWaybill.get(IssuedWaybill.waybill_code == code).status == "cancelled":
                break
            up.drain()
    assert IssuedWaybill.get(IssuedWaybill.waybill_code == code).status == "cancelled"
    assert office.sim.waybills[code].status == "cancelled"
    assert office.sim.balance(platform, token, carrier) == before + 1
    answered = [r for r in office.sim.calls(CANCEL[platform]) if r.answer == "ok"]
    assert len(answered) == 1
    assert Ewaybill.get(Ewaybill.waybill_code == code).state == "cancelled"
    # the bench sends the same record again: nothing more is asked of the platform
    asked = len(office.sim.calls(CANCEL[platform]))
    with closing(HeadOfficeClient(url, TOKEN, timeout=5)) as c:
        OutboxRecord.update(state="pending").where(OutboxRecord.kind == "ewaybill_cancel").execute()
        assert Uploader(demo_services.store.db, demo_services.bench_id, c).drain().done
    assert len(office.sim.calls(CANCEL[platform])) == asked
    assert office.sim.balance(platform, token, carrier) == before + 1


def standard_content(platform: str, code: str, sim) -> dict:
    """The component's standard content the platform's answer makes: Pinduoduo's
    print data object; Douyin's encrypted print data and sign."""
    issued = sim.waybills[code]
    if platform == "douyin":
        return {"encryptedData": issued.print_data, "signature": issued.sign}
    return json.loads(issued.print_data)


@pytest.mark.parametrize("fault", ["fail_with", "not_running"])
def test_a_component_failure_moves_the_fetched_ewaybill_to_the_standby_component(
    demo_services, office, platform, tmp_path, fault
):
    release(office, platform, f"HO-{platform}-3")
    result = pack(demo_services, f"HO-{platform}-3", 1)
    expected = standard_content(platform, result.tracking_number, office.sim)
    with (
        SimulatedPrintComponent(platform, printers=("GP-1324D",)) as primary,
        SimulatedPrintComponent(platform, printers=("Deli DL-888T",)) as standby,
    ):
        if fault == "not_running":
            primary.stop()
        else:
            primary.fail_with = "缺纸"
        settings = bench(
            demo_services, primary.printer_uri("GP-1324D"), standby.printer_uri("Deli DL-888T")
        )
        docs, queue = station(demo_services, tmp_path, settings, demo_services.waybills.print_data)
        (job,) = docs.print_parcel(result.parcel, queue, None)
        queue.run_once()
        job = PrintJob.get_by_id(job.id)
        assert (job.status, job.printer_uri) == ("done", settings.devices.standby_printer)
        assert primary.printed == []
        (task,) = standby.wait_for_tasks(1)
        if fault == "fail_with":  # the primary was sent the same task and failed it
            (tried,) = primary.wait_for_tasks(1)
            assert tried["task"]["documents"] == task["task"]["documents"]
    assert task_problems(task) == []
    assert task["task"]["printer"] == "Deli DL-888T"
    (document,) = task["task"]["documents"]
    assert document["documentID"] == result.tracking_number
    assert document["contents"][0] == expected
    assert [d["documentID"] for d in standby.printed] == [result.tracking_number]
    entry = AuditEntry.get(AuditEntry.action == "print_failover")
    assert settings.devices.printer in entry.details
    if fault == "fail_with":
        assert "缺纸" in entry.details
