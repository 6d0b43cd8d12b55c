"""Raw TCP (JetDirect, port 9100) to network label printers."""

from __future__ import annotations

import socket

from station.drivers.errors import DeviceNotOpen, DeviceOffline, DeviceTimeout
from station.drivers.transports.base import CHUNK, Deadline, TransportBase


class TcpTransport(TransportBase):
    def __init__(self, host: str, port: int = 9100, connect_timeout: float = 3.0):
        self.host, self.port = host, port
        self.connect_timeout = connect_timeout
        self.name = f"tcp://{host}:{port}"
        self._sock: socket.socket | None = None

    def open(self) -> None:
        if self._sock is not None:
            return
        try:
            self._sock = socket.create_connection(
                (self.host, self.port), timeout=self.connect_timeout
            )
        except TimeoutError as exc:
            raise DeviceTimeout(f"{self.name}: no answer to connect") from exc
        except OSError as exc:
            raise DeviceOffline(f"{self.name}: {exc.strerror or exc}") from exc
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def _need(self) -> socket.socket:
        if self._sock is None:
            raise DeviceNotOpen(f"{self.name} is not open")
        return self._sock

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        sock = self._need()
        deadline = Deadline(timeout)
        view = memoryview(data)
        while view:
            left = deadline.left()
            if left <= 0:
                raise DeviceTimeout(
                    f"{self.name}: printer took no data for {timeout:g} s "
                    f"({len(data) - len(view)} of {len(data)} bytes sent)"
                )
            sock.settimeout(left)
            try:
                sent = sock.send(view[:CHUNK])
            except TimeoutError:
                continue
            except OSError as exc:
                self.close()
                raise DeviceOffline(f"{self.name}: {exc.strerror or exc}") from exc
            view = view[sent:]
            if sent:
                deadline.restart()

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        sock = self._need()
        sock.settimeout(max(timeout, 0.001))
        try:
            data = sock.recv(size)
        except TimeoutError:
            return b""
        except OSError as exc:
            self.close()
            raise DeviceOffline(f"{self.name}: {exc.strerror or exc}") from exc
        if not data:
            self.close()
            raise DeviceOffline(f"{self.name}: connection closed by the printer")
        return data
