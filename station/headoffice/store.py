"""Head office's own database: received records (unique by UUID), batches, benches,
master data for the benches, and each bench's audit anchors.

Works on SQLite (a one-bench shop, tests) and PostgreSQL (the deployment
database) alike (peewee), through a pool of connections: each call takes one and
gives it back, so many threads and several worker processes can share a database.
The schema is brought up to date when a store opens (station.headoffice.schema).

Records are inserted with ``ON CONFLICT DO NOTHING``: a batch sent twice at once
is answered twice (the second's records ``duplicate``), never a unique-key error.
The daily figures are kept per bench and hour as records arrive, in the batch's
own transaction (station.headoffice.tally), so a day is read, not recounted.
On SQLite, writes take turns on one lock per process; a write that cannot be
made in time raises :class:`StoreBusy` (answered 503 with ``Retry-After``).

Operators' secrets: master data carries hashes only. :meth:`HeadOfficeStore.publish`
hashes a clear ``pin`` or ``badge_code`` before anything is stored (a badge with
its site's salt), and an operator change goes only to the benches of the
operator's site (``site``; benches and operators without one form one site).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import peewee as pw
from playhouse.db_url import connect
from playhouse.pool import MaxConnectionsExceeded

from station.core.auth import MIN_PIN_LENGTH, check_pin_shape, hash_badge, hash_pin, new_badge_salt
from station.core.routing import parse_routes, parse_service
from station.headoffice import schema
from station.headoffice.models import (
    MODELS,
    AuditAnchor,
    Batch,
    Bench,
    BenchTally,
    DailyHour,
    MasterChange,
    ParcelTally,
    Received,
    SiteSalt,
    now,
)
from station.headoffice.records import (
    MAX_INT64,
    check_record,
    json_object,
    json_text,
    json_value,
    payload_text,
)
from station.headoffice.tally import HOUR_KINDS, Tally, hour_of

log = logging.getLogger(__name__)


RECEIVED_COLUMNS = (
    "uuid",
    "bench_id",
    "seq",
    "kind",
    "payload",
    "created_at",
    "received_at",
    "via",
    "at",
)
SITE_KINDS = ("operator", "operator_roster")  # master data a bench gets for its own site only
HOUR_FIGURES = ("units_received", "lines_inspected", "scans")  # DailyHour's sums


#: how long a call waits for its turn to write (SQLite) or for a pooled connection: well
#: inside the bench's 15 s timeout (station.sync.client), so a busy head office answers 503
WRITE_WAIT_S = 5.0
RETRY_AFTER_S = 2  # what a bench is told to wait when the store is busy
POOL_SIZE = 20  # connections per process (PostgreSQL: keep workers x this under max_connections)


class StoreBusy(RuntimeError):
    """The database could not take the request in time (every connection in use, the
    write lock held, a deadlock retried): nothing was stored; try again after
    ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_S):
        super().__init__(message)
        self.retry_after = retry_after


def open_database(url: str) -> pw.Database:
    """A pooled peewee database for ``sqlite:///FILE`` or ``postgresql://…``. The pool's
    size and waits can be given in the URL (``?max_connections=40&timeout=10``)."""
    scheme, _, rest = url.partition("://")
    pooled = {"sqlite": "sqlite+pool", "postgres": "postgres+pool", "postgresql": "postgres+pool"}
    given = set(parse_qs(urlsplit(url).query))
    kwargs: dict[str, Any] = {
        "max_connections": POOL_SIZE,
        "timeout": WRITE_WAIT_S,
        "stale_timeout": 300,
    }
    if scheme.startswith("sqlite"):
        kwargs |= {
            "pragmas": {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000},
            "lock_type": "IMMEDIATE",
            "check_same_thread": False,  # a pooled connection serves whichever thread asks
        }
    kwargs = {k: v for k, v in kwargs.items() if k not in given}
    return connect(f"{pooled.get(scheme, scheme)}://{rest}", **kwargs)


def _reads(method):
    """A store call: a pooled connection for its length."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        with self._session(write=False):
            return method(self, *args, **kwargs)

    return call


def _writes(method):
    """A store call that writes: its turn at the write lock (SQLite) and a connection."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        with self._session(write=True):
            return method(self, *args, **kwargs)

    return call


