"""A second start on the same data folder brings the running station's window forward.

The station holding a data folder (``station.instance_lock``) listens on a
local socket (a named pipe on Windows) whose name is made from the folder
and the user. A second start that finds the folder locked connects, asks
``raise <its pid>`` and waits for ``raised``; the first brings its window
(or the dialog it shows) to the front and answers. When nobody answers (the
holder is a command-line import, another user's station, or a station still
opening its database) the second start says which process holds the folder.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station.config import SettingsError, load_settings
from station.instance_lock import EXIT_BUSY, AlreadyRunning
from station.paths import DataDir
from station.ui.i18n import Translations
from station.ui.tr import tr

log = logging.getLogger(__name__)

ANSWER_WAIT_MS = 3000


def server_name(root: Path) -> str:
    """The local socket's name for a data folder: the same for every start of this user
    on that folder, different for other folders and users."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name known: the folder alone names it
        user = ""
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:20]
    return f"station-{re.sub(r'[^A-Za-z0-9_.-]', '_', user)[:32]}-{digest}"


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` (or the dialog in front of it) un-minimised, raised and active."""
    target = QApplication.activeModalWidget() or window
    target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
    target.show()
    target.raise_()
    target.activateWindow()


class RaiseServer(QObject):
    """Answers second starts: ``raise <pid>`` → the window is raised → ``raised``.

    ``window()`` gives the window to raise, or None while there is none yet
    (the answer is then ``busy``). ``raised(pid)`` is emitted after each raise.
    """

    raised = Signal(int)

    def __init__(
        self, root: Path, window: Callable[[], QWidget | None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.name = server_name(root)
        self.window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # A station that crashed leaves its socket file behind; this process holds the
        # folder's lock, so no live station owns the name.
        QLocalServer.removeServer(self.name)
        if not self._server.listen(self.name):
            log.warning(
                "cannot listen for second starts on %s: %s", self.name, self._server.errorString()
            )
            return False
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (sock := self._server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > 200:  # not one of ours
                sock.abort()
            return
        verb, _, pid = bytes(sock.readLine()).decode("ascii", "replace").strip().partition(" ")
        if verb != "raise":
            sock.abort()
            return
        window = self.window()
        if window is None:
            sock.write(b"busy\n")
        else:
            bring_to_front(window)
            sock.write(b"raised\n")
            log.info("window raised at the request of a second start (process %s)", pid)
        sock.flush()
        sock.disconnectFromServer()
        if window is not None:
            self.raised.emit(int(pid) if pid.isdigit() else 0)


def ask_to_raise(root: Path, holder_pid: int | None = None) -> bool:
    """Ask the station holding ``root`` to raise its window; True when it did."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(root))
    if not sock.waitForConnected(ANSWER_WAIT_MS):
        return False
    if sys.platform == "win32" and holder_pid:
        import ctypes

        # Windows lets a window come to the front only with the foreground's consent.
        ctypes.windll.user32.AllowSetForegroundWindow(holder_pid)
    sock.write(f"raise {os.getpid()}\n".encode("ascii"))
    sock.waitForBytesWritten(ANSWER_WAIT_MS)
    answer = b""
    while b"\n" not in answer and sock.waitForReadyRead(ANSWER_WAIT_MS):
        answer += bytes(sock.readAll())
    answer += bytes(sock.readAll())
    sock.abort()
    return answer.strip() == b"raised"


def holder_text(exc: AlreadyRunning) -> str:
    h = exc.holder
    if h is None:
        return tr("Another process is opening it at this moment.")
    return tr(
        "It is held by process {pid} ({command}) of user {user} on {host}, started {started}."
    ).format(pid=h.pid, command=h.command, user=h.user, host=h.host, started=h.describe_started())


def already_running_message(exc: AlreadyRunning) -> str:
    return tr(
        "The station is already running on this data folder, so it was not started a "
        "second time.\n\n{holder}\n\nData folder: {root}\n\nUse that station, or close it "
        "and start again."
    ).format(holder=holder_text(exc), root=str(exc.root))


def _bench_language(dd: DataDir) -> Translations | None:
    """The bench's language for the dialog, read without writing anything (the folder
    belongs to the other process); None: English."""
    if not dd.settings.exists():
        return None
    try:
        language = load_settings(dd.settings).bench.language
    except SettingsError:
        return None
    translations = Translations(QApplication.instance(), dd.cache / "i18n")
    translations.set_language(language)
    return translations


def second_start(exc: AlreadyRunning, dd: DataDir) -> int:
    """What a second start does: bring the first forward (exit 0), or say who holds the
    folder (one line on standard error, a dialog in the bench's language) and exit with
    EXIT_BUSY."""
    if ask_to_raise(exc.root, exc.holder.pid if exc.holder else None):
        who = exc.holder.describe() if exc.holder else "another process"
        print(
            f"station: already running on the data folder {exc.root} ({who}); "
            "its window was brought to the front",
            file=sys.stderr,
            flush=True,
        )
        return 0
    print(f"station: {exc}", file=sys.stderr, flush=True)
    translations = _bench_language(dd)
    try:
        QMessageBox.warning(None, tr("Station is already running"), already_running_message(exc))
    finally:
        if translations is not None:  # leave the application as it was found
            translations.set_language("en")
    return EXIT_BUSY
