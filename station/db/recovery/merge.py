"""Laying the salvaged rows over the restored backup: a row the backup lacks is added,
a row that changed since the backup takes its later state; audit entries are only
ever added."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from station.db.recovery.report import RecoveryReport
from station.db.salvage import Salvage

# tables whose rows are not business records: not merged row by row. ``stock_level``
# is kept by triggers from the event tables: the merged rows change it themselves
NOT_RECORDS = {"schema_version", "sqlite_sequence", "stock_level"}
_APPEND_ONLY = {"audit_entry"}


def reference_schema(path: Path) -> list[tuple[str, int, str]]:
    """(name, root page, CREATE statement) of every table in the database at ``path``
    (opened read-only): how the salvage reads the damaged file's pages."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(
            con.execute("SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'table'")
        )
    finally:
        con.close()


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def merge_salvage(con: sqlite3.Connection, salvage: Salvage, report: RecoveryReport) -> None:
    """Lay the salvaged rows over the restored database (foreign keys off meanwhile)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for name, table in salvage.tables.items():
        if name in NOT_RECORDS or name not in tables or not table.rows:
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
