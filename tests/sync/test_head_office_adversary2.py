"""Head office's fast paths against inputs their author did not send: both readings
of a body must accept and refuse the same bodies, a batch key is each bench's own
for every answer it gets, and a batch's twin gets a right answer whatever the first
copy met."""

from __future__ import annotations

import json

import pytest

from station.headoffice.bodies import ApiError, parse_json
from tests.sync.test_head_office_hostile import TB, B, batch, exchange, post, rec

LONG = b', "pad": 12345678901234567890123'  # 23 digits: the standard library's reading


def _reading(raw: bytes, depth: int):
    try:
        return "ok", parse_json(raw, depth)
    except ApiError as exc:
        return "refused", exc.status


def nested(levels: int, leaf: bytes, kind: str) -> bytes:
    """``levels`` containers one in another around ``leaf``, as objects or lists."""
    if kind == "object":
        return b'{"a": ' * levels + leaf + b"}" * levels
    return b"[" * levels + leaf + b"]" * levels


@pytest.mark.parametrize("kind", ["object", "list"])
@pytest.mark.parametrize("leaf", [b"1", b'"x"', b"null", b"[]", b"{}", b""])
@pytest.mark.parametrize("levels", [61, 62, 63, 64, 65])
def test_both_readings_count_the_depth_alike(levels, leaf, kind):
    """A body just under, at and over the limit, its innermost value a scalar or an
    empty container: read by orjson and by the standard library (a 19-digit run
    beside it), both accept it or both refuse it."""
    inner = nested(levels, leaf if leaf or kind == "list" else b"1", kind)
    fast = _reading(b'{"records": [], "x": ' + inner + b"}", 64)
    exact = _reading(b'{"records": [], "x": ' + inner + LONG + b"}", 64)
    assert fast[0] == exact[0], (fast, exact)
    if fast[0] == "ok":
        assert fast[1]["x"] == exact[1]["x"]


def test_a_bench_reusing_another_benchs_key_gets_its_own_answer_again(ho):
    """Bench B sends a batch under a key bench A used first; B's resend (a lost
    answer) must be given B's first answer (stored), not a new reading of it
    (duplicate), and A's resend A's."""
    mine, theirs = rec(), rec()
    assert exchange(ho, post("/v1/records", batch(mine), key="shared"))[0] == 200
    first = exchange(ho, post("/v1/records", batch(theirs, bench=B), token=TB, key="shared"))
    assert first[0] == 200
    assert json.loads(first[2])["acks"] == [{"uuid": theirs["uuid"], "status": "stored"}]
    again = exchange(ho, post("/v1/records", batch(theirs, bench=B), token=TB, key="shared"))
    assert again[0] == 200
    assert json.loads(again[2]) == json.loads(first[2])
    assert ho.store.answered("shared", B) == json.loads(first[2])
    mine_again = exchange(ho, post("/v1/records", batch(mine), key="shared"))
    assert json.loads(mine_again[2])["acks"] == [{"uuid": mine["uuid"], "status": "stored"}]


