"""Shipment reports from the handover to the platform through head office, routed
by head office's e-waybill configuration: each order reported exactly once through
head-office and platform faults with the platform's carrier code, a platform's
refusal parked on the bench with its reason, an unauthorised shop's report parked
as not relayed, nothing for a parcel not handed over."""

import json
import subprocess
import sys

import pytest

from station.db.models import OutboxRecord, SalesOrder
from station.ewaybill.simulator import PlatformSimulator
from station.headoffice.server import HeadOfficeServer, shipment_relay
from station.headoffice.store import HeadOfficeStore
from station.headoffice.waybills import EwaybillConfig, WaybillDesk
from station.services.dispatch import DispatchService
from station.services.dispatch.reports import refused_reports, unrelayed_reports
from station.sync.client import HeadOfficeClient
from station.sync.uploader import Uploader
from tests.ewaybill.conftest import APPS, CARRIER, PATHS, TOKENS
from tests.services.dispatch_day import pack, session, supervisor

# the demo orders' shops: 家居旗舰店 and 茶园直营店 on Taobao/Tmall (Cainiao), 数码配件店
# on Pinduoduo; 文具小铺 has no authorisation at head office
SHOP_PLATFORMS = {"家居旗舰店": "cainiao", "茶园直营店": "cainiao", "数码配件店": "pdd"}
PDD_ORDER = "2611230001"  # SF, of 数码配件店 (hand_over)
PDD_IDS = {"ZTO": 115, "YTO": 85, "YD": 121, "JD": 120, "SF": 44}


def ewaybill_config(sim) -> dict:
    """Head office's e-waybill configuration file (docs/ewaybill.md) for ``sim``."""
    shops = {
        name: {
            "platform": platform,
            "endpoint": sim.url + PATHS[platform],
            "app_key": APPS[platform][0],
            "app_secret": APPS[platform][1],
            "token": TOKENS[platform],
            "user_id": 2200000001,
            "timeout_s": 5,
        }
        for name, platform in SHOP_PLATFORMS.items()
    }
    carriers = {
        c: {
            "provider": "pool",
            "codes": {"cainiao": "YUNDA"} if c == "YD" else {},
            "logistics_ids": {"pdd": n},
        }
        for c, n in PDD_IDS.items()
    }
    sender = {
        "name": "华东仓",
        "mobile": "13800000000",
        "province": "浙江省",
        "city": "杭州市",
        "district": "余杭区",
        "detail": "仓前路 8 号",
    }
    return {"sender": sender, "shops": shops, "carriers": carriers}


@pytest.fixture
def platforms():
    s = PlatformSimulator().start()
    for platform, (key, secret) in APPS.items():
        s.add_app(platform, key, secret)
        s.add_shop(platform, TOKENS[platform], {CARRIER[platform]: 1000})
    yield s
    s.stop()


@pytest.fixture
def line(tmp_path, demo_services, platforms):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    desk = WaybillDesk(store.db, EwaybillConfig.from_dict(ewaybill_config(platforms)))
    server = HeadOfficeServer(store, waybills=desk)
    server.shipments = shipment_relay(store, desk)
    server.start()
    client = HeadOfficeClient(server.url, "tok")
    up = Uploader(demo_services.store.db, demo_services.bench_id, client, batch_size=7)
    yield server, up
    client.close()
    server.stop()
    desk.close()
    store.close()


def hand_over(demo_services, numbers, carrier="ZTO", left_out=()):
    # the Pinduoduo shop's own demo orders are held or need more than the scans of
    # ``pack``: one of 家居旗舰店's orders is this shop's here
    SalesOrder.update(shop="数码配件店").where(SalesOrder.number == PDD_ORDER).execute()
    parcels = {n: pack(demo_services, n) for n in (*numbers, *left_out)}
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    svc.open(carrier, session())
    for n in numbers:
        svc.scan(parcels[n].tracking_number, session())
    svc.close(session(), approved_by=supervisor() if left_out else None)
    return parcels


def drain_until_settled(up, rounds=10):
    for _ in range(rounds):
        result = up.drain()
        if not result.error and not up.waiting:
            return result
    raise AssertionError("the outbox did not settle")


def ship_states():
    return {
        json.loads(r.payload)["order"]: (r.state, r.last_error)
        for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
    }


