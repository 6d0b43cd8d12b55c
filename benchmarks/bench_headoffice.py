"""Head office under 200 benches at once, on PostgreSQL started here on loopback.

- Load: 200 simulated benches (a thread each, its own HTTP connections) pull
  master data, then upload their batches of 500 records; every batch is sent
  twice at the same moment under one Idempotency-Key (the bench's retry while
  the first copy is still being stored), and master data is pulled again after
  each batch. A request that fails (dropped, timed out, 5xx, 429) is counted as
  an error and sent again after its Retry-After, as a bench does. Reported per
  server: records/s, p50/p99 upload latency (every attempt, a failed one
  included), errors, and exactly-once (every record held once, none lost)
  checked in the database at the end. The benches upload without pause, so the
  latency is what 400 requests always waiting make of the throughput (Little's
  law: latency = requests in the air / requests a second).
  Each server runs in its own process(es) against a new database of the same
  cluster; :func:`servers` names them: the threaded server of
  :data:`BASELINE_COMMIT` (taken from git history, or
  ``STATION_BASE_TREE=/path/of/an/older/checkout``) as the baseline, then today's
  on uvicorn with one and two worker processes (another with :func:`add_server`);
  every one is measured in the same run.
- The same on SQLite (a one-bench shop's head office, here under 200 benches:
  what its one writer makes of them).
- The board's day: ``HeadOfficeStore.daily`` over a year of records (900,000
  from 20 benches, stored through ``receive``): the figures kept per bench and
  hour, against recounting the day from the raw records (the way before).

``--quick``: 20 benches, 2 batches each, 90,000 records for the day.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from benchmarks.common import Figure, percentile

BATCH = 500
TIMEOUT_S = 15.0  # the bench's own (station.sync.client.HeadOfficeClient)
PRODUCTS = 1000


@dataclass
class Running:
    """A head-office server started for the run: its base URL and how to stop it."""

    url: str
    stop: Callable[[], None]


#: (PostgreSQL URL, a folder of its own) -> a running server
ServerFactory = Callable[[str, Path], Running]


#: the last version whose head office was the standard library's threaded HTTP server
#: (one process, a listen backlog of 5): the baseline of every run
BASELINE_COMMIT = "8aeded4"


def station_server(db_url: str, root: Path, tree: str | None = None, workers: int = 1) -> Running:
    """``station head-office`` (``--workers N`` processes), on ``db_url``; ``tree``:
    run the code of that source tree instead (an older version)."""
    env = dict(os.environ, PYTHONPATH=tree) if tree else None
    args = [
        sys.executable,
        "-m",
        "station",
        "head-office",
        "--port",
        "0",
        "--db",
        db_url,
        "--data-dir",
        str(root / "data"),
    ]
    if workers > 1:
        args += ["--workers", str(workers)]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tree,  # ``-m`` puts the working folder first on the path
    )
    line = proc.stdout.readline()
    if not line:
        proc.wait(10)
        raise RuntimeError(f"head office did not start (exit {proc.returncode})")

    def stop() -> None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()

    return Running(json.loads(line)["head_office"], stop)


def baseline_tree() -> str | None:
    """A folder holding :data:`BASELINE_COMMIT`'s code (``STATION_BASE_TREE`` if set,
    else taken out of this checkout's git history into a temporary folder), or None
    outside a git checkout."""
    if os.environ.get("STATION_BASE_TREE"):
        return os.environ["STATION_BASE_TREE"]
    repo = Path(__file__).resolve().parent.parent
    if not (repo / ".git").exists() or shutil.which("git") is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="station-baseline-"))
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", BASELINE_COMMIT, "station", "drivers", "resources"],
        capture_output=True,
    )
    if archive.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return str(folder)


def servers() -> dict[str, ServerFactory]:
    """The servers measured, the first the baseline: the threaded server of
    :data:`BASELINE_COMMIT`, then today's (uvicorn) with one and two worker processes."""
    found: dict[str, ServerFactory] = {}
    tree = baseline_tree()
    if tree is not None:
        found[f"threaded ({BASELINE_COMMIT})"] = functools.partial(station_server, tree=tree)
    found["uvicorn, 1 worker"] = station_server
    found["uvicorn, 2 workers"] = functools.partial(station_server, workers=2)
    found.update(_ADDED)
    return found


_ADDED: dict[str, ServerFactory] = {}


def add_server(name: str, factory: ServerFactory) -> None:
    """Measure another server too."""
    _ADDED[name] = factory


