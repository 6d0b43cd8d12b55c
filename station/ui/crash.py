"""A crash never shows a traceback to the packer.

Uncaught exceptions (in slots too: PySide routes them through
``sys.excepthook``) are written with their traceback to the rotating log in
the data directory, and the person at the bench sees a short, translated
message saying their work is saved and where the details are.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from station.services.storage import storage_problem
from station.ui.tr import tr

log = logging.getLogger("station.crash")


def friendly_message(log_path: Path) -> str:
    return tr(
        "Something went wrong, and the station stopped this action.\n\n"
        "Every scan that was confirmed is saved. Please try again; if it happens "
        "again, call your supervisor or IT.\n\nDetails for IT: {log}"
    ).format(log=str(log_path))


def cannot_save_message(problem: str) -> str:
    return tr(
        "The station cannot start: nothing can be saved in its data folder.\n\n"
        "{problem}\n\nNo scan would be kept. Free space or make the folder "
        "writable, or call IT."
    ).format(problem=problem)


class CrashHandler:
    def __init__(self, log_path: Path, show: Callable[[str], None] | None = None):
        self.log_path = log_path
        self.show = show or self._dialog
        self.count = 0
        self._previous = sys.excepthook
        self._busy = False

    def install(self) -> CrashHandler:
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        self.count += 1
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", text)
        for handler in logging.getLogger().handlers:
            handler.flush()
        if self._busy:  # a failure while showing the dialog: log only
            return
        self._busy = True
        try:
            problem = storage_problem(exc)
            if problem is not None:  # not a bug: the disk refused; say which way
                from station.ui.messages import message

                self.show(message(f"storage_{problem}", {}))
                return
            self.show(friendly_message(self.log_path))
        except Exception:  # the dialog itself failed: the log has the details
            log.exception("could not show the crash dialog")
        finally:
            self._busy = False

    @staticmethod
    def _dialog(message: str, parent: QWidget | None = None) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Station"))
        box.setText(message)
        box.exec()
