"""Head office's own database: received records (unique by UUID), batches, benches."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import peewee as pw
from playhouse.db_url import connect


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(pw.Model):
    class Meta:
        legacy_table_names = False


class Bench(Base):
    bench_id = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)
    name = pw.CharField(default="")


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


MODELS = [Bench, Received, Batch, MasterChange]
REQUIRED = ("uuid", "seq", "kind", "payload", "created_at")


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

    def add_bench(self, bench_id: str, token: str, name: str = "") -> None:
        """Head office keeps a digest of each bench's token, never the token itself."""
        digest = token_digest(token)
        Bench.insert(bench_id=bench_id, token=digest, name=name).on_conflict(
            conflict_target=[Bench.bench_id], update={Bench.token: digest, Bench.name: name}
        ).execute()

    def bench_for(self, token: str) -> str | None:
        row = Bench.get_or_none(Bench.token == token_digest(token))
        return row.bench_id if row else None

    def answered(self, key: str) -> dict | None:
        row = Batch.get_or_none(Batch.key == key)
        return json.loads(row.response) if row else None

    def receive(
        self, bench_id: str, records: list[Any], *, key: str | None = None, via: str = "http"
    ) -> dict:
        """Store what is new, say per record what became of it; all in one transaction."""
        acks = []
        with self.db.atomic():
            if key:
                earlier = self.answered(key)
                if earlier is not None:
                    return earlier
            good = []
            for rec in records:
                problem = _problem(rec, bench_id)
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
                        "created_at": str(rec["created_at"]),
                        "received_at": now(),
                        "via": via,
                    }
                )
                acks.append({"uuid": rec["uuid"], "status": "stored"})
            for start in range(0, len(new), 100):
                Received.insert_many(new[start : start + 100]).execute()
            response = {"acks": acks}
            if key:
                Batch.create(key=key, bench_id=bench_id, response=json.dumps(response))
        return response

    def publish(self, kind: str, key: str, payload: dict) -> int:
        """Head office changes master data; benches pick it up from their cursor."""
        return MasterChange.create(
            kind=kind, key=key, payload=json.dumps(payload, ensure_ascii=False)
        ).id

    def changes(self, cursor: int, limit: int = 1000) -> dict:
        rows = list(
            MasterChange.select()
            .where(MasterChange.id > cursor)
            .order_by(MasterChange.id)
            .limit(limit)
        )
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

    def uuids(self, bench_id: str | None = None) -> list[str]:
        q = Received.select(Received.uuid)
        if bench_id:
            q = q.where(Received.bench_id == bench_id)
        return [r.uuid for r in q]

    def close(self) -> None:
        self.db.close()


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


def _problem(rec: Any, bench_id: str) -> str:
    if not isinstance(rec, dict):
        return "not_an_object"
    missing = [f for f in REQUIRED if f not in rec]
    if missing:
        return "missing:" + ",".join(missing)
    if not isinstance(rec["uuid"], str) or not 8 <= len(rec["uuid"]) <= 64:
        return "bad_uuid"
    if not isinstance(rec["seq"], int):
        return "bad_seq"
    return ""
