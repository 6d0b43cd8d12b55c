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
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from station.db import backup as backups
from station.db.salvage import Salvage, read_damaged

log = logging.getLogger(__name__)

# tables whose rows are not business records: not merged row by row
_SKIP = {"schema_version", "sqlite_sequence"}
_APPEND_ONLY = {"audit_entry"}


@dataclass
class RecoveryReport:
    """What a recovery did. Counts are rows; ``lost`` holds one line per loss."""

    database: Path
    kept_as: Path | None
    backup: backups.Backup | None
    report_file: Path | None = None
    salvaged_rows: int = 0  # rows read from the damaged file
    added: dict[str, int] = field(default_factory=dict)  # rows the backup lacked
    updated: dict[str, int] = field(default_factory=dict)  # rows newer than the backup
    lost: list[str] = field(default_factory=list)
    lost_rows: dict[str, int] = field(default_factory=dict)  # per table, counted ids
    lost_unknown: list[str] = field(default_factory=list)  # tables with an uncounted tail
    numbers_retired: dict[str, str] = field(default_factory=dict)  # number -> where seen
    rebuilt: dict[str, int] = field(default_factory=dict)  # records for head office, per kind
    orders_repacked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    audit_ok: bool = True

    def to_dict(self) -> dict:
        return {
            "database": str(self.database),
            "damaged_file_kept_as": str(self.kept_as) if self.kept_as else None,
            "backup": str(self.backup.path) if self.backup else None,
            "backup_taken_at": self.backup.taken_at.isoformat() if self.backup else None,
            "report": str(self.report_file) if self.report_file else None,
            "salvaged_rows": self.salvaged_rows,
            "added": self.added,
            "updated": self.updated,
            "lost_rows": self.lost_rows,
            "lost_unknown_count": self.lost_unknown,
            "lost": self.lost,
            "tracking_numbers_retired": sorted(self.numbers_retired),
            "records_rebuilt": self.rebuilt,
            "orders_packed_again": self.orders_repacked,
            "audit_chain_ok": self.audit_ok,
            "notes": self.notes,
        }

    @property
    def nothing_lost(self) -> bool:
        return not self.lost


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


