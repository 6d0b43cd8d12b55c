"""Recovery of a damaged database without loss: the backup, plus everything still
readable in the damaged file, plus every tracking number found in use anywhere.

Order of work (``recover``):

1. the damaged file (and its ``-wal``) is moved aside, kept for IT, never changed;
2. everything readable in it is salvaged page by page (``station.db.salvage``);
3. the newest good backup is copied in place (or, with none, an empty database is
   made) and brought to the current schema;
4. salvaged rows are laid over it: a row the backup lacks is added, a row that
   changed since the backup takes its later state (the damaged file is newer);
   audit entries are only ever added, never changed;
5. orders whose salvaged parcels say they were packed are packed again, not ``new``;
6. every tracking number still free that was used anywhere (a parcel, a record for
   head office, a print job, an audit entry, a file the printers wrote) is marked
   used: a number given to one parcel is never given to another;
7. what could not be salvaged is listed, per table with the row ids, in
   ``recovery-<time>.txt`` in the data folder and in the returned report; the
   recovery is an audit entry.

The rooms: ``merge`` (the salvage laid over the backup), ``orders`` (orders packed
again or held), ``losses`` (what could not be salvaged), ``numbers`` (tracking numbers
used anywhere), ``requeue`` (records for head office queued again), ``report`` (the
report and its file). This module holds the order of work and the files' moves.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from station.db import backup as backups
from station.db.recovery.losses import list_losses, list_orphans
from station.db.recovery.merge import merge_salvage, reference_schema
from station.db.recovery.numbers import numbers_in_use, printed_fields
from station.db.recovery.orders import hold_orders_with_lost_parcels, repack_orders
from station.db.recovery.report import RecoveryReport, write_report
from station.db.recovery.requeue import rebuild_outbox
from station.db.salvage import Salvage, read_damaged

__all__ = ["RecoveryReport", "numbers_in_use", "printed_fields", "rebuild_outbox", "recover"]

log = logging.getLogger(__name__)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def _move_aside(db_path: Path, stamp: str) -> Path | None:
    kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    if not db_path.exists():
        return None
    os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{kept}{suffix}"))
    return kept


def _put_back(db_path: Path, kept: Path | None, building: Path) -> None:
    """A recovery that failed half-way: the damaged file goes back under its name (so
    the next start finds the damage again, never an empty place for a new database)."""
    for p in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        p.unlink(missing_ok=True)
    if kept is None or not kept.exists():
        return
    if not db_path.exists():
        os.replace(kept, db_path)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{kept}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{db_path}{suffix}"))
    log.error("recovery failed; the damaged file is back at %s", db_path)


def recover(
    db_path: Path,
    backups_dir: Path,
    *,
    backup: backups.Backup | None,
    bench_id: str,
    printed: Path | None = None,
    report_dir: Path | None = None,
    head_office_numbers: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> RecoveryReport:
    """Replace the damaged database at ``db_path`` with the ``backup`` (None: an empty
    one) plus everything salvaged from the damaged file; see the module's docstring.

    ``printed``: the folder the bench's file printers write to (tracking numbers on
    printed waybills). ``report_dir``: where ``recovery-<time>.txt`` goes (default:
    beside the database). ``head_office_numbers``: the tracking numbers head office
    holds records of (its acknowledgements), also kept out of the pool.
    ``progress(pages_read, pages)``: called now and then while the damaged file is
    read (the long part), from the calling thread. Raises
    ``OSError`` when the files cannot be moved or written; the damaged file is then
    still in place or kept under its ``.damaged-…`` name.
    """
    from station.db.audit import append_audit, verify
    from station.db.store import Store
    from station.services.tracking_pool import retire_found_in_use

    stamp = _stamp()
    kept = _move_aside(db_path, stamp)
    building = db_path.with_name(f"{db_path.name}.recovering")
    try:
        report = RecoveryReport(db_path, kept, backup)
        for p in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            p.unlink(missing_ok=True)
        if backup is not None:
            backups.copy_database(backup.path, building)
        store = Store.open(building, backups_dir, backup_interval=None, check=False)
        store.close()
        reference = reference_schema(backup.path if backup is not None else building)
        salvage = (
            read_damaged(kept, reference, progress=progress)
            if kept is not None
            else Salvage(db_path, 0, 4096, 0, notes=["there was no database file"])
        )
        report.salvaged_rows = salvage.rows
        report.notes.extend(salvage.notes)
        if salvage.bad_pages:
            report.notes.append(
                f"{len(salvage.bad_pages)} pages of the damaged file were unreadable"
            )

        con = sqlite3.connect(building, isolation_level=None)
        try:
            con.execute("PRAGMA foreign_keys = OFF")
            con.execute("BEGIN IMMEDIATE")
            merge_salvage(con, salvage, report)
            repack_orders(con, report)
            list_losses(con, salvage, report)
            list_orphans(con, report)
            free = {
                n for (n,) in con.execute("SELECT number FROM tracking_number WHERE status='free'")
            }
            found = numbers_in_use(con, free, printed)
            for n in head_office_numbers:
                if n in free:
                    found.setdefault(n, "a record head office acknowledged")
            hold_orders_with_lost_parcels(con, found, printed, report)
            con.execute("COMMIT")
        finally:
            con.close()

        if kept is not None and salvage.rows == 0:
            since = f" (since {backup.taken_at:%Y-%m-%d %H:%M} UTC)" if backup else ""
            report.lost.append(
                "nothing in the damaged file could be read: what was recorded after the "
                f"backup{since} is lost, but for the tracking numbers listed as found in use"
            )
        store = Store.open(building, backups_dir, backup_interval=None, check=False)
        try:
            with store.db.atomic():
                report.numbers_retired = retire_found_in_use(bench_id, found)
                report.rebuilt = rebuild_outbox(bench_id)
                store.db.execute_sql(  # a number found on a salvaged parcel: linked to it
                    "UPDATE tracking_number SET parcel_id = (SELECT p.id FROM parcel p "
                    "WHERE p.tracking_number = tracking_number.number) "
                    "WHERE status = 'used' AND parcel_id IS NULL"
                )
                on_parcels = {
                    n
                    for (n,) in store.db.execute_sql(
                        "SELECT tracking_number FROM parcel WHERE tracking_number IS NOT NULL"
                    )
                }
                for number, where in sorted(report.numbers_retired.items()):
                    if number not in on_parcels:
                        report.lost.append(
                            f"tracking number {number}: in use ({where}) but its parcel was "
                            "lost; kept out of the pool"
                        )
                verdict = verify()
                report.audit_ok = verdict.ok
                if not verdict.ok:
                    report.lost.append(
                        f"audit log: the chain breaks at entry {verdict.first_bad_id} "
                        f"({verdict.reason}); entries there were not salvaged"
                    )
                append_audit(
                    bench_id,
                    "database_recovered",
                    entity="database",
                    details={
                        "backup": backup.path.name if backup else None,
                        "kept_as": kept.name if kept else None,
                        "salvaged_rows": report.salvaged_rows,
                        "added": report.added,
                        "updated": report.updated,
                        "lost_rows": report.lost_rows,
                        "lost_unknown_count": report.lost_unknown,
                        "tracking_numbers_retired": len(report.numbers_retired),
                        "records_rebuilt": report.rebuilt,
                    },
                )
            store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        os.replace(building, db_path)
    except BaseException:
        _put_back(db_path, kept, building)
        raise
    folder = report_dir or db_path.parent
    report.report_file = folder / f"recovery-{stamp}.txt"
    write_report(report.report_file, report)
    log.warning(
        "database recovered from %s: %d rows salvaged, %d losses listed in %s",
        backup.path.name if backup else "the damaged file alone",
        report.salvaged_rows,
        len(report.lost),
        report.report_file,
    )
    return report
