"""Shipment reports from the handover to the platform through head office: each
order reported exactly once through head-office and platform faults, a platform's
refusal parked on the bench with its reason, nothing for a parcel not handed over."""

import json

import pytest

from station.db.models import OutboxRecord
from station.ewaybill import provider_for
from station.ewaybill.simulator import PlatformSimulator
from station.headoffice.server import HeadOfficeServer
from station.headoffice.shipments import ShipmentRelay, ShopRoute
from station.headoffice.store import HeadOfficeStore
from station.services.dispatch import DispatchService
from station.sync.client import HeadOfficeClient
from station.sync.uploader import Uploader
from tests.ewaybill.conftest import APPS, CARRIER, TOKENS, settings_for
from tests.services.dispatch_day import pack, session, supervisor


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
    provider = provider_for("pdd", settings_for(platforms, "pdd"))
    route = ShopRoute(provider, {"ZTO": ("ZTO", 115), "YTO": ("YTO", 85)})
    server = HeadOfficeServer(store)
    server.shipments = ShipmentRelay(store, lambda shop: route)
    server.start()
    client = HeadOfficeClient(server.url, "tok")
    up = Uploader(demo_services.store.db, demo_services.bench_id, client, batch_size=7)
    yield server, up
    client.close()
    server.stop()
    provider.close()
    store.close()


def hand_over(demo_services, numbers, carrier="ZTO", left_out=()):
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


def test_each_order_reaches_the_platform_once_through_faults(line, demo_services, platforms):
    server, up = line
    parcels = hand_over(demo_services, ["2611230003"], left_out=["2611230007"])
    server.faults = ["500", "drop"]  # a failure, then an answer lost after the commit
    platforms.faults.append("down")  # and the platform unreachable once
    drain_until_settled(up)
    assert platforms.shipments == {
        ("pdd", "2611230003"): ("115", parcels["2611230003"].tracking_number)
    }
    calls = [r for r in platforms.calls("pdd.logistics.online.send") if r.answer == "ok"]
    assert len(calls) == 1
    assert ship_states() == {"2611230003": ("acked", None)}
    # the parcel left out was never reported, at head office or the platform
    rows = server.shipments.rows()
    assert [r["order"] for r in rows] == ["2611230003"] and rows[0]["status"] == "accepted"
    # sent again (a restored bench): head office says accepted, the platform hears nothing
    OutboxRecord.update(state="pending").where(OutboxRecord.kind == "shipment_report").execute()
    drain_until_settled(up)
    assert len([r for r in platforms.calls("pdd.logistics.online.send") if r.answer == "ok"]) == 1


def test_a_refusal_waits_on_the_bench_with_the_platforms_reason(line, demo_services, platforms):
    server, up = line
    platforms.set_order_state("pdd", "2611230007", "cancelled")
    hand_over(demo_services, ["2611230003", "2611230007"])
    drain_until_settled(up)
    states = ship_states()
    assert states["2611230003"] == ("acked", None)
    state, error = states["2611230007"]
    assert state == "parked" and error.startswith("refused by the platform:")
    assert "cancelled" in error
    # the supervisor sends it again once the platform lets the order go: it goes
    platforms.set_order_state("pdd", "2611230007", "paid")
    up.release_parked()
    drain_until_settled(up)
    assert ship_states()["2611230007"] == ("acked", None)
    assert ("pdd", "2611230007") in platforms.shipments


def test_a_shop_without_a_route_keeps_its_reports_pending(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho2.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store)
    server.shipments = ShipmentRelay(store, lambda shop: None)
    server.start()
    client = HeadOfficeClient(server.url, "tok")
    try:
        hand_over(demo_services, ["2611230003"])
        up = Uploader(demo_services.store.db, demo_services.bench_id, client)
        result = up.drain()
        assert up.waiting == 1 and result.retry_in is not None
        state, error = ship_states()["2611230003"]
        assert state == "pending" and "waiting for the platform" in error
    finally:
        client.close()
        server.stop()
        store.close()


def test_the_demo_head_office_relays_to_its_platform_simulator(demo_services):
    from station.app import start_demo_head_office
    from station.cli_sync import read_token

    office = start_demo_head_office(demo_services.data_dir, demo_services.bench_id)
    client = HeadOfficeClient(office.url, read_token(demo_services.data_dir))
    try:
        hand_over(demo_services, ["2611230003"])
        up = Uploader(demo_services.store.db, demo_services.bench_id, client)
        drain_until_settled(up)
        assert ship_states() == {"2611230003": ("acked", None)}
        assert office.shipments.rows()[0]["status"] == "accepted"
    finally:
        client.close()
        office.stop()
        office.store.close()
