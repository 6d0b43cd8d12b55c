"""Head office's own database: received records (unique by UUID), batches, benches,
master data for the benches, and each bench's audit anchors.

Works on SQLite and PostgreSQL alike (peewee); a database made by an older
version gets the columns it lacks when opened.

Operators' secrets: master data carries hashes only. :meth:`HeadOfficeStore.publish`
hashes a clear ``pin`` or ``badge_code`` before anything is stored (a badge with
its site's salt), and an operator change goes only to the benches of the
operator's site (``site``; benches and operators without one form one site).
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import peewee as pw
from playhouse.db_url import connect

from station.core.auth import MIN_PIN_LENGTH, check_pin_shape, hash_badge, hash_pin, new_badge_salt
from station.core.routing import parse_routes, parse_service

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(pw.Model):
    class Meta:
        legacy_table_names = False


class Bench(Base):
    bench_id = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)
    name = pw.CharField(default="")
    site = pw.CharField(default="")  # the warehouse it stands in: which operators it gets


class Received(Base):
    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    kind = pw.CharField()
    payload = pw.TextField()
    created_at = pw.CharField()
    received_at = pw.DateTimeField(default=now)
    via = pw.CharField(default="http")  # http | file


class Batch(Base):
    """An answered upload, kept by its idempotency key so a retry gets the same answer."""

    key = pw.CharField(primary_key=True)
    bench_id = pw.CharField()
    response = pw.TextField()
    received_at = pw.DateTimeField(default=now)


class MasterChange(Base):
    """Master data for the benches, in the order head office changed it (the cursor)."""

    id = pw.AutoField()
    kind = pw.CharField()  # product | sales_order | order_status | tracking_numbers | operator
    key = pw.CharField()
    payload = pw.TextField()
    changed_at = pw.DateTimeField(default=now)
    site = pw.CharField(default="")  # operators: only the benches of this site get it


class SiteSalt(Base):
    """The salt of a site's badge hashes (base64), made when its first badge is."""

    site = pw.CharField(primary_key=True)
    badge_salt = pw.CharField()


class AuditAnchor(Base):
    """A bench's audit-chain head as it sent it with an upload: entry ``seq`` has ``hash``.

    One row per (bench, seq) as first received; a later different hash for the
    same seq is kept too, as a conflict (the bench's chain was rewritten)."""

    id = pw.AutoField()
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    hash = pw.CharField(max_length=64)
    received_at = pw.DateTimeField(default=now)
    status = pw.CharField(default="stored")  # stored | mismatch (seq seen with another hash)


MODELS = [Bench, Received, Batch, MasterChange, SiteSalt, AuditAnchor]
ADDED_COLUMNS = [(Bench, "site"), (MasterChange, "site")]  # columns newer than the first version
REQUIRED = ("uuid", "seq", "kind", "payload", "created_at")
MAX_INT64 = 2**63 - 1  # seq, as the databases keep it
# the records benches send (docs/headoffice-openapi.yaml, Record); any other kind is refused
RECORD_KINDS = frozenset(
    (
        "scan_event",
        "parcel_closed",
        "reship_created",
        "parcel_voided",
        "tracking_void",
        "conflict",
        "ewaybill_cancel",
        "parcel_waybill",
        "handover_closed",
        "shipment_report",
        "receipt",
        "receipt_line",
        "barcode_link",
        "inspection",
        "invoice_match",
    )
)
SITE_KINDS = ("operator", "operator_roster")  # master data a bench gets for its own site only


