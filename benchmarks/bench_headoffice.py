"""Head office under 200 benches at once, on PostgreSQL started here on loopback.

- Load: 200 simulated benches (a thread each, one HTTP client with two
  connections) pull master data, then upload their batches of 500 records;
  every batch is sent twice at the same moment under one Idempotency-Key (the
  bench's retry while the first copy is still being stored), and master data is
  pulled again after each batch. A request that fails is sent again, after its
  Retry-After when it has one (else after 1 s), as a bench does. Reported per
  server:

  - records/s;
  - upload p50/p99 per attempt (every POST, a failed one included) and the p99
    from a batch's first send until it is acknowledged (the first 200 of its two
    copies: retries and Retry-After waits included);
  - dropped requests: no HTTP answer at all (connection reset or closed, a
    timeout) -- the goal is 0;
  - refused with Retry-After (503 or 429 carrying it, which the bench honours):
    head office saying "not now", for information;
  - any other answer that is not 2xx (a 500, a 503 without Retry-After…) -- goal 0;
  - exactly-once (every record held once, none lost), checked in the database
    at the end;
  - CPU seconds during the load window of the benchmark's own process (the
    simulated benches), of the server's processes and of PostgreSQL's (the
    postmaster and every backend, those that exited meanwhile too), and the
    share of the machine (all cores) they used together: the benches run on
    the same cores as head office, so a server that needs fewer requests (or a
    client that costs less) leaves more to the other side.

  The benches upload without pause, so the latency is what 400 requests always
  waiting make of the throughput (Little's law: latency = requests in the air /
  requests a second).
  Each server runs in its own process(es) against a new database of the same
  cluster; :func:`servers` names them: the threaded server of
  :data:`BASELINE_COMMIT` (taken from git history, or
  ``STATION_BASE_TREE=/path/of/an/older/checkout``) as the baseline, then today's
  on uvicorn with one and two worker processes (another with :func:`add_server`);
  every one is measured in the same run, by the same client.
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
import resource
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
    """A head-office server started for the run: its base URL, how to stop it, and
    its process id (None if unknown: its CPU is then counted from start to stop)."""

    url: str
    stop: Callable[[], None]
    pid: int | None = None


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

    return Running(json.loads(line)["head_office"], stop, proc.pid)


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
    """What the simulated benches saw (see the module's docstring)."""

    benches: int
    batches: int
    latencies: list[float] = field(default_factory=list)  # s, every POST attempt
    acknowledged: list[float] = field(default_factory=list)  # s, batch first send -> ack
    dropped: dict[str, int] = field(default_factory=dict)  # no HTTP answer, by error
    refused: dict[int, int] = field(default_factory=dict)  # 503/429 with Retry-After
    other: dict[int, int] = field(default_factory=dict)  # any other non-2xx, by status
    pulls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kinds: dict, kind) -> None:
        with self.lock:
            kinds[kind] = kinds.get(kind, 0) + 1


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


def retry_after(r: httpx.Response) -> float | None:
    """Seconds a 503/429 asks to wait (its Retry-After in seconds), or None."""
    if r.status_code not in (429, 503):
        return None
    try:
        return max(0.0, float(r.headers["Retry-After"]))
    except (KeyError, ValueError):
        return None


def _send(load: Load, client: httpx.Client, method: str, path: str, **kw) -> httpx.Response:
    """One request as a bench makes it: again after a failure, after Retry-After."""
    for _ in range(30):
        begun = time.perf_counter()
        try:
            r = client.request(method, path, **kw)
        except httpx.TransportError as exc:  # no HTTP answer: dropped
            load.count(load.dropped, type(exc).__name__)
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
        wait = retry_after(r)
        if wait is None:
            load.count(load.other, r.status_code)
            wait = 1.0
        else:
            load.count(load.refused, r.status_code)
        time.sleep(min(10.0, wait))
    raise RuntimeError(f"{method} {path}: no answer after 30 tries")