def _database_at_version_3(url: str, tmp_path, monkeypatch) -> None:
    """``url``'s database as head office before migration m0004 left it, holding one
    answered batch of bench A under key "k-old"."""
    import importlib

    from playhouse.db_url import connect

    from station.headoffice import schema

    steps = tmp_path / "ho_steps_to_3"
    steps.mkdir()
    (steps / "__init__.py").write_text("")
    for name in ("m0001_initial", "m0002_daily_tally", "m0003_desk_supervisors_shipments"):
        (steps / f"{name}.py").write_text(
            f"from station.headoffice.migrations.{name} import upgrade  # noqa: F401\n"
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    db = connect(url)
    try:
        assert schema.migrate(db, importlib.import_module("ho_steps_to_3")) == (0, 3)
        p = db.param
        db.execute_sql(
            'INSERT INTO "batch" ("key", "bench_id", "response", "received_at") '
            f"VALUES ({p}, {p}, {p}, {p})",
            ("k-old", "bench-a", '{"acks":[]}', "2026-11-30 08:00:00"),
        )
        db.execute_sql(
            f'INSERT INTO "waybill_answer" ("key", "bench_id", "response") VALUES ({p}, {p}, {p})',
            ("w-old", "bench-a", '{"results":[]}'),
        )
    finally:
        db.close()


def _answers_kept_per_bench_after_the_upgrade(url: str, tmp_path, monkeypatch) -> None:
    from station.headoffice.store import HeadOfficeStore

    _database_at_version_3(url, tmp_path, monkeypatch)
    store = HeadOfficeStore(url)  # migration m0004
    try:
        assert store.answered("k-old", "bench-a") == {"acks": []}  # the answer kept
        assert store.answered("k-old", "bench-b") is None
        theirs = rec()
        first = store.receive("bench-b", [theirs], key="k-old")
        assert first["acks"] == [{"uuid": theirs["uuid"], "status": "stored"}]
        assert store.answered("k-old", "bench-b") == first
        assert store.receive("bench-b", [theirs], key="k-old") == first
        assert store.answered("k-old", "bench-a") == {"acks": []}
        kept = store.db.execute_sql('SELECT "key", "bench_id", "response" FROM "waybill_answer"')
        assert list(kept) == [("w-old", "bench-a", '{"results":[]}')]
        p = store.db.param
        store.db.execute_sql(  # the same key, another bench: its own row now
            f'INSERT INTO "waybill_answer" ("key", "bench_id", "response") VALUES ({p}, {p}, {p})',
            ("w-old", "bench-b", '{"results":[]}'),
        )
    finally:
        store.close()


def test_answers_kept_before_the_key_became_the_benchs_survive_on_sqlite(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/ho.sqlite3"
    _answers_kept_per_bench_after_the_upgrade(url, tmp_path, monkeypatch)


def test_answers_kept_before_the_key_became_the_benchs_survive_on_postgresql(
    postgres_url, tmp_path, monkeypatch
):
    _answers_kept_per_bench_after_the_upgrade(postgres_url, tmp_path, monkeypatch)


@pytest.mark.parametrize("who", ["bench", "supervisor"])
def test_a_token_replaced_while_its_lookup_is_in_flight_stops_at_once(ho, monkeypatch, who):
    """A request looks its token up; before it has remembered the answer, the token is
    replaced through the same store. The lookup read the database before the change,
    so what it found must not be remembered: the old token stops at once."""
    import threading

    from station.headoffice import access
    from station.headoffice.access import add_supervisor
    from tests.sync.test_head_office_hostile import SUP, TA, A

    store = ho.store
    old = TA if who == "bench" else SUP
    read, go_on = threading.Event(), threading.Event()

    def paused(real):
        def read_then_pause(*args):
            found = real(*args)  # the database as it was: the old token valid
            if found is not None and not read.is_set():
                read.set()
                assert go_on.wait(10)
            return found

        return read_then_pause

    if who == "bench":
        monkeypatch.setattr(store, "bench_for", paused(store.bench_for))
    else:
        monkeypatch.setattr(access.Supervisor, "get_or_none", paused(access.Supervisor.get_or_none))
    found = []
    lookup = threading.Thread(target=lambda: found.append(access.caller_for(store, old)))
    lookup.start()
    assert read.wait(10)
    if who == "bench":
        store.add_bench(A, "tok-a-replaced")
    else:
        add_supervisor(store, "floor", "sup-tok-replaced")
    go_on.set()
    lookup.join(10)
    assert found and found[0] is not None  # it was valid when it was read
    assert access.remembered_caller(store, old) is None
    assert access.caller_for(store, old) is None


AWKWARD_PAYLOADS = [
    {"nul": "a\u0000b", "ls": "\u2028\u2029", "astral": "\U0001f4e6\U00020000", "bs": "\\u0000"},
    {"floats": [1e16, -0.0, 5e-324, 1.7976931348623157e308, 1e-7, 0.1, 123456789.123]},
    {"big": 2**64, "neg": -(2**63) - 1, "i64": 2**63 - 1},
    {"\u00e9": 1, "e": 2, "\U0001f600": 3, "\uffff": 4, "": 5, "z": {"\u4e2d": [], "a": {}}},
    {"quote": "\"'`", "ctl": "\t\n\r\b\f\u001f\u007f", "html": "</script><!--"},
]


def _kept_payloads(url: str) -> dict[str, str]:
    from station.headoffice.models import Received
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(url)
    try:
        store.add_bench("bench-a", "tok-a")
        records = [
            rec(uuid=f"awkward-{i:04d}", seq=i + 1, payload=p, created_at=t)
            for i, (p, t) in enumerate(
                zip(
                    AWKWARD_PAYLOADS,
                    [
                        "2026-12-31T23:59:59.999999Z",
                        "0001-01-01T00:00:00+00:00",
                        "2026-11-23T08:00:00.1234567+08:00",
                        "2026-11-23 08:00:00-00:00",
                        "2026-11-23t00:00:00.5z",
                    ],
                    strict=True,
                )
            )
        ]
        answer = store.receive("bench-a", records, key="awkward")
        assert {a["status"] for a in answer["acks"]} == {"stored"}, answer
        with store._session(write=False):
            rows = list(Received.select().order_by(Received.uuid))
        for r, sent in zip(rows, records, strict=True):
            assert json.loads(r.payload) == sent["payload"]
        return {r.uuid: (r.payload, r.created_at, r.at) for r in rows}
    finally:
        store.close()


def test_awkward_payloads_and_times_are_kept_alike_on_sqlite_and_postgresql(tmp_path, postgres_url):
    """The same records stored through SQLite's VALUES and PostgreSQL's JSON parameter
    are kept as the same text, payload and times alike."""
    assert _kept_payloads(f"sqlite:///{tmp_path}/ho.sqlite3") == _kept_payloads(postgres_url)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23t08:00:00z",
        "2026-11-23T08:00:00z",
        "2026-11-23t08:00:00.5z",
        "2026-11-23 08:00:00.123456789z",
        "2026-11-23t08:00:00Z",
    ],
)
def test_a_lower_case_t_or_z_is_read_as_rfc_3339_has_it(text):
    """RFC 3339 5.6: "T" and "Z" may be written lower case; the time is the upper-case one's."""
    from station.headoffice.records import check_record

    upper = text.replace("t", "T").replace("z", "Z")
    problem, times = check_record(rec(created_at=text))
    assert problem == "" and times == check_record(rec(created_at=upper))[1]
    assert times[1].startswith("2026-11-23T08:00:00")


