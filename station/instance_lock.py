"""One station per data folder: a lock the operating system drops when its process dies.

The station's window and every command line action that writes into a data
folder (the database, the settings, the token) first take ``station.lock``
in that folder. The lock is the operating system's own — ``flock`` on
Linux and macOS, ``msvcrt.locking`` on Windows — on an open file, so it
lasts exactly as long as the process: a crash, a SIGKILL or a power cut
never leaves a folder locked, and there is no stale-lock clean-up to get
wrong. A file that merely exists proves nothing; only the lock counts.

The holder writes who it is into the file (process id, user, computer,
start time and what it runs), so a second start can say which process holds
the folder. A folder on a network share is only as safe as the share's
locking; a bench keeps its data folder on a local disk.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "station.lock"
#: exit status of a command refused because another process holds the folder
#: (sysexits' EX_TEMPFAIL: try again later)
EXIT_BUSY = 75

_WINDOWS = sys.platform == "win32"
# Windows locks byte ranges, and a locked range cannot be read by anyone else:
# the byte locked lies far beyond the holder's details so that they stay readable.
_WINDOWS_LOCK_OFFSET = 1 << 30
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


@dataclass(frozen=True)
class Holder:
    """Who holds a data folder, as the holder wrote it. ``started`` is ISO 8601 UTC."""

    pid: int
    user: str
    host: str
    started: str
    command: str

    def describe_started(self) -> str:
        """The start time for people: ``2026-11-30 08:02:11 UTC``."""
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(self.started).strftime("%Y-%m-%d %H:%M:%S UTC")
        return self.started

    def describe(self) -> str:
        """One line, e.g. ``process 4711 (station gui) of user wang on BENCH-7,
        started 2026-11-30 08:02:11 UTC``."""
        return (
            f"process {self.pid} ({self.command}) of user {self.user} on {self.host}, "
            f"started {self.describe_started()}"
        )


class AlreadyRunning(RuntimeError):
    """Another live process holds the data folder; ``holder`` is None when it had not
    yet written who it is (it was starting at that very moment)."""

    def __init__(self, root: Path, holder: Holder | None):
        self.root = root
        self.holder = holder
        who = holder.describe() if holder else "another process that is starting"
        super().__init__(
            f"another station is working on the data folder {root}: {who}; "
            "close it (or let it finish) first"
        )


def _try_lock(fd: int) -> bool:
    if _WINDOWS:
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (11, 13, 35):  # EAGAIN / EACCES / EWOULDBLOCK on some systems
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if _WINDOWS:
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def read_holder(root: Path, *, attempts: int = 20) -> Holder | None:
    """Who wrote ``station.lock`` in ``root`` last (None if nobody or unreadable).

    A holder writes its details just after taking the lock; read in that
    instant, the file is empty or half written, so it is read again a few
    times (``attempts``, 25 ms apart) before giving up."""
    path = Path(root) / LOCK_NAME
    for n in range(attempts):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Holder(
                pid=int(data["pid"]),
                user=str(data["user"]),
                host=str(data["host"]),
                started=str(data["started"]),
                command=str(data["command"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            if n + 1 < attempts:
                time.sleep(0.025)
    return None


def holder_now(root: Path) -> Holder | None:
    """Who holds ``root`` at this moment, or None when it is free (a file left by a
    process that died names nobody). Found by trying the lock for an instant."""
    if not (Path(root) / LOCK_NAME).exists():
        return None
    probe = InstanceLock(root, "station doctor")
    try:
        probe.acquire()
    except AlreadyRunning as exc:
        return exc.holder or Holder(0, "?", "?", "", "starting")
    except OSError:
        return None
    probe.release()
    return None


class InstanceLock:
    """The lock on one data folder, for this process.

    ``acquire()`` raises AlreadyRunning when another process holds it, and
    OSError when the folder cannot be written. Hold the object as long as
    the folder is in use; ``release()`` (or the process ending, however it
    ends) frees it.
    """

    def __init__(self, root: Path | str, command: str):
        self.root = Path(root)
        self.command = command
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        self.root.mkdir(parents=True, exist_ok=True)
        # not O_TRUNC: the file holds the current holder's details until we hold the lock
        writable = True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _BINARY, 0o664)
        except PermissionError:
            # another user's lock file in a folder both use: locking needs no write
            # access (not on Windows); only the details cannot be written
            if _WINDOWS or not self.path.exists():
                raise
            fd = os.open(self.path, os.O_RDONLY | _BINARY)
            writable = False
        try:
            if not _try_lock(fd):
                raise AlreadyRunning(self.root, read_holder(self.root))
            if not writable:
                self._fd = fd
                return self
            holder = Holder(
                pid=os.getpid(),
                user=_user(),
                host=socket.gethostname(),
                started=datetime.now(UTC).replace(microsecond=0).isoformat(),
                command=self.command,
            )
            data = json.dumps(asdict(holder), ensure_ascii=False).encode() + b"\n"
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # nobody holds it now
            _unlock(fd)
        finally:
            os.close(fd)

    def __del__(self) -> None:  # a holder dropped without release(): free the folder
        with contextlib.suppress(Exception):
            self.release()

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
