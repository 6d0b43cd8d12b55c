"""The reference head-office service over HTTP + JSON (see docs/headoffice-openapi.yaml),
a Starlette application (station.headoffice.api) on uvicorn.

    station head-office --port 8080 --db postgresql://… --bench BENCH_ID:TOKEN --workers 4

POST /v1/records     a bench's batch (gzip or deflate allowed), Idempotency-Key header;
                     per-record acks: stored | duplicate | rejected
GET  /v1/records     ?bench_id=… the UUIDs head office holds (a bench: its own only)
GET  /v1/master      ?cursor=… master data (operators of the bench's own site only)
GET  /v1/anchor      the newest audit-chain head the bench sent ({"anchor": …|null})
GET  /v1/daily       ?date=YYYY-MM-DD&utc_offset=480 the figures of a day: every bench's
                     for a supervisor's token, the bench's own for a bench's
GET  /v1/media/PATH  a file under the media folder (product pictures), if one is given
GET  /v1/health      is it up
POST /v1/waybills    e-waybills for a bench's orders (Idempotency-Key header), asked of the
                     shops' platforms (station.headoffice.waybills; 404 without a desk)
POST /v1/waybills/cancel  cancel numbers at their platforms (idempotent)

:class:`HeadOfficeServer` runs it in a thread of this process (tests, demo mode:
127.0.0.1, port 0 for any free one); :func:`serve` is ``station head-office``,
one process or ``workers`` processes sharing the port (:func:`app_from_env`).
Tests inject faults through the :class:`~station.headoffice.office.Office`'s
attributes (``faults``, ``refuse_batches_with``, ``shipments``…).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import socket
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

import uvicorn

from station.headoffice import access
from station.headoffice.api import make_app
from station.headoffice.office import Limits, Office
from station.headoffice.protocol import MAX_HEADER_BYTES, StationH11Protocol
from station.headoffice.store import HeadOfficeStore

log = logging.getLogger(__name__)
ENV_CONFIG = "STATION_HEAD_OFFICE"  # the worker processes' configuration (JSON)
KEEP_ALIVE = 5  # seconds an idle connection is kept open


def _uvicorn_config(app, **kw) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=kw.pop("http", StationH11Protocol),
        lifespan="off",
        ws="none",  # no WebSockets: an Upgrade is answered as the plain request it is
        loop=kw.pop("loop", "auto"),  # uvloop where installed (not Windows), else asyncio's
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=kw.pop("timeout_graceful_shutdown", 3),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        server_header=False,
        **kw,
    )


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A bound, listening TCP socket (port 0: any free port). OSError when the
    address cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


class HeadOfficeServer(Office):
    """Head office on ``host``:``port`` (0: any free port), served by uvicorn on a
    thread of this process: bound when made (``url`` is known at once), answering
    after :meth:`start`, gone after :meth:`stop` (its keep-alive connections too).
    OSError when the address cannot be had."""

    def __init__(
        self,
        store: HeadOfficeStore,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        media: Path | None = None,
        waybills=None,
        limits: Limits | None = None,
    ):
        super().__init__(store, media=media, waybills=waybills, limits=limits)
        self._sock = listening_socket(host, port)
        self.server_address = self._sock.getsockname()[:2]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.on_stop: list = []  # callables run after stopping (demo: the platform simulator)

    @property
    def socket(self) -> socket.socket:
        """The listening socket (closed, ``fileno() == -1``, once stopped)."""
        return self._sock

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> HeadOfficeServer:
        config = _uvicorn_config(make_app(self), log_config=None, log_level="warning")
        self._server = server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[self._sock])),
            name="head office",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 20
        while not server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)  # uvicorn says it is up only by this flag
        if not server.started:
            raise OSError(f"head office did not start on {self.url}")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        self._sock.close()
        while self.on_stop:
            self.on_stop.pop()()

    def __enter__(self) -> HeadOfficeServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def shipment_relay(store: HeadOfficeStore, desk=None):
    """The relay of the benches' shipment reports, its routes from ``desk``'s
    e-waybill configuration (a ``WaybillDesk``, sharing its providers); without a
    desk no shop has an authorisation, and every report is answered not relayed."""
    from station.headoffice.shipments import ShipmentRelay, config_routes

    if desk is None:
        return ShipmentRelay(store, config_routes(None, lambda shop: None))
    return ShipmentRelay(store, config_routes(desk.config, desk.provider))


def _office(config: dict) -> tuple[Office, list]:
    """An Office from ``config`` (see :func:`serve`), and what to close after it."""
    from station.headoffice.waybills import EwaybillConfig, WaybillDesk

    closing: list = []
    store = HeadOfficeStore(config["db"])
    closing.append(store.close)
    try:
        ewaybills = None
        if config.get("ewaybill_demo"):
            from station.headoffice.demo_waybills import start_demo_platforms

            simulator, ewaybills = start_demo_platforms()
            closing.insert(0, simulator.stop)
        elif config.get("ewaybill_config"):
            ewaybills = EwaybillConfig.load(Path(config["ewaybill_config"]))
        desk = WaybillDesk(store.db, ewaybills) if ewaybills is not None else None
        if desk is not None:
            closing.insert(0, desk.close)
        if config.get("ewaybill_demo"):
            from station.headoffice.demo_waybills import demo_recipients

            demo_recipients(desk)
        media = config.get("media")
        office = Office(
            store,
            media=Path(media) if media else None,
            waybills=desk,
            limits=Limits(**config.get("limits", {})),
        )
        office.shipments = shipment_relay(store, desk)
        office.fault_cycle = list(config.get("faults") or [])
        office.fault_every = int(config.get("fault_every") or 0)
    except BaseException:
        for close in closing:
            close()
        raise
    return office, closing


def app_from_env():
    """The application of one worker process of ``station head-office --workers N``
    (uvicorn's factory), configured by the ``STATION_HEAD_OFFICE`` environment
    variable that :func:`serve` sets (JSON: db, media, ewaybill_config, faults,
    fault_every, limits)."""
    office, _ = _office(json.loads(os.environ[ENV_CONFIG]))
    return make_app(office)


def register(
    store: HeadOfficeStore,
    benches: list[str],
    sites: list[str] | None = None,
    supervisors: list[str] | None = None,
) -> None:
    """Benches (BENCH_ID:TOKEN), their sites (BENCH_ID:SITE) and supervisors
    (NAME:TOKEN) as the command line gives them. ValueError for one without a token.
    Each bench whose token this replaces, and each site given to a bench nobody
    registered, is said in one line on stderr: the database keeps the benches, so
    a start with another token (a test against the production database) locks the
    bench out."""
    for spec in benches:
        bench_id, _, token = spec.partition(":")
        if store.add_bench(bench_id, token) == "replaced":
            print(
                f"station head-office: bench {bench_id}'s token replaced: the one it had"
                " stops working now",
                file=sys.stderr,
            )
    for spec in sites or []:
        bench_id, _, site = spec.partition(":")
        if not store.set_site(bench_id, site):
            print(
                f"station head-office: --bench-site {spec}: no bench {bench_id} is registered",
                file=sys.stderr,
            )
    for spec in supervisors or []:
        name, _, token = spec.partition(":")
        access.add_supervisor(store, name, token)


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
    supervisors: list[str] | None = None,
    workers: int = 1,
    limits: Limits | None = None,
) -> None:
    """``station head-office``: serve until interrupted (SIGINT/SIGTERM).
    ``benches``: BENCH_ID:TOKEN; ``sites``: BENCH_ID:SITE, the bench's warehouse;
    ``supervisors``: NAME:TOKEN, tokens that read every bench's figures.
    ``ewaybill_config``: the shops' e-waybill authorisations (docs/ewaybill.md);
    ``ewaybill_demo``: start the platform simulator and use it (demo mode, one
    worker only). The benches' shipment reports are relayed to the platforms of
    the shops that configuration authorises (:func:`shipment_relay`).
    ``workers``: processes answering on the same port (each with its own
    connections to the database: use PostgreSQL for more than one).
    ValueError for a bench without a token or an unusable configuration (nothing
    is served); OSError when the address or the file cannot be had."""
    if workers < 1:
        raise ValueError("workers: at least 1")
    if ewaybill_demo and workers > 1:
        raise ValueError("the e-waybill demo runs in one worker only")
    config = {
        "db": db_url,
        "media": str(media) if media else None,
        "ewaybill_config": str(ewaybill_config) if ewaybill_config else None,
        "ewaybill_demo": ewaybill_demo,
        "faults": list(faults or []),
        "fault_every": fault_every,
        "limits": asdict(limits or Limits()),
    }
    if ewaybill_config:
        from station.headoffice.waybills import EwaybillConfig

        try:  # refused here, before anything is served
            EwaybillConfig.load(ewaybill_config)
        except OSError as exc:
            raise OSError(f"--ewaybill-config {ewaybill_config}: {exc.strerror or exc}") from None
    if workers > 1 and db_url.startswith("sqlite"):
        print(
            f"station head-office: {workers} workers on one SQLite file take turns writing;"
            " use PostgreSQL for several workers",
            file=sys.stderr,
        )
    store = HeadOfficeStore(db_url)
    try:
        access.prepare(store)
        register(store, benches, sites, supervisors)
    finally:
        store.close()
    shown = f"[{host}]" if ":" in host else host
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        raise OSError(f"cannot listen on {shown}:{port}: {exc.strerror or exc}") from None
    url = f"http://{shown}:{sock.getsockname()[1]}"
    if workers == 1:
        office, closing = _office(config)
        server = uvicorn.Server(_uvicorn_config(make_app(office), log_level="info"))
        print(json.dumps({"head_office": url, "benches": len(benches), "workers": 1}), flush=True)
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()
            for close in closing:
                close()
        return
    os.environ[ENV_CONFIG] = json.dumps(config)
    print(json.dumps({"head_office": url, "benches": len(benches), "workers": workers}), flush=True)
    from uvicorn.supervisors import Multiprocess

    config = _uvicorn_config(
        "station.headoffice.server:app_from_env",
        factory=True,
        workers=workers,
        http="station.headoffice.protocol:StationH11Protocol",
        log_level="info",
    )
    try:
        # uvicorn before 0.36 takes the worker's function; later ones make it themselves
        older = "target" in inspect.signature(Multiprocess).parameters
        extra = {"target": uvicorn.Server(config).run} if older else {}
        Multiprocess(config, sockets=[sock], **extra).run()
    finally:
        sock.close()
