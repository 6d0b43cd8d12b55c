"""Head office's HTTP API as an ASGI application (Starlette), the contract of
docs/headoffice-openapi.yaml.

Every answer is JSON with its status, errors too: ``{"error": "..."}``; 429 and
503 carry ``Retry-After`` (seconds). Nothing a client sends makes a traceback
or a dropped connection; a fault of our own is a JSON 500 (and an ERROR log line).

Limits (:class:`Limits`): a request body at most ``max_body`` bytes as sent and
``max_inflated`` once gzip/deflate is undone, both counted while it streams in
(a gzip bomb is cut at the limit, 413, and the connection closed), and at most
``max_values`` JSON values (413; counted before parsing, since parsed values
take some 50 times the bytes they came in); the bodies of all requests in this
process at most ``max_bodies`` bytes together (503 with ``Retry-After``); no byte of a
body for ``body_timeout`` seconds is a 408; JSON nested deeper than
``max_depth`` or holding a lone surrogate is a 400; at most ``per_bench``
requests of one token at once (429) and ``max_inflight`` in this process (503),
``/v1/health`` excepted, each counted until its answer is sent; an answer the
client takes nothing of for ``send_timeout`` seconds has its connection closed,
so clients that never read hold neither memory nor a place for long. Files
under /v1/media are sent in pieces as the client reads them. The request head's
size and time limits are the connection's (station.headoffice.protocol).

Who may read what: station.headoffice.access.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import re
import time
from datetime import datetime
from pathlib import Path

import peewee as pw
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from station.headoffice import access
from station.headoffice.answers import (
    Dropped,
    FileAnswer,
    JSONResponse,
    Sent,
    error,
)
from station.headoffice.bodies import ApiError, parse_json, read_body
from station.headoffice.office import Office
from station.headoffice.protocol import MAX_HEADER_BYTES, ambiguous_head
from station.headoffice.store import StoreBusy

log = logging.getLogger("station.headoffice.server")

MAX_INT64 = 2**63 - 1
MASTER_LIMIT = 5000  # changes a page at most
MAX_BATCH_RECORDS = 5000


# --- reading requests -------------------------------------------------------------


def _query(request: Request, name: str) -> str | None:
    """The query parameter ``name``, or None. ApiError 400 when it is given more
    than once (which one counts would be a guess, and a proxy may guess otherwise)."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"{name} is given more than once")
    return values[0] if values else None


def _int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = _query(request, name)
    if raw is None:
        return default
    if not re.fullmatch(r"-?[0-9]{1,19}", raw.strip()):
        raise ApiError(400, f"{name} is a whole number from {lo} to {hi}")
    value = int(raw)
    if not lo <= value <= hi:
        raise ApiError(400, f"{name} is a whole number from {lo} to {hi}")
    return value


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _bench_param(request: Request, caller) -> str:
    """``bench_id`` of the query, or the caller's own bench when left out. ApiError
    400 for one with a control character (PostgreSQL's text holds no NUL; no bench
    id has one)."""
    wanted = _query(request, "bench_id") or (caller.name if caller.is_bench else "")
    if CONTROL.search(wanted):
        raise ApiError(400, "bench_id: a bench id holds no control characters")
    return wanted


# --- the endpoints ----------------------------------------------------------------


def _office(request: Request) -> Office:
    return request.app.state.office


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.startswith("Bearer ") else None


async def blocking(office: Office, func, *args, **kwargs):
    """``func(*args, **kwargs)`` on a worker thread, as Starlette runs blocking work;
    afterwards the thread's database connection, if the work left one open (the
    e-waybill desk uses the database directly), goes back to the store's pool
    (``HeadOfficeStore.release``), so idle worker threads never hold the pool."""

    def work():
        try:
            return func(*args, **kwargs)
        finally:
            office.store.release()

    return await run_in_threadpool(work)