def _closed(number: str) -> dict:
    return rec(kind="parcel_closed", payload={"order": "SO-1", "tracking_number": number})


def _numbers(server, token: str) -> list[str]:
    from tests.sync.test_head_office_hostile import get

    status, _, body, _ = exchange(server, get("/v1/tracking-numbers", token=token))
    assert status == 200, body
    return json.loads(body)["numbers"]


def test_a_pool_number_used_at_another_site_is_still_named_to_a_recovering_bench(ho):
    """Tracking-number pools are master data every bench gets, whatever its site: a
    number of a pool that a bench of another site used (or this bench's site's bench
    before it moved) must be named to a bench recovering its database, or it goes to
    a second parcel. A number from no pool stays its site's."""
    from tests.sync.test_head_office_hostile import TA, A

    ho.store.publish("tracking_numbers", "SF-pool-1", {"carrier": "SF", "numbers": ["SF1", "SF2"]})
    ho.store.set_site(A, "north")
    ho.store.set_site(B, "south")
    for number, key in (("SF2", "b1"), ("DESK-9", "b2")):
        answer = exchange(ho, post("/v1/records", batch(_closed(number), bench=B), TB, key=key))
        assert answer[0] == 200, answer
    assert _numbers(ho, TA) == ["SF2"]  # the pool's number; the other site's own one not
    assert _numbers(ho, TB) == ["DESK-9", "SF2"]
    # a bench that moved: what it used from the pool before is named at both sites
    ho.store.set_site(B, "west")
    assert _numbers(ho, TA) == ["SF2"]
    assert _numbers(ho, TB) == ["DESK-9", "SF2"]
    assert A  # the north bench itself used nothing


