"""A scale = a protocol (MT-SICS, continuous output lines or Toledo continuous
frames) + a transport.

:meth:`Scale.weigh` with ``stable=True`` gives only a weight the scale calls
stable: an MT-SICS balance is asked again (``S``) while it answers dynamic or
busy, a continuous indicator is read on while it streams unstable lines (or
Toledo frames with the motion bit), until
the time limit; then :class:`~station.drivers.scales.reading.ScaleUnsettled` ("the
scale did not settle"), never the moving weight.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time

from station.drivers.errors import DeviceError, DeviceTimeout
from station.drivers.scales import continuous, mtsics, toledo
from station.drivers.scales.reading import (
    ScaleNotReady,
    ScaleReplyError,
    ScaleUnitError,
    ScaleUnsettled,
    Weight,
)
from station.drivers.transports import Transport, transport_for
from station.drivers.uri import DeviceUri, parse_uri

_LINE_END = re.compile(rb"\r\n|\n|\r")
SETTLE_SECONDS = 5.0  # devices.scale_settle_seconds' default
ASK_AGAIN_S = 0.1  # pause between two S commands to a balance that answered "moving"
PROBE_S = 1.0  # after a silent S: how long SI may take to show the balance is there


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

    def _drain(self) -> None:
        """Forget what arrived before this request: a stream's old lines (the empty
        pan, the last parcel) or a late answer to an earlier command."""
        self._pending = b""
        for _ in range(64):
            if not self.transport.read(4096, timeout=0):
                return

    def _line(self, deadline: float) -> str:
        """The next non-empty line, ended by CR LF, LF or CR alone (indicators set to
        CR-only terminators)."""
        while True:
            match = _LINE_END.search(self._pending)
            if match is not None:
                line, self._pending = (
                    self._pending[: match.start()],
                    self._pending[match.end() :],
                )
                if line.strip():
                    return line.decode("ascii", errors="replace")
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(f"{self.name}: no answer from the scale")
            self._pending += self.transport.read(256, timeout=min(left, 0.2))
            if len(self._pending) > 4096:
                self._pending = b""
                raise ScaleReplyError(f"{self.name}: a line without end; wrong protocol or speed?")

    def _frame(self, deadline: float) -> tuple[bytes, int | None]:
        """The next Toledo frame (STX to CR, parity bits cleared) and the checksum byte
        after it, None when the next frame's STX follows at once. A chunk that starts
        with STX but is no frame comes back as it is, for the parser to refuse."""
        while True:
            start = self._pending.find(b"\x02")
            self._pending = self._pending[start:] if start >= 0 else b""
            if len(self._pending) > toledo.FRAME:
                frame, after = self._pending[: toledo.FRAME], self._pending[toledo.FRAME]
                if frame[-1] != toledo.CR:
                    self._pending = self._pending[1:]
                    return frame, None
                check = None if after == toledo.STX else after
                self._pending = self._pending[toledo.FRAME + (check is not None) :]
                return frame, check
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(f"{self.name}: no answer from the scale")
            chunk = self.transport.read(256, timeout=min(left, 0.2))
            self._pending += bytes(x & 0x7F for x in chunk)

    def _next_reading(self, deadline: float) -> Weight | None:
        """The next streamed weight: a line (continuous) or a frame (toledo)."""
        if self.protocol == "toledo":
            return toledo.parse_frame(*self._frame(deadline))
        return continuous.parse_line(self._line(deadline))

    def _ask(self, command: bytes, timeout: float) -> Weight:
        self.transport.open()
        self._drain()
        self.transport.write(command, timeout=timeout)
        return mtsics.parse_reply(self._line(time.monotonic() + timeout))

    def weigh(self, *, stable: bool = True, timeout: float = SETTLE_SECONDS) -> Weight:
        """The weight now; with ``stable`` (the default) only a stable weight,
        waited for up to ``timeout`` seconds.

        Raises ScaleUnsettled when the scale was still moving at the time limit,
        ScaleNotReady for overload/underload, ScaleUnitError for a unit the
        station does not convert, ScaleReplyError for garbage, DeviceTimeout when
        the scale says nothing at all, DeviceOffline when it is not there.
        """
        with self._lock:
            if self.protocol != "mtsics":
                return self._continuous(stable, timeout)
            if not stable:
                return self._ask(mtsics.WEIGH_NOW, timeout)
            return self._mtsics_stable(timeout)

    def _mtsics_stable(self, timeout: float) -> Weight:
        """Send S until the answer is ``S S``; ``S D`` and ``S I`` ask again after
        :data:`ASK_AGAIN_S`. ``S +``/``S -`` are the balance's settled answer: at once."""
        self.transport.open()
        deadline = time.monotonic() + timeout
        last: Weight | None = None
        answered = False
        while True:
            self._drain()
            self.transport.write(mtsics.WEIGH_STABLE, timeout=timeout)
            try:
                line = self._line(deadline)
                answered = True
            except DeviceTimeout:
                if not answered:
                    return self._probe(timeout)
                raise ScaleUnsettled(timeout, last) from None
            try:
                reading = mtsics.parse_reply(line)
            except ScaleNotReady as exc:
                if exc.reason != "busy":
                    raise
                reading = None
            if reading is not None and reading.stable:
                return reading
            last = reading or last
            left = deadline - time.monotonic()
            if left <= 0:
                raise ScaleUnsettled(timeout, last)
            time.sleep(min(ASK_AGAIN_S, left))

    def _probe(self, timeout: float) -> Weight:
        """S went unanswered for the whole time limit. A balance waits for a stable
        weight before it answers S; SI tells a balance still moving (``S D``) from
        one that is not there. The late answer to S may come first: stable, it is used."""
        self.transport.write(mtsics.WEIGH_NOW, timeout=PROBE_S)
        try:
            reading = mtsics.parse_reply(self._line(time.monotonic() + PROBE_S))
        except DeviceTimeout:
            raise DeviceTimeout(f"{self.name}: no answer from the scale") from None
        except ScaleNotReady as exc:
            if exc.reason != "busy":
                raise
            raise ScaleUnsettled(timeout) from None
        if reading.stable:
            return reading
        raise ScaleUnsettled(timeout, reading)

    def _continuous(self, stable: bool, timeout: float) -> Weight:
        """Read the stream until a stable line (any weight line without ``stable``).
        At the time limit the last line says why: moving (ScaleUnsettled), overload
        or underload, garbage; only tare lines is ScaleNotReady ``tare_only``; no
        line at all is DeviceTimeout."""
        self.transport.open()
        self._drain()
        deadline = time.monotonic() + timeout
        last_error: DeviceError | None = None
        last: Weight | None = None
        garbled = 0
        tare_only = False  # tare lines came, and no weight line
        with contextlib.suppress(DeviceTimeout):  # begun before this request: cut short,
            (self._frame if self.protocol == "toledo" else self._line)(deadline)  # or old
        while time.monotonic() < deadline:
            try:
                reading = self._next_reading(deadline)
            except DeviceTimeout:
                break
            except ScaleUnitError:
                raise
            except ScaleReplyError as exc:
                # line noise; three bad lines in a row are the wrong protocol or speed
                garbled += 1
                last_error = exc
                if garbled >= 3:
                    raise
                continue
            except ScaleNotReady as exc:
                garbled, last_error = 0, exc
                continue
            if reading is None:  # a tare line
                tare_only = True
                continue
            garbled, last_error = 0, None
            if reading.stable or not stable:
                return reading
            last = reading
        if last_error is not None:
            raise last_error
        if last is not None:
            raise ScaleUnsettled(timeout, last)
        if tare_only:
            raise ScaleNotReady(
                "tare_only",
                f"{self.name}: the scale sends only its tare (TR lines), no gross or net "
                "weight: set it to send the weight",
            )
        raise DeviceTimeout(f"{self.name}: no answer from the scale")

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
