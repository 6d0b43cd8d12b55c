"""Copies of the database made with SQLite's online backup API, kept N deep."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

_NAME = re.compile(r"^station-(\d{8}T\d{6}\d{6})Z-([a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC, naive
    reason: str


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check`` on a file: ``[]`` when sound, else the problems found."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def list_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m:
                at = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%f")
                found.append(Backup(p, at, m.group(2)))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def take_backup(db_path: Path, folder: Path, reason: str, *, keep: int) -> Backup:
    """Copy the live database (WAL included) into ``folder``; keep the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    final = folder / f"station-{stamp}Z-{reason}.sqlite3"
    tmp = final.with_suffix(".partial")
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    for old in list_backups(folder)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    log.info("backup taken: %s", final.name)
    return Backup(final, now, reason)


def backup_due(folder: Path, interval: timedelta, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC).replace(tzinfo=None)
    backups = list_backups(folder)
    return not backups or now - backups[0].taken_at >= interval


def latest_good_backup(folder: Path) -> Backup | None:
    for b in list_backups(folder):
        if not quick_check(b.path):
            return b
        log.warning("backup %s fails its check; looking at older ones", b.path.name)
    return None


def copy_database(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` (opened read-only) into ``target`` page by
    page with SQLite's online backup API (a consistent copy, whatever else reads it).
    Raises sqlite3.DatabaseError when ``source`` cannot be read."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def restore_backup(backup: Path, db_path: Path) -> Path:
    """Put ``backup`` in place of the database; the damaged file is kept beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    if db_path.exists():
        os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    tmp = db_path.with_suffix(".restoring")
    copy_database(backup, tmp)
    os.replace(tmp, db_path)
    log.warning("database restored from %s; damaged file kept as %s", backup.name, kept.name)
    return kept
