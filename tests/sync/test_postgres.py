"""Head office on PostgreSQL, for a company with many benches: a private cluster per test run
(tests/sync/conftest.py), a new database per test."""

from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient
from tests.sync.old_headoffice import make_old


def test_records_exactly_once_on_postgresql(store, postgres_url):
    from station.db import outbox
    from station.db.models import OutboxRecord, new_uuid
    from station.sync.uploader import Uploader

    ho = HeadOfficeStore(postgres_url)
    ho.add_bench("bench-pg", "tok")
    ho.add_bench("bench-pg", "tok")  # registering twice is an update, on every database
    for i in range(700):
        outbox.enqueue("bench-pg", "scan_event", new_uuid(), {"n": i})
    server = HeadOfficeServer(ho).start()
    client = HeadOfficeClient(server.url, "tok")
    try:
        server.faults = ["drop"]  # committed on PostgreSQL, answer lost
        up = Uploader(store.db, "bench-pg", client, batch_size=300)
        assert up.drain().error
        assert up.drain().acked == 700
        held = ho.uuids("bench-pg")
        assert len(held) == len(set(held)) == 700
        assert set(held) == {r.record_uuid for r in OutboxRecord.select()}
        ho.publish("product", "PG-1", {"sku": "PG-1", "name": "测试"})
        assert client.master(0)["changes"][0]["payload"]["name"] == "测试"
    finally:
        client.close()
        server.stop()
        ho.close()


def test_sites_hashes_and_audit_anchors_on_postgresql(postgres_url):
    ho = HeadOfficeStore(postgres_url)
    # a head office made by the version before sites (and before numbered migrations):
    # the columns are added on opening
    make_old(ho.db, before_sites=True)
    ho.close()
    ho = HeadOfficeStore(postgres_url)
    try:
        ho.add_bench("b-north", "tok-n", site="north")
        ho.add_bench("b-south", "tok-s", site="south")
        ho.publish(
            "operator",
            "u-n",
            {
                "uuid": "u-n",
                "name": "北",
                "role": "packer",
                "site": "north",
                "pin": "135790",
                "badge_code": "BN-1",
            },
        )
        ho.publish(
            "operator",
            "u-s",
            {
                "uuid": "u-s",
                "name": "南",
                "role": "packer",
                "site": "south",
                "pin": "246813",
                "badge_code": "BS-1",
            },
        )
        north = ho.changes(0, bench_id="b-north")["changes"]
        assert [c["payload"]["name"] for c in north] == ["北"]
        assert "badge_code" not in north[0]["payload"] and "pin" not in north[0]["payload"]
        assert north[0]["payload"]["badge_hash"].startswith("scrypt$")

        head = {"seq": 5, "hash": "ab" * 32}
        assert ho.keep_anchor("b-north", head) == "stored"
        assert ho.keep_anchor("b-north", head) == "known"
        assert ho.keep_anchor("b-north", {"seq": 5, "hash": "cd" * 32}) == "mismatch"
        assert ho.keep_anchor("b-north", {"seq": 3, "hash": "ef" * 32}) == "behind"
        assert ho.keep_anchor("b-north", {"seq": "5", "hash": "x"}) == "invalid"
        last = ho.last_anchor("b-north")
        assert (last["seq"], last["hash"], last["conflicts"]) == (5, "ab" * 32, 2)
        assert ho.last_anchor("b-south") is None
    finally:
        ho.close()