def ok_calls(sim, method: str, order: str) -> list:
    """The platform's accepted calls of ``method`` for ``order``."""
    key = "order_sn" if method.startswith("pdd") else "tid"
    return [r for r in sim.calls(method) if r.answer == "ok" and r.params.get(key) == order]


TOP_SEND, PDD_SEND = "taobao.logistics.online.send", "pdd.logistics.online.send"


def test_each_order_reaches_the_platform_once_through_faults(line, demo_services, platforms):
    server, up = line
    parcels = hand_over(demo_services, ["2611230003"], left_out=["2611230007"])
    parcels |= hand_over(demo_services, ["2611230001"], carrier="SF")
    server.faults = ["500", "drop"]  # a failure, then an answer lost after the commit
    platforms.faults.append("down")  # and the platform unreachable once
    drain_until_settled(up)
    # a Taobao shop's order at Taobao, a Pinduoduo shop's at Pinduoduo (its carrier id)
    assert platforms.shipments == {
        ("cainiao", "2611230003"): ("ZTO", parcels["2611230003"].tracking_number),
        ("pdd", "2611230001"): ("44", parcels["2611230001"].tracking_number),
    }
    assert len(ok_calls(platforms, TOP_SEND, "2611230003")) == 1
    assert len(ok_calls(platforms, PDD_SEND, "2611230001")) == 1
    assert ship_states() == {"2611230003": ("acked", None), "2611230001": ("acked", None)}
    # the parcel left out was never reported, at head office or the platform
    rows = server.shipments.rows()
    assert sorted(r["order"] for r in rows) == ["2611230001", "2611230003"]
    assert {r["status"] for r in rows} == {"accepted"}
    # sent again (a restored bench): head office says accepted, the platform hears nothing
    OutboxRecord.update(state="pending").where(OutboxRecord.kind == "shipment_report").execute()
    drain_until_settled(up)
    assert len(ok_calls(platforms, TOP_SEND, "2611230003")) == 1
    assert len(ok_calls(platforms, PDD_SEND, "2611230001")) == 1


def test_a_refusal_waits_on_the_bench_with_the_platforms_reason(line, demo_services, platforms):
    server, up = line
    platforms.set_order_state("pdd", "2611230001", "cancelled")
    hand_over(demo_services, ["2611230003"])
    hand_over(demo_services, ["2611230001"], carrier="SF")
    drain_until_settled(up)
    states = ship_states()
    assert states["2611230003"] == ("acked", None)
    state, error = states["2611230001"]
    assert state == "parked" and error.startswith("refused by the platform:")
    assert "cancelled" in error
    assert [r.order for r in refused_reports()] == ["2611230001"] and not unrelayed_reports()
    # the supervisor sends it again once the platform lets the order go: it goes
    platforms.set_order_state("pdd", "2611230001", "paid")
    up.release_parked()
    drain_until_settled(up)
    assert ship_states()["2611230001"] == ("acked", None)
    assert ("pdd", "2611230001") in platforms.shipments


def test_an_unauthorised_shops_report_is_parked_as_not_relayed(line, demo_services, platforms):
    server, up = line
    parcels = hand_over(demo_services, ["2611230003", "2611230007"])
    drain_until_settled(up)
    states = ship_states()
    assert states["2611230003"] == ("acked", None)
    assert states["2611230007"] == ("parked", "not relayed: shop has no platform authorisation")
    (report,) = unrelayed_reports()
    assert (report.order, report.tracking) == ("2611230007", parcels["2611230007"].tracking_number)
    assert report.reason == "shop has no platform authorisation" and not refused_reports()
    assert not [k for k in platforms.shipments if k[1] == "2611230007"]
    row = next(r for r in server.shipments.rows() if r["order"] == "2611230007")
    assert row["status"] == "not_relayed" and row["code"] == "no_authorisation"