def test_twins_of_one_key_across_two_servers_on_postgresql_are_one_answer_each(postgres_url):
    """Two head-office processes (two stores, two servers) on one PostgreSQL database;
    bench A sends one batch eight times at once under key "same", split between them,
    and bench B sends its own batch under the same key at the same moment: A gets one
    answer eight times, B its own; each record is held once."""
    import random
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore

    stores = [HeadOfficeStore(postgres_url) for _ in range(2)]
    stores[0].add_bench("bench-a", "tok-a")
    stores[0].add_bench("bench-b", "tok-b")
    rng = random.Random(7)

    def records(n):
        return [rec(uuid=f"{rng.getrandbits(128):032x}", seq=i + 1) for i in range(n)]

    mine, theirs = records(200), records(50)
    sends = [("tok-a", "bench-a", mine)] * 8 + [("tok-b", "bench-b", theirs)] * 2
    go = threading.Barrier(len(sends))
    servers = [HeadOfficeServer(s).start() for s in stores]
    try:

        def send(i):
            token, bench, recs = sends[i]
            url = servers[i % 2].url
            with httpx.Client(timeout=60) as client:
                go.wait()
                return bench, client.post(
                    f"{url}/v1/records",
                    json={"bench_id": bench, "records": recs},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "same"},
                )

        with ThreadPoolExecutor(len(sends)) as pool:
            answers = list(pool.map(send, range(len(sends))))
    finally:
        for server in servers:
            server.stop()
    try:
        assert [a.status_code for _, a in answers] == [200] * len(sends)
        for bench, sent in (("bench-a", mine), ("bench-b", theirs)):
            got = [a.json() for b, a in answers if b == bench]
            assert all(g == got[0] for g in got), bench
            assert [ack["status"] for ack in got[0]["acks"]] == ["stored"] * len(sent)
            held = stores[0].uuids(bench)
            assert sorted(held) == sorted(r["uuid"] for r in sent)
    finally:
        for s in stores:
            s.close()


@pytest.mark.parametrize(
    "uuid",
    [2**70, -(2**64), [2**64, {"n": 10**30}], 12345678901234567890.5, "x" * 7],
)
def test_a_rejected_records_odd_uuid_is_answered_alike_when_sent_again(ho, uuid):
    """A record refused for its uuid has that uuid echoed in its acknowledgement, as
    sent: a resend under the same key is given the same answer, value for value,
    integers beyond 64 bits too."""
    from tests.sync.test_head_office_hostile import TA

    body = json.dumps({"bench_id": "bench-a", "records": [rec(uuid=uuid), rec()]}).encode()
    first = exchange(ho, post("/v1/records", body, TA, key="odd-uuid"))
    again = exchange(ho, post("/v1/records", body, TA, key="odd-uuid"))
    assert first[0] == again[0] == 200
    assert json.loads(first[2])["acks"][0] == {
        "uuid": uuid,
        "status": "rejected",
        "reason": "bad_uuid",
    }
    assert again[2] == first[2]


@pytest.mark.parametrize(
    "quantities",
    [[2**70], [10**19], ["9" * 30], [2**62, 2**62, 2**62], [-(2**63)], [2**63 - 1, 1]],
)
def test_receipt_lines_with_absurd_quantities_are_stored_and_answered(ho, quantities):
    """A receipt line's qty is the bench's to send; one beyond what an hour's figure can
    hold (alone or summed) must not stop the batch: its records are stored and
    acknowledged, and the day's figures still answer."""
    from tests.sync.test_head_office_hostile import TA, get

    records = [
        rec(kind="receipt_line", seq=i + 1, payload={"qty": q, "sku": "SKU-1"})
        for i, q in enumerate(quantities)
    ]
    body = json.dumps({"bench_id": "bench-a", "records": records}).encode()
    status, _, answer, _ = exchange(ho, post("/v1/records", body, TA, key="absurd"))
    assert status == 200, answer
    assert {a["status"] for a in json.loads(answer)["acks"]} == {"stored"}
    assert sorted(ho.store.uuids("bench-a")) == sorted(r["uuid"] for r in records)
    status, _, daily, _ = exchange(ho, get("/v1/daily?date=2026-11-23", token="sup-tok"))
    assert status == 200, daily


def test_receipt_lines_with_absurd_quantities_are_stored_on_postgresql(postgres_url):
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(postgres_url)
    try:
        store.add_bench("bench-a", "tok-a")
        quantities = [2**70, 10**19, "9" * 30, 2**62, 2**62, -(2**63), 7]
        records = [
            rec(
                kind="receipt_line",
                seq=i + 1,
                payload={"qty": q},
                created_at="2026-11-23T08:00:00Z",
            )
            for i, q in enumerate(quantities)
        ]
        answer = store.receive("bench-a", records, key="absurd")
        assert {a["status"] for a in answer["acks"]} == {"stored"}
        day = {b["bench_id"]: b for b in store.daily("2026-11-23")["benches"]}
        assert day["bench-a"]["units_received"] == 7  # the one quantity a line can have
    finally:
        store.close()


