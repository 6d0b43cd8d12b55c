"""Cut a serial scanner's byte stream into reads (scans).

The rule: a read is exactly what the scanner put between its start and its
end, whatever the framing and however the bytes are chunked on the way. Two
reads are never merged into one, one read is never split into two, and a
read that never got its end is dropped with a reason, never glued to the next.

Framings scanners send (the ``terminator=`` option of a serial scanner address):

========  ==========================================================
``cr``    data CR (the factory default of most scanners)
``lf``    data LF
``crlf``  data CR LF (a lone CR or LF ends a read too; empty lines are ignored)
``tab``   data TAB
``etx``   STX data ETX; also data ETX without STX
``none``  no suffix: a pause of ``idle_ms`` ends the read
``auto``  learned from the first read (the default)
========  ==========================================================

In every framing an STX starts a read, and a read that began with STX also
ends at ETX (so ``STX data CR``, ``STX data ETX`` and ``STX data ETX CR``
all give ``data``). Once a whole read has come as ``STX … end``, bytes
between the end of one read and the next STX are not data: up to two of them
are a record suffix after ETX or a block check character (BCC, the XOR of the
bytes after STX up to the terminator) and are dropped silently; more are
reported.

``auto``: until the first read ends, any of CR, LF, TAB or ETX ends it and a
pause ends it too (a scanner with no suffix). The first read that ends with an
end byte fixes the framing from then on: ``STX … ETX`` gives ``etx``, ``STX …
CR`` gives ``cr`` with STX starts, ``… LF`` gives ``lf``, and so on. So an
STX/ETX scanner sending two reads back to back gives two scans. A read dropped
for its framing makes ``auto`` learn again from the next read (the first read
may have misled it: a QR code with a line break inside, a noise byte).

Line noise (NUL, BEL, DEL and the other control characters) is dropped; the
GS1 group separator GS (0x1D) is kept. A read longer than ``max_length`` is
discarded and reported (:class:`Overflow`), and so is a read that never got
its end: one interrupted by the next STX, or still open after ``timeout_ms``
of silence (:class:`Dropped`).

Sources: the serial transmission formats in scanner manuals: Hand Held
Products 3080/3220 user guide ("Serial interface message string": STX,
preamble, symbology identifier, data, postamble, ETX, record suffix CR / LF /
CRLF / TAB / space / EOT); Denso QS20H and QK20 user manuals (header none or
STX; terminator CR, LF, CR LF or ETX; a BCC after the terminator, sent only
with a header); AIM identifiers per ISO/IEC 15424.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STX, ETX, TAB, LF, CR, GS, DEL = 0x02, 0x03, 0x09, 0x0A, 0x0D, 0x1D, 0x7F

TERMINATORS = {
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "etx": b"\x03",
    "none": b"",
}
"""The suffix each framing's scanner sends (``etx`` is sent with an STX before the data)."""

FRAMINGS = ("auto", *TERMINATORS)
"""The values of the ``terminator=`` option, ``auto`` first (the default)."""

_ENDS = {
    "cr": frozenset({CR}),
    "lf": frozenset({LF}),
    "crlf": frozenset({CR, LF}),
    "tab": frozenset({TAB}),
    "etx": frozenset({ETX}),
    "none": frozenset(),
    None: frozenset({CR, LF, TAB, ETX}),  # auto, before the first read ended
}
_BY_END = {CR: "cr", LF: "lf", TAB: "tab", ETX: "etx"}
_END_NAMES = {"cr": "CR", "lf": "LF", "crlf": "CR/LF", "tab": "TAB", "etx": "ETX"}
TRAILER_BYTES = 2
"""Bytes after a read's end that are a block check (BCC/LRC, or a 2-byte CRC), not data."""


@dataclass(frozen=True)
class Frame:
    """One read: the bytes between its start and end, framing and noise removed."""

    data: bytes


@dataclass(frozen=True)
class Overflow:
    """A read longer than the limit was thrown away (it was probably two scans merged)."""

    length: int


@dataclass(frozen=True)
class Dropped:
    """Bytes that were not a whole read, thrown away.

    ``reason``: ``unclosed`` (a read whose end never came: the next STX came
    first, or ``timeout_ms`` of silence passed) or ``outside_frame`` (bytes
    between reads of a scanner that starts every read with STX, more than a
    block check: a read whose STX was lost)."""

    reason: str
    data: bytes
    end: str = field(default="", compare=False)  # for unclosed: the end awaited, "ETX", "CR"…


Event = Frame | Overflow | Dropped


