"""Bring a head office's database, empty or made by any earlier version, to the
current schema: numbered steps (station/headoffice/migrations), each applied once
in its own transaction and recorded in ``headoffice_schema_version``, like the
bench's own (station.db.migrate).

Several processes may start at once (worker processes of one head office): each
step is taken under a lock (PostgreSQL: an advisory lock; SQLite: the write lock
its transaction takes at BEGIN), so a step runs once whoever comes first.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType

import peewee as pw

from station.headoffice import migrations as _migrations_pkg

log = logging.getLogger(__name__)

_NAME = re.compile(r"^m(\d{4})_\w+$")
VERSION_TABLE = "headoffice_schema_version"
_LOCK_KEY = 0x5374_4F31  # PostgreSQL advisory lock of head office's migrations


class MigrationError(RuntimeError):
    """The steps have a gap or a repeat, or the database is newer than this program."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def all_migrations(package: ModuleType = _migrations_pkg) -> list[Migration]:
    """Every step in ``package``, in order. MigrationError for a gap or a repeat."""
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        m = _NAME.match(info.name)
        if m:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found.append(Migration(int(m.group(1)), info.name, module))
    found.sort(key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise MigrationError(
                f"head office's migration numbers have a gap or repeat at {mig.name}"
            )
    return found


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def _lock(db: pw.Database) -> None:
    """Inside a transaction: wait for any other process migrating the same database."""
    if _is_postgres(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))


def current_version(db: pw.Database) -> int:
    if VERSION_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f'SELECT MAX("version") FROM "{VERSION_TABLE}"').fetchone()
    return row[0] or 0


def migrate(db: pw.Database, package: ModuleType = _migrations_pkg) -> tuple[int, int]:
    """Apply every step above the database's version. Returns (from, to).

    MigrationError when the steps have a gap, or the database was brought to a
    version this program does not know (a newer head office wrote it): nothing is
    changed then."""
    steps = all_migrations(package)
    with db.atomic():
        _lock(db)
        db.execute_sql(
            f'CREATE TABLE IF NOT EXISTS "{VERSION_TABLE}" '
            '("version" INTEGER NOT NULL PRIMARY KEY, "applied_at" VARCHAR(32) NOT NULL)'
        )
        start = current_version(db)
    if start > len(steps):
        raise MigrationError(
            f"head office's database is at schema version {start}, newer than this program "
            f"(version {len(steps)}): run the newer head office"
        )
    for step in steps:
        with db.atomic():
            _lock(db)
            if current_version(db) >= step.version:
                continue  # done before, or by another process just now
            log.info("head office: applying migration %s", step.name)
            step.module.upgrade(db)
            p = db.param
            db.execute_sql(
                f'INSERT INTO "{VERSION_TABLE}" ("version", "applied_at") VALUES ({p}, {p})',
                (step.version, datetime.now(UTC).isoformat(timespec="seconds")),
            )
    return start, current_version(db)
