"""A serial / USB-CDC scanner read on its own thread (the device's one owner).

The reader opens the port, cuts the stream into scans (framing:
:mod:`station.drivers.scanners.framing`), and calls ``on_scan(ScanRead)`` for each;
``on_state(state, detail)`` reports ``connected`` / ``disconnected`` /
``error``, and ``on_dropped(reason, detail)`` a read thrown away (cut off,
over-long, or without its STX), so the operator can be told to scan again.
When the port goes away (cable pulled, scanner re-plugged on another port)
it keeps trying to reopen it, by path or by USB VID:PID, until stopped.
Callbacks run on the reader thread: a GUI must hand them over to its own
thread (the station uses a queued Qt signal).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from station.drivers.errors import DeviceError
from station.drivers.scanners.aim import split_symbology
from station.drivers.scanners.framing import Dropped, Frame, Framer, Overflow, decode
from station.drivers.transports.serial_port import SerialTransport
from station.drivers.uri import DeviceUri, parse_uri

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanRead:
    """One read: ``data`` without its framing and AIM identifier, ``symbology`` from the
    identifier ('' without one), ``raw`` the bytes inside the frame, ``framing`` how the
    reader cut it (``etx``, ``cr``…; ``none`` for a pause)."""

    data: str
    symbology: str
    source: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    raw: bytes = b""
    framing: str = ""


class SerialScannerReader:
    def __init__(
        self,
        uri: DeviceUri | str,
        on_scan: Callable[[ScanRead], None],
        on_state: Callable[[str, str], None] = lambda state, detail: None,
        *,
        on_dropped: Callable[[str, str], None] = lambda reason, detail: None,
        reconnect_delay: float = 0.5,
        max_reconnect_delay: float = 5.0,
    ):
        self.uri = parse_uri("scanner", uri) if isinstance(uri, str) else uri
        self.on_scan = on_scan
        self.on_state = on_state
        self.on_dropped = on_dropped
        self.transport = SerialTransport.from_uri(self.uri)
        self.framer = Framer(
            self.uri.params.get("terminator", "auto"),
            max_length=int(self.uri.params.get("max_length", 512)),
            idle_ms=int(self.uri.params.get("idle_ms", 50)),
            timeout_ms=int(self.uri.params.get("timeout_ms", 500)),
        )
        self._faulted = False  # a read was dropped since the last good one
        self._framing_seen = ""
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.state = "stopped"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- lifecycle ---

    def start(self) -> SerialScannerReader:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"scanner {self.uri.text}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.transport.close()
        self._set_state("stopped", "")

    def __enter__(self) -> SerialScannerReader:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- the reader thread ---

    def _set_state(self, state: str, detail: str) -> None:
        if state != self.state:
            self.state = state
            log.info("scanner %s: %s %s", self.uri.text, state, detail)
            self.on_state(state, detail)

    def _run(self) -> None:
        delay = self.reconnect_delay
        while not self._stop.is_set():
            try:
                self.transport.open()
            except DeviceError as exc:
                self._set_state("disconnected", str(exc))
                self._stop.wait(delay)
                delay = min(delay * 2, self.max_reconnect_delay)
                continue
            delay = self.reconnect_delay
            self.framer.relearn()  # the scanner plugged back in may be another one
            self._set_state("connected", self.transport.name)
            try:
                self._read_until_gone()
            except DeviceError as exc:
                self.transport.close()
                for event in self.framer.abandon():
                    self._deliver(event)
                self._set_state("disconnected", str(exc))

    def _read_until_gone(self) -> None:
        while not self._stop.is_set():
            chunk = self.transport.read(4096, timeout=0.05)
            now = time.monotonic()
            events = self.framer.feed(chunk, now) if chunk else self.framer.tick(now)
            for event in events:
                self._deliver(event)

    def _fault(self, reason: str, detail: str) -> None:
        """A read was thrown away: logged with its reason, told through ``on_dropped``
        (``overflow``, ``unclosed`` or ``outside_frame``) and shown as the scanner's
        state until the next good read."""
        log.warning("scanner %s: %s", self.uri.text, detail)
        self._faulted = True
        self.on_state("error", detail)
        self.on_dropped(reason, detail)

    def _deliver(self, event: Frame | Overflow | Dropped) -> None:
        if isinstance(event, Overflow):
            self._fault("overflow", f"over-long read of {event.length} bytes dropped")
            return
        if isinstance(event, Dropped):
            self._fault(event.reason, _dropped_detail(event))
            return
        text = decode(event.data)
        symbology, data = split_symbology(text)
        if not data:
            return
        if self._faulted and self.state == "connected":
            self._faulted = False
            self.on_state("connected", self.transport.name)
        framing = self.framer.framing or "none"
        if framing != self._framing_seen:
            self._framing_seen = framing
            log.info("scanner %s: reads framed by %s", self.uri.text, framing)
        self.on_scan(ScanRead(data, symbology, self.uri.text, raw=event.data, framing=framing))


def _dropped_detail(event: Dropped) -> str:
    """One line for the log and the status bar: what was dropped and why."""
    shown = decode(event.data)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    if event.reason == "outside_frame":
        return f"read without its STX dropped: {shown!r}"
    return f"read without its {event.end or 'end'} dropped: {shown!r}"
