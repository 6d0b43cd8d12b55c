"""The report of a recovery: what it did and what was lost, returned to the caller and
written to ``recovery-<time>.txt`` for IT."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from station.db import backup as backups


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


def write_report(path: Path, report: RecoveryReport) -> None:
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
