"""Head office's e-waybill desk over HTTP: the real reference head office on
127.0.0.1 with its SQLite store, asking the platform simulator on loopback."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from station.headoffice.demo_waybills import demo_recipients, start_demo_platforms
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.headoffice.waybill_config import ConfigError, EwaybillConfig
from station.headoffice.waybills import IssuedWaybill, WaybillDesk

BENCH, TOKEN = "bench-1", "bench-token-1"
ADDRESS = "广东省广州市天河区天河路385号太古汇北塔"


@pytest.fixture
def platforms():
    sim, config = start_demo_platforms(balance=100)
    yield sim, config
    sim.stop()


@pytest.fixture
def ho(tmp_path, platforms):
    sim, config = platforms
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(BENCH, TOKEN)
    desk = WaybillDesk(store.db, config)
    server = HeadOfficeServer(store, waybills=desk).start()
    server.sim = sim
    yield server
    server.stop()
    desk.close()
    store.close()


@pytest.fixture
def http(ho):
    with httpx.Client(base_url=ho.url, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def request(order="T1", **kw):
    base = {
        "order": order,
        "parcel": 1,
        "shop": "茶园直营店",
        "carrier": "ZTO",
        "buyer_name": "陈志强",
        "buyer_phone": "13600004410",
        "address": ADDRESS,
        "items": [{"name": "绿茶 250g", "count": 2}],
        "weight_g": 820,
    }
    return base | kw


def ask(http, *requests, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    r = http.post("/v1/waybills", json={"requests": list(requests)}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def test_an_order_gets_its_number_with_routing_and_the_print_data_unaltered(ho, http):
    (result,) = ask(http, request())
    assert result["status"] == "issued"
    (wb,) = result["waybills"]
    issued = ho.sim.waybills[wb["waybill_code"]]
    assert wb["print_data"] == issued.print_data  # byte for byte what the platform sent
    assert wb["provider"] == "cainiao" and wb["carrier"] == "ZTO"
    assert wb["routing"]["route_code"] == issued.routing["route_code"] != ""
    assert result["balance"] == 99 and result["balance_low"] is False


def test_asking_again_answers_the_same_number_never_a_second(ho, http):
    first = ask(http, request(), key="k-1")[0]["waybills"][0]["waybill_code"]
    again = ask(http, request(), key="k-2")[0]["waybills"][0]["waybill_code"]
    same_key = ask(http, request(), key="k-1")[0]["waybills"][0]["waybill_code"]
    assert first == again == same_key
    assert len(ho.sim.calls("cainiao.waybill.ii.get")) == 1
    assert IssuedWaybill.select().count() == 1


def test_a_multi_parcel_order_gets_children_under_one_parent(ho, http):
    (result,) = ask(http, request(parcels=3))
    wbs = result["waybills"]
    assert [w["parcel"] for w in wbs] == [1, 2, 3]
    parents = {w["parent_waybill_code"] for w in wbs}
    assert len(parents) == 1 and "" not in parents
    assert len({w["waybill_code"] for w in wbs}) == 3 and parents.isdisjoint(
        {w["waybill_code"] for w in wbs}
    )


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"buyer_phone": "136****4410"}, "ewaybill_masked_address_refused", "脱敏"),
        ("no balance", "ewaybill_no_balance", "余额不足"),
    ],
)
def test_a_refusal_carries_the_platforms_code_and_words(ho, http, change, code, words):
    if change == "no balance":
        ho.sim.set_balance("cainiao", "demo-session-tea", "ZTO", 0)
        change = {}
    (result,) = ask(http, request(**change), key="k-refused")
    assert result["status"] == "refused"
    err = result["error"]
    assert err["code"] == code and words in err["reason"] and err["platform_code"]
    assert err["retryable"] is False
    # the refusal is not kept under its key: once fixed, the same request is asked again
    ho.sim.set_balance("cainiao", "demo-session-tea", "ZTO", 5)
    ho.waybills.remember_recipient("T1", {"name": "陈**", "oaid": "OAID-T1", "address": ADDRESS})
    (again,) = ask(http, request(**change), key="k-refused")
    assert again["status"] == "issued"


def test_shops_without_authorisation_and_pool_carriers_are_left_to_the_pool(ho, http):
    results = ask(http, request(shop="文具小铺"), request(order="T2", carrier="JD"))
    assert [r["status"] for r in results] == ["not_platform", "not_platform"]
    assert ho.sim.requests == []


def test_a_platform_down_is_retryable_and_its_answer_not_kept(ho, http):
    ho.sim.faults[:] = ["down"]
    (result,) = ask(http, request(), key="k-down")
    assert result["status"] == "refused" and result["error"]["retryable"] is True
    (result,) = ask(http, request(), key="k-down")
    assert result["status"] == "issued"


def test_cancel_is_idempotent(ho, http):
    code = ask(http, request())[0]["waybills"][0]["waybill_code"]
    before = ho.sim.balance("cainiao", "demo-session-tea", "ZTO")
    for _ in range(2):
        r = http.post("/v1/waybills/cancel", json={"waybill_codes": [code, "NOPE"]}).json()
        assert [x["status"] for x in r["results"]][1] == "unknown"
    assert ho.sim.balance("cainiao", "demo-session-tea", "ZTO") == before + 1
    assert len(ho.sim.calls("cainiao.waybill.ii.cancel")) == 1


def test_the_contract_needs_the_bench_token_and_a_list(ho):
    with httpx.Client(base_url=ho.url) as c:
        assert c.post("/v1/waybills", json={"requests": []}).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post("/v1/waybills", json={"requests": "x"}, headers=auth).status_code == 400
        assert c.post("/v1/waybills", content=b"{", headers=auth).status_code == 400


def test_fetch_ahead_a_published_order_carries_its_waybill(ho):
    demo_recipients(ho.waybills)
    payload = {
        "number": "2611230003",
        "shop": "茶园直营店",
        "carrier": "ZTO",
        "buyer_name": "陈志强",
        "buyer_phone": "136****4410",
        "address": ADDRESS,
        "lines": [{"sku": "TEA-250", "qty": 1}],
    }
    ho.store.publish("sales_order", "2611230003", payload)
    (change,) = ho.store.changes(0)["changes"]
    (wb,) = change["payload"]["ewaybills"]
    assert ho.sim.waybills[wb["waybill_code"]].print_data == wb["print_data"]


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"sender": {"name": "x"}},
        {
            "sender": {"name": "x", "province": "p", "city": "c", "detail": "d", "mobile": "1"},
            "shops": {"s": {"platform": "ebay"}},
        },
        {
            "sender": {"name": "x", "province": "p", "city": "c", "detail": "d", "mobile": "1"},
            "shops": {"s": {"platform": "pdd", "endpoint": "http://x"}},
        },
        *(
            {
                "sender": {"name": "x", "province": "p", "city": "c", "detail": "d", "mobile": "1"},
                "carriers": {"ZTO": {"logistics_ids": ids}},
            }
            for ids in ({"pdd": "115"}, {"pdd": 11.5}, {"pdd": True}, ["pdd", 115])
        ),
    ],
)
def test_an_incomplete_configuration_is_refused_with_a_message(broken):
    with pytest.raises(ConfigError):
        EwaybillConfig.from_dict(broken)


def test_the_cli_says_what_is_wrong_with_the_configuration(tmp_path):
    cfg = tmp_path / "ewaybill.json"
    cfg.write_text(json.dumps({"sender": {}}), encoding="utf-8")
    done = subprocess.run(
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
            "b:t",
            "--ewaybill-config",
            str(cfg),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "sender" in done.stderr and "Traceback" not in done.stderr


def test_station_head_office_ewaybill_demo_serves_waybills_from_the_simulator(tmp_path):
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
            f"{BENCH}:{TOKEN}",
            "--ewaybill-demo",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = json.loads(proc.stdout.readline())["head_office"]
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
            (result,) = ask(c, request(order="2611230003"))  # a demo order: OAID known
            assert result["status"] == "issued"
            assert result["waybills"][0]["provider"] == "cainiao"
    finally:
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()


def test_orders_published_together_are_fetched_ahead_ten_a_call(ho):
    payloads = [
        {
            "number": f"B{n:03d}",
            "shop": "茶园直营店",
            "carrier": "ZTO",
            "buyer_name": "陈志强",
            "buyer_phone": "13600004410",
            "address": ADDRESS,
            "lines": [{"sku": "TEA-100", "qty": 1}],
        }
        for n in range(23)
    ] + [
        {
            "number": "POOL-1",
            "shop": "文具小铺",
            "carrier": "ZTO",
            "buyer_name": "x",
            "address": ADDRESS,
            "lines": [],
        }
    ]
    ho.store.publish_orders(payloads)
    assert len(ho.sim.calls("cainiao.waybill.ii.get")) == 3
    changes = ho.store.changes(0)["changes"]
    assert [c["key"] for c in changes] == [p["number"] for p in payloads]
    codes = [c["payload"]["ewaybills"][0]["waybill_code"] for c in changes[:23]]
    assert len(set(codes)) == 23 and all(c in ho.sim.waybills for c in codes)
    assert "ewaybills" not in changes[23]["payload"]  # left to the bench's pool