LONG_TEXT = "P" * 300  # longer than any column that keeps a parcel's or order's name


@pytest.mark.parametrize(
    "kind, payload",
    [
        ("parcel_voided", {"parcel": LONG_TEXT}),
        ("parcel_closed", {"order": LONG_TEXT, "tracking_number": "SF1"}),
        ("parcel_closed", {"order": {"nested": [LONG_TEXT]}, "tracking_number": "SF2"}),
    ],
)
def test_parcel_records_naming_long_parcels_or_orders_are_stored_on_postgresql(
    postgres_url, kind, payload
):
    """A parcel record whose payload names a parcel or an order longer than a column
    holds is the bench's to send: the batch is stored and answered (not refused by
    the database on every resend), and the day's figures still answer."""
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(postgres_url)
    try:
        store.add_bench("bench-a", "tok-a")
        records = [rec(kind=kind, payload=payload, created_at="2026-11-23T08:00:00Z")]
        answer = store.receive("bench-a", records, key="long")
        assert [a["status"] for a in answer["acks"]] == ["stored"]
        assert store.daily("2026-11-23")["benches"]
    finally:
        store.close()


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="reads /proc")
def test_exactly_once_when_a_worker_is_killed_mid_upload_on_postgresql(postgres_url):
    """``station head-office --workers 2`` on PostgreSQL; four benches upload batches
    (each sent again under its key until answered, as the bench does) while one
    worker process is killed (SIGKILL) mid-run: every record is held once, the day's
    figures count each once, and every batch sent again is answered as before."""
    import os
    import signal
    import time
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    import httpx

    from station.headoffice.store import HeadOfficeStore
    from tests.sync.test_head_office_cli import children, station

    benches = [f"kb{i}" for i in range(4)]
    proc = station(
        "head-office", "--port", "0", "--db", postgres_url, "--workers", "2",
        *[a for b in benches for a in ("--bench", f"{b}:tok-{b}")],
    )  # fmt: skip
    try:
        url = json.loads(proc.stdout.readline())["head_office"]
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "head office did not start"
            time.sleep(0.1)
        batches = {
            b: [
                [
                    rec(uuid=f"{b}-{n:03d}-{i:03d}-x", seq=n * 100 + i + 1,
                        created_at="2026-11-23T08:00:00Z")
                    for i in range(60)
                ]
                for n in range(12)
            ]
            for b in benches
        }  # fmt: skip
        answers: dict[tuple[str, int], dict] = {}

        def upload(bench: str) -> None:
            with httpx.Client(timeout=30) as client:
                for n, records in enumerate(batches[bench]):
                    body = {"bench_id": bench, "records": records}
                    headers = {
                        "Authorization": f"Bearer tok-{bench}",
                        "Idempotency-Key": f"{bench}-batch-{n}",
                    }
                    for _ in range(200):
                        try:
                            r = client.post(f"{url}/v1/records", json=body, headers=headers)
                        except httpx.TransportError:
                            time.sleep(0.1)
                            continue
                        if r.status_code == 200:
                            answers[bench, n] = r.json()
                            break
                        assert r.status_code == 503, r.text
                        time.sleep(0.1)
                    else:
                        raise AssertionError(f"{bench} batch {n} never answered")

        with ThreadPoolExecutor(len(benches)) as pool:
            running = [pool.submit(upload, b) for b in benches]
            while len(answers) < 6:
                time.sleep(0.01)
            workers = [
                p for p in children(proc.pid) if "python" in Path(f"/proc/{p}/exe").resolve().name
            ]
            os.kill(workers[0], signal.SIGKILL)
            answered_before_the_kill = len(answers)
            for f in running:
                f.result()
        assert answered_before_the_kill < 4 * 12  # killed mid-run
        assert len(answers) == 4 * 12
        # the answers, asked again, are the same (whatever worker answers now)
        with httpx.Client(timeout=30) as client:
            for (bench, n), first in sorted(answers.items())[::7]:
                for _ in range(100):
                    try:
                        r = client.post(
                            f"{url}/v1/records",
                            json={"bench_id": bench, "records": batches[bench][n]},
                            headers={
                                "Authorization": f"Bearer tok-{bench}",
                                "Idempotency-Key": f"{bench}-batch-{n}",
                            },
                        )
                    except httpx.TransportError:
                        time.sleep(0.1)
                        continue
                    if r.status_code == 200:
                        break
                assert r.json() == first
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    store = HeadOfficeStore(postgres_url)
    try:
        day = {b["bench_id"]: b for b in store.daily("2026-11-23")["benches"]}
        for bench in benches:
            held = store.uuids(bench)
            assert len(held) == len(set(held)) == 12 * 60, bench
            assert day[bench]["scans"] == 12 * 60, bench
    finally:
        store.close()


