"""Opening the station's database: checked, migrated, backed up.

Pragmas: WAL journal, ``synchronous=FULL`` (a commit the station has
acknowledged survives a power cut), foreign keys on, a busy timeout.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import peewee as pw

from station.db import backup as backups
from station.db.migrate import migrate
from station.db.models import ALL_MODELS, Meta

log = logging.getLogger(__name__)

PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", 2),  # FULL
    ("foreign_keys", 1),
    ("busy_timeout", 5000),
    # 4 MB of page cache per connection (GUI, uploader, spooler): a scan's pages are
    # few and hot, the OS caches the file anyway; a larger cache only grows the
    # bench's memory over a shift (the soak measured +17 % at 16 MB)
    ("cache_size", -4000),
)


EMPTY_FILE = "the database file is empty (0 bytes)"


class DatabaseCorrupt(RuntimeError):
    """The database file fails its integrity check, is empty or cannot be read as a
    database. ``problems``: what the check found; ``backup``: the newest good backup."""

    def __init__(self, path: Path, problems: list[str], backup: backups.Backup | None):
        super().__init__(f"{path} is damaged: {'; '.join(problems[:3])}")
        self.path = path
        self.problems = problems
        self.backup = backup


def _create(path: Path) -> None:
    """A new, empty, migrated database, built beside ``path`` and renamed into place."""
    building = path.with_name(f"{path.name}.creating")
    for p in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        p.unlink(missing_ok=True)
    db = pw.SqliteDatabase(str(building), pragmas=PRAGMAS)
    db.connect()
    try:
        migrate(db)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    with open(building, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(building, path)


@dataclass
class Store:
    path: Path
    backups_dir: Path
    db: pw.SqliteDatabase
    backups_kept: int = 14

    @classmethod
    def open(
        cls,
        path: Path,
        backups_dir: Path,
        *,
        backups_kept: int = 14,
        backup_interval: timedelta | None = timedelta(hours=24),
        check: bool = True,
    ) -> Store:
        """Open (or create) the database at ``path``: checked, migrated, backed up.

        A file that exists is damage when it fails ``PRAGMA quick_check`` or is empty:
        the station makes a new database only where there is no file at all (and
        makes it whole before it takes the name, so a crash never leaves an empty
        one), so an empty file is what a crash of the file system left of a real one.
        Raises ``DatabaseCorrupt`` (with the newest good backup) then, unless
        ``check`` is False; ``MigrationError`` for a database newer than the station.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and check:
            problems = [EMPTY_FILE] if path.stat().st_size == 0 else backups.quick_check(path)
            if problems:
                raise DatabaseCorrupt(path, problems, backups.latest_good_backup(backups_dir))
        if not path.exists():
            _create(path)
        # BEGIN IMMEDIATE for every transaction: a writer takes the write lock at once
        # and waits its turn (busy_timeout), instead of failing with "database is
        # locked" when it reads first and another writer got in between.
        db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")
        db.connect()
        db.bind(ALL_MODELS)
        store = cls(path, backups_dir, db, backups_kept)

        def before_migration(from_version: int, to_version: int) -> None:
            if from_version > 0:
                store.backup(f"pre-migration-v{from_version}")

        migrate(db, before=before_migration)
        if backup_interval is not None and backups.backup_due(backups_dir, backup_interval):
            store.backup("daily")
        return store

    def backup(self, reason: str) -> backups.Backup:
        self.db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        return backups.take_backup(self.path, self.backups_dir, reason, keep=self.backups_kept)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = Meta.get_or_none(Meta.key == key)
        return row.value if row else default

    def set_meta(self, key: str, value: str) -> None:
        Meta.insert(key=key, value=value).on_conflict_replace().execute()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
