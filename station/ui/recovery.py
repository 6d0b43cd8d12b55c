"""The dialogs shown when the database fails its check at start-up, and after recovery."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton

from station.db.recovery import RecoveryReport, recover
from station.db.store import EMPTY_FILE, DatabaseCorrupt
from station.ui.tr import tr


def build_restore_box(exc: DatabaseCorrupt) -> tuple[QMessageBox, QPushButton | None]:
    """The question asked on a damaged (or empty) database: recover, or quit."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Station: database damaged"))
    what = (
        tr("The station's database file is empty (0 bytes).")
        if exc.problems == [EMPTY_FILE]
        else tr("The station's database failed its integrity check.")
    )
    if exc.backup is not None:
        when = exc.backup.taken_at.strftime("%Y-%m-%d %H:%M UTC")
        box.setText(
            what
            + "\n\n"
            + tr(
                "Recover it from the last good backup ({when})? Everything still readable "
                "in the damaged file is added back, tracking numbers already used stay "
                "used, and what could not be saved is listed. The damaged file is kept "
                "for IT."
            ).format(when=when)
        )
        restore = box.addButton(tr("Restore backup"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setText(
            what
            + "\n\n"
            + tr(
                "No good backup was found. Rebuild the database from what is still "
                "readable in the damaged file? What could not be saved is listed; the "
                "damaged file is kept for IT at:\n{path}"
            ).format(path=str(exc.path))
        )
        restore = box.addButton(
            tr("Rebuild from the damaged file"), QMessageBox.ButtonRole.AcceptRole
        )
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDetailedText("\n".join(exc.problems[:20]))
    return box, restore


def build_report_box(report: RecoveryReport) -> QMessageBox:
    """What the recovery did: rows salvaged, and what was lost (listed in full in the
    report file and the box's details)."""
    box = QMessageBox()
    box.setWindowTitle(tr("Station: database recovered"))
    salvaged = tr("{rows} records were salvaged from the damaged file.").format(
        rows=report.salvaged_rows
    )
    if report.lost:
        box.setIcon(QMessageBox.Icon.Warning)
        text = tr(
            "{count} things could not be salvaged. They are listed in:\n{file}\n"
            "Give this list to your supervisor before going on."
        ).format(count=len(report.lost), file=str(report.report_file))
    else:
        box.setIcon(QMessageBox.Icon.Information)
        text = tr("Nothing was lost.")
    retired = ""
    if report.numbers_retired:
        retired = "\n" + tr(
            "{count} tracking numbers found in use were kept out of the pool."
        ).format(count=len(report.numbers_retired))
    box.setText(f"{salvaged}\n{text}{retired}")
    box.setDetailedText("\n".join(report.lost[:500]))
    return box


def apply_restore(
    exc: DatabaseCorrupt,
    bench_id: str,
    backups_dir: Path | None = None,
    printed: Path | None = None,
    report_dir: Path | None = None,
) -> RecoveryReport:
    """Recover the damaged database of ``exc`` (see ``station.db.recovery.recover``)."""
    return recover(
        exc.path,
        backups_dir or exc.path.parent / "backups",
        backup=exc.backup,
        bench_id=bench_id,
        printed=printed,
        report_dir=report_dir,
    )


def ask_restore(
    exc: DatabaseCorrupt,
    bench_id: str = "",
    backups_dir: Path | None = None,
    printed: Path | None = None,
    report_dir: Path | None = None,
) -> bool:
    """True when the database was recovered and start-up may try again."""
    box, restore = build_restore_box(exc)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        report = apply_restore(exc, bench_id, backups_dir, printed, report_dir)
        build_report_box(report).exec()
        return True
    return False
