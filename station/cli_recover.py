"""``station recover``: a damaged database replaced by its backup plus all that can be
salvaged from it; and the one line every command prints on a damaged database."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import peewee as pw

from station.db.store import DatabaseCorrupt

WHAT_TO_DO = "start the station to restore it, or run `station recover --yes`"


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "recover",
        parents=[common],
        help="restore a damaged database: last good backup plus all still readable",
    )
    p.add_argument("--yes", action="store_true", help="do it (else only say what would be done)")
    p.add_argument("--backup", type=Path, help="this backup file instead of the newest good one")
    p.add_argument("--json", action="store_true", help="the report as one JSON object")


def damaged_line(command: str, exc: BaseException) -> str | None:
    """The one line a command prints when the database is damaged, or None when ``exc``
    is not about a damaged database. Damage found by the start-up check, and damage
    SQLite meets later while reading (a page the check did not reach), read the same."""
    if isinstance(exc, DatabaseCorrupt):
        first = exc.problems[0] if exc.problems else "failed its check"
        return f"station {command}: the database {exc.path} is damaged ({first}); {WHAT_TO_DO}"
    if isinstance(exc, (sqlite3.DatabaseError, pw.DatabaseError)):
        text = str(exc)
        if any(
            s in text for s in ("malformed", "not a database", "disk image", "file is encrypted")
        ):
            return f"station {command}: the database is damaged ({text}); {WHAT_TO_DO}"
    return None


def run(args) -> int:
    from station.app import open_store
    from station.config import load_settings
    from station.db.backup import Backup, latest_good_backup, quick_check
    from station.db.recovery import recover
    from station.db.store import EMPTY_FILE
    from station.paths import DataDir, resolve_data_dir

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None))).ensure()
    settings = load_settings(dd.settings)
    db = dd.database
    if not db.exists():
        print(f"station recover: there is no database at {db}; nothing to recover")
        return 0
    problems = [EMPTY_FILE] if db.stat().st_size == 0 else quick_check(db)
    if not problems:
        print(f"station recover: the database {db} passes its check; nothing to recover")
        return 0
    if args.backup is not None:
        if not args.backup.is_file() or quick_check(args.backup):
            print(f"station recover: {args.backup} is not a sound backup", file=sys.stderr)
            return 2
        backup = Backup(args.backup, _taken_at(args.backup), "chosen")
    else:
        backup = latest_good_backup(dd.backups)
    plan = (
        f"the backup of {backup.taken_at:%Y-%m-%d %H:%M} UTC ({backup.path.name})"
        if backup
        else "no backup (none is sound): the damaged file alone"
    )
    if not args.yes:
        print(
            f"station recover: {db} is damaged ({problems[0]}). Recovery would use {plan}, "
            "add back everything still readable in the damaged file and keep that file "
            "for IT. Run again with --yes to do it."
        )
        return 1
    numbers, note = _head_office_numbers(dd, settings)
    report = recover(
        db,
        dd.backups,
        backup=backup,
        bench_id=settings.bench.bench_id,
        printed=dd.output,
        report_dir=dd.root,
        head_office_numbers=numbers,
    )
    if note:
        report.notes.append(note)
    open_store(dd, settings).close()  # the recovered file opens and passes its check
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(f"recovered from {plan}")
        print(f"rows salvaged from the damaged file: {report.salvaged_rows}")
        print(f"not salvaged: {len(report.lost)} (listed in {report.report_file})")
        for line in report.lost[:20]:
            print(f"  {line}")
    return 0


def _head_office_numbers(dd, settings) -> tuple[set[str], str]:
    """The tracking numbers head office holds records of, and a note when it could not
    be asked (the recovery then relies on the damaged file and the printed files)."""
    from station.secrets import read_token
    from station.sync.client import HeadOfficeClient, SyncError

    url, token = settings.head_office.url, read_token(dd)
    if not url or not token:
        return set(), "no head office configured: its records were not consulted"
    try:
        client = HeadOfficeClient(url, token, verify=settings.head_office.verify_tls, timeout=10)
    except ValueError as exc:
        return set(), f"head office not asked: {exc}"
    try:
        return client.tracking_numbers(), ""
    except (SyncError, KeyError, ValueError) as exc:
        return set(), f"head office could not be asked ({exc}); its records were not consulted"
    finally:
        client.close()


def _taken_at(path: Path):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
