"""The dialog shown when the database fails its check at start-up."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton

from station.db.backup import restore_backup
from station.db.store import DatabaseCorrupt
from station.ui.tr import tr


def build_restore_box(exc: DatabaseCorrupt) -> tuple[QMessageBox, QPushButton | None]:
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Station: database damaged"))
    restore = None
    if exc.backup is not None:
        when = exc.backup.taken_at.strftime("%Y-%m-%d %H:%M UTC")
        box.setText(
            tr(
                "The station's database failed its integrity check.\n\n"
                "The last good backup is from {when}. Restore it? Records made after "
                "that time are not in the backup; the damaged file is kept for IT."
            ).format(when=when)
        )
        restore = box.addButton(tr("Restore backup"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setText(
            tr(
                "The station's database failed its integrity check, and no good backup "
                "was found.\n\nCall IT before going on; the damaged file is at:\n{path}"
            ).format(path=str(exc.path))
        )
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDetailedText("\n".join(exc.problems[:20]))
    return box, restore


def apply_restore(exc: DatabaseCorrupt) -> None:
    assert exc.backup is not None
    restore_backup(exc.backup.path, exc.path)


def ask_restore(exc: DatabaseCorrupt) -> bool:
    """True when a backup was restored and start-up may try again."""
    box, restore = build_restore_box(exc)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        apply_restore(exc)
        return True
    return False