def endpoint(handler, *, bench_only: bool = False, public: bool = False):
    """A route's function: the overload and per-token limits, the token checked,
    every ApiError and database failure answered as JSON."""

    async def run(request: Request) -> Response:
        office = _office(request)
        limits = office.limits
        if public:
            return Sent(await handler(request, office, None), limits.send_timeout)
        batch = request.headers.get("idempotency-key") if request.method == "POST" else None
        if office.inflight >= limits.max_inflight and not office.comes_back(batch):
            office.refused(batch)
            return error(
                503,
                "head office is busy, try again later",
                {"Retry-After": str(limits.retry_after), "Connection": "close"},
            )
        office.inflight += 1
        token_key = None

        def release() -> None:
            office.inflight -= 1
            office.body_bytes -= getattr(request.state, "body_bytes", 0)
            if token_key is not None:
                left = office.per_token.get(token_key, 1) - 1
                if left:
                    office.per_token[token_key] = left
                else:
                    office.per_token.pop(token_key, None)

        answer: Response | None = None
        try:
            token = _token(request)
            caller = access.remembered_caller(office.store, token) or await blocking(
                office, access.caller_for, office.store, token
            )
            if caller is None:
                raise ApiError(401, "unknown or missing bench token", close=True)
            if bench_only and not caller.is_bench:
                raise ApiError(403, "only a bench's token may do this", close=True)
            token_key = f"{caller.role}:{caller.name}"
            if office.per_token.get(token_key, 0) >= limits.per_bench:
                token_key = None
                raise ApiError(
                    429,
                    f"at most {limits.per_bench} requests of one bench at once",
                    close=True,
                    headers={"Retry-After": str(limits.retry_after)},
                )
            office.per_token[token_key] = office.per_token.get(token_key, 0) + 1
            answer = await handler(request, office, caller)
        except ApiError as exc:
            headers = dict(exc.headers)
            if exc.close:
                headers["Connection"] = "close"
            answer = error(exc.status, exc.message, headers)
        except StoreBusy as exc:  # the store's own retries ran out: come back then
            log.warning("head office database: %s", exc)
            answer = error(
                503,
                "head office's database is busy, try again later",
                {"Retry-After": str(exc.retry_after), "Connection": "close"},
            )
        except (pw.OperationalError, pw.InterfaceError, pw.IntegrityError) as exc:
            # locked, pool exhausted, down; or a resend racing its twin to the same unique
            # key: asked again, it is answered from what the twin stored
            log.warning("head office database: %s", exc)
            answer = error(
                503,
                "head office's database is busy, try again later",
                {"Retry-After": str(limits.retry_after), "Connection": "close"},
            )
        finally:
            if answer is None:  # a fault of our own, answered by _server_error
                release()
        return Sent(answer, limits.send_timeout, release)

    return run


async def health(request: Request, office: Office, caller) -> Response:
    return JSONResponse({"ok": True, "time": time.time()})


async def get_records(request: Request, office: Office, caller) -> Response:
    wanted = _bench_param(request, caller)
    if not wanted:
        raise ApiError(400, "bench_id: whose records")
    if not caller.may_read_bench(wanted):
        raise ApiError(403, "a bench reads its own records only")
    return JSONResponse({"uuids": await blocking(office, office.store.uuids, wanted)})


async def get_anchor(request: Request, office: Office, caller) -> Response:
    wanted = _bench_param(request, caller)
    if not wanted:
        raise ApiError(400, "bench_id: whose audit anchor")
    if not caller.may_read_bench(wanted):
        raise ApiError(403, "a bench reads its own audit anchor only")
    return JSONResponse({"anchor": await blocking(office, office.store.last_anchor, wanted)})


async def get_master(request: Request, office: Office, caller) -> Response:
    cursor = _int_param(request, "cursor", 0, 0, MAX_INT64)
    limit = _int_param(request, "limit", 1000, 1, MASTER_LIMIT)
    page = await blocking(office, office.store.changes, cursor, limit, bench_id=caller.name)
    return JSONResponse(page)


IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,200}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


async def get_daily(request: Request, office: Office, caller) -> Response:
    day = _query(request, "date") or ""
    try:
        if not DAY.fullmatch(day):
            raise ValueError
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        raise ApiError(400, "date=YYYY-MM-DD and utc_offset in minutes") from None
    offset = _int_param(request, "utc_offset", 0, -900, 900)
    try:
        answer = await blocking(office, office.store.daily, day, offset)
    except ValueError as exc:  # a day whose span leaves the calendar
        raise ApiError(400, str(exc)) from None
    if caller.is_bench:  # the all-benches board is a supervisor's
        answer["benches"] = [b for b in answer["benches"] if b["bench_id"] == caller.name]
    return JSONResponse(answer)


async def get_tracking_numbers(request: Request, office: Office, caller) -> Response:
    """A bench: the numbers its site's benches used; a supervisor: every bench's."""
    store = office.store

    def numbers() -> list[str]:
        return store.tracking_numbers(store.site_of(caller.name) if caller.is_bench else None)

    return JSONResponse({"numbers": await blocking(office, numbers)})


async def get_media(request: Request, office: Office, caller) -> Response:
    """A file of the media folder; nothing outside it, whatever the path says."""
    relative = request.path_params.get("path", "")

    def find() -> tuple[Path, int] | None:
        root = office.media
        try:
            path = (root / relative).resolve() if root is not None and relative else None
            if path is None or not path.is_relative_to(root) or not path.is_file():
                return None
            return path, path.stat().st_size
        except (OSError, ValueError):  # a NUL in the path, a name too long
            return None

    found = await blocking(office, find)
    if found is None:
        raise ApiError(404, "no such media file")
    path, size = found
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileAnswer(path, size, kind)


