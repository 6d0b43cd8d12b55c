"""Daily figures kept per bench and hour as records arrive (station.headoffice.tally):
each record's time as a UTC instant (``received.at``, indexed), the hours, the
parcels and each bench's newest times; the records a database holds already are
counted here once."""

from __future__ import annotations

import peewee as pw

from station.headoffice.tally import Tally, instant

CHUNK = 500


class _Base(pw.Model):
    class Meta:
        legacy_table_names = False


class DailyHour(_Base):
    bench_id = pw.CharField()
    hour = pw.CharField(max_length=13, index=True)
    units_received = pw.BigIntegerField(default=0)
    lines_inspected = pw.BigIntegerField(default=0)
    scans = pw.BigIntegerField(default=0)

    class Meta:
        primary_key = pw.CompositeKey("bench_id", "hour")


class ParcelTally(_Base):
    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField(null=True)
    at = pw.CharField(max_length=26, null=True, index=True)
    order_no = pw.CharField(null=True)
    voided = pw.BooleanField(default=False)


class BenchTally(_Base):
    bench_id = pw.CharField(primary_key=True)
    last_at = pw.CharField(max_length=26, null=True)
    last_record_at = pw.CharField(null=True)
    last_received_at = pw.DateTimeField(null=True)


MODELS = [DailyHour, ParcelTally, BenchTally]


def upgrade(db: pw.Database) -> None:
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    if "at" not in {c.name for c in db.get_columns("received")}:
        migrate(migrator.add_column("received", "at", pw.CharField(max_length=26, null=True)))
    db.execute_sql('CREATE INDEX IF NOT EXISTS "received_at_kind" ON "received" ("at", "kind")')
    with db.bind_ctx(MODELS):
        db.create_tables(MODELS, safe=True)
        _backfill(db)


def _backfill(db: pw.Database) -> None:
    """Count every record held, a chunk at a time (in key order), and give each its instant."""
    p = db.param
    tally = Tally()
    newest_received: dict[str, object] = {}
    after = ""
    while True:
        rows = db.execute_sql(
            'SELECT "uuid", "bench_id", "kind", "payload", "created_at", "received_at" '
            f'FROM "received" WHERE "uuid" > {p} ORDER BY "uuid" LIMIT {CHUNK}',
            (after,),
        ).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        stamped = []
        for uuid, bench_id, kind, payload, created_at, received_at in rows:
            tally.add(bench_id, uuid, kind, payload, created_at)
            at = instant(created_at)
            if at is not None:
                stamped.append((uuid, at))
            if received_at is not None and (
                bench_id not in newest_received or str(received_at) > str(newest_received[bench_id])
            ):
                newest_received[bench_id] = received_at
        if stamped:
            values = ", ".join(f"({p}, {p})" for _ in stamped)
            db.execute_sql(
                f'WITH "v" ("uuid", "at") AS (VALUES {values}) '
                'UPDATE "received" SET "at" = "v"."at" FROM "v" '
                'WHERE "received"."uuid" = "v"."uuid"',
                [x for pair in stamped for x in pair],
            )
    rows = [
        {"bench_id": b, "hour": h, "units_received": u, "lines_inspected": i, "scans": s}
        for (b, h), (u, i, s) in sorted(tally.hours.items())
    ]
    for start in range(0, len(rows), 100):
        DailyHour.insert_many(rows[start : start + 100]).execute()
    parcels = [
        {"uuid": u, "bench_id": b, "at": at, "order_no": o, "voided": u in tally.voided}
        for u, (b, at, o) in sorted(tally.parcels.items())
    ]
    parcels += [
        {"uuid": u, "bench_id": None, "at": None, "order_no": None, "voided": True}
        for u in sorted(tally.voided - tally.parcels.keys())
    ]
    for start in range(0, len(parcels), 100):
        ParcelTally.insert_many(parcels[start : start + 100]).execute()
    benches = sorted(set(tally.latest) | set(newest_received))
    rows = [
        {
            "bench_id": b,
            "last_at": tally.latest.get(b, (None, None))[0],
            "last_record_at": tally.latest.get(b, (None, None))[1],
            "last_received_at": newest_received.get(b),
        }
        for b in benches
    ]
    for start in range(0, len(rows), 100):
        BenchTally.insert_many(rows[start : start + 100]).execute()