class Framer:
    """Feed it the bytes as they come; it returns the reads they complete.

    ``terminator``: one of :data:`FRAMINGS` (``ValueError`` otherwise).
    ``max_length``: bytes a read may have. ``idle_ms``: the pause that ends a
    read when there is no suffix (``none``, and ``auto`` before the framing is
    known). ``timeout_ms``: the silence after which a read whose end never
    came is dropped. Times passed in are seconds on a monotonic clock.
    """

    def __init__(
        self,
        terminator: str = "auto",
        *,
        max_length: int = 512,
        idle_ms: int = 50,
        timeout_ms: int = 500,
    ):
        if terminator not in FRAMINGS:
            raise ValueError(f"terminator must be one of {', '.join(FRAMINGS)}")
        self.terminator = terminator
        self.max_length = max_length
        self.idle = idle_ms / 1000.0
        self.timeout = timeout_ms / 1000.0
        self.framing: str | None = None if terminator == "auto" else terminator
        self.stx_starts = False  # reads are seen to begin with STX
        self._buf = bytearray()
        self._overflowed = 0
        self._open = False  # inside a read (after STX, or after a data byte)
        self._by_stx = False  # the open read began with STX
        self._outside = bytearray()  # bytes after a read's end, before the next STX
        self._last = 0.0

    @property
    def learned(self) -> bool:
        """The framing is known (given, or learned from the first read)."""
        return self.framing is not None

    @property
    def pending(self) -> bool:
        return bool(self._buf) or bool(self._overflowed) or bool(self._outside)

    def relearn(self) -> None:
        """Forget a learned framing (``auto`` only): another scanner may be on the port."""
        if self.terminator == "auto":
            self.framing = None
            self.stx_starts = False

    # --- the states ---

    def _pause_ends_reads(self) -> bool:
        # With no suffix a pause is the end; a read that began with STX waits for its end.
        return self.framing == "none" or (self.framing is None and not self._by_stx)

    def _ends(self) -> frozenset[int]:
        ends = _ENDS[self.framing]
        return ends | {ETX} if self._by_stx else ends

    def _close(self, out: list[Event], how: str) -> None:
        """End the open read: ``how`` is ``end`` (its end byte came), ``pause``
        (a pause or an STX where a pause ends reads) or ``cut`` (it never got its end)."""
        if self._overflowed:
            out.append(Overflow(self._overflowed))
        elif self._buf:
            if how == "cut":
                out.append(Dropped("unclosed", bytes(self._buf), self._awaited()))
                self.relearn()  # learned from an odd first read, perhaps: learn again
            else:
                out.append(Frame(bytes(self._buf)))
        self._buf.clear()
        self._overflowed = 0
        self._open = self._by_stx = False

    def _awaited(self) -> str:
        """The end the open read waited for, as the manuals name it."""
        if self._by_stx and self.framing in (None, "etx"):
            return "ETX"
        name = _END_NAMES.get(self.framing, "end")
        return f"{name} or ETX" if self._by_stx else name

    def _close_outside(self, out: list[Event]) -> None:
        if len(self._outside) > TRAILER_BYTES:
            out.append(Dropped("outside_frame", bytes(self._outside)))
            self.relearn()
        self._outside.clear()

    def _learn(self, end: int) -> None:
        """A whole read ended by ``end`` came: the framing it shows holds from now on."""
        if self.framing is None:
            self.framing = _BY_END[end]
            self.stx_starts = self._by_stx
        elif self._by_stx and self.framing != "none":
            self.stx_starts = True  # a whole STX … end read, not a noise STX

    def _flush_silence(self, now: float, out: list[Event]) -> None:
        """What a silence since the last byte ends."""
        silent = now - self._last
        if self._open and self._pause_ends_reads() and silent >= self.idle:
            self._close(out, "pause")
        elif self._open and silent >= self.timeout:
            self._close(out, "cut")
        if self._outside and silent >= min(self.idle, self.timeout):
            self._close_outside(out)

    # --- feeding ---

    def feed(self, data: bytes, now: float) -> list[Event]:
        """The reads these bytes complete (and what they force out), in order."""
        out: list[Event] = []
        if data:
            self._flush_silence(now, out)
        for byte in data:
            self._byte(byte, out)
        if data:
            self._last = now
        return out

    def tick(self, now: float) -> list[Event]:
        """Called when no bytes came: ends a read after the pause, drops an unclosed one."""
        out: list[Event] = []
        self._flush_silence(now, out)
        return out

    def abandon(self) -> list[Event]:
        """The line went away (cable pulled): a read still open is dropped."""
        out: list[Event] = []
        if self._open:
            self._close(out, "cut")
        self._close_outside(out)
        return out

    def _byte(self, byte: int, out: list[Event]) -> None:
        if byte == STX:
            self._close_outside(out)
            if self._open:
                self._close(out, "pause" if self._pause_ends_reads() else "cut")
            self._open = self._by_stx = True
            return
        if self._open and byte in self._ends():
            if self._buf or self._overflowed:
                self._learn(byte)
            self._close(out, "end")
            return
        if not self._open and (byte in _ENDS[self.framing] or byte == ETX):
            self._close_outside(out)  # a stray end, or the end of bytes without their STX
            return
        if byte < 0x20 and byte != GS or byte == DEL:
            return  # line noise (or a block check that happens to be a control character)
        if not self._open and self.stx_starts:
            if len(self._outside) < self.max_length:
                self._outside.append(byte)
            return
        self._open = True
        if self._overflowed:
            self._overflowed += 1
        elif len(self._buf) >= self.max_length:
            self._overflowed = len(self._buf) + 1
            self._buf.clear()
        else:
            self._buf.append(byte)


def decode(data: bytes) -> str:
    """Scanner bytes to text: UTF-8, else GB18030 (Chinese QR codes), else Latin-1."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
