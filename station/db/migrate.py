"""Bring any database of this station, empty or old, to the current schema."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import peewee as pw

from station.db import migrations as _migrations_pkg
from station.db.models import utcnow

log = logging.getLogger(__name__)

_NAME = re.compile(r"^m(\d{4})_\w+$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType

    def apply(self, db: pw.Database) -> None:
        for statement in getattr(self.module, "STATEMENTS", ()):
            db.execute_sql(statement)
        upgrade = getattr(self.module, "upgrade", None)
        if upgrade is not None:
            upgrade(db)


def all_migrations() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(_migrations_pkg.__path__):
        m = _NAME.match(info.name)
        if m:
            module = importlib.import_module(f"{_migrations_pkg.__name__}.{info.name}")
            found.append(Migration(int(m.group(1)), info.name, module))
    found.sort(key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise MigrationError(f"migration numbers have a gap or repeat at {mig.name}")
    return found


def latest_version() -> int:
    return len(all_migrations())


def _ensure_version_table(db: pw.Database) -> None:
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "schema_version" '
        '("version" INTEGER NOT NULL PRIMARY KEY, "applied_at" DATETIME NOT NULL)'
    )


def current_version(db: pw.Database) -> int:
    if "schema_version" not in db.get_tables():
        return 0
    row = db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()
    return row[0] or 0


def migrate(
    db: pw.Database,
    *,
    target: int | None = None,
    before: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Apply every migration above the database's version, each in its own transaction.

    ``before(from_version, to_version)`` runs once before the first step, when
    there is one (the station takes a backup there). Returns (from, to).
    """
    migrations = all_migrations()
    target = len(migrations) if target is None else target
    _ensure_version_table(db)
    start = current_version(db)
    if start > len(migrations):
        raise MigrationError(
            f"the database is at schema version {start}, newer than this station "
            f"(version {len(migrations)}); install the newer station or restore a backup"
        )
    pending = [m for m in migrations if start < m.version <= target]
    if pending and before is not None:
        before(start, target)
    for mig in pending:
        log.info("applying migration %s", mig.name)
        with db.atomic():
            mig.apply(db)
            db.execute_sql(
                'INSERT INTO "schema_version" ("version", "applied_at") VALUES (?, ?)',
                (mig.version, utcnow()),
            )
    return start, current_version(db)
