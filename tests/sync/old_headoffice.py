"""A head-office database as the versions before numbered migrations left it."""

from __future__ import annotations

BEFORE_MIGRATIONS = (
    'DROP INDEX IF EXISTS "received_at_kind"',
    'ALTER TABLE "received" DROP COLUMN "at"',
    'DROP TABLE "headoffice_schema_version"',
    'DROP TABLE "daily_hour"',
    'DROP TABLE "parcel_tally"',
    'DROP TABLE "bench_tally"',
)
BEFORE_SITES = (
    'ALTER TABLE "bench" DROP COLUMN "site"',
    'ALTER TABLE "master_change" DROP COLUMN "site"',
)


def make_old(db, *, before_sites: bool = False) -> None:
    """Turn a current head-office database (peewee ``db``) into one made by the
    version before migrations (``before_sites``: the one before sites too)."""
    for statement in BEFORE_MIGRATIONS + (BEFORE_SITES if before_sites else ()):
        db.execute_sql(statement)
