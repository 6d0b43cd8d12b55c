"""USB printers through the kernel's printer class driver (/dev/usb/lp0).

Linux only (and the BSDs): Windows has no printer device files, and ``select``
there waits on sockets only; a USB printer on Windows is reached through the
driver its maker installs, by the system's print queue."""

from __future__ import annotations

import errno
import os
import select
import sys

from station.drivers.errors import DeviceNotOpen, DeviceOffline, DeviceTimeout
from station.drivers.transports.base import CHUNK, Deadline, TransportBase


class UsbLpTransport(TransportBase):
    def __init__(self, path: str):
        self.path = path
        self.name = path
        self._fd: int | None = None

    def open(self) -> None:
        if self._fd is not None:
            return
        if sys.platform == "win32":
            raise DeviceOffline(
                f"{self.path}: Windows has no printer device files; print through the "
                "printer's Windows driver (its print queue) or its network port instead"
            )
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            raise DeviceOffline(f"{self.path}: {exc.strerror}") from exc

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            finally:
                self._fd = None

    def _need(self) -> int:
        if self._fd is None:
            raise DeviceNotOpen(f"{self.path} is not open")
        return self._fd

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        fd = self._need()
        deadline = Deadline(timeout)
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([], [fd], [], deadline.left())
            if not writable:
                raise DeviceTimeout(f"{self.path}: printer took no data for {timeout:g} s")
            try:
                sent = os.write(fd, view[:CHUNK])
            except BlockingIOError:
                continue
            except OSError as exc:
                self.close()
                raise DeviceOffline(f"{self.path}: {exc.strerror}") from exc
            view = view[sent:]
            if sent:
                deadline.restart()

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        fd = self._need()
        readable, _, _ = select.select([fd], [], [], timeout)
        if not readable:
            return b""
        try:
            return os.read(fd, size)
        except OSError as exc:
            if exc.errno == errno.EAGAIN:
                return b""
            self.close()
            raise DeviceOffline(f"{self.path}: {exc.strerror}") from exc