def bench_life(load: Load, url: str, bench: str, batches: list, go: threading.Barrier) -> None:
    """One bench: master data, then each batch sent twice at once (two connections
    of one client), master data again after each."""
    headers = {"Authorization": f"Bearer tok-{bench}"}
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    client = httpx.Client(base_url=url, headers=headers, timeout=TIMEOUT_S, limits=limits)
    try:
        go.wait()
        cursor = 0

        def pull() -> None:
            nonlocal cursor
            while True:
                body = _send(load, client, "GET", "/v1/master", params={"cursor": cursor}).json()
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
            done: list[float] = []

            def upload(done=done, body=body, upload_headers=upload_headers) -> None:
                _send(load, client, "POST", "/v1/records", content=body, headers=upload_headers)
                done.append(time.perf_counter())

            begun = time.perf_counter()
            again = threading.Thread(target=upload)
            again.start()  # the same batch, sent again at once
            upload()
            again.join()
            with load.lock:
                load.acknowledged.append(min(done) - begun)
            pull()
    finally:
        client.close()


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and its descendants, those
    they have waited for included (Linux /proc; 0 for a process gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total / tick


def postmaster_pid(cluster) -> int | None:
    """The PostgreSQL cluster's postmaster (first line of <data>/postmaster.pid)."""
    try:
        with open(f"{cluster.data}/postmaster.pid") as f:
            return int(f.readline())
    except (OSError, ValueError):
        return None


def own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_load(
    name: str,
    factory: ServerFactory,
    db_url: str,
    root: Path,
    benches: int,
    batches: int,
    cluster=None,
) -> list:
    """``benches`` benches against the server ``factory`` makes on ``db_url``; the
    figures of the module's docstring (PostgreSQL's CPU when ``cluster`` is given)."""
    from station.headoffice.models import Received
    from station.headoffice.store import HeadOfficeStore

    store = HeadOfficeStore(db_url)
    for b in range(benches):
        store.add_bench(f"bench-{b:03d}", f"tok-bench-{b:03d}")
    for p in range(PRODUCTS):
        store.publish("product", f"SKU-{p:04d}", {"sku": f"SKU-{p:04d}", "name": f"商品 {p}"})
    store.close()
    bodies = make_bodies(benches, batches)
    load = Load(benches, batches)
    postmaster = postmaster_pid(cluster) if cluster is not None else None
    children_before = children_cpu()
    server = factory(db_url, root)
    try:
        go = threading.Barrier(benches + 1)
        threads = [
            threading.Thread(target=bench_life, args=(load, server.url, bench, bs, go))
            for bench, bs in bodies.items()
        ]
        for t in threads:
            t.start()
        cpu = (own_cpu(), server.pid and tree_cpu(server.pid), postmaster and tree_cpu(postmaster))
        go.wait()
        begun = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - begun
        client_cpu = own_cpu() - cpu[0]
        server_cpu = tree_cpu(server.pid) - cpu[1] if server.pid else None
        pg_cpu = tree_cpu(postmaster) - cpu[2] if postmaster else None
    finally:
        server.stop()
    if server_cpu is None:  # start to stop: its children's, once stopped and waited for
        server_cpu = children_cpu() - children_before
    store = HeadOfficeStore(db_url)
    try:
        held = [r.uuid for r in Received.select(Received.uuid)]
    finally:
        store.close()
    sent = {u for bs in bodies.values() for _, _, uuids in bs for u in uuids}
    exactly_once = len(held) == len(set(held)) and set(held) == sent
    label = f"{name}, {db_url.partition(':')[0]}, {benches} benches"
    if load.dropped or load.other:
        print(f"  {label}: dropped {load.dropped}, other non-2xx {load.other}", file=sys.stderr)
    used = client_cpu + server_cpu + (pg_cpu or 0.0)
    figures = [
        Figure(f"{label}: records/s", len(sent) / elapsed, "rec/s", goal="3x the built-in"),
        Figure(f"{label}: upload p50 per attempt", percentile(load.latencies, 50) * 1000, "ms"),
        Figure(
            f"{label}: upload p99 per attempt",
            percentile(load.latencies, 99) * 1000,
            "ms",
            goal="< 2000",
        ),
        Figure(
            f"{label}: batch sent to acknowledged p99",
            percentile(load.acknowledged, 99) * 1000,
            "ms",
            goal="< 2000",
        ),
        Figure(f"{label}: dropped (no answer)", sum(load.dropped.values()), "requests", goal="0"),
        Figure(f"{label}: refused with Retry-After", sum(load.refused.values()), "requests"),
        Figure(f"{label}: other non-2xx", sum(load.other.values()), "requests", goal="0"),
        Figure(f"{label}: exactly once", 1.0 if exactly_once else 0.0, "1=yes", goal="1"),
        Figure(f"{label}: CPU, benches (this process)", client_cpu, "s"),
        Figure(f"{label}: CPU, head office", server_cpu, "s"),
    ]
    if pg_cpu is not None:
        figures.append(Figure(f"{label}: CPU, PostgreSQL", pg_cpu, "s"))
    cores = os.cpu_count() or 1
    share = used / elapsed / cores * 100
    figures.append(Figure(f"{label}: machine used ({cores} cores)", share, "%"))
    return figures


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
                    rows = run_load(
                        name,
                        factory,
                        db_url,
                        root,
                        benches,
                        batches,
                        cluster if backend == "postgresql" else None,
                    )
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
