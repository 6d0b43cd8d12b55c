"""Head office's view of every bench's day, counted from the records they sent."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station.db.models import new_uuid
from station.headoffice.access import add_supervisor
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient, Refused


@pytest.fixture
def ho(tmp_path):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench("b1", "t1", "Bench 1")
    store.add_bench("b2", "t2", "Bench 2")
    add_supervisor(store, "floor", "sup-token")
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def rec(kind, created_at, **payload):
    return {
        "uuid": new_uuid(),
        "seq": 1,
        "kind": kind,
        "payload": payload,
        "created_at": created_at + "+00:00",
    }


def test_figures_per_bench_for_a_local_day(ho):
    # Shanghai (UTC+8): the local day 2026-11-23 is 2026-11-22T16:00 to 2026-11-23T16:00 UTC
    p1, p2, p3 = (
        rec("parcel_closed", t, order=o)
        for t, o in (
            ("2026-11-22T16:30:00", "A"),  # 00:30 local: today
            ("2026-11-23T02:00:00", "B"),
            ("2026-11-23T03:00:00", "B"),  # B's second parcel
        )
    )
    b1 = [
        p1,
        p2,
        p3,
        rec("parcel_closed", "2026-11-23T04:00:00", order="C"),
        rec("parcel_closed", "2026-11-22T15:59:00", order="Y"),  # yesterday, local
        rec("receipt_line", "2026-11-23T01:00:00", qty=24, discrepancy=None),
        rec("receipt_line", "2026-11-23T01:05:00", qty=5, discrepancy="wrong_item"),
        rec("inspection", "2026-11-23T01:10:00", result="accepted"),
        rec("scan_event", "2026-11-23T01:00:00"),
        rec("scan_event", "2026-11-23T16:00:00"),  # tomorrow, local
    ]
    c4 = next(r for r in b1 if r["payload"].get("order") == "C")
    b1.append(rec("parcel_voided", "2026-11-23T05:00:00", parcel=c4["uuid"]))
    b2 = [rec("receipt_line", "2026-11-23T09:00:00", qty=12, discrepancy="over")]
    c1, c2 = HeadOfficeClient(ho.url, "t1"), HeadOfficeClient(ho.url, "t2")
    board = HeadOfficeClient(ho.url, "sup-token")
    try:
        c1.upload("b1", b1, new_uuid())
        c2.upload("b2", b2, new_uuid())
        got = board.daily("2026-11-23", 480)  # a supervisor's token sees every bench
        own = c2.daily("2026-11-23", 480)  # a bench's, its own figures only
        with pytest.raises(Refused):
            c1.daily("23/11/2026", 480)
    finally:
        c1.close()
        c2.close()
        board.close()
    assert [b["bench_id"] for b in own["benches"]] == ["b2"]
    assert own["benches"][0]["units_received"] == 12
    rows = {b["bench_id"]: b for b in got["benches"]}
    one, two = rows["b1"], rows["b2"]
    assert (one["parcels_shipped"], one["orders_packed"]) == (3, 2)  # C was voided
    assert (one["units_received"], one["lines_inspected"], one["scans"]) == (24, 1, 1)
    assert one["name"] == "Bench 1" and one["last_record_at"] == "2026-11-23T16:00:00"
    assert (two["units_received"], two["parcels_shipped"]) == (12, 0)
    assert got["date"] == "2026-11-23" and got["utc_offset_minutes"] == 480


def test_head_office_counts_what_the_bench_counts(ho, demo_services):
    """A bench receives goods and uploads; head office's figures equal the bench's own."""
    from station.services.daily import day_figures, local_zone
    from station.services.receiving import ReceivingService
    from station.sync.uploader import Uploader

    bench = demo_services.bench_id
    ho.store.add_bench(bench, "demo-token", "Demo")
    svc = ReceivingService(demo_services.store.db, bench)
    receipt = svc.open("PO-2611-001", None)
    svc.scan(receipt, "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L1\x1d375")
    client = HeadOfficeClient(ho.url, "demo-token")
    try:
        Uploader(demo_services.store.db, bench, client).drain()
        today = date.today()
        offset = int(datetime.now(local_zone()).utcoffset().total_seconds() // 60)
        theirs = {b["bench_id"]: b for b in client.daily(today.isoformat(), offset)["benches"]}
    finally:
        client.close()
    ours = day_figures(today, demo_services.settings).totals
    assert theirs[bench]["units_received"] == ours.units_received == 60
    assert theirs[bench]["parcels_shipped"] == ours.parcels_shipped
