"""Simulated scales: one answering MT-SICS or streaming continuous output on a
serial line, and an in-process one for demo mode (``sim``)."""

from __future__ import annotations

import threading
from collections import deque
from decimal import Decimal

import serial

from station.drivers.scales import continuous, mtsics, toledo
from station.drivers.scales.reading import Weight


class SimulatedSerialScale:
    """Answers S/SI/T/Z on a serial port, or streams ``ST,GS,…`` lines or Toledo
    frames (``protocol="toledo"``, always in kg); settable weight,
    stability and unit.

    ``script`` holds answers sent before the steady state, one per S/SI command
    (MT-SICS) or one per streamed line: ``sim.script.extend([b"S D 1.2 kg\r\n"] * 3)``
    is a balance still moving for three questions. ``garbage`` is sent instead of
    every weight while set (any fixed answer: noise, ``S +``, an ``OL`` line)."""

    def __init__(
        self, port_path: str, *, protocol: str = "mtsics", grams: float = 0.0, unit: str = "kg"
    ):
        self.port = serial.Serial(port_path, 9600, timeout=0.05)
        self.protocol = protocol
        self.grams = grams
        self.unit = unit
        self.stable = True
        self.tare_grams = 0.0
        self.garbage: bytes | None = None  # sent instead of a weight when set
        self.script: deque[bytes] = deque()
        self.asked = 0  # S/SI commands answered
        self.streamed = 0  # lines sent (continuous)
        self._sent = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sim scale", daemon=True)

    def start(self) -> SimulatedSerialScale:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.port.close()

    def _run(self) -> None:
        buf = b""
        while not self._stop.is_set():
            try:
                if self.protocol in ("continuous", "toledo"):
                    self.port.write(self._next_line())
                    with self._sent:
                        self.streamed += 1
                        self._sent.notify_all()
                    self._stop.wait(0.05)
                    continue
                buf += self.port.read(64)
            except (serial.SerialException, OSError):
                return
            while b"\n" in buf:
                line, _, buf = buf.partition(b"\n")
                self.port.write(self._answer(line.strip().decode("ascii", "replace")))

    def wait_streamed(self, lines: int = 2, timeout: float = 5.0) -> None:
        """Return once ``lines`` more lines have been streamed (a change of weight,
        stability or garbage has reached the line)."""
        with self._sent:
            target = self.streamed + lines
            if not self._sent.wait_for(lambda: self.streamed >= target, timeout):
                raise TimeoutError("the simulated indicator stopped streaming")

    def _next_line(self) -> bytes:
        if self.script:
            return self.script.popleft()
        if self.garbage is not None:
            return self.garbage
        if self.protocol == "toledo":
            grams = self.grams - self.tare_grams
            return toledo.format_frame(
                round(abs(grams)), decimals=3, motion=not self.stable, negative=grams < 0
            )
        return continuous.format_line(self.grams - self.tare_grams, self.stable, unit=self.unit)

    def _answer(self, command: str) -> bytes:
        if command in ("S", "SI"):
            self.asked += 1
            if self.script:
                return self.script.popleft()
        if self.garbage is not None:
            return self.garbage
        if command in ("S", "SI"):
            return mtsics.format_reply(
                "S", self.grams - self.tare_grams, self.stable, unit=self.unit
            )
        if command == "T":
            self.tare_grams = self.grams
            return mtsics.format_reply("T", self.tare_grams, True, unit=self.unit)
        if command == "Z":
            return b"Z A\r\n"
        return b"ES\r\n"


class InProcessScale:
    """The demo scale: a weight set by hand, or (``grams=None``, "auto") the weight
    the parcel should have, so a demo parcel passes unless one asks otherwise."""

    name = "sim"

    def __init__(self, grams: float | None = None):
        self.grams = None if grams is None else Decimal(str(grams))

    @property
    def auto(self) -> bool:
        return self.grams is None

    def weigh(
        self, *, stable: bool = True, timeout: float = 3.0, expected_g: int | None = None
    ) -> Weight:
        grams = Decimal(expected_g or 0) if self.grams is None else self.grams
        return Weight(grams, True, "g", raw="sim")

    def tare(self, timeout: float = 3.0) -> Weight:
        self.grams = Decimal(0)
        return Weight(self.grams, True, "g", raw="sim")

    def close(self) -> None:
        pass
