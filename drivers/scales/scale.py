"""A scale = a protocol (MT-SICS or continuous output) + a transport."""

from __future__ import annotations

import threading
import time

from drivers.errors import DeviceError, DeviceTimeout
from drivers.scales import continuous, mtsics
from drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight
from drivers.transports import Transport, transport_for
from drivers.uri import DeviceUri, parse_uri


class Scale:
    def __init__(self, uri: DeviceUri, transport: Transport):
        self.uri = uri
        self.protocol = uri.language
        self.transport = transport
        self._lock = threading.Lock()
        self._pending = b""

    @property
    def name(self) -> str:
        return self.uri.text

    def close(self) -> None:
        self.transport.close()

    def _line(self, deadline: float) -> str:
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(f"{self.name}: no answer from the scale")
            self._pending += self.transport.read(256, timeout=min(left, 0.2))
            if len(self._pending) > 4096:
                self._pending = b""
                raise ScaleReplyError(f"{self.name}: a line without end; wrong protocol or speed?")
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode("ascii", errors="replace")

    def _ask(self, command: bytes, timeout: float) -> Weight:
        self.transport.open()
        self._pending = b""
        self.transport.write(command, timeout=timeout)
        return mtsics.parse_reply(self._line(time.monotonic() + timeout))

    def weigh(self, *, stable: bool = True, timeout: float = 3.0) -> Weight:
        """The weight now; with ``stable`` wait (up to ``timeout``) until it settles."""
        with self._lock:
            if self.protocol == "mtsics":
                return self._ask(mtsics.WEIGH_STABLE if stable else mtsics.WEIGH_NOW, timeout)
            return self._continuous(stable, timeout)

    def _continuous(self, stable: bool, timeout: float) -> Weight:
        self.transport.open()
        deadline = time.monotonic() + timeout
        last_error: DeviceError | None = None
        garbled = 0
        while time.monotonic() < deadline:
            try:
                reading = continuous.parse_line(self._line(deadline))
            except ScaleReplyError as exc:
                # the first line after opening is often cut short; several bad lines are not
                garbled += 1
                last_error = exc
                if garbled >= 3:
                    raise
                continue
            except ScaleNotReady as exc:
                last_error = exc
                continue
            if reading.stable or not stable:
                return reading
        if last_error is not None:
            raise last_error
        raise DeviceTimeout(f"{self.name}: the weight did not settle in {timeout:.0f} s")

    def tare(self, timeout: float = 3.0) -> Weight:
        if self.protocol != "mtsics":
            raise DeviceError(f"{self.name}: tare this scale with its own key")
        with self._lock:
            return self._ask(mtsics.TARE, timeout)


def open_scale(text: str) -> Scale:
    uri = parse_uri("scale", text)
    if uri.transport == "sim":
        raise DeviceError("the simulated scale is made by the station, not by open_scale")
    return Scale(uri, transport_for(uri))