@dataclass
class Load:
    benches: int
    batches: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    pulls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, kind: str) -> None:
        with self.lock:
            self.errors += 1
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def make_bodies(benches: int, batches: int) -> dict[str, list[tuple[str, bytes, list[str]]]]:
    """Each bench's batches, encoded before the clock starts: (key, gzip body, uuids)."""
    rng = random.Random(19)
    start = datetime(2026, 11, 30, 1, 0)
    out: dict[str, list] = {}
    kinds = ("scan_event", "scan_event", "receipt_line", "inspection", "parcel_closed")
    for b in range(benches):
        bench = f"bench-{b:03d}"
        out[bench] = []
        for n in range(batches):
            records = []
            for i in range(BATCH):
                kind = kinds[i % len(kinds)]
                payload = {"sku": f"SKU-{rng.randrange(PRODUCTS):04d}", "n": i}
                if kind == "receipt_line":
                    payload["qty"] = rng.randrange(1, 25)
                elif kind == "parcel_closed":
                    payload["order"] = f"SO-{b}-{n}-{i // 10}"
                at = start + timedelta(seconds=rng.randrange(12 * 3600))
                records.append(
                    {
                        "uuid": str(uuidlib.UUID(int=rng.getrandbits(128))),
                        "seq": n * BATCH + i + 1,
                        "kind": kind,
                        "payload": payload,
                        "created_at": at.replace(tzinfo=UTC).isoformat(),
                    }
                )
            body = gzip.compress(json.dumps({"bench_id": bench, "records": records}).encode())
            out[bench].append((f"{bench}-{n}", body, [r["uuid"] for r in records]))
    return out


def _send(load: Load, client: httpx.Client, method: str, path: str, **kw) -> httpx.Response:
    """One request as a bench makes it: again after a failure, after Retry-After."""
    for _ in range(30):
        begun = time.perf_counter()
        try:
            r = client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            load.failed(type(exc).__name__)
            if method == "POST":  # a timed-out upload waited all that time too
                with load.lock:
                    load.latencies.append(time.perf_counter() - begun)
            time.sleep(1)
            continue
        if method == "POST":
            with load.lock:
                load.latencies.append(time.perf_counter() - begun)
        if r.status_code < 300:
            return r
        load.failed(f"HTTP {r.status_code}")
        try:
            time.sleep(min(10.0, float(r.headers.get("Retry-After", "1"))))
        except ValueError:
            time.sleep(1)
    raise RuntimeError(f"{method} {path}: no answer after 30 tries")


def bench_life(load: Load, url: str, bench: str, batches: list, go: threading.Barrier) -> None:
    headers = {"Authorization": f"Bearer tok-{bench}"}
    one = httpx.Client(base_url=url, headers=headers, timeout=TIMEOUT_S)
    two = httpx.Client(base_url=url, headers=headers, timeout=TIMEOUT_S)
    try:
        go.wait()
        cursor = 0

        def pull() -> None:
            nonlocal cursor
            while True:
                body = _send(load, one, "GET", "/v1/master", params={"cursor": cursor}).json()
                cursor = body["cursor"]
                with load.lock:
                    load.pulls += 1
                if not body["more"]:
                    return

        pull()
        for key, body, _ in batches:
            upload_headers = {
                "Idempotency-Key": key,
                "Content-Encoding": "gzip",
                "Content-Type": "application/json",
            }
            again = threading.Thread(
                target=_send,
                args=(load, two, "POST", "/v1/records"),
                kwargs={"content": body, "headers": upload_headers},
            )
            again.start()  # the same batch, sent again at once
            _send(load, one, "POST", "/v1/records", content=body, headers=upload_headers)
            again.join()
            pull()
    finally:
        one.close()
        two.close()


def run_load(
    name: str, factory: ServerFactory, db_url: str, root: Path, benches: int, batches: int
) -> list:
    from station.headoffice.store import HeadOfficeStore, Received

    store = HeadOfficeStore(db_url)
    for b in range(benches):
        store.add_bench(f"bench-{b:03d}", f"tok-bench-{b:03d}")
    for p in range(PRODUCTS):
        store.publish("product", f"SKU-{p:04d}", {"sku": f"SKU-{p:04d}", "name": f"商品 {p}"})
    store.close()
    bodies = make_bodies(benches, batches)
    load = Load(benches, batches)
    server = factory(db_url, root)
    try:
        go = threading.Barrier(benches + 1)
        threads = [
            threading.Thread(target=bench_life, args=(load, server.url, bench, bs, go))
            for bench, bs in bodies.items()
        ]
        for t in threads:
            t.start()
        go.wait()
        begun = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - begun
    finally:
        server.stop()
    store = HeadOfficeStore(db_url)
    try:
        held = [r.uuid for r in Received.select(Received.uuid)]
    finally:
        store.close()
    sent = {u for bs in bodies.values() for _, _, uuids in bs for u in uuids}
    exactly_once = len(held) == len(set(held)) and set(held) == sent
    label = f"{name}, {db_url.partition(':')[0]}, {benches} benches"
    if load.error_kinds:
        print(f"  {label}: errors {load.error_kinds}", file=sys.stderr)
    return [
        Figure(f"{label}: records/s", len(sent) / elapsed, "rec/s", goal="3x the built-in"),
        Figure(f"{label}: upload p50", percentile(load.latencies, 50) * 1000, "ms"),
        Figure(f"{label}: upload p99", percentile(load.latencies, 99) * 1000, "ms", goal="< 2000"),
        Figure(f"{label}: errors (dropped, non-2xx)", load.errors, "requests", goal="0"),
        Figure(f"{label}: exactly once", 1.0 if exactly_once else 0.0, "1=yes", goal="1"),
    ]


