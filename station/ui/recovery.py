"""The dialogs shown when the database fails its check at start-up, and after recovery."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from station.db.recovery import RecoveryReport, recover
from station.db.store import EMPTY_FILE, DatabaseCorrupt
from station.ui.tr import tr
from station.ui.workers import run_in_background

log = logging.getLogger(__name__)


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
    salvaged = tr("Records salvaged from the damaged file: {rows}.").format(
        rows=report.salvaged_rows
    )
    if report.lost:
        box.setIcon(QMessageBox.Icon.Warning)
        text = tr(
            "Could not be salvaged: {count}. They are listed in:\n{file}\n"
            "Give this list to your supervisor before going on."
        ).format(count=len(report.lost), file=str(report.report_file))
    else:
        box.setIcon(QMessageBox.Icon.Information)
        text = tr("Nothing was lost.")
    retired = ""
    if report.numbers_retired:
        retired = "\n" + tr(
            "Tracking numbers found in use and kept out of the pool: {count}."
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
    progress: Callable[[int, int], None] | None = None,
) -> RecoveryReport:
    """Recover the damaged database of ``exc`` (see ``station.db.recovery.recover``)."""
    return recover(
        exc.path,
        backups_dir or exc.path.parent / "backups",
        backup=exc.backup,
        bench_id=bench_id,
        printed=printed,
        report_dir=report_dir,
        progress=progress,
    )


class _Progress(QObject):
    moved = Signal(int, int)  # pages read, pages


def run_recovery(
    exc: DatabaseCorrupt,
    bench_id: str,
    backups_dir: Path | None = None,
    printed: Path | None = None,
    report_dir: Path | None = None,
) -> RecoveryReport:
    """``apply_restore`` off the GUI thread, with a progress bar of the pages read (a
    large file takes a while); returns when it is done. Raises what the recovery raised."""
    dialog = QProgressDialog(
        tr("Recovering the database: reading every page of the damaged file…"), "", 0, 0
    )
    dialog.setWindowTitle(tr("Station: database damaged"))
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    bridge = _Progress(dialog)
    bridge.moved.connect(
        lambda done, total: (dialog.setMaximum(total), dialog.setValue(min(done, total)))
    )
    loop = QEventLoop()
    outcome: dict = {}

    def finished(key: str, value) -> None:
        outcome[key] = value
        loop.quit()

    run_in_background(
        dialog,
        lambda: apply_restore(
            exc, bench_id, backups_dir, printed, report_dir, progress=bridge.moved.emit
        ),
        lambda report: finished("report", report),
        lambda error: finished("error", error),
    )
    dialog.show()
    if not outcome:
        loop.exec()
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


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
        try:
            report = run_recovery(exc, bench_id, backups_dir, printed, report_dir)
        except Exception as error:  # said on screen; the damaged file is back in place
            log.exception("recovery failed")
            QMessageBox.critical(
                None,
                tr("Station: database damaged"),
                tr(
                    "The recovery could not finish: {error}\n\nThe damaged file is back "
                    "in its place, unchanged. Call IT."
                ).format(error=getattr(error, "strerror", None) or error),
            )
            return False
        build_report_box(report).exec()
        return True
    return False
