"""The reference head-office service over HTTP + JSON (see docs/headoffice-openapi.yaml).

    station head-office --port 8080 --db sqlite:///headoffice.db --bench BENCH_ID:TOKEN

POST /v1/records     a bench's batch (gzip allowed), Idempotency-Key header;
                     per-record acks: stored | duplicate | rejected
GET  /v1/records     ?bench_id=… the UUIDs head office holds
GET  /v1/master      ?cursor=… master data (operators of the bench's own site only)
GET  /v1/anchor      the newest audit-chain head the bench sent ({"anchor": …|null})
GET  /v1/daily       ?date=YYYY-MM-DD&utc_offset=480 every bench's figures of a day
GET  /v1/media/PATH  a file under the media folder (product pictures), if one is given
GET  /v1/health      is it up
POST /v1/waybills    e-waybills for a bench's orders (Idempotency-Key header), asked of the
                     shops' platforms (station.headoffice.waybills; 404 without a desk)
POST /v1/waybills/cancel  cancel numbers at their platforms (idempotent)
Bearer token per bench. ``faults`` lets tests inject failures (500, 429 with
Retry-After, any status as ``http:NNN``, a slow answer, a connection dropped
after the commit); ``refuse_batches_with`` makes it answer 422 to any batch
holding one of those record UUIDs. ``shipments`` (a
``station.headoffice.shipments.ShipmentRelay``) relays the benches' shipment
reports to the platforms and adds each one's answer to its acknowledgement.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import mimetypes
import socket
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from station.headoffice.store import HeadOfficeStore, StoreBusy

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024 * 1024


class HeadOfficeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        store: HeadOfficeStore,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        media: Path | None = None,
        waybills=None,
    ):
        super().__init__((host, port), _Handler)
        self.store = store
        self.waybills = waybills  # WaybillDesk, when head office holds e-waybill authorisations
        if waybills is not None:
            store.waybills = waybills
        self.media = Path(media).resolve() if media else None  # served under /v1/media/
        # consumed one per upload: "500", "429:2", "http:403", "slow:3", "drop"
        self.faults: list[str] = []
        self.refuse_batches_with: set[str] = set()  # record UUIDs: their batch gets a 422
        # shipment reports relayed to the platforms (station.headoffice.shipments)
        self.shipments = None
        self.fault_cycle: list[str] = []  # or, for soak runs: one of these every nth upload
        self.fault_every = 0
        self.uploads = 0
        self.upload_arrived = threading.Event()  # set at the first upload (for waiting on)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._open: set = set()  # connections being served (HTTP/1.1 keep-alive)
        self.on_stop: list = []  # callables run after stopping (demo: the platform simulator)

    def process_request(self, request, client_address) -> None:
        with self._lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def next_fault(self) -> str:
        with self._lock:
            self.uploads += 1
            self.upload_arrived.set()
            if self.faults:
                return self.faults.pop(0)
            if self.fault_every and self.fault_cycle and self.uploads % self.fault_every == 0:
                return self.fault_cycle[(self.uploads // self.fault_every) % len(self.fault_cycle)]
            return ""

    def start(self) -> HeadOfficeServer:
        self._thread = threading.Thread(target=self.serve_forever, name="head office", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        with self._lock:
            still_open, self._open = list(self._open), set()
        for conn in still_open:  # a stopped service drops its keep-alive connections too
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(5)
        while self.on_stop:
            self.on_stop.pop()()

    def __enter__(self) -> HeadOfficeServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: HeadOfficeServer
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args) -> None:
        log.debug("head office: " + fmt, *args)

    def handle_one_request(self) -> None:
        """One request; a database too busy to take it is answered 503 with
        ``Retry-After`` (the bench tries again then), and the request's pooled
        connection is given back whatever happened."""
        try:
            super().handle_one_request()
        except StoreBusy as exc:
            log.warning("head office: %s", exc)
            self.close_connection = True
            self._send(
                503,
                {"error": str(exc)},
                {"Retry-After": str(exc.retry_after), "Connection": "close"},
            )
        finally:
            self.server.store.release()

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _bench(self) -> str | None:
        """The bench whose token the request carries; None without one (an empty
        ``Bearer`` is no token)."""
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        token = auth[7:].strip()
        return self.server.store.bench_for(token) if token else None

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/v1/health":
            self._send(200, {"ok": True, "time": time.time()})
            return
        bench = self._bench()
        if bench is None:
            self._send(401, {"error": "unknown or missing bench token"})
            return
        if parts.path.startswith("/v1/media/"):
            self._media(unquote(parts.path[len("/v1/media/") :]))
            return
        if parts.path == "/v1/master":
            query = parse_qs(parts.query)
            try:
                cursor = int(query.get("cursor", ["0"])[0])
                limit = min(5000, int(query.get("limit", ["1000"])[0]))
            except ValueError:
                self._send(400, {"error": "cursor and limit are whole numbers"})
                return
            self._send(200, self.server.store.changes(cursor, limit, bench_id=bench))
            return
        if parts.path == "/v1/daily":
            query = parse_qs(parts.query)
            try:
                day = query["date"][0]
                datetime.strptime(day, "%Y-%m-%d")
                offset = int(query.get("utc_offset", ["0"])[0])
                if not -900 <= offset <= 900:
                    raise ValueError
            except (KeyError, ValueError):
                self._send(400, {"error": "date=YYYY-MM-DD and utc_offset in minutes"})
                return
            self._send(200, self.server.store.daily(day, offset))
            return
        if parts.path == "/v1/tracking-numbers":
            self._send(200, {"numbers": self.server.store.tracking_numbers()})
            return
        if parts.path == "/v1/anchor":
            self._send(200, {"anchor": self.server.store.last_anchor(bench)})
            return
        if parts.path == "/v1/records":
            wanted = parse_qs(parts.query).get("bench_id", [bench])[0]
            self._send(200, {"uuids": self.server.store.uuids(wanted)})
            return
        self._send(404, {"error": "no such resource"})

    def _media(self, relative: str) -> None:
        """A file of the media folder; nothing outside it, whatever the path says."""
        root = self.server.media
        path = (root / relative).resolve() if root is not None and relative else None
        if path is None or not path.is_relative_to(root) or not path.is_file():
            self._send(404, {"error": "no such media file"})
            return
        data = path.read_bytes()
        self.send_response(200)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=86400")
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the bench stopped reading (too big)
            self.close_connection = True

    def _refuse_unread(self, status: int, error: str) -> None:
        """An answer before the request's body was read: the connection is closed with
        it, or the body left in the socket would be read as the next request."""
        self.close_connection = True
        self._send(status, {"error": error}, {"Connection": "close"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        waybill_paths = ("/v1/waybills", "/v1/waybills/cancel")
        if path != "/v1/records" and not (
            path in waybill_paths and self.server.waybills is not None
        ):
            self._refuse_unread(404, "no such resource")
            return
        bench = self._bench()
        if bench is None:
            self._refuse_unread(401, "unknown or missing bench token")
            return
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length > MAX_BODY:
            self._refuse_unread(413, "batch too large")
            return
        raw = self.rfile.read(length)
        if path in waybill_paths:
            self._waybills(path, bench, raw)
            return
        fault = self.server.next_fault()
        if fault == "500":
            self._send(500, {"error": "injected failure"})
            return
        if fault.startswith("http:"):
            self._send(int(fault[5:]), {"error": f"injected HTTP {fault[5:]}"})
            return
        if fault.startswith("429"):
            self._send(429, {"error": "slow down"}, {"Retry-After": fault.partition(":")[2] or "1"})
            return
        if fault.startswith("slow"):
            time.sleep(float(fault.partition(":")[2] or 2))
        try:
            if self.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            body = json.loads(raw)
            records = body["records"]
            if body.get("bench_id") not in (None, bench) or not isinstance(records, list):
                raise ValueError("bench_id does not match the token")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._send(400, {"error": f"malformed batch: {exc}"})
            return
        poisoned = self.server.refuse_batches_with
        if poisoned and any(isinstance(r, dict) and r.get("uuid") in poisoned for r in records):
            self._send(422, {"error": "the batch holds a record head office refuses"})
            return
        cancels = [
            r["uuid"]
            for r in records
            if isinstance(r, dict) and r.get("kind") == "ewaybill_cancel" and "uuid" in r
        ]
        held_before = self.server.store.held(cancels) if self.server.waybills else set()
        response = self.server.store.receive(
            bench, records, key=self.headers.get("Idempotency-Key"), anchor=body.get("anchor")
        )
        if self.server.waybills is not None:
            # a void's cancel goes to the platform once: only records stored now
            stored = {a["uuid"] for a in response["acks"] if a.get("status") == "stored"}
            fresh = [
                r for r in records if isinstance(r, dict) and r.get("uuid") in stored - held_before
            ]
            self.server.waybills.relay_cancels(fresh)
        if self.server.shipments is not None:  # the platform's word per shipment record
            response = self.server.shipments.answer(bench, records, response)
        if fault == "drop":
            # committed, then the connection dies before the bench reads the answer
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._send(200, response)

    def _waybills(self, path: str, bench: str, raw: bytes) -> None:
        """POST /v1/waybills and /v1/waybills/cancel (docs/headoffice-openapi.yaml)."""
        desk = self.server.waybills
        try:
            body = json.loads(raw)
            items = body["requests"] if path == "/v1/waybills" else body["waybill_codes"]
            if not isinstance(items, list) or len(items) > 500:
                raise ValueError("a list of at most 500")
            if path == "/v1/waybills" and not all(isinstance(r, dict) for r in items):
                raise ValueError("each request is an object")
        except (ValueError, KeyError, TypeError) as exc:
            self._send(400, {"error": f"malformed request: {exc}"})
            return
        if path == "/v1/waybills/cancel":
            self._send(200, {"results": desk.cancel([str(c) for c in items])})
            return
        key = self.headers.get("Idempotency-Key")
        earlier = desk.answered(key) if key else None
        if earlier is not None:
            self._send(200, earlier)
            return
        response = {"results": desk.issue(items, bench)}
        if key:
            desk.keep_answer(key, bench, response)
        self._send(200, response)


def shipment_relay(store: HeadOfficeStore, desk=None):
    """The relay of the benches' shipment reports, its routes from ``desk``'s
    e-waybill configuration (a ``WaybillDesk``, sharing its providers); without a
    desk no shop has an authorisation, and every report is answered not relayed."""
    from station.headoffice.shipments import ShipmentRelay, config_routes

    if desk is None:
        return ShipmentRelay(store, config_routes(None, lambda shop: None))
    return ShipmentRelay(store, config_routes(desk.config, desk.provider))


def serve(
    port: int,
    db_url: str,
    benches: list[str],
    host: str = "127.0.0.1",
    *,
    faults: list[str] | None = None,
    fault_every: int = 0,
    media: Path | None = None,
    sites: list[str] | None = None,
    ewaybill_config: Path | None = None,
    ewaybill_demo: bool = False,
) -> None:
    """``benches``: BENCH_ID:TOKEN; ``sites``: BENCH_ID:SITE, the bench's warehouse.
    ``ewaybill_config``: the shops' e-waybill authorisations (docs/ewaybill.md);
    ``ewaybill_demo``: start the platform simulator and use it (demo mode). The
    benches' shipment reports are relayed to the platforms of the shops that
    configuration authorises (:func:`shipment_relay`).
    ValueError for a bench without a token or an unusable configuration (nothing is
    served); OSError when the address or the file cannot be had."""
    from station.headoffice.waybills import EwaybillConfig, WaybillDesk

    config = EwaybillConfig.load(ewaybill_config) if ewaybill_config else None
    simulator = None
    store = HeadOfficeStore(db_url)
    try:
        if ewaybill_demo:
            from station.headoffice.demo_waybills import start_demo_platforms

            simulator, config = start_demo_platforms()
        desk = WaybillDesk(store.db, config) if config is not None else None
        if ewaybill_demo:
            from station.headoffice.demo_waybills import demo_recipients

            demo_recipients(desk)
        for spec in benches:
            bench_id, _, token = spec.partition(":")
            store.add_bench(bench_id, token)
        for spec in sites or []:
            bench_id, _, site = spec.partition(":")
            store.set_site(bench_id, site)
        server = HeadOfficeServer(store, host, port, media=media, waybills=desk)
        server.shipments = shipment_relay(store, desk)
    except BaseException:
        store.close()
        if simulator is not None:
            simulator.stop()
        raise
    server.fault_cycle, server.fault_every = list(faults or []), fault_every
    print(json.dumps({"head_office": server.url, "benches": len(benches)}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if desk is not None:
            desk.close()
        if simulator is not None:
            simulator.stop()
        store.close()