def fill_year(db_url: str, records: int, benches: int = 20) -> None:
    """A year of records through ``receive`` (batches of 5,000), spread over 365 days."""
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(db_url)
    rng = random.Random(365)
    first = datetime(2025, 12, 1)
    kinds = ("scan_event", "scan_event", "receipt_line", "inspection", "parcel_closed")
    try:
        for bench in range(benches):
            store.add_bench(f"bench-{bench:02d}", f"tok-{bench:02d}", f"Bench {bench}")
        made = 0
        while made < records:
            bench = f"bench-{rng.randrange(benches):02d}"
            batch = []
            for i in range(min(5000, records - made)):
                at = first + timedelta(seconds=rng.randrange(365 * 86_400))
                kind = kinds[i % len(kinds)]
                batch.append(
                    {
                        "uuid": f"{rng.getrandbits(128):032x}",
                        "seq": made + i,
                        "kind": kind,
                        "payload": {"qty": 3, "order": f"SO-{made + i}"},
                        "created_at": at.replace(tzinfo=UTC).isoformat(),
                    }
                )
            store.receive(bench, batch)
            made += len(batch)
    finally:
        store.close()


def recount_day(db, day: str) -> dict:
    """The day counted from the raw records, as ``daily`` did before the figures were kept."""
    lo = datetime.fromisoformat(day).isoformat()
    hi = (datetime.fromisoformat(day) + timedelta(days=1)).isoformat()
    p = db.param
    figures: dict[str, list] = {}
    rows = db.execute_sql(
        'SELECT "bench_id", "kind", "payload" FROM "received" '
        f'WHERE "created_at" >= {p} AND "created_at" < {p}',
        (lo, hi),
    )
    for bench, kind, payload in rows:
        data = json.loads(payload)
        f = figures.setdefault(bench, [0, 0, 0, 0])
        if kind == "receipt_line":
            f[0] += int(data.get("qty") or 0)
        elif kind == "inspection":
            f[1] += 1
        elif kind == "scan_event":
            f[2] += 1
        elif kind == "parcel_closed":
            f[3] += 1
    db.execute_sql('SELECT "bench_id", MAX("created_at") FROM "received" GROUP BY "bench_id"')
    return figures


def run_daily(cluster, records: int) -> list:
    from station.headoffice.store import HeadOfficeStore

    db_url = cluster.create_database("ho_year")
    begun = time.perf_counter()
    fill_year(db_url, records)
    fill_s = time.perf_counter() - begun
    store = HeadOfficeStore(db_url)
    days = [(datetime(2025, 12, 1) + timedelta(days=d)).date().isoformat() for d in (10, 100, 200)]
    try:
        kept, raw = [], []
        for day in days:
            for _ in range(3):
                t = time.perf_counter()
                figures = store.daily(day, 480)
                kept.append(time.perf_counter() - t)
                t = time.perf_counter()
                with store.db.connection_context():
                    recount_day(store.db, day)
                raw.append(time.perf_counter() - t)
        assert any(b["scans"] for b in figures["benches"])
    finally:
        store.close()
    return [
        Figure(
            f"daily over {records:,} records",
            statistics.median(kept) * 1000,
            "ms",
            statistics.median(raw) * 1000,
            "recount of the raw records",
            goal="< 100 (the board waits 5 s)",
        ),
        Figure(f"storing {records:,} records (batches of 5,000)", records / fill_s, "rec/s"),
    ]


def run(quick: bool = False) -> list[Figure]:
    from tests.postgres_cluster import Cluster, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        print("headoffice: PostgreSQL not installed (quickstart.sh installs it)", file=sys.stderr)
        return []
    benches, batches = (20, 2) if quick else (200, 3)
    cluster = Cluster(bin_dir).start()
    try:
        figures: list[Figure] = []
        chosen = servers()
        first = next(iter(chosen))
        for backend in ("postgresql", "sqlite"):
            base: list[Figure] = []
            for name, factory in chosen.items():
                if backend == "sqlite" and "2 workers" in name:
                    continue  # one SQLite file is for a one-bench shop: one process
                root = Path(tempfile.mkdtemp(prefix="station-bm-ho-"))
                if backend == "sqlite":
                    db_url = f"sqlite:///{root}/ho.sqlite3"
                else:
                    db_url = cluster.create_database("ho_" + re.sub(r"\W+", "_", name).lower())
                try:
                    rows = run_load(name, factory, db_url, root, benches, batches)
                finally:
                    shutil.rmtree(root, ignore_errors=True)
                if base:
                    for row, before in zip(rows, base, strict=True):
                        row.baseline, row.baseline_name = before.value, first
                else:
                    base = rows
                figures += rows
        figures += run_daily(cluster, 90_000 if quick else 900_000)
        return figures
    finally:
        cluster.stop()