def _reference_schema(path: Path) -> list[tuple[str, int, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(
            con.execute("SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'table'")
        )
    finally:
        con.close()


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def _merge(con: sqlite3.Connection, salvage: Salvage, report: RecoveryReport) -> None:
    """Lay the salvaged rows over the restored database (foreign keys off meanwhile)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for name, table in salvage.tables.items():
        if name in _SKIP or name not in tables or not table.rows:
            continue
        have = _columns(con, name)
        idx = [(i, c) for i, c in enumerate(table.columns) if c in have]
        cols = [c for _i, c in idx]
        quoted = ",".join(f'"{c}"' for c in cols)
        marks = ",".join("?" * len(cols))
        if name == "meta":
            for values in table.rows.values():
                row = [values[i] for i, _c in idx]
                con.execute(f'INSERT OR REPLACE INTO "meta" ({quoted}) VALUES ({marks})', row)
            continue
        added = updated = 0
        for rowid, values in sorted(table.rows.items()):
            row = [values[i] for i, _c in idx]
            current = con.execute(
                f'SELECT {quoted} FROM "{name}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            try:
                if current is None:
                    con.execute(
                        f'INSERT INTO "{name}" (rowid, {quoted}) VALUES (?, {marks})',
                        [rowid, *row],
                    )
                    added += 1
                elif list(current) != row:
                    if name in _APPEND_ONLY:
                        report.lost.append(
                            f"{name} {rowid}: differs from the backup's copy; the backup's kept"
                        )
                        continue
                    sets = ",".join(f'"{c}" = ?' for c in cols)
                    con.execute(f'UPDATE "{name}" SET {sets} WHERE rowid = ?', [*row, rowid])
                    updated += 1
            except sqlite3.IntegrityError as exc:
                report.lost.append(f"{name} {rowid}: salvaged but could not be put back ({exc})")
        if added:
            report.added[name] = added
        if updated:
            report.updated[name] = updated


def _ranges(ids: list[int]) -> str:
    out, start, prev = [], None, None
    for i in sorted(ids):
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = i
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def _list_losses(con: sqlite3.Connection, salvage: Salvage, report: RecoveryReport) -> None:
    """Row ids the damaged file held that neither it nor the backup can give back."""
    for name, table in sorted(salvage.tables.items()):
        if name in _SKIP or name == "meta":
            continue
        try:
            present = {r[0] for r in con.execute(f'SELECT rowid FROM "{name}"')}
        except sqlite3.Error:
            continue
        top = max(present, default=0)
        lost: set[int] = {r for r in table.damaged_rows if r not in present}
        if (None, None) in table.lost_ranges:  # not one page of the table could be read
            report.lost_unknown.append(name)
            report.lost.append(
                f"{name}: no page could be read; its rows are the backup's, and rows "
                "added or changed after the backup are lost (how many is not known)"
            )
            continue
        open_tail = None
        for low, high in table.lost_ranges:
            lo = 1 if low is None else low
            if high is None:
                open_tail = lo if open_tail is None else min(open_tail, lo)
                high = top
            lost |= {r for r in range(lo, high + 1) if r not in present}
        if lost:
            report.lost_rows[name] = len(lost)
            word = "row" if len(lost) == 1 else "rows"
            report.lost.append(f"{name}: {word} {_ranges(sorted(lost))} could not be read")
        if open_tail is not None:
            report.lost_unknown.append(name)
            report.lost.append(
                f"{name}: rows after {max(top, open_tail - 1)} were on pages that could not "
                "be read (how many is not known)"
            )


def _repack_orders(con: sqlite3.Connection, report: RecoveryReport) -> None:
    """An order is ``new``/``packing`` in the backup but its salvaged parcels are closed:
    it is packed (every unit in a closed parcel or short) or at least being packed."""
    rows = con.execute(
        """
        SELECT o.id, o.number, o.status,
          (SELECT COUNT(*) FROM sales_order_line l WHERE l.sales_order_id = o.id
             AND l.qty > l.qty_short + COALESCE((SELECT SUM(pi.qty) FROM packed_item pi
                 JOIN parcel p ON p.id = pi.parcel_id
                 WHERE pi.sales_order_line_id = l.id AND p.status = 'closed'), 0)) AS open_lines
        FROM sales_order o
        WHERE o.status IN ('new', 'packing')
          AND EXISTS (SELECT 1 FROM parcel p WHERE p.sales_order_id = o.id
                      AND p.status = 'closed')
        """
    ).fetchall()
    closed_final = {
        json.loads(p).get("order")
        for (p,) in con.execute("SELECT payload FROM outbox_record WHERE kind = 'parcel_closed'")
        if '"final": true' in p
    }
    for oid, number, status, open_lines in rows:
        new = "packed" if open_lines == 0 or number in closed_final else "packing"
        if new != status:
            con.execute("UPDATE sales_order SET status = ? WHERE id = ?", (new, oid))
            report.orders_repacked.append(f"{number}: {status} → {new}")


_SHAPE = re.compile(r"^([A-Za-z]*)([0-9]{6,})([A-Za-z]*)$")
_DIGITS = re.compile(rb"(?<![0-9])[0-9]{6,}(?![0-9])")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def _file_texts(folder: Path) -> Iterable[tuple[str, bytes]]:
    """The files the bench's file printers wrote; PDF page streams unpacked."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        yield f"print file {path.name}", data
        if data.startswith(b"%PDF"):
            for m in _STREAM.finditer(data):
                try:
                    text = zlib.decompress(m.group(1))
                except zlib.error:
                    continue
                yield f"print file {path.name}", text


_FIELDS = (
    re.compile(rb"\^FD(.*?)\^FS", re.DOTALL),  # ZPL field data
    re.compile(rb'"([^"\r\n]*)"'),  # TSPL quoted text
    re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj"),  # PDF text shown
)


def printed_fields(data: bytes) -> set[str]:
    """The text fields of a label or page the printers wrote (ZPL, TSPL or PDF)."""
    out = set()
    for pattern in _FIELDS:
        for m in pattern.finditer(data):
            out.add(m.group(1).decode("utf-8", "replace").strip())
    return out


def _hold_orders_with_lost_parcels(
    con: sqlite3.Connection, found: dict[str, str], printed: Path | None, report: RecoveryReport
) -> None:
    """An order still ``new``/``packing`` whose waybill was printed (a print job in the
    database, or a file the printers wrote that carries a number found in use and the
    order's number) had a parcel closed that was lost: it is held for a supervisor to
    look at the parcel, never offered for packing again as if untouched."""
    open_orders = {
        number: oid
        for oid, number in con.execute(
            "SELECT id, number FROM sales_order WHERE status IN ('new', 'packing')"
        )
    }
    if not open_orders:
        return
    hold: dict[str, str] = {}
    for (ref,) in con.execute(
        "SELECT document_ref FROM print_job j WHERE kind = 'waybill' AND NOT EXISTS "
        "(SELECT 1 FROM parcel p JOIN sales_order o ON o.id = p.sales_order_id "
        "WHERE o.number = j.document_ref AND p.status = 'closed')"
    ):
        if ref in open_orders:
            hold.setdefault(ref, "its waybill print job")
    if printed is not None and found:
        for where, data in _file_texts(printed):
            fields = printed_fields(data)
            if fields & found.keys():
                for number in fields & open_orders.keys():
                    hold.setdefault(number, where)
    for number, where in sorted(hold.items()):
        con.execute(
            "UPDATE sales_order SET status = 'held', status_reason = ? WHERE id = ?",
            (
                f"recovery: waybill printed ({where}) but the parcel record was lost; "
                "check the parcel before releasing",
                open_orders[number],
            ),
        )
        report.orders_repacked.append(f"{number}: held (waybill printed: {where})")
        report.lost.append(
            f"order {number}: its waybill was printed ({where}) but the parcel record was "
            "lost; the order is held for a supervisor"
        )


def numbers_in_use(con: sqlite3.Connection, free: set[str], printed: Path | None) -> dict[str, str]:
    """Which of the ``free`` numbers appear as used anywhere: a parcel, a record for head
    office (sent or not), an audit entry, a print job, a file the printers wrote.
    A number found is one no parcel may be given again. Returns number -> first place seen.
    """
    found: dict[str, str] = {}
    if not free:
        return found
    for (n,) in con.execute("SELECT tracking_number FROM parcel WHERE tracking_number IS NOT NULL"):
        if n in free:
            found.setdefault(n, "a parcel")
    shaped: dict[tuple[int, int], set[str]] = {}  # (letters before, after) -> numbers
    odd: set[str] = set()
    for n in free:
        m = _SHAPE.match(n)
        if m:
            shaped.setdefault((len(m.group(1)), len(m.group(3))), set()).add(n)
        else:
            odd.add(n)

    def scan(where: str, data: bytes | str | None) -> None:
        if data is None:
            return
        if isinstance(data, str):
            data = data.encode("utf-8", "replace")
        for m in _DIGITS.finditer(data):
            s, e = m.span()
            for (before, after), numbers in shaped.items():
                if s >= before:
                    candidate = data[s - before : e + after].decode("ascii", "replace")
                    if candidate in numbers:
                        found.setdefault(candidate, where)
        for n in odd:
            if n.encode() in data:
                found.setdefault(n, where)

    for kind, state, payload in con.execute("SELECT kind, state, payload FROM outbox_record"):
        scan(f"a {kind} record for head office ({state})", payload)
    for action, details in con.execute("SELECT action, details FROM audit_entry"):
        scan(f"audit entry {action}", details)
    for ref, payload in con.execute("SELECT document_ref, payload FROM print_job"):
        scan(f"print job {ref}", payload)
    if printed is not None:
        for where, data in _file_texts(printed):
            scan(where, data)
    return found


def rebuild_outbox(bench_id: str) -> dict[str, int]:
    """Records for head office whose business row was salvaged but whose outbox row was
    lost (they sat on different pages): queued again from the row, under the same
    UUID, marked ``"recovered": true``. Head office stores a UUID once, so a record it
    already had is answered as a duplicate. Covers scans and closed or voided parcels
    (the pack-out's records). Call inside a transaction. Returns counts per kind."""
    from station.db import outbox
    from station.db.models import (
        Operator,
        OutboxRecord,
        Parcel,
        SalesOrder,
        ScanEvent,
    )

    have = {u for (u,) in OutboxRecord.select(OutboxRecord.record_uuid).tuples()}
    operators = dict(Operator.select(Operator.id, Operator.uuid).tuples())
    counts: dict[str, int] = {}

    def queue(kind: str, uuid: str, payload: dict) -> None:
        outbox.enqueue(bench_id, kind, uuid, {**payload, "recovered": True})
        counts[kind] = counts.get(kind, 0) + 1

    for event in ScanEvent.select().order_by(ScanEvent.id):
        if event.uuid in have:
            continue
        queue(
            "scan_event",
            event.uuid,
            {
                "data": event.data,
                "symbology": event.symbology,
                "source": event.source,
                "manual": event.manual,
                "operator": operators.get(event.operator_id),
                "context": event.context,
                "outcome": event.outcome,
                "message": event.message,
                "scanned_at": event.scanned_at.isoformat(),
            },
        )
    parcels = Parcel.select().where(
        Parcel.status.in_(("closed", "voided")) & Parcel.tracking_number.is_null(False)
    )
    for parcel in parcels.order_by(Parcel.id):
        order = SalesOrder.get_or_none(SalesOrder.id == parcel.sales_order_id)
        if order is None:  # listed with the rows that refer to lost ones
            continue
        if parcel.uuid not in have:
            items = outbox.parcel_items(parcel)
            queue(
                "parcel_closed",
                parcel.uuid,
                {
                    "order": order.number,
                    "order_uuid": order.uuid,
                    "seq": parcel.seq,
                    "tracking_number": parcel.tracking_number,
                    "carrier": order.carrier,
                    "weight_g": parcel.weight_g,
                    "items": items,
                    "final": order.status in ("packed", "shipped"),
                    "closed_at": (parcel.closed_at or parcel.created_at).isoformat(),
                    "operator": operators.get(parcel.operator_id),
                },
            )
        if parcel.status == "voided" and f"{parcel.uuid}-void" not in have:
            queue(
                "parcel_voided",
                f"{parcel.uuid}-void",
                {"parcel": parcel.uuid, "tracking_number": parcel.tracking_number},
            )
    return counts


def _write_report(path: Path, report: RecoveryReport) -> None:
    lines = [
        f"Station database recovery, {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC",
        f"database: {report.database}",
        f"damaged file kept as: {report.kept_as or '(none)'}",
        "backup: "
        + (
            f"{report.backup.path.name} ({report.backup.taken_at:%Y-%m-%d %H:%M} UTC)"
            if report.backup
            else "none; rebuilt from the damaged file alone"
        ),
        f"rows read from the damaged file: {report.salvaged_rows}",
        "rows put back that the backup lacked: "
        + (", ".join(f"{t} {n}" for t, n in sorted(report.added.items())) or "none"),
        "rows brought up to their state after the backup: "
        + (", ".join(f"{t} {n}" for t, n in sorted(report.updated.items())) or "none"),
        f"orders put back to packed (or held) from what was salvaged: "
        f"{len(report.orders_repacked)}",
        *(f"  {o}" for o in report.orders_repacked),
        "records for head office queued again from salvaged rows: "
        + (", ".join(f"{k} {n}" for k, n in sorted(report.rebuilt.items())) or "none"),
        f"tracking numbers found in use and kept out of the pool: {len(report.numbers_retired)}",
        *(f"  {n}: {w}" for n, w in sorted(report.numbers_retired.items())),
        f"audit chain after recovery: {'sound' if report.audit_ok else 'has a gap (see below)'}",
        "",
        "NOT SALVAGED:" if report.lost else "Nothing was lost: every row was salvaged.",
        *(f"  {line}" for line in report.lost),
        *(f"note: {n}" for n in report.notes),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
        reference = _reference_schema(backup.path if backup is not None else building)
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
            _merge(con, salvage, report)
            _repack_orders(con, report)
            _list_losses(con, salvage, report)
            orphans: dict[tuple[str, str], list[int]] = {}
            for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
                orphans.setdefault((table, parent), []).append(rowid)
            for (table, parent), ids in sorted(orphans.items()):
                report.lost.append(
                    f"{table}: rows {_ranges(ids)} refer to {parent} rows that were lost"
                )
            free = {
                n for (n,) in con.execute("SELECT number FROM tracking_number WHERE status='free'")
            }
            found = numbers_in_use(con, free, printed)
            for n in head_office_numbers:
                if n in free:
                    found.setdefault(n, "a record head office acknowledged")
            _hold_orders_with_lost_parcels(con, found, printed, report)
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
    _write_report(report.report_file, report)
    log.warning(
        "database recovered from %s: %d rows salvaged, %d losses listed in %s",
        backup.path.name if backup else "the damaged file alone",
        report.salvaged_rows,
        len(report.lost),
        report.report_file,
    )
    return report