async def post_records(request: Request, office: Office, caller) -> Response:
    key = request.headers.get("idempotency-key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise ApiError(
            400, "an Idempotency-Key header (1-200 visible ASCII characters) is needed", close=True
        )
    raw = await read_body(request, office.limits, office)
    fault = office.next_fault()
    if fault == "500":
        return error(500, "injected failure")
    if fault.startswith("http:"):
        return error(int(fault[5:]), f"injected HTTP {fault[5:]}")
    if fault.startswith("429"):
        return error(429, "slow down", {"Retry-After": fault.partition(":")[2] or "1"})
    if fault.startswith("slow"):
        await asyncio.sleep(float(fault.partition(":")[2] or 2))
    response = await _one_batch(office, caller.name, key, raw)
    if fault == "drop":  # committed, then the connection dies before the bench reads it
        return Dropped()
    return JSONResponse(response)


async def _one_batch(office: Office, bench: str, key: str, raw: bytes) -> dict:
    """The answer to bench ``bench``'s batch ``key`` (body ``raw``). A bench that sends a
    batch again while the first copy is being stored (its retry after a timeout) is
    given the first copy's answer when it comes, the batch read and stored once; in
    another worker process the store's lock on the key does the same
    (HeadOfficeStore.receive)."""
    flight = (bench, key)
    digest = hashlib.sha256(raw).digest()
    twin = office.batches_in_flight.get(flight)
    if twin is not None and twin[0] == digest:
        office.inflight -= 1  # waiting costs nothing: no place among those being answered
        try:
            answer = await asyncio.shield(twin[1])
        finally:
            office.inflight += 1
        if answer is not None:
            return answer
        # the first copy failed: this one is read and stored on its own
    done: asyncio.Future = asyncio.get_running_loop().create_future()
    mine = (digest, done)
    office.batches_in_flight.setdefault(flight, mine)
    answer = None
    try:
        answer = await blocking(office, _take_batch, office, bench, raw, key)
        return answer
    finally:
        done.set_result(answer)  # None: it failed, and the twins go on their own
        if office.batches_in_flight.get(flight) is mine:
            del office.batches_in_flight[flight]


def _take_batch(office: Office, bench: str, raw: bytes, key: str) -> dict:
    limits = office.limits
    body = parse_json(raw, limits.max_depth, limits.max_values)
    if not isinstance(body, dict) or not isinstance(body.get("records"), list):
        raise ApiError(400, "malformed batch: an object with a list of records")
    records = body["records"]
    if body.get("bench_id") not in (None, "", bench):
        raise ApiError(400, "malformed batch: bench_id does not match the token")
    if len(records) > MAX_BATCH_RECORDS:
        raise ApiError(413, f"at most {MAX_BATCH_RECORDS} records a batch")
    poisoned = office.refuse_batches_with
    if poisoned and any(isinstance(r, dict) and r.get("uuid") in poisoned for r in records):
        raise ApiError(422, "the batch holds a record head office refuses")
    return _receive(office, bench, records, key, body)


def _receive(office: Office, bench: str, records: list, key: str, body: dict) -> dict:
    store = office.store
    cancels = [
        r["uuid"]
        for r in records
        if isinstance(r, dict)
        and r.get("kind") == "ewaybill_cancel"
        and isinstance(r.get("uuid"), str)
    ]
    held_before = store.held(cancels) if office.waybills else set()
    response = store.receive(bench, records, key=key, anchor=body.get("anchor"))
    if office.waybills is not None:
        # a void's cancel goes to the platform once: only records stored now
        stored = {a["uuid"] for a in response["acks"] if a.get("status") == "stored"}
        fresh = [
            r
            for r in records
            if isinstance(r, dict)
            and isinstance(r.get("uuid"), str)  # a refused record's may be any JSON value
            and r["uuid"] in stored - held_before
        ]
        office.waybills.relay_cancels(fresh)
    if office.shipments is not None:  # the platform's word per shipment record
        response = office.shipments.answer(bench, records, response)
    return response