@pytest.mark.parametrize(
    ("carriers", "reason"),
    [
        ({}, "no platform authorisation"),  # head office without e-waybill configuration
        ({"ZTO": {"provider": "pool"}}, "logistics_id"),  # a carrier without its number
    ],
)
def test_what_head_office_cannot_say_is_not_relayed(
    tmp_path, demo_services, platforms, carriers, reason
):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho2.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    desk = None
    if carriers:
        raw = ewaybill_config(platforms) | {"carriers": carriers}
        desk = WaybillDesk(store.db, EwaybillConfig.from_dict(raw))
    server = HeadOfficeServer(store, waybills=desk)
    server.shipments = shipment_relay(store, desk)
    server.start()
    client = HeadOfficeClient(server.url, "tok")
    try:
        hand_over(demo_services, ["2611230001"], carrier="SF")
        up = Uploader(demo_services.store.db, demo_services.bench_id, client)
        drain_until_settled(up)
        state, error = ship_states()["2611230001"]
        assert state == "parked" and error.startswith("not relayed:") and reason in error
        assert not platforms.shipments
    finally:
        client.close()
        server.stop()
        if desk is not None:
            desk.close()
        store.close()


def test_the_demo_head_office_relays_to_its_platform_simulator(demo_services):
    from station.app import start_demo_head_office
    from station.cli_sync import read_token

    office = start_demo_head_office(demo_services.data_dir, demo_services.bench_id)
    client = HeadOfficeClient(office.url, read_token(demo_services.data_dir))
    try:
        parcels = hand_over(demo_services, ["2611230003", "2611230007"])
        parcels |= hand_over(demo_services, ["2611230001"], carrier="SF")
        up = Uploader(demo_services.store.db, demo_services.bench_id, client)
        drain_until_settled(up)
        states = ship_states()
        assert states["2611230003"] == ("acked", None) == states["2611230001"]
        assert states["2611230007"][0] == "parked"
        sim = office.platforms
        assert sim.shipments[("cainiao", "2611230003")][0] == "ZTO"
        assert sim.shipments[("pdd", "2611230001")] == (
            "44",
            parcels["2611230001"].tracking_number,
        )
        assert not [k for k in sim.shipments if k[1] == "2611230007"]
    finally:
        client.close()
        office.stop()
        office.store.close()


@pytest.fixture
def head_office_process(tmp_path, demo_services, platforms):
    """``station head-office --ewaybill-config FILE`` as a process of its own, the file
    pointing at the platform simulator; its URL."""
    config = tmp_path / "ewaybill.json"
    config.write_text(json.dumps(ewaybill_config(platforms), ensure_ascii=False), "utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station",
            "head-office",
            "--port",
            "0",
            "--db",
            f"sqlite:///{tmp_path}/ho.db",
            "--bench",
            f"{demo_services.bench_id}:tok",
            "--ewaybill-config",
            str(config),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield json.loads(proc.stdout.readline())["head_office"]
    finally:
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()


def test_station_head_office_relays_by_its_ewaybill_config(
    head_office_process, demo_services, platforms
):
    platforms.set_order_state("cainiao", "2611230006", "refunded")
    parcels = hand_over(demo_services, ["2611230003", "2611230007"])  # Taobao; no authorisation
    parcels |= hand_over(demo_services, ["2611230001", "2611230006"], carrier="SF")  # PDD; Taobao
    parcels |= hand_over(demo_services, ["2611230005"], carrier="YD")  # Tmall: Yunda is YUNDA
    client = HeadOfficeClient(head_office_process, "tok")
    try:
        up = Uploader(demo_services.store.db, demo_services.bench_id, client, batch_size=2)
        drain_until_settled(up)
        drain_until_settled(up)  # nothing is left to go, nothing goes twice
    finally:
        client.close()
    t = {n: p.tracking_number for n, p in parcels.items()}
    assert platforms.shipments == {
        ("cainiao", "2611230003"): ("ZTO", t["2611230003"]),
        ("pdd", "2611230001"): ("44", t["2611230001"]),
        ("cainiao", "2611230005"): ("YUNDA", t["2611230005"]),
    }
    for method, order in [
        (TOP_SEND, "2611230003"),
        (PDD_SEND, "2611230001"),
        (TOP_SEND, "2611230005"),
    ]:
        assert len(ok_calls(platforms, method, order)) == 1
    states = ship_states()
    assert {n for n, (state, _) in states.items() if state == "acked"} == {
        "2611230003",
        "2611230001",
        "2611230005",
    }
    assert states["2611230007"] == ("parked", "not relayed: shop has no platform authorisation")
    (refused,) = refused_reports()
    assert refused.order == "2611230006" and "refunded" in refused.reason
    assert [r.order for r in unrelayed_reports()] == ["2611230007"]
