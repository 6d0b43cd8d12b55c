"""Draining a backlog to head office, and what the bench's GUI feels meanwhile.

- 100,000 outbox records drained to the reference head office running in its
  own process on 127.0.0.1: records per second, against POSTing the same
  gzip batches to a bare loopback HTTP server that only reads and answers.
- While the drain runs on its thread, a 10 ms timer on the Qt event loop:
  the longest gap between its ticks. Goal: no stall over 50 ms.
"""

from __future__ import annotations

import gc
import gzip
import json
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

from benchmarks.common import Figure

BENCH, TOKEN = "bench-bm", "bm-token"
BARE_SERVER = textwrap.dedent(
    """
    import sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"acks": []}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(200):
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


def _fill(db, n: int) -> None:
    from station.db.models import OutboxRecord, new_uuid, utcnow

    now = utcnow()
    for start in range(0, n, 10_000):
        rows = [
            {
                "record_uuid": new_uuid(),
                "bench_id": BENCH,
                "kind": "scan_event",
                "created_at": now,
                "payload": json.dumps(
                    {
                        "data": f"69012340{i:05d}",
                        "outcome": "ok",
                        "context": "pack",
                        "operator": "7b0c-operator",
                        "scanned_at": now.isoformat(),
                    }
                ),
            }
            for i in range(start, min(n, start + 10_000))
        ]
        with db.atomic():
            OutboxRecord.insert_many(rows).execute()


def run(quick: bool = False) -> list[Figure]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station.db.models import OutboxRecord
    from station.db.store import Store
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader, UploadLoop, as_wire

    n = 10_000 if quick else 100_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        store = Store.open(root / "bench.sqlite3", root / "b", backup_interval=None)
        _fill(store.db, n)
        ho_port, bare_port = _port(), _port()
        ho = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "station",
                "head-office",
                "--port",
                str(ho_port),
                "--db",
                f"sqlite:///{root / 'ho.sqlite3'}",
                "--bench",
                f"{BENCH}:{TOKEN}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bare = subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(bare_port)])
        try:
            _wait(f"http://127.0.0.1:{ho_port}/v1/health")
            _wait(f"http://127.0.0.1:{bare_port}/")

            # baseline: the same gzip batches, POSTed to a server that does nothing with them
            client = httpx.Client(base_url=f"http://127.0.0.1:{bare_port}")
            records = [as_wire(r) for r in OutboxRecord.select().order_by(OutboxRecord.id)]
            t0 = time.perf_counter()
            for i in range(0, n, 500):
                body = gzip.compress(
                    json.dumps({"bench_id": BENCH, "records": records[i : i + 500]}).encode(), 5
                )
                client.post("/v1/records", content=body, headers={"Content-Encoding": "gzip"})
            bare_rate = n / (time.perf_counter() - t0)
            client.close()
            del records  # the baseline's copies must not weigh on the station's collections
            gc.collect()
            gc.freeze()  # as the station does after start-up

            # the station: the uploader on its thread, a 10 ms timer on the event loop
            ho_client = HeadOfficeClient(f"http://127.0.0.1:{ho_port}", TOKEN)
            uploader = Uploader(store.db, BENCH, ho_client)
            gaps: list[float] = []
            last = [time.perf_counter()]

            def tick() -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now

            timer = QTimer()
            timer.timeout.connect(tick)
            timer.start(10)
            finished = []
            loop = UploadLoop(uploader, 3600, on_result=lambda r: finished.append(r))
            t0 = time.perf_counter()
            loop.start()
            while not finished:
                app.processEvents()
                time.sleep(0.001)
            elapsed = time.perf_counter() - t0
            loop.stop()
            timer.stop()
            ho_client.close()
            acked = finished[0].acked
        finally:
            ho.terminate()
            bare.terminate()
            ho.wait(10)
            bare.wait(10)
            store.close()
    return [
        Figure(
            f"drain {n:,} records to head office",
            acked / elapsed,
            "records/s",
            bare_rate,
            "bare loopback POST of the same batches",
        ),
        Figure("records acknowledged", acked, "records", goal=f"{n}"),
        Figure(
            "longest GUI event-loop gap during the drain", max(gaps) * 1000, "ms", goal="< 50 ms"
        ),
    ]