async def post_waybills(request: Request, office: Office, caller) -> Response:
    """POST /v1/waybills and /v1/waybills/cancel (docs/headoffice-openapi.yaml)."""
    desk = office.waybills
    if desk is None:
        raise ApiError(404, "head office issues no e-waybills", close=True)
    cancel = request.url.path.endswith("/cancel")
    body = await blocking(
        office,
        parse_json,
        await read_body(request, office.limits, office),
        office.limits.max_depth,
        office.limits.max_values,
    )
    name = "waybill_codes" if cancel else "requests"
    items = body.get(name) if isinstance(body, dict) else None
    if not isinstance(items, list) or len(items) > 500:
        raise ApiError(400, "malformed request: a list of at most 500")
    if cancel:
        if not all(isinstance(c, str) for c in items):
            raise ApiError(400, "malformed request: waybill codes are strings")
        return JSONResponse({"results": await blocking(office, desk.cancel, items)})
    if not all(isinstance(r, dict) for r in items):
        raise ApiError(400, "malformed request: each request is an object")
    key = request.headers.get("idempotency-key")

    def issue() -> dict:
        earlier = desk.answered(key, caller.name) if key else None
        if earlier is not None:
            return earlier
        response = {"results": desk.issue(items, caller.name)}
        if key:
            desk.keep_answer(key, caller.name, response)
        return response

    return JSONResponse(await blocking(office, issue))


ROUTES = [
    Route("/v1/health", endpoint(health, public=True), methods=["GET"]),
    Route("/v1/records", endpoint(post_records, bench_only=True), methods=["POST"]),
    Route("/v1/records", endpoint(get_records), methods=["GET"]),
    Route("/v1/anchor", endpoint(get_anchor), methods=["GET"]),
    Route("/v1/master", endpoint(get_master, bench_only=True), methods=["GET"]),
    Route("/v1/daily", endpoint(get_daily), methods=["GET"]),
    Route("/v1/tracking-numbers", endpoint(get_tracking_numbers), methods=["GET"]),
    Route("/v1/media/{path:path}", endpoint(get_media), methods=["GET"]),
    Route("/v1/waybills", endpoint(post_waybills, bench_only=True), methods=["POST"]),
    Route("/v1/waybills/cancel", endpoint(post_waybills, bench_only=True), methods=["POST"]),
]


async def _http_error(request: Request, exc: HTTPException) -> Response:
    messages = {404: "no such resource", 405: "method not allowed here"}
    headers = dict(exc.headers or {})
    return error(exc.status_code, messages.get(exc.status_code, str(exc.detail)), headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("head office failed on %s %s", request.method, request.url.path, exc_info=exc)
    return error(500, "head office failed; it has been logged", {"Connection": "close"})


class _Always500AsJson:
    """The outermost layer: a request head over ``MAX_HEADER_BYTES`` is a 431, one
    that can be read two ways (station.headoffice.protocol.ambiguous_head) a 400,
    both closing the connection; a fault of ours is a JSON 500, logged with its traceback, never a
    dropped connection."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        size += sum(len(k) + len(v) + 4 for k, v in scope.get("headers") or ())
        if size > MAX_HEADER_BYTES:  # h11 limits only a head that comes in pieces
            answer = error(431, "the request's headers are too large", {"Connection": "close"})
            await answer(scope, receive, send)
            return
        ambiguous = ambiguous_head(scope.get("headers") or ())
        if ambiguous:
            answer = error(400, ambiguous, {"Connection": "close"})
            await answer(scope, receive, send)
            return
        started = False

        async def watched_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception:
            if started:  # answered by _server_error, which logged it
                return
            log.exception("head office failed on %s %s", scope.get("method"), scope.get("path"))
            body = json.dumps({"error": "head office failed; it has been logged"}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


def make_app(office: Office) -> Starlette:
    """The ASGI application serving ``office``."""
    handlers = {HTTPException: _http_error, Exception: _server_error}
    app = Starlette(routes=ROUTES, exception_handlers=handlers)
    app.state.office = office
    return _Always500AsJson(app)


_READ = {200, 400, 401, 403, 429, 503}
_UPLOAD = {200, 400, 401, 403, 408, 413, 415, 429, 503}
# the statuses each operation answers (besides 405 and 500), as docs/headoffice-openapi.yaml
# must list them (tests/sync/test_head_office_contract.py)
STATUSES = {
    ("/v1/health", "GET"): {200},
    ("/v1/records", "POST"): _UPLOAD | {422},
    ("/v1/records", "GET"): _READ,
    ("/v1/anchor", "GET"): _READ,
    ("/v1/master", "GET"): _READ,
    ("/v1/daily", "GET"): {200, 400, 401, 429, 503},
    ("/v1/tracking-numbers", "GET"): {200, 401, 429, 503},
    ("/v1/media/{path}", "GET"): {200, 401, 404, 429, 503},
    ("/v1/waybills", "POST"): _UPLOAD | {404},
    ("/v1/waybills/cancel", "POST"): _UPLOAD | {404},
}


def routes() -> list[tuple[str, str]]:
    """(path as the contract writes it, METHOD) of every operation served."""
    found = []
    for route in ROUTES:
        path = route.path.replace("{path:path}", "{path}")
        found += [(path, m) for m in sorted(route.methods - {"HEAD"})]
    return found