class HeadOfficeStore:
    def __init__(self, url: str):
        # sqlite:///path.db by default; postgresql://… for a company with many benches
        kwargs = (
            {
                "pragmas": {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 10000},
                "lock_type": "IMMEDIATE",
            }
            if url.startswith("sqlite")
            else {}
        )
        self.db = connect(url, **kwargs)
        self.db.bind(MODELS)
        self.db.create_tables(MODELS)
        self._add_missing_columns()
        self.min_pin_length = MIN_PIN_LENGTH  # for PINs published in clear
        # station.headoffice.waybills.WaybillDesk: sales orders go down with their e-waybills
        self.waybills = None

    def _add_missing_columns(self) -> None:
        from playhouse.migrate import SchemaMigrator, migrate

        migrator = SchemaMigrator.from_database(self.db)
        for model, name in ADDED_COLUMNS:
            table = model._meta.table_name
            if name not in {c.name for c in self.db.get_columns(table)}:
                with self.db.atomic():
                    migrate(migrator.add_column(table, name, model._meta.fields[name]))

    def add_bench(self, bench_id: str, token: str, name: str = "", site: str | None = None) -> None:
        """Head office keeps a digest of each bench's token, never the token itself.
        ``site``: the warehouse the bench stands in (None: keep what is recorded).
        ValueError for an empty bench id or an empty (or blank) token: such a token
        would let in any request that carries none."""
        if not bench_id or not bench_id.strip():
            raise ValueError("a bench needs an id")
        if not token or not token.strip():
            raise ValueError(f"bench {bench_id}: a bench needs a token that is not empty")
        digest = token_digest(token)
        update = {Bench.token: digest, Bench.name: name}
        if site is not None:
            update[Bench.site] = site
        Bench.insert(bench_id=bench_id, token=digest, name=name, site=site or "").on_conflict(
            conflict_target=[Bench.bench_id], update=update
        ).execute()

    def set_site(self, bench_id: str, site: str) -> None:
        Bench.update(site=site).where(Bench.bench_id == bench_id).execute()

    def site_of(self, bench_id: str) -> str:
        row = Bench.get_or_none(Bench.bench_id == bench_id)
        return row.site if row else ""

    def bench_for(self, token: str | None) -> str | None:
        """The bench a request's token belongs to, or None. An empty or blank token
        (or none) is nobody's, whatever a bench was registered with."""
        if not token or not token.strip():
            return None
        row = Bench.get_or_none(Bench.token == token_digest(token))
        return row.bench_id if row else None

    def answered(self, key: str) -> dict | None:
        row = Batch.get_or_none(Batch.key == key)
        return json.loads(row.response) if row else None

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
        ``anchor`` ({"seq", "hash"}, the bench's audit head) is kept, even with a batch
        answered before."""
        acks = []
        with self.db.atomic():
            anchored = self.keep_anchor(bench_id, anchor) if anchor is not None else None
            if key:
                earlier = self.answered(key)
                if earlier is not None:
                    return earlier
            good = []
            for rec in records:
                problem = _problem(rec, bench_id, naive_times=via == "file")
                if problem:
                    uuid = rec.get("uuid") if isinstance(rec, dict) else None
                    acks.append({"uuid": uuid, "status": "rejected", "reason": problem})
                else:
                    good.append(rec)
            have: set[str] = set()
            uuids = [rec["uuid"] for rec in good]
            for start in range(0, len(uuids), 500):  # SQLite's bound-parameter limit
                chunk = uuids[start : start + 500]
                have |= {
                    r.uuid for r in Received.select(Received.uuid).where(Received.uuid.in_(chunk))
                }
            new, seen = [], set()
            for rec in good:
                if rec["uuid"] in have or rec["uuid"] in seen:
                    acks.append({"uuid": rec["uuid"], "status": "duplicate"})
                    continue
                seen.add(rec["uuid"])
                new.append(
                    {
                        "uuid": rec["uuid"],
                        "bench_id": bench_id,
                        "seq": rec["seq"],
                        "kind": rec["kind"],
                        "payload": json.dumps(rec["payload"], ensure_ascii=False, sort_keys=True),
                        "created_at": utc_text(rec["created_at"]),
                        "received_at": now(),
                        "via": via,
                    }
                )
                acks.append({"uuid": rec["uuid"], "status": "stored"})
            for start in range(0, len(new), 100):
                Received.insert_many(new[start : start + 100]).execute()
            response = {"acks": acks}
            if anchored is not None:
                response["anchor"] = anchored
            if key:
                Batch.create(key=key, bench_id=bench_id, response=json.dumps(response))
        return response

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
                payload=json.dumps(payload, ensure_ascii=False),
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

    def changes(self, cursor: int, limit: int = 1000, *, bench_id: str | None = None) -> dict:
        """Master data after ``cursor``; for ``bench_id``, operators of its site only."""
        where = MasterChange.id > cursor
        if bench_id is not None:
            site = self.site_of(bench_id)
            where &= MasterChange.kind.not_in(SITE_KINDS) | (MasterChange.site == site)
        rows = list(MasterChange.select().where(where).order_by(MasterChange.id).limit(limit))
        return {
            "changes": [
                {"id": r.id, "kind": r.kind, "key": r.key, "payload": json.loads(r.payload)}
                for r in rows
            ],
            "cursor": rows[-1].id if rows else cursor,
            "more": len(rows) == limit,
        }

    def daily(self, day: str, utc_offset_minutes: int = 0) -> dict:
        """Every bench's figures for a local day, from the records it has sent: parcels
        shipped (closed and not voided), orders packed, units received (wrong items
        excluded), lines inspected, scans; with the newest record's time, so a board
        can say how fresh each bench's figures are."""
        local = datetime.fromisoformat(day)
        start = local - timedelta(minutes=utc_offset_minutes)
        end = start + timedelta(days=1)
        lo, hi = start.isoformat(), end.isoformat()
        kinds = ("parcel_closed", "parcel_voided", "receipt_line", "inspection", "scan_event")
        benches: dict[str, dict] = {
            b.bench_id: _bench_row(b.bench_id, b.name) for b in Bench.select().order_by(Bench.name)
        }
        voided: set[str] = set()
        closed: dict[str, list] = {}
        q = (
            Received.select(Received.bench_id, Received.kind, Received.uuid, Received.payload)
            .where(
                Received.kind.in_(kinds) & (Received.created_at >= lo) & (Received.created_at < hi)
            )
            .tuples()
        )
        for bench_id, kind, uuid, payload in q:
            row = benches.setdefault(bench_id, _bench_row(bench_id, ""))
            data = json.loads(payload)
            if kind == "parcel_closed":
                closed.setdefault(bench_id, []).append((uuid, data.get("order")))
            elif kind == "parcel_voided":
                voided.add(data.get("parcel"))
            elif kind == "receipt_line":
                if data.get("discrepancy") != "wrong_item":
                    row["units_received"] += int(data.get("qty") or 0)
            elif kind == "inspection":
                row["lines_inspected"] += 1
            else:
                row["scans"] += 1
        for bench_id, parcels in closed.items():
            shipped = [(u, order) for u, order in parcels if u not in voided]
            benches[bench_id]["parcels_shipped"] = len(shipped)
            benches[bench_id]["orders_packed"] = len({order for _, order in shipped})
        for bench_id, newest, received in (
            Received.select(
                Received.bench_id, pw.fn.MAX(Received.created_at), pw.fn.MAX(Received.received_at)
            )
            .group_by(Received.bench_id)
            .tuples()
        ):
            row = benches.setdefault(bench_id, _bench_row(bench_id, ""))
            row["last_record_at"] = newest
            row["last_received_at"] = str(received) if received else None
        return {
            "date": day,
            "utc_offset_minutes": utc_offset_minutes,
            "generated_at": now().isoformat(),
            "benches": list(benches.values()),
        }

    def tracking_numbers(self) -> list[str]:
        """Every tracking number a bench's records named (parcels closed or voided,
        numbers voided), whichever bench sent them: a bench restoring a backup asks for
        these so no number head office has seen used goes to a second parcel."""
        found: set[str] = set()
        kinds = ("parcel_closed", "parcel_voided", "tracking_void")
        query = Received.select(Received.payload).where(Received.kind.in_(kinds))
        for (payload,) in query.tuples():
            try:
                body = json.loads(payload)
            except ValueError:
                continue
            number = body.get("tracking_number") or body.get("number")
            if isinstance(number, str) and number:
                found.add(number)
        return sorted(found)

    def held(self, uuids: list[str]) -> set[str]:
        """Which of ``uuids`` head office holds already."""
        found: set[str] = set()
        for start in range(0, len(uuids), 500):  # SQLite's bound-parameter limit
            chunk = [str(u) for u in uuids[start : start + 500]]
            found |= {
                r.uuid for r in Received.select(Received.uuid).where(Received.uuid.in_(chunk))
            }
        return found

    def uuids(self, bench_id: str | None = None) -> list[str]:
        q = Received.select(Received.uuid)
        if bench_id:
            q = q.where(Received.bench_id == bench_id)
        return [r.uuid for r in q]

    def close(self) -> None:
        self.db.close()


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


def _problem(rec: Any, bench_id: str, *, naive_times: bool = False) -> str:
    """Why a record cannot be stored ("" if it can): the Record schema of
    docs/headoffice-openapi.yaml. ``created_at`` is an ISO 8601 date-time with its
    offset from UTC (``naive_times``: one without is taken as UTC, as export files
    of older benches have them)."""
    if not isinstance(rec, dict):
        return "not_an_object"
    missing = [f for f in REQUIRED if f not in rec]
    if missing:
        return "missing:" + ",".join(missing)
    if not isinstance(rec["uuid"], str) or not 8 <= len(rec["uuid"]) <= 64:
        return "bad_uuid"
    if type(rec["seq"]) is not int or not 0 <= rec["seq"] <= MAX_INT64:
        return "bad_seq"
    if rec["kind"] not in RECORD_KINDS:
        return "unknown_kind"
    if not isinstance(rec["payload"], dict):
        return "bad_payload"
    when = _aware(rec["created_at"], naive_times)
    if when is None:
        return "bad_created_at"
    return ""


def _aware(value: Any, naive_is_utc: bool) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset, or None (not one, or without an
    offset unless ``naive_is_utc``)."""
    if not isinstance(value, str) or not 10 < len(value) <= 40 or value[10] not in "Tt ":
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC) if naive_is_utc else None
    return when


def utc_text(value: str) -> str:
    """A record's ``created_at`` as head office keeps it: naive UTC, ISO 8601
    (the day's figures compare these as text)."""
    when = _aware(value, True)
    return when.astimezone(UTC).replace(tzinfo=None).isoformat() if when else str(value)
