"""Cut a serial scanner's byte stream into scans.

Scanners end each code with a terminator (CR, LF, CR LF), or with nothing
and a pause. Bytes arrive in any chunking; line noise (NUL, stray control
characters) is dropped, the GS1 group separator (0x1D) is kept, and a line
longer than ``max_length`` is discarded and reported rather than merged
with the next scan.
"""

from __future__ import annotations

from dataclasses import dataclass

TERMINATORS = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "none": b""}
GS = 0x1D
_KEEP_CONTROL = {GS}


@dataclass(frozen=True)
class Frame:
    data: bytes


@dataclass(frozen=True)
class Overflow:
    """A line longer than the limit was thrown away (it was probably two scans merged)."""

    length: int


class Framer:
    def __init__(self, terminator: str = "cr", *, max_length: int = 512, idle_ms: int = 50):
        if terminator not in TERMINATORS:
            raise ValueError(f"terminator must be one of {', '.join(TERMINATORS)}")
        self.terminator = terminator
        self.max_length = max_length
        self.idle = idle_ms / 1000.0
        self._buf = bytearray()
        self._overflowed = 0
        self._last = 0.0

    @property
    def pending(self) -> bool:
        return bool(self._buf) or bool(self._overflowed)

    def _is_end(self, byte: int) -> bool:
        if self.terminator in ("cr", "lf"):
            return byte == TERMINATORS[self.terminator][0]
        if self.terminator == "crlf":
            # Accept CR LF, and a lone CR or LF too: either one ends the line and an
            # empty line between them is ignored.
            return byte in (0x0D, 0x0A)
        return False

    def _close(self, out: list) -> None:
        if self._overflowed:
            out.append(Overflow(self._overflowed))
        elif self._buf:
            out.append(Frame(bytes(self._buf)))
        self._buf.clear()
        self._overflowed = 0

    def feed(self, data: bytes, now: float) -> list[Frame | Overflow]:
        out: list[Frame | Overflow] = []
        if self.terminator == "none" and self._buf and now - self._last >= self.idle:
            self._close(out)
        for byte in data:
            if self._is_end(byte):
                self._close(out)
                continue
            if byte < 0x20 and byte not in _KEEP_CONTROL or byte == 0x7F:
                continue  # line noise
            if self._overflowed:
                self._overflowed += 1
            elif len(self._buf) >= self.max_length:
                self._overflowed = len(self._buf) + 1
                self._buf.clear()
            else:
                self._buf.append(byte)
        if data:
            self._last = now
        return out

    def tick(self, now: float) -> list[Frame | Overflow]:
        """Called when no bytes came: ends an unterminated scan after the pause."""
        out: list[Frame | Overflow] = []
        if self.terminator == "none" and self.pending and now - self._last >= self.idle:
            self._close(out)
        return out


def decode(data: bytes) -> str:
    """Scanner bytes to text: UTF-8, else GB18030 (Chinese QR codes), else Latin-1."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
