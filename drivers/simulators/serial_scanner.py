"""A serial scanner: writes codes, as a scanner would, into one end of a serial line."""

from __future__ import annotations

import random

import serial

from drivers.scanners.framing import TERMINATORS


class SimulatedSerialScanner:
    def __init__(self, port_path: str, *, terminator: str = "cr", baud: int = 9600):
        self.port = serial.Serial(port_path, baud, timeout=1)
        self.terminator = TERMINATORS[terminator]

    def scan(self, code: str | bytes, *, aim: str = "") -> None:
        data = code.encode("utf-8") if isinstance(code, str) else code
        self.port.write(aim.encode() + data + self.terminator)
        self.port.flush()

    def write_raw(self, data: bytes) -> None:
        self.port.write(data)
        self.port.flush()

    def scan_chunked(self, codes: list[str], rng: random.Random, noise: bool = False) -> None:
        """All codes as one stream cut at random places, with line noise between scans."""
        stream = bytearray()
        for code in codes:
            if noise and rng.random() < 0.3:
                stream += bytes([0x00])
            stream += code.encode("utf-8") + self.terminator
        i = 0
        while i < len(stream):
            n = rng.randint(1, 9)
            self.port.write(stream[i : i + n])
            i += n
        self.port.flush()

    def close(self) -> None:
        self.port.close()
