"""An Idempotency-Key is its bench's own: the answered batches (``batch``) and the
answered e-waybill requests (``waybill_answer``) are kept by (bench, key). Before
this step the key alone was each table's key: a bench that sent a key another bench
had used had its own answer not kept (a batch's resend was read anew), or was given
the other bench's answer (its e-waybill numbers, buyer and print data). Each table
is made anew under its new key, its rows copied as they are."""

from __future__ import annotations

import peewee as pw

# table -> its columns as SQLite has them (key and bench first)
TABLES = {
    "batch": (
        '"key" VARCHAR(255) NOT NULL, "bench_id" VARCHAR(255) NOT NULL, '
        '"response" TEXT NOT NULL, "received_at" DATETIME NOT NULL',
        '"key", "bench_id", "response", "received_at"',
    ),
    "waybill_answer": (
        '"key" VARCHAR(255) NOT NULL, "bench_id" VARCHAR(255) NOT NULL, "response" TEXT NOT NULL',
        '"key", "bench_id", "response"',
    ),
}


def upgrade(db: pw.Database) -> None:
    for table, (columns, names) in TABLES.items():
        if isinstance(db, pw.PostgresqlDatabase):
            (constraint,) = db.execute_sql(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                (f'"{table}"',),
            ).fetchone()
            db.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            db.execute_sql(f'ALTER TABLE "{table}" ADD PRIMARY KEY ("bench_id", "key")')
            continue
        # SQLite cannot change a table's key: a new table, the rows copied, the old dropped
        db.execute_sql(
            f'CREATE TABLE "{table}_by_bench" ({columns}, PRIMARY KEY ("bench_id", "key"))'
        )
        db.execute_sql(f'INSERT INTO "{table}_by_bench" ({names}) SELECT {names} FROM "{table}"')
        db.execute_sql(f'DROP TABLE "{table}"')
        db.execute_sql(f'ALTER TABLE "{table}_by_bench" RENAME TO "{table}"')