class HeadOfficeStore:
    def __init__(self, url: str):
        # sqlite:///path.db for one bench and tests; postgresql://… for a company with many
        self.url = url
        self.db = open_database(url)
        self.sqlite = isinstance(self.db, pw.SqliteDatabase)
        # one writer at a time on SQLite: threads wait here in turn, not in SQLite's busy loop
        self._writer = threading.RLock() if self.sqlite else None
        self.db.bind(MODELS)
        with self._session(write=True):
            schema.migrate(self.db)
        self.min_pin_length = MIN_PIN_LENGTH  # for PINs published in clear
        # token digest -> (caller, until when, time.monotonic): station.headoffice.access
        self.callers: dict[str, tuple[Any, float]] = {}
        # how many times a token changed through this store: a lookup that began
        # before a change is not remembered (station.headoffice.access.caller_for)
        self.tokens_changed = 0
        self.callers_lock = threading.Lock()  # a change and a lookup's remembering, in turn
        # station.headoffice.waybills.WaybillDesk: sales orders go down with their e-waybills
        self.waybills = None

    @contextlib.contextmanager
    def _session(self, *, write: bool) -> Iterator[None]:
        """A connection from the pool for this thread (the one it holds already, if
        any), given back at the end; a write waits for its turn first (SQLite).
        StoreBusy when neither comes within WRITE_WAIT_S."""
        lock = self._writer if write else None
        if lock is not None and not lock.acquire(timeout=WRITE_WAIT_S):
            raise StoreBusy("head office's database is busy writing")
        opened = False
        try:
            if self.db.is_closed():
                try:
                    self.db.connect()
                except MaxConnectionsExceeded as exc:
                    raise StoreBusy("every database connection of head office is in use") from exc
                opened = True
            yield
        finally:
            if opened and not self.db.is_closed() and not self.db.in_transaction():
                self.db.close()
            if lock is not None:
                lock.release()

    def release(self) -> None:
        """Give this thread's connection back to the pool (after a request that used the
        database directly, e.g. the e-waybill desk). Nothing while a transaction runs."""
        if not self.db.is_closed() and not self.db.in_transaction():
            self.db.close()

    def _retrying(self, work, attempts: int = 4):
        """``work()`` in a transaction, again when the database refused it for a reason
        that passes (a deadlock, a serialisation failure, SQLite's lock held by another
        process past its busy timeout). StoreBusy when it still fails."""
        for attempt in range(attempts):
            try:
                with self.db.atomic():
                    return work()
            except MaxConnectionsExceeded as exc:
                raise StoreBusy("every database connection of head office is in use") from exc
            except pw.OperationalError as exc:
                log.warning("head office: write refused (%s), attempt %d", exc, attempt + 1)
                if "locked" in str(exc):  # SQLite: another process held it past busy_timeout
                    raise StoreBusy(f"head office's database is busy: {exc}") from exc
                if self.db.is_closed() is False and not self.db.in_transaction():
                    with contextlib.suppress(Exception):
                        self.db.manual_close()  # the connection may be broken: not reused
                        self.db.connect()
                last = exc
                time.sleep(0.05 * (attempt + 1))
        raise StoreBusy(f"head office's database refused the write: {last}") from last

    @_writes
    def add_bench(self, bench_id: str, token: str, name: str = "", site: str | None = None) -> str:
        """Head office keeps a digest of each bench's token, never the token itself.
        ``site``: the warehouse the bench stands in (None: keep what is recorded).
        Returns "added" (a new bench), "replaced" (it had another token, which stops
        now) or "kept" (the same token). ValueError for an empty bench id or an empty
        (or blank) token: such a token would let in any request that carries none."""
        if not bench_id or not bench_id.strip():
            raise ValueError("a bench needs an id")
        if not token or not token.strip():
            raise ValueError(f"bench {bench_id}: a bench needs a token that is not empty")
        digest = token_digest(token)
        before = Bench.get_or_none(Bench.bench_id == bench_id)
        update = {Bench.token: digest, Bench.name: name}
        if site is not None:
            update[Bench.site] = site
        Bench.insert(bench_id=bench_id, token=digest, name=name, site=site or "").on_conflict(
            conflict_target=[Bench.bench_id], update=update
        ).execute()
        self.forget_callers()  # the bench's earlier token stops at once
        if before is None:
            return "added"
        return "kept" if before.token == digest else "replaced"

    def forget_callers(self) -> None:
        """Forget whom tokens name (station.headoffice.access), once a token has changed
        in the database: lookups in flight, which may have read it before the change,
        are not remembered either."""
        with self.callers_lock:
            self.tokens_changed += 1
            self.callers.clear()

    @_writes
    def set_site(self, bench_id: str, site: str) -> bool:
        """Put a bench at a site; False when no bench has that id."""
        return Bench.update(site=site).where(Bench.bench_id == bench_id).execute() > 0

    @_reads
    def site_of(self, bench_id: str) -> str:
        row = Bench.get_or_none(Bench.bench_id == bench_id)
        return row.site if row else ""

    @_reads
    def bench_for(self, token: str | None) -> str | None:
        """The bench a request's token belongs to, or None. An empty or blank token
        (or none) is nobody's, whatever a bench was registered with."""
        if not token or not token.strip():
            return None
        row = Bench.get_or_none(Bench.token == token_digest(token))
        return row.bench_id if row else None

    @_reads
    def answered(self, key: str, bench_id: str) -> dict | None:
        """The answer given to bench ``bench_id``'s batch ``key`` (its Idempotency-Key),
        or None. Another bench's batch under the same key is not this one's."""
        return self._answered(key, bench_id)

    def _answered(self, key: str, bench_id: str) -> dict | None:
        row = Batch.get_or_none((Batch.key == key) & (Batch.bench_id == bench_id))
        return json_value(row.response) if row else None  # beyond 64 bits kept exact

    @_writes
    def receive(
        self,
        bench_id: str,
        records: list[Any],
        *,
        key: str | None = None,
        via: str = "http",
        anchor: Any = None,
    ) -> dict:
        """Store what is new, say per record what became of it; all in one transaction.

        Returns {"acks": [{"uuid", "status": stored | duplicate | rejected, "reason"?}],
        "anchor"?}: the rejected first, then the others in the order sent. A record
        head office holds already (sent before, by a batch being stored at this very
        moment, or twice in this batch) is a ``duplicate``; only the stored ones are
        counted into the daily figures. A batch whose ``key`` (Idempotency-Key) was
        answered before gets that answer again. ``anchor`` ({"seq", "hash"}, the
        bench's audit head) is kept, even with a batch answered before.
        StoreBusy when the database cannot take it now (nothing stored)."""
        return self._retrying(lambda: self._receive(bench_id, records, key, via, anchor))

    def _receive(self, bench_id: str, records: list[Any], key, via: str, anchor: Any) -> dict:
        if key and not self.sqlite:
            # the same batch in another worker process: wait for its transaction to end,
            # then answer with what it stored (SQLite: the writer lock does the same)
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_batch_lock(bench_id, key),))
        anchored = self.keep_anchor(bench_id, anchor) if anchor is not None else None
        if key:
            earlier = self._answered(key, bench_id)
            if earlier is not None:
                return earlier
        received_at = now()
        received_text = received_at.isoformat(sep=" ")
        acks: list[dict] = []
        good: list[tuple[dict, str]] = []  # (record, its instant)
        rows: dict[str, dict] = {}
        naive = via == "file"
        for rec in records:
            problem, times = check_record(rec, naive)
            if problem:
                uuid = rec.get("uuid") if isinstance(rec, dict) else None
                acks.append({"uuid": uuid, "status": "rejected", "reason": problem})
                continue
            uuid = rec["uuid"]
            good.append((rec, times[1]))
            if uuid not in rows:
                rows[uuid] = {
                    "uuid": uuid,
                    "bench_id": bench_id,
                    "seq": rec["seq"],
                    "kind": rec["kind"],
                    "payload": payload_text(rec["payload"]),
                    "created_at": times[0],
                    "received_at": received_text,
                    "via": via,
                    "at": times[1],
                }
        # in key order, so two batches sharing records wait for each other, never deadlock
        stored = {
            uuid
            for (uuid,) in self._insert(
                "received",
                RECEIVED_COLUMNS,
                [rows[u] for u in sorted(rows)],
                'ON CONFLICT ("uuid") DO NOTHING RETURNING "uuid"',
            )
        }
        tally = Tally()
        answered: set[str] = set()
        for rec, at in good:
            uuid = rec["uuid"]
            if uuid in stored and uuid not in answered:
                answered.add(uuid)
                acks.append({"uuid": uuid, "status": "stored"})
                kept = rows[uuid]["created_at"]
                tally.add(bench_id, uuid, rec["kind"], rec["payload"], kept, at=at)
            else:
                acks.append({"uuid": uuid, "status": "duplicate"})
        if stored:
            self._count(tally, bench_id, received_at)
        response = {"acks": acks}
        if anchored is not None:
            response["anchor"] = anchored
        if key:
            kept = (
                Batch.insert(key=key, bench_id=bench_id, response=json_text(response))
                .on_conflict(conflict_target=[Batch.bench_id, Batch.key], action="NOTHING")
                .returning(Batch.key)
                .execute()
            )
            if not list(kept):  # the same batch, answered by another request just now
                return self._answered(key, bench_id) or response
        return response

    def _insert(self, table: str, columns, rows: list, tail: str) -> list[tuple]:
        """``INSERT INTO table (columns) … tail`` for ``rows`` (each a dict by column
        name, or a list in the order of ``columns``; give them in key order). Returns
        the rows the statements returned (``tail`` with RETURNING).

        PostgreSQL: the rows go as one JSON parameter, read back by
        ``json_populate_recordset`` in the order of the first column: half the time of
        a VALUES list of 4,500 parameters, which the driver writes out one by one
        (benchmarks/bench_headoffice.py). SQLite: VALUES, 500 rows a statement
        (written out here: composing it through the ORM cost more than running it)."""
        if not rows:
            return []
        names = ", ".join(f'"{c}"' for c in columns)
        returning = "RETURNING" in tail
        if not self.sqlite:
            if not isinstance(rows[0], dict):
                rows = [dict(zip(columns, row, strict=True)) for row in rows]
            cursor = self.db.execute_sql(
                f'INSERT INTO "{table}" ({names}) SELECT {names} FROM '
                f'json_populate_recordset(NULL::"{table}", %s::json) ORDER BY "{columns[0]}" '
                + tail,
                (orjson.dumps(rows).decode(),),
            )
            return cursor.fetchall() if returning else []
        if isinstance(rows[0], dict):
            rows = [[row[c] for c in columns] for row in rows]
        one = "(" + ", ".join([self.db.param] * len(columns)) + ")"
        out: list[tuple] = []
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cursor = self.db.execute_sql(
                f'INSERT INTO "{table}" ({names}) VALUES {", ".join([one] * len(chunk))} {tail}',
                [v for row in chunk for v in row],
            )
            if returning:
                out += cursor.fetchall()
        return out

    def _count(self, tally: Tally, bench_id: str, received_at: datetime) -> None:
        """Add a batch's stored records to the daily figures (in its transaction; rows
        in key order, so concurrent batches never deadlock)."""
        self._insert(
            "parcel_tally",
            ("uuid", "bench_id", "at", "order_no", "voided"),
            [[u, b, at, o, False] for u, (b, at, o) in sorted(tally.parcels.items())],
            'ON CONFLICT ("uuid") DO UPDATE SET "bench_id" = excluded."bench_id", '
            '"at" = excluded."at", "order_no" = excluded."order_no"',
        )
        self._insert(
            "parcel_tally",
            ("uuid", "voided"),
            [[u, True] for u in sorted(tally.voided)],
            'ON CONFLICT ("uuid") DO UPDATE SET "voided" = excluded."voided"',
        )
        self._insert(
            "daily_hour",
            ("bench_id", "hour", "units_received", "lines_inspected", "scans"),
            [[b, h, u, i, n] for (b, h), (u, i, n) in sorted(tally.hours.items())],
            'ON CONFLICT ("bench_id", "hour") DO UPDATE SET '
            + ", ".join(f'"{c}" = "daily_hour"."{c}" + excluded."{c}"' for c in HOUR_FIGURES),
        )
        last_at, last_record_at = tally.latest.get(bench_id, (None, None))
        newer = pw.fn.COALESCE(pw.EXCLUDED.last_at, "") > pw.fn.COALESCE(BenchTally.last_at, "")
        BenchTally.insert(
            bench_id=bench_id,
            last_at=last_at,
            last_record_at=last_record_at,
            last_received_at=received_at,
        ).on_conflict(
            conflict_target=[BenchTally.bench_id],
            update={
                BenchTally.last_at: pw.Case(
                    None, [(newer, pw.EXCLUDED.last_at)], BenchTally.last_at
                ),
                BenchTally.last_record_at: pw.Case(
                    None, [(newer, pw.EXCLUDED.last_record_at)], BenchTally.last_record_at
                ),
                BenchTally.last_received_at: pw.Case(
                    None,
                    [
                        (
                            BenchTally.last_received_at.is_null()
                            | (pw.EXCLUDED.last_received_at > BenchTally.last_received_at),
                            pw.EXCLUDED.last_received_at,
                        )
                    ],
                    BenchTally.last_received_at,
                ),
            },
        ).execute()

    @_writes
    def keep_anchor(self, bench_id: str, anchor: Any) -> str:
        """Keep a bench's audit head; "stored", "known", "mismatch" (this seq came
        before with another hash: the bench's chain was rewritten) or "behind" (a
        higher seq came before: entries were cut), or "invalid"."""
        if (
            not isinstance(anchor, dict)
            or type(anchor.get("seq")) is not int
            or not 0 <= anchor["seq"] <= MAX_INT64
            or not isinstance(anchor.get("hash"), str)
            or not _is_hex(anchor["hash"], 64)
        ):
            return "invalid"
        seq, digest = anchor["seq"], anchor["hash"].lower()
        same = list(
            AuditAnchor.select().where(
                (AuditAnchor.bench_id == bench_id) & (AuditAnchor.seq == seq)
            )
        )
        if any(a.hash == digest for a in same):
            return "known"
        status = "mismatch" if same else "stored"
        top = (
            AuditAnchor.select(pw.fn.MAX(AuditAnchor.seq))
            .where(AuditAnchor.bench_id == bench_id)
            .scalar()
        )
        if status == "stored" and top is not None and top > seq:
            status = "behind"
        AuditAnchor.create(bench_id=bench_id, seq=seq, hash=digest, status=status)
        if status != "stored":
            log.warning("bench %s sent audit head %d:%s (%s)", bench_id, seq, digest[:16], status)
        return status

    @_reads
    def last_anchor(self, bench_id: str) -> dict | None:
        """The highest audit head this bench has sent, as first received:
        {"seq", "hash", "received_at", "conflicts"} or None."""
        row = (
            AuditAnchor.select()
            .where(AuditAnchor.bench_id == bench_id)
            .order_by(AuditAnchor.seq.desc(), AuditAnchor.id)
            .first()
        )
        if row is None:
            return None
        conflicts = (
            AuditAnchor.select()
            .where((AuditAnchor.bench_id == bench_id) & (AuditAnchor.status != "stored"))
            .count()
        )
        return {
            "seq": row.seq,
            "hash": row.hash,
            "received_at": str(row.received_at),
            "conflicts": conflicts,
        }

    @_writes
    def badge_salt(self, site: str) -> str:
        row = SiteSalt.get_or_none(SiteSalt.site == site)
        if row is None:
            SiteSalt.insert(site=site, badge_salt=new_badge_salt()).on_conflict_ignore().execute()
            row = SiteSalt.get(SiteSalt.site == site)
        return row.badge_salt

    def _operator(self, key: str, payload: dict, site: str | None) -> tuple[dict, str]:
        """The payload benches get (hashes only) and the operator's site."""
        p = dict(payload)
        site = str(p.pop("site", None) or site or "")
        if "pin" in p:
            pin = str(p.pop("pin"))
            check_pin_shape(pin, self.min_pin_length)
            p["pin_hash"] = hash_pin(pin)
        if "badge_code" in p:
            code = p.pop("badge_code")
            p["badge_hash"] = hash_badge(str(code), self.badge_salt(site)) if code else None
        return p, site

    def publish_orders(self, payloads: list[dict]) -> list[int]:
        """Publish many sales orders (``number`` is each one's key), their e-waybills
        fetched ahead ten orders a platform call. Returns the changes' ids."""
        if self.waybills is not None:
            payloads = self.waybills.attach_many(payloads)
        return [self.publish("sales_order", str(p["number"]), p, fetch=False) for p in payloads]

    @_writes
    def publish(
        self, kind: str, key: str, payload: dict, *, site: str | None = None, fetch: bool = True
    ) -> int:
        """Head office changes master data; benches pick it up from their cursor.

        An operator (``key`` its UUID) is published with hashes only: a clear
        ``pin`` or ``badge_code`` in ``payload`` is hashed here (PinRejected for a
        PIN too short or too simple). Its ``site`` (in the payload or given) says
        which benches get it; an operator moved to another site is withdrawn from
        the benches of the old one (its hashes blanked there, made inactive).
        A ``sales_order`` whose shop has a platform authorisation is sent with its
        e-waybills, asked first (``waybills``: the e-waybill desk, when one is set):
        the bench prints them during an outage (``fetch=False``: already attached).
        Raises ValueError for a payload that cannot be stored."""
        if kind == "sales_order" and self.waybills is not None and fetch:
            payload = self.waybills.attach(payload)  # the platform call, outside the write
        with self.db.atomic():
            change_site = ""
            if kind == "operator":
                payload, change_site = self._operator(key, payload, site)
                before = (
                    MasterChange.select(MasterChange.site)
                    .where((MasterChange.kind == "operator") & (MasterChange.key == key))
                    .order_by(MasterChange.id.desc())
                    .first()
                )
                if before is not None and before.site != change_site:
                    withdrawn = {
                        "uuid": payload.get("uuid", key),
                        "active": False,
                        "pin_hash": "",
                        "badge_hash": None,
                    }
                    MasterChange.create(
                        kind=kind, key=key, payload=json.dumps(withdrawn), site=before.site
                    )
            return MasterChange.create(
                kind=kind,
                key=key,
                # NaN or an infinity is no JSON: refused here, not by every bench's pull
                payload=json.dumps(payload, ensure_ascii=False, allow_nan=False),
                site=change_site,
            ).id

    def publish_routing(self, carrier: str, routes: list[dict], service: dict | None = None) -> int:
        """Publish a pool carrier's whole routing table (rows of ``prefix``,
        ``route_code``, ``sortation_name``, ``consolidation_code``,
        ``consolidation_name``; ``station.core.routing.parse_routes``) as master
        data kind ``carrier_routing``, key the carrier code; each bench replaces
        the table it keeps. ``service``: the carrier's default service its
        waybills print when an order names none (``{"service_type": "标快",
        "payment": "寄付月结"}``, ``parse_service``). ``RoutingTableError`` (a
        ValueError) naming the row for a table that cannot be used: nothing is
        published."""
        carrier = carrier.strip().upper()
        parse_routes(carrier, routes)
        payload: dict = {"carrier": carrier, "routes": routes}
        if service is not None:
            payload["service"] = parse_service(carrier, service)
        return self.publish("carrier_routing", carrier, payload)

    def publish_stock(self, figures: dict[str, int], as_of: datetime | None = None) -> list[int]:
        """Publish head office's stock figure of each SKU (``{sku: units}``) as master
        data kind ``stock``, key the SKU, with the time of the figure (``as_of``, naive
        UTC; now when not given). Returns the changes' ids."""
        when = (as_of or now()).isoformat(timespec="seconds")
        return [
            self.publish("stock", sku, {"sku": sku, "qty": int(qty), "as_of": when})
            for sku, qty in figures.items()
        ]

    @_writes
    def publish_roster(self, site: str = "") -> int:
        """Tell the benches of ``site`` which operators are theirs: a bench withdraws
        every other operator it holds (made inactive, hashes blanked), e.g. the
        other sites' operators that benches got before master data was split by
        site. Returns the change's id."""
        latest: dict[str, MasterChange] = {}
        for row in (
            MasterChange.select().where(MasterChange.kind == "operator").order_by(MasterChange.id)
        ):
            latest[row.key] = row
        uuids = sorted(
            json.loads(row.payload).get("uuid", key)
            for key, row in latest.items()
            if row.site == site
        )
        return MasterChange.create(
            kind="operator_roster", key=site, payload=json.dumps({"uuids": uuids}), site=site
        ).id

    @_reads
    def changes(self, cursor: int, limit: int = 1000, *, bench_id: str | None = None) -> dict:
        """Master data after ``cursor``; for ``bench_id``, operators of its site only."""
        where = MasterChange.id > cursor
        if bench_id is not None:
            site = self.site_of(bench_id)
            where &= MasterChange.kind.not_in(SITE_KINDS) | (MasterChange.site == site)
        rows = list(
            MasterChange.select(
                MasterChange.id, MasterChange.kind, MasterChange.key, MasterChange.payload
            )
            .where(where)
            .order_by(MasterChange.id)
            .limit(limit)
            .tuples()
        )
        return {
            "changes": [
                {"id": i, "kind": kind, "key": key, "payload": json_value(payload)}
                for i, kind, key, payload in rows
            ],
            "cursor": rows[-1][0] if rows else cursor,
            "more": len(rows) == limit,
        }

    @_reads
    def daily(self, day: str, utc_offset_minutes: int = 0) -> dict:
        """Every bench's figures for a local day (``day`` YYYY-MM-DD, the local time
        ``utc_offset_minutes`` ahead of UTC), from the records it has sent: parcels
        shipped (closed and not voided), orders packed, units received (wrong items
        excluded), lines inspected, scans (rules: station.headoffice.tally); with the
        newest record's time, so a board can say how fresh each bench's figures are.

        Read from the figures kept per bench and hour: a day is 24 hours x benches
        rows whatever the database holds. A day that does not start on a whole UTC
        hour (an offset like +5:30) adds its two part-hours from the records of those
        minutes. ValueError for a day that is not YYYY-MM-DD, or one whose UTC
        span leaves years 1-9999 (0001-01-01 ahead of UTC, 9999-12-31 behind it)."""
        local = datetime.fromisoformat(day)
        try:
            start = local - timedelta(minutes=utc_offset_minutes)
            end = start + timedelta(days=1)
        except OverflowError:
            raise ValueError(f"the day {day} at that offset is outside years 1-9999") from None
        lo, hi = start.isoformat(timespec="microseconds"), end.isoformat(timespec="microseconds")
        # whole hours inside the day, and the part-hours at its ends (empty on whole hours)
        first = start.replace(minute=0, second=0, microsecond=0)
        if first < start:
            first += timedelta(hours=1)
        last = end.replace(minute=0, second=0, microsecond=0)
        first_s = first.isoformat(timespec="microseconds")
        last_s = last.isoformat(timespec="microseconds")
        benches: dict[str, dict] = {
            b.bench_id: _bench_row(b.bench_id, b.name) for b in Bench.select().order_by(Bench.name)
        }

        def row(bench_id: str) -> dict:
            return benches.setdefault(bench_id, _bench_row(bench_id, ""))

        hours = (
            DailyHour.select(
                DailyHour.bench_id,
                pw.fn.SUM(DailyHour.units_received),
                pw.fn.SUM(DailyHour.lines_inspected),
                pw.fn.SUM(DailyHour.scans),
            )
            .where((DailyHour.hour >= hour_of(first_s)) & (DailyHour.hour < hour_of(last_s)))
            .group_by(DailyHour.bench_id)
            .tuples()
        )
        for bench_id, units, lines, scans in hours:
            r = row(bench_id)
            r["units_received"] += int(units or 0)
            r["lines_inspected"] += int(lines or 0)
            r["scans"] += int(scans or 0)
        edges = Tally()
        for a, b in ((lo, min(first_s, hi)), (max(last_s, lo), hi)):
            if a >= b:
                continue
            q = Received.select(
                Received.bench_id, Received.uuid, Received.kind, Received.payload, Received.at
            ).where((Received.at >= a) & (Received.at < b) & Received.kind.in_(HOUR_KINDS))
            for bench_id, uuid, kind, payload, at in q.tuples():
                edges.add(bench_id, uuid, kind, payload, at)
        for (bench_id, _), (units, lines, scans) in edges.hours.items():
            r = row(bench_id)
            r["units_received"] += units
            r["lines_inspected"] += lines
            r["scans"] += scans
        parcels = (
            ParcelTally.select(
                ParcelTally.bench_id,
                pw.fn.COUNT(ParcelTally.uuid),
                pw.fn.COUNT(ParcelTally.order_no.distinct()),
            )
            .where(
                (ParcelTally.at >= lo) & (ParcelTally.at < hi) & (ParcelTally.voided == False)  # noqa: E712 (SQL, not Python)
            )
            .group_by(ParcelTally.bench_id)
            .tuples()
        )
        for bench_id, shipped, orders in parcels:
            row(bench_id).update(parcels_shipped=shipped, orders_packed=orders)
        for t in BenchTally.select():
            r = row(t.bench_id)
            r["last_record_at"] = t.last_record_at
            r["last_received_at"] = str(t.last_received_at) if t.last_received_at else None
        return {
            "date": day,
            "utc_offset_minutes": utc_offset_minutes,
            "generated_at": now().isoformat(),
            "benches": list(benches.values()),
        }

    @_reads
    def tracking_numbers(self, site: str | None = None) -> list[str]:
        """Every tracking number the records of ``site``'s benches named (parcels closed
        or voided, numbers voided; None: every bench's, for a supervisor), and every
        number any bench used from a tracking-number pool the benches of ``site`` get:
        a bench restoring a backup asks for these, so no number a bench of its site
        used, and no number of a pool it holds, goes to a second parcel. (Pools are
        master data of every site, kind ``tracking_numbers``: benches of other
        sites, or a bench before it moved, draw from them too.) Benches without a
        site form one site, ``""``."""
        kinds = ("parcel_closed", "parcel_voided", "tracking_void")
        query = Received.select(Received.bench_id, Received.payload).where(Received.kind.in_(kinds))
        own: set[str] | None = None
        pooled: set[str] = set()
        if site is not None:
            own = {b for (b,) in Bench.select(Bench.bench_id).where(Bench.site == site).tuples()}
            pools = MasterChange.select(MasterChange.payload).where(
                (MasterChange.kind == "tracking_numbers")
                & (MasterChange.kind.not_in(SITE_KINDS) | (MasterChange.site == site))
            )
            for (payload,) in pools.tuples():
                numbers = json_object(payload).get("numbers")
                if isinstance(numbers, list):
                    pooled.update(n for n in numbers if isinstance(n, str))
        found: set[str] = set()
        for bench_id, payload in query.tuples():
            body = json_object(payload)
            number = body.get("tracking_number") or body.get("number")
            if (
                isinstance(number, str)
                and number
                and (own is None or bench_id in own or number in pooled)
            ):
                found.add(number)
        return sorted(found)

    @_reads
    def held(self, uuids: list[str]) -> set[str]:
        """Which of ``uuids`` head office holds already."""
        found: set[str] = set()
        for start in range(0, len(uuids), 500):  # SQLite's bound-parameter limit
            chunk = [str(u) for u in uuids[start : start + 500]]
            found |= {
                r.uuid for r in Received.select(Received.uuid).where(Received.uuid.in_(chunk))
            }
        return found

    @_reads
    def uuids(self, bench_id: str | None = None) -> list[str]:
        q = Received.select(Received.uuid)
        if bench_id:
            q = q.where(Received.bench_id == bench_id)
        return [r.uuid for r in q]

    def close(self) -> None:
        """Close every connection of the pool (those of other threads too)."""
        if not self.db.is_closed() and not self.db.in_transaction():
            self.db.close()
        self.db.close_all()


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdefABCDEF" for c in text)


def token_digest(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def _bench_row(bench_id: str, name: str) -> dict:
    return {
        "bench_id": bench_id,
        "name": name,
        "units_received": 0,
        "lines_inspected": 0,
        "orders_packed": 0,
        "parcels_shipped": 0,
        "scans": 0,
        "last_record_at": None,
        "last_received_at": None,
    }


def _batch_lock(bench_id: str, key: str) -> int:
    """The PostgreSQL advisory lock (a signed 64-bit number) of one bench's batch key."""
    digest = hashlib.sha256(f"{bench_id}\n{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
