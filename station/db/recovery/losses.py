"""What could not be salvaged: row ids neither the damaged file nor the backup gives
back, and rows that refer to lost ones."""

from __future__ import annotations

import sqlite3

from station.db.recovery.merge import NOT_RECORDS
from station.db.recovery.report import RecoveryReport
from station.db.salvage import Salvage


def ranges(ids: list[int]) -> str:
    """Row ids as runs for a person to read: ``[1, 2, 3, 7]`` -> ``"1–3, 7"``."""
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


def list_losses(con: sqlite3.Connection, salvage: Salvage, report: RecoveryReport) -> None:
    """Row ids the damaged file held that neither it nor the backup can give back."""
    for name, table in sorted(salvage.tables.items()):
        if name in NOT_RECORDS or name == "meta":
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
            report.lost.append(f"{name}: {word} {ranges(sorted(lost))} could not be read")
        if open_tail is not None:
            report.lost_unknown.append(name)
            report.lost.append(
                f"{name}: rows after {max(top, open_tail - 1)} were on pages that could not "
                "be read (how many is not known)"
            )


def list_orphans(con: sqlite3.Connection, report: RecoveryReport) -> None:
    """Rows whose foreign key points at a row that was lost (foreign keys are off while
    the salvage is laid over the backup)."""
    orphans: dict[tuple[str, str], list[int]] = {}
    for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
        orphans.setdefault((table, parent), []).append(rowid)
    for (table, parent), ids in sorted(orphans.items()):
        report.lost.append(f"{table}: rows {ranges(ids)} refer to {parent} rows that were lost")
