"""Head office's store under many benches at once: resends answered not dropped, the
daily figures kept as records arrive equal to a recount, migrations, a busy SQLite."""

from __future__ import annotations

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from station.headoffice import schema
from station.headoffice.models import Received
from station.headoffice.office import Limits
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from tests.sync.old_headoffice import make_old


class Server(HeadOfficeServer):
    """The reference server letting one bench send ten requests at once (its own
    limit is four, answered 429): the store is under test here."""

    def __init__(self, store, **kw):
        super().__init__(store, limits=Limits(per_bench=16), **kw)


KINDS = ("scan_event", "receipt_line", "inspection", "parcel_closed", "parcel_voided", "note")


def record(rng: random.Random, kind: str, at: datetime, parcels: list[str]) -> dict:
    """A record as a bench sends it; its time written the ways the world writes one."""
    style = rng.randrange(6)
    if style == 0:
        created = at.isoformat()  # naive UTC, the bench's own way
    elif style == 1:
        created = at.isoformat(" ", timespec="microseconds")
    elif style == 2:
        created = at.replace(tzinfo=UTC).astimezone(UTC).isoformat().replace("+00:00", "Z")
    elif style == 3:  # the same instant in Shanghai's time
        created = (at + timedelta(hours=8)).isoformat() + "+08:00"
    elif style == 4:  # and in Newfoundland's
        created = (at - timedelta(hours=3, minutes=30)).isoformat() + "-03:30"
    else:
        created = rng.choice([at.isoformat(), "yesterday", "2026-13-01T00:00:00"])
    payload: dict = {}
    if kind == "receipt_line":
        payload = {
            "qty": rng.choice([1, 6, 24, "12", None, "lots"]),
            "discrepancy": rng.choice([None, "over", "wrong_item"]),
        }
    elif kind == "parcel_closed":
        payload = {"order": rng.choice(["SO-1", "SO-2", "SO-3", None])}
    elif kind == "parcel_voided":
        payload = {"parcel": rng.choice(parcels) if parcels else "none"}
    uuid = f"{rng.getrandbits(128):032x}"
    if kind == "parcel_closed":
        parcels.append(uuid)
    return {"uuid": uuid, "seq": 1, "kind": kind, "payload": payload, "created_at": created}