ODD_KEYS = [
    "~" * 200,  # the longest key allowed
    "'; DROP TABLE batch; --",
    '%_\\"`$(x){}[]<>|&*?',
    "k",  # the shortest
]


def _odd_keys_kept(url: str) -> None:
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(url)
    try:
        store.add_bench("bench-a", "tok-a")
        store.add_bench("bench-b", "tok-b")
        for key in ODD_KEYS:
            for bench in ("bench-a", "bench-b"):
                first = store.receive(bench, [rec()], key=key)
                assert [a["status"] for a in first["acks"]] == ["stored"]
                assert store.answered(key, bench) == first
                assert store.receive(bench, [rec()], key=key) == first  # the key's answer
    finally:
        store.close()


def test_odd_idempotency_keys_are_kept_per_bench_on_sqlite(tmp_path):
    _odd_keys_kept(f"sqlite:///{tmp_path}/ho.sqlite3")


def test_odd_idempotency_keys_are_kept_per_bench_on_postgresql(postgres_url):
    _odd_keys_kept(postgres_url)


def _until(condition, what: str, seconds: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.005)


@pytest.mark.parametrize("first_fails", [False, True])
def test_a_copy_sent_while_its_twin_is_stored_gets_a_right_answer(ho, monkeypatch, first_fails):
    """The bench's retry of a batch arrives while the first copy waits for the database.
    The first copy stored: the retry is given its answer, the records held once. The
    first copy failed (the database busy past its wait, 503): the retry is stored on
    its own and answered 200, not given the failure."""
    import threading

    from station.headoffice import store as store_module
    from tests.sync.test_head_office_hostile import TA

    monkeypatch.setattr(store_module, "WRITE_WAIT_S", 2.0)
    records = [rec(seq=i + 1) for i in range(5)]
    body = json.dumps({"bench_id": "bench-a", "records": records}).encode()
    held, release = threading.Event(), threading.Event()

    def hold_the_write_lock():
        with ho.store._session(write=True):
            held.set()
            release.wait(20)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    answers: dict[str, tuple] = {}

    def send(name):
        answers[name] = exchange(ho, post("/v1/records", body, TA, key="twin"), timeout=30)

    copies = [threading.Thread(target=send, args=(n,)) for n in ("first", "retry")]
    try:
        assert held.wait(10)
        copies[0].start()
        _until(lambda: ("bench-a", "twin") in ho.batches_in_flight, "the first copy in flight")
        copies[1].start()
        # the retry waits for its twin, its place among those answered given back
        _until(
            lambda: ho.per_token.get("bench:bench-a") == 2 and ho.inflight == 1,
            "the retry waiting on its twin",
        )
        if first_fails:
            copies[0].join(30)
            assert answers["first"][0] == 503
        release.set()
        for c in copies:
            c.join(30)
    finally:
        release.set()
        holder.join(10)
    retry = answers["retry"]
    assert retry[0] == 200, retry
    assert [a["status"] for a in json.loads(retry[2])["acks"]] == ["stored"] * 5
    if not first_fails:
        assert answers["first"][0] == 200 and answers["first"][2] == retry[2]
    assert sorted(ho.store.uuids("bench-a")) == sorted(r["uuid"] for r in records)
    _until(lambda: ho.inflight == 0 and not ho.batches_in_flight, "every place given back")


