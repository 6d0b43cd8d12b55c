"""A serial scanner: writes codes, as a scanner would, into one end of a serial line."""

from __future__ import annotations

import random
import time

import serial

from station.drivers.scanners.framing import STX, TERMINATORS


def block_check(data: bytes) -> bytes:
    """The LRC byte some scanners send after ETX: XOR of the bytes after STX up to ETX."""
    value = 0
    for b in data:
        value ^= b
    return bytes([value])


class SimulatedSerialScanner:
    """``terminator``: the suffix (``cr``, ``lf``, ``crlf``, ``tab``, ``etx``, ``none``);
    ``etx`` also puts STX before each read unless ``stx=False``; ``lrc`` adds the block
    check byte after ETX."""

    def __init__(
        self,
        port_path: str,
        *,
        terminator: str = "cr",
        baud: int = 9600,
        stx: bool | None = None,
        lrc: bool = False,
    ):
        self.port = serial.Serial(port_path, baud, timeout=1)
        self.terminator = TERMINATORS[terminator]
        self.prefix = bytes([STX]) if (terminator == "etx" if stx is None else stx) else b""
        self.lrc = lrc

    def frame(self, code: str | bytes, aim: str = "") -> bytes:
        """One read as the scanner sends it."""
        data = aim.encode() + (code.encode("utf-8") if isinstance(code, str) else code)
        out = self.prefix + data + self.terminator
        return out + block_check(data + self.terminator) if self.lrc else out

    def scan(self, code: str | bytes, *, aim: str = "") -> None:
        self.port.write(self.frame(code, aim))
        self.port.flush()

    def write_raw(self, data: bytes) -> None:
        self.port.write(data)
        self.port.flush()

    def write_bytewise(self, data: bytes, gap_s: float = 0.001) -> None:
        """One byte at a time, as a UART at 9600 baud sends them (about 1 ms a byte)."""
        for b in data:
            self.port.write(bytes([b]))
            self.port.flush()
            time.sleep(gap_s)

    def scan_chunked(self, codes: list[str], rng: random.Random, noise: bool = False) -> None:
        """All codes as one stream cut at random places, with line noise between scans."""
        stream = bytearray()
        for code in codes:
            if noise and rng.random() < 0.3:
                stream += bytes([0x00])
            stream += self.frame(code)
        i = 0
        while i < len(stream):
            n = rng.randint(1, 9)
            self.port.write(stream[i : i + n])
            i += n
        self.port.flush()

    def close(self) -> None:
        self.port.close()
