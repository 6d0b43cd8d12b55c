"""A batch's Idempotency-Key is its bench's own: the answered batches are kept by
(bench, key), so two benches that happen to choose the same key each get their own
answer again when they send their batch again (before this step the key alone was
the table's key, and the second bench's answer was not kept). The table is made
anew under its new key, its rows copied as they are."""

from __future__ import annotations

import peewee as pw


def upgrade(db: pw.Database) -> None:
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "batch" DROP CONSTRAINT IF EXISTS "batch_pkey"')
        db.execute_sql('ALTER TABLE "batch" ADD PRIMARY KEY ("bench_id", "key")')
        return
    # SQLite cannot change a table's key: a new table, the rows copied, the old dropped
    db.execute_sql(
        'CREATE TABLE "batch_by_bench" ("key" VARCHAR(255) NOT NULL, '
        '"bench_id" VARCHAR(255) NOT NULL, "response" TEXT NOT NULL, '
        '"received_at" DATETIME NOT NULL, PRIMARY KEY ("bench_id", "key"))'
    )
    db.execute_sql(
        'INSERT INTO "batch_by_bench" ("key", "bench_id", "response", "received_at") '
        'SELECT "key", "bench_id", "response", "received_at" FROM "batch"'
    )
    db.execute_sql('DROP TABLE "batch"')
    db.execute_sql('ALTER TABLE "batch_by_bench" RENAME TO "batch"')