@pytest.fixture
def desk_ho(tmp_path):
    import httpx

    from station.headoffice.demo_waybills import start_demo_platforms
    from station.headoffice.server import HeadOfficeServer, shipment_relay
    from station.headoffice.store import HeadOfficeStore
    from station.headoffice.waybills import WaybillDesk

    sim, config = start_demo_platforms(balance=100)
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench("bench-1", "tok-1")
    store.add_bench("bench-2", "tok-2")
    desk = WaybillDesk(store.db, config)
    server = HeadOfficeServer(store, waybills=desk)
    server.shipments = shipment_relay(store, desk)
    server.start()
    clients = {
        b: httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer tok-{b[-1]}"})
        for b in ("bench-1", "bench-2")
    }
    yield clients
    for c in clients.values():
        c.close()
    server.stop()
    desk.close()
    store.close()
    sim.stop()


def test_a_waybill_key_another_bench_used_gives_neither_its_answer(desk_ho):
    """Bench 2 asks for its order's e-waybill under the Idempotency-Key bench 1 used
    for its own order: bench 2 gets its own order's number (not bench 1's number,
    buyer and print data), and that answer again when it asks again."""
    from tests.ewaybill.test_head_office_waybills import request

    def ask(bench, order):
        r = desk_ho[bench].post(
            "/v1/waybills",
            json={"requests": [request(order=order)]},
            headers={"Idempotency-Key": "bench-1:shared:1"},
        )
        assert r.status_code == 200, r.text
        (result,) = r.json()["results"]
        assert result["status"] == "issued", result
        return result["waybills"][0]

    mine = ask("bench-1", "T-ONE")
    theirs = ask("bench-2", "T-TWO")
    assert theirs["waybill_code"] != mine["waybill_code"]
    assert ask("bench-2", "T-TWO") == theirs
    assert ask("bench-1", "T-ONE") == mine


@pytest.mark.parametrize("kind", ["scan_event", "ewaybill_cancel", "shipment_report"])
@pytest.mark.parametrize("uuid", [[1, 2], {"a": 1}, None, 2**70])
def test_a_record_with_an_odd_uuid_is_refused_alone_where_e_waybills_are_issued(
    desk_ho, uuid, kind
):
    """A head office that issues e-waybills (and relays cancels and shipments) reads
    a batch holding a record whose uuid is a list, an object or no string: that record
    is refused, the others stored; the batch is answered 200."""
    good = rec(kind="ewaybill_cancel", payload={"waybill_code": "X"})
    body = {"bench_id": "bench-1", "records": [rec(uuid=uuid, kind=kind), good]}
    r = desk_ho["bench-1"].post("/v1/records", json=body, headers={"Idempotency-Key": "odd"})
    assert r.status_code == 200, r.text
    acks = r.json()["acks"]
    assert acks[0]["status"] == "rejected" and acks[0]["uuid"] == uuid
    assert acks[1] == {"uuid": good["uuid"], "status": "stored"}


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_master_data_with_a_number_json_has_not_is_refused_when_published(tmp_path, number):
    """A product whose price is NaN or infinite is no JSON: publishing it is refused
    (ValueError), so the benches' master-data pull is never stopped by it."""
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        store.publish("product", "P0", {"sku": "P0", "price": 1.5})
        with pytest.raises(ValueError):
            store.publish("product", "P1", {"sku": "P1", "price": number})
        with pytest.raises(ValueError):
            store.publish_orders([{"number": "SO-9", "lines": [{"qty": number}]}])
        changes = store.changes(0)["changes"]
        assert [c["key"] for c in changes] == ["P0"]
    finally:
        store.close()


def test_master_data_an_earlier_version_kept_with_nan_is_still_served(tmp_path):
    """A change kept before NaN was refused (the standard library wrote it as ``NaN``)
    is still read back and served: the benches' pull goes on past it."""
    from station.headoffice.models import MasterChange
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        with store._session(write=True):
            MasterChange.create(kind="product", key="P1", payload='{"sku": "P1", "price": NaN}')
        store.publish("product", "P2", {"sku": "P2", "price": 2.5})
        changes = store.changes(0)["changes"]
        assert [c["key"] for c in changes] == ["P1", "P2"]
        assert changes[0]["payload"]["sku"] == "P1"
    finally:
        store.close()
