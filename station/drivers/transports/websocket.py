"""A WebSocket to a platform's print component on the packing PC (``ws://127.0.0.1:13528``).

A message transport: ``write`` sends one text message (the bytes are UTF-8
JSON), ``read`` returns one message received, or ``b""`` when none came in
time, like a socket read that timed out. The client is the ``websockets``
library's synchronous one, so no event loop runs in the station's threads.

Errors: DeviceOffline when nothing listens or the component closed the
connection (the component is not running), DeviceTimeout when it accepted
the connection but did not complete the WebSocket handshake in time.
"""

from __future__ import annotations

import contextlib

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

from station.drivers.errors import DeviceNotOpen, DeviceOffline, DeviceTimeout
from station.drivers.transports.base import TransportBase

MAX_MESSAGE = 16 * 1024 * 1024  # a page of print data is kilobytes; far above it is a fault


class WebSocketTransport(TransportBase):
    def __init__(self, host: str, port: int, connect_timeout: float = 3.0):
        self.host, self.port = host, port
        self.connect_timeout = connect_timeout
        self.name = f"ws://{host}:{port}"
        self._ws: ClientConnection | None = None
        self._held = contextlib.ExitStack()  # the connection, closed by close()

    def open(self) -> None:
        if self._ws is not None:
            return
        try:
            self._ws = self._held.enter_context(
                connect(
                    self.name,
                    open_timeout=self.connect_timeout,
                    close_timeout=1.0,
                    max_size=MAX_MESSAGE,
                    proxy=None,  # a component on this PC is never reached through a proxy
                    compression=None,
                )
            )
        except TimeoutError as exc:
            raise DeviceTimeout(f"{self.name}: no answer to connect") from exc
        except (OSError, InvalidHandshake, InvalidURI, ConnectionClosed) as exc:
            raise DeviceOffline(f"{self.name}: print component not running ({_why(exc)})") from exc

    def close(self) -> None:
        if self._ws is not None:
            try:
                self._held.close()
            except OSError:
                pass
            finally:
                self._ws = None

    def _need(self) -> ClientConnection:
        if self._ws is None:
            raise DeviceNotOpen(f"{self.name} is not open")
        return self._ws

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        """Send ``data`` (UTF-8 JSON) as one text message. The library buffers the
        write; a component that stopped reading shows as a missing answer."""
        ws = self._need()
        try:
            ws.send(data.decode("utf-8"))
        except (ConnectionClosed, OSError) as exc:
            self.close()
            raise DeviceOffline(f"{self.name}: connection closed by the print component") from exc

    def read(self, size: int = 0, timeout: float = 1.0) -> bytes:
        """One message (``size`` is ignored: a message comes whole), ``b""`` after
        ``timeout`` seconds without one."""
        ws = self._need()
        try:
            message = ws.recv(timeout=max(timeout, 0.001))
        except TimeoutError:
            return b""
        except (ConnectionClosed, OSError) as exc:
            self.close()
            raise DeviceOffline(f"{self.name}: connection closed by the print component") from exc
        return message.encode("utf-8") if isinstance(message, str) else bytes(message)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
