"""A "printer" that writes each job as a file into a folder (PDF/ZPL/TSPL to disk)."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

from station.drivers.errors import DeviceOffline
from station.drivers.transports.base import TransportBase
from station.drivers.uri import local_path

_counter = itertools.count(1)


class FolderTransport(TransportBase):
    def __init__(self, folder: str, extension: str = "bin"):
        self.folder = Path(folder)
        self.extension = extension
        self.name = f"file://{folder}"
        self.last_path: Path | None = None

    def open(self) -> None:
        if sys.platform != "win32" and local_path(str(self.folder)) is not None:
            raise DeviceOffline(
                f"{self.folder}: a Windows folder, and this computer is not Windows"
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeviceOffline(f"{self.folder}: {exc.strerror}") from exc
        if not os.access(self.folder, os.W_OK):
            raise DeviceOffline(f"{self.folder}: not writable")

    def close(self) -> None:
        pass

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        final = self.folder / f"job-{stamp}-{os.getpid()}-{next(_counter):05d}.{self.extension}"
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".job-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:
            raise DeviceOffline(f"{self.folder}: {exc.strerror}") from exc
        self.last_path = final

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        return b""