def make_batches(seed: int, benches: int = 3, n: int = 600) -> list[tuple[str, list[dict]]]:
    """Batches of records over three days, each in 1-4 batches per bench, some sent
    twice (whole or in part), voids both after and before the parcel they name."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 22, 0, 0)
    parcels: list[str] = []
    per_bench: dict[str, list[dict]] = {f"b{i}": [] for i in range(benches)}
    for _ in range(n):
        bench = rng.choice(list(per_bench))
        at = start + timedelta(seconds=rng.randrange(3 * 86_400), microseconds=rng.randrange(10**6))
        per_bench[bench].append(record(rng, rng.choice(KINDS), at, parcels))
    batches = []
    for bench, records in per_bench.items():
        rng.shuffle(records)  # a void may come before its parcel
        cut = sorted(rng.sample(range(1, len(records)), 3))
        for lo, hi in zip([0, *cut], [*cut, len(records)], strict=True):
            batches.append((bench, records[lo:hi]))
    resends = [(b, rng.sample(rs, len(rs) // 2)) for b, rs in rng.sample(batches, 4)]
    return batches + resends + batches[:2]


def recount(day: str, offset: int) -> dict[str, dict]:
    """The figures of a day counted from every raw record head office holds."""

    def utc(text: str) -> datetime | None:
        try:
            t = datetime.fromisoformat(text)
        except ValueError:
            return None
        return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t

    start = datetime.fromisoformat(day) - timedelta(minutes=offset)
    end = start + timedelta(days=1)
    rows = [(r.bench_id, r.uuid, r.kind, json.loads(r.payload), r.created_at) for r in Received]
    voided = {p.get("parcel") for _, _, k, p, _ in rows if k == "parcel_voided"}
    figures: dict[str, dict] = {}
    orders: dict[str, set] = {}
    for bench, uuid, kind, payload, created in rows:
        t = utc(created)
        if t is None or not start <= t < end:
            continue
        f = figures.setdefault(bench, dict.fromkeys(("units", "lines", "scans", "parcels"), 0))
        if kind == "receipt_line" and payload.get("discrepancy") != "wrong_item":
            qty = payload.get("qty")
            f["units"] += int(qty) if str(qty).isdigit() else 0
        elif kind == "inspection":
            f["lines"] += 1
        elif kind == "scan_event":
            f["scans"] += 1
        elif kind == "parcel_closed" and uuid not in voided:
            f["parcels"] += 1
            orders.setdefault(bench, set()).add(payload.get("order"))
    for bench, f in figures.items():
        f["orders"] = len(orders.get(bench, ()))
    return figures


def figures_of(store: HeadOfficeStore, day: str, offset: int) -> dict[str, dict]:
    out = {}
    for b in store.daily(day, offset)["benches"]:
        f = {
            "units": b["units_received"],
            "lines": b["lines_inspected"],
            "scans": b["scans"],
            "parcels": b["parcels_shipped"],
            "orders": b["orders_packed"],
        }
        if any(f.values()):
            out[b["bench_id"]] = f
    return out


def assert_tally_equals_recount(store: HeadOfficeStore) -> None:
    counted = 0
    for day in ("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"):
        for offset in (0, 480, -300, 330, 345, -210, 900):
            want = {b: f for b, f in recount(day, offset).items() if any(f.values())}
            assert figures_of(store, day, offset) == want, (day, offset)
            counted += sum(f["scans"] + f["parcels"] for f in want.values())
    assert counted > 0  # the days asked about hold records


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_daily_figures_kept_equal_a_recount_of_the_records(tmp_path, seed):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        for bench, records in make_batches(seed):
            store.receive(bench, records)
        assert_tally_equals_recount(store)
        newest = {b["bench_id"]: b["last_record_at"] for b in store.daily("2026-11-22")["benches"]}
        held = {}
        for r in Received:
            t = r.at
            if t is not None and (r.bench_id not in held or t > held[r.bench_id][0]):
                held[r.bench_id] = (t, r.created_at)
        assert newest == {b: created for b, (_, created) in held.items()}
    finally:
        store.close()


def test_a_database_from_before_migrations_is_upgraded_and_counted_once(tmp_path):
    url = f"sqlite:///{tmp_path}/ho.sqlite3"
    store = HeadOfficeStore(url)
    batches = make_batches(7)
    for bench, records in batches[:8]:
        store.receive(bench, records)
    make_old(store.db, before_sites=True)
    store.close()
    store = HeadOfficeStore(url)  # migrations 1 and 2: the records held are counted
    try:
        assert schema.current_version(store.db) == len(schema.all_migrations())
        for bench, records in batches[8:]:  # and what comes after, as it arrives
            store.receive(bench, records)
        assert_tally_equals_recount(store)
    finally:
        store.close()
    again = HeadOfficeStore(url)  # opening again changes nothing
    try:
        assert_tally_equals_recount(again)
    finally:
        again.close()


def test_migrations_with_a_gap_or_a_newer_database_are_refused(tmp_path, monkeypatch):
    import importlib

    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        steps = tmp_path / "ho_steps_with_a_gap"
        steps.mkdir()
        (steps / "__init__.py").write_text("")
        for name in ("m0001_tables", "m0003_later"):  # no 2
            (steps / f"{name}.py").write_text("def upgrade(db):\n    raise AssertionError\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        package = importlib.import_module("ho_steps_with_a_gap")
        with pytest.raises(schema.MigrationError, match="gap or repeat at m0003_later"):
            schema.migrate(store.db, package)
        assert schema.current_version(store.db) == len(schema.all_migrations())
        # a database a newer head office brought to a version this one does not know
        store.db.execute_sql(
            f"INSERT INTO \"{schema.VERSION_TABLE}\" VALUES (99, '2030-01-01T00:00:00+00:00')"
        )
        with pytest.raises(schema.MigrationError, match="newer than this program"):
            HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    finally:
        store.close()


def send_at_once(url: str, token: str, body: bytes, keys: list[str | None]) -> list:
    """POST the same batch once per key, all at the same moment."""
    go = threading.Barrier(len(keys))

    def post(key):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        with httpx.Client(timeout=60) as client:
            go.wait()
            return client.post(f"{url}/v1/records", content=body, headers=headers)

    with ThreadPoolExecutor(len(keys)) as pool:
        return list(pool.map(post, keys))


def scan(rng: random.Random, at: datetime) -> dict:
    uuid = f"{rng.getrandbits(128):032x}"
    return {
        "uuid": uuid,
        "seq": 1,
        "kind": "scan_event",
        "payload": {},
        "created_at": at.replace(tzinfo=UTC).isoformat(),
    }


def check_identical_resends(ho: HeadOfficeStore) -> None:
    ho.add_bench("b-1", "tok-1")
    rng = random.Random(5)
    records = [scan(rng, datetime(2026, 11, 23, 9) + timedelta(seconds=i)) for i in range(300)]
    body = json.dumps({"bench_id": "b-1", "records": records}).encode()
    with Server(ho) as server:
        # ten resends of one batch, each under its own key: every record's uniqueness is
        # settled by the database, concurrently
        answers = send_at_once(server.url, "tok-1", body, [f"k-{i}" for i in range(10)])
        assert [a.status_code for a in answers] == [200] * 10
        statuses = [ack["status"] for a in answers for ack in a.json()["acks"]]
        assert statuses.count("stored") == 300 and statuses.count("duplicate") == 2700
        # and ten under one key (the bench's retries): one answer, given ten times
        more = [scan(rng, datetime(2026, 11, 23, 10) + timedelta(seconds=i)) for i in range(200)]
        body = json.dumps({"bench_id": "b-1", "records": more}).encode()
        answers = send_at_once(server.url, "tok-1", body, ["same"] * 10)
        assert [a.status_code for a in answers] == [200] * 10
        assert all(a.json() == answers[0].json() for a in answers)
        assert {ack["status"] for ack in answers[0].json()["acks"]} == {"stored"}
    held = ho.uuids("b-1")
    assert len(held) == len(set(held)) == 500  # exactly once
    day = {b["bench_id"]: b for b in ho.daily("2026-11-23")["benches"]}
    assert day["b-1"]["scans"] == 500  # resends not counted


def test_identical_batches_at_once_on_postgresql_are_all_answered(postgres_url):
    ho = HeadOfficeStore(postgres_url)
    try:
        check_identical_resends(ho)
    finally:
        ho.close()


def test_identical_batches_at_once_on_sqlite_are_all_answered(tmp_path):
    ho = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        check_identical_resends(ho)
    finally:
        ho.close()


def test_the_daily_figures_on_postgresql_equal_a_recount(postgres_url):
    store = HeadOfficeStore(postgres_url)
    try:
        for bench, records in make_batches(11):
            store.receive(bench, records)
        assert_tally_equals_recount(store)
        make_old(store.db)  # and a PostgreSQL head office from before migrations
    finally:
        store.close()
    store = HeadOfficeStore(postgres_url)
    try:
        assert_tally_equals_recount(store)
    finally:
        store.close()


def test_a_write_that_cannot_have_its_turn_is_answered_503_with_retry_after(tmp_path, monkeypatch):
    import station.headoffice.store as store_module

    monkeypatch.setattr(store_module, "WRITE_WAIT_S", 0.2)
    ho = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    ho.add_bench("b-1", "tok-1")
    rng = random.Random(3)
    records = [scan(rng, datetime(2026, 11, 23, 9)) for _ in range(5)]
    held, release = threading.Event(), threading.Event()

    def hold_the_write_lock():
        with ho._session(write=True):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    try:
        held.wait(5)
        with HeadOfficeServer(ho) as server, httpx.Client(timeout=10) as client:
            r = client.post(
                f"{server.url}/v1/records",
                json={"bench_id": "b-1", "records": records},
                headers={"Authorization": "Bearer tok-1", "Idempotency-Key": "k1"},
            )
            assert r.status_code == 503 and r.headers["Retry-After"] == "2"
            assert "busy" in r.json()["error"]
            release.set()
            holder.join()
            r = client.post(
                f"{server.url}/v1/records",
                json={"bench_id": "b-1", "records": records},
                headers={"Authorization": "Bearer tok-1", "Idempotency-Key": "k1"},
            )
            assert r.status_code == 200
            assert [a["status"] for a in r.json()["acks"]] == ["stored"] * 5
    finally:
        release.set()
        holder.join()
        ho.close()


OPEN_STORE = """
import sys
from station.headoffice.store import HeadOfficeStore
store = HeadOfficeStore(sys.argv[1])
store.add_bench("b-" + sys.argv[2], "tok-" + sys.argv[2])
store.close()
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_worker_processes_starting_together_migrate_once(backend, tmp_path, request):
    """Several worker processes of one head office open a new database at once."""
    import subprocess
    import sys

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/ho.sqlite3"
    else:
        url = request.getfixturevalue("postgres_url")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_STORE, url, str(i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    results = [(p.wait(60), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0] * 4, results
    store = HeadOfficeStore(url)
    try:
        versions = [
            v for (v,) in store.db.execute_sql(f'SELECT "version" FROM "{schema.VERSION_TABLE}"')
        ]
        assert sorted(versions) == list(range(1, len(schema.all_migrations()) + 1))
        assert sorted(store.bench_for(f"tok-{i}") for i in range(4)) == [f"b-{i}" for i in range(4)]
    finally:
        store.close()


def test_forty_benches_at_once_on_sqlite_are_all_answered(tmp_path):
    """SQLite's one writer: forty benches uploading at the same moment queue for it
    and are answered, none dropped on "database is locked"."""
    ho = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    rng = random.Random(40)
    batches = {}
    for b in range(40):
        ho.add_bench(f"b-{b}", f"tok-{b}")
        records = [scan(rng, datetime(2026, 11, 23, 9) + timedelta(seconds=i)) for i in range(100)]
        batches[b] = json.dumps({"bench_id": f"b-{b}", "records": records}).encode()
    go = threading.Barrier(40)

    def bench(b: int) -> list[int]:
        headers = {"Authorization": f"Bearer tok-{b}", "Content-Type": "application/json"}
        with httpx.Client(timeout=60) as client:
            go.wait()
            return [
                client.post(
                    f"{server.url}/v1/records",
                    content=batches[b],
                    headers=headers | {"Idempotency-Key": f"k-{b}-{n}"},
                ).status_code
                for n in range(2)
            ]

    try:
        with Server(ho) as server, ThreadPoolExecutor(40) as pool:
            codes = [c for cs in pool.map(bench, range(40)) for c in cs]
        assert codes == [200] * 80
        held = ho.uuids()
        assert len(held) == len(set(held)) == 4000
        day = {b["bench_id"]: b["scans"] for b in ho.daily("2026-11-23")["benches"]}
        assert day == {f"b-{b}": 100 for b in range(40)}
    finally:
        ho.close()


def head_office_models() -> list:
    """Every table head office's rooms read and write."""
    from station.headoffice import access, models, shipments, waybills

    return [*models.MODELS, access.Supervisor, *waybills.DESK_MODELS, shipments.ShipmentRow]


def check_migrations_make_every_table_as_its_model(url: str) -> None:
    store = HeadOfficeStore(url)
    try:
        db = store.db
        tables = set(db.get_tables())
        for model in head_office_models():
            table = model._meta.table_name
            assert table in tables, f"{table}: no migration makes it"
            columns = {c.name: c for c in db.get_columns(table)}
            fields = {f.column_name: f for f in model._meta.sorted_fields}
            assert set(columns) == set(fields), table
            for name, field in fields.items():
                assert columns[name].null == field.null, f"{table}.{name}"
            unique = {tuple(i.columns) for i in db.get_indexes(table) if i.unique}
            for name, field in fields.items():
                if field.unique:
                    assert (name,) in unique, f"{table}.{name} is not unique"
    finally:
        store.close()


def test_the_migrations_make_every_table_as_its_model_on_sqlite(tmp_path):
    check_migrations_make_every_table_as_its_model(f"sqlite:///{tmp_path}/ho.sqlite3")


def test_the_migrations_make_every_table_as_its_model_on_postgresql(postgres_url):
    check_migrations_make_every_table_as_its_model(postgres_url)
