"""Toledo continuous output: the status-byte frames Mettler Toledo terminals (and many
indicators copying them: Fairbanks, Rice Lake, Chinese XK3190 "Toledo" mode) stream
several times a second.

A frame is 17 or 18 bytes: STX, status words A, B and C, six digits of the
displayed weight, six of the tare (no decimal point: status word A says where it
goes), CR, and an optional checksum (the two's complement of the low seven bits of
the sum of every byte from STX to CR). Bit 7 of each byte may be parity: ignored.

Status word A, bits 0-2: where the decimal point is (0: two dummy zeros, 1: one,
2: none, 3-7: 1-5 decimals); bit 5 always 1.
Status word B: bit 0 net, bit 1 negative, bit 2 out of range, bit 3 in motion,
bit 4 kg (else lb), bit 5 always 1, bit 6 not zeroed since power-up.
Status word C, bits 0-2: the unit when not 0 (1 grams, 2 metric tons, 3 ounces,
4 troy ounces, 5 pennyweights, 6 long tons, 7 a custom unit); bit 5 always 1.
(Mettler Toledo terminal manuals, "Continuous Output Format" and its status byte
tables; the same in Fairbanks' "Toledo data format".)
"""

from __future__ import annotations

from decimal import Decimal

from station.drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight, to_grams

STX, CR = 0x02, 0x0D
FRAME = 17  # STX .. CR
_UNITS_C = {1: "g", 2: "t", 3: "oz", 4: "ozt", 5: "dwt", 6: "ton", 7: "custom"}


def checksum(frame: bytes) -> int:
    """The optional checksum byte for a frame from STX to CR."""
    return -sum(frame) & 0x7F


def parse_frame(frame: bytes, check: int | None = None) -> Weight:
    """One frame (STX to CR; ``check`` the byte after CR when the terminal sends a
    checksum) as a Weight, ``stable`` unless the motion bit is set.

    Raises ScaleNotReady ``overload`` / ``underload`` (out of range, positive /
    negative) or ``not_zeroed`` (not zeroed since power-up), ScaleUnitError for a
    unit other than lb, kg, g, oz, ScaleReplyError for a frame that is not one.
    """
    shown = frame.hex(" ")
    if len(frame) != FRAME or frame[0] != STX or frame[-1] != CR:
        raise ScaleReplyError(f"not a Toledo continuous frame: {shown}")
    if check is not None and (sum(frame) + check) & 0x7F:
        raise ScaleReplyError(f"Toledo frame with a wrong checksum: {shown}")
    a, b, c = (x & 0x7F for x in frame[1:4])
    digits = bytes(x & 0x7F for x in frame[4:10]).decode("ascii", "replace")
    tare = bytes(x & 0x7F for x in frame[10:16]).decode("ascii", "replace")
    if not (a & 0x20 and b & 0x20 and c & 0x20) or not all(
        part.replace(" ", "0").isdigit() for part in (digits, tare)
    ):
        raise ScaleReplyError(f"not a Toledo continuous frame: {shown}")
    negative = bool(b & 0x02)
    if b & 0x04:
        reason = "underload" if negative else "overload"
        raise ScaleNotReady(reason, f"scale reports {reason} (Toledo status B {b:#04x})")
    if b & 0x40:
        raise ScaleNotReady("not_zeroed", "the scale has not been zeroed since it was switched on")
    unit = _UNITS_C.get(c & 0x07) or ("kg" if b & 0x10 else "lb")
    value = Decimal(int(digits.replace(" ", "0"))).scaleb(2 - (a & 0x07))
    grams = to_grams(str(-value if negative else value), unit, shown)
    return Weight(grams, not b & 0x08, unit, net=bool(b & 0x01), raw=shown)


def format_frame(
    value: int,
    *,
    decimals: int = 3,
    unit: str = "kg",
    motion: bool = False,
    negative: bool = False,
    out_of_range: bool = False,
    not_zeroed: bool = False,
    net: bool = False,
    with_checksum: bool = False,
) -> bytes:
    """A frame as a terminal streams it (for the simulator and tests): ``value`` is
    the displayed figure without its decimal point (1234 with ``decimals=3`` is 1.234)."""
    a = 0x20 | 0x08 | (decimals + 2)  # increment x1
    b = 0x20 | net | negative << 1 | out_of_range << 2 | motion << 3 | (unit == "kg") << 4
    b |= not_zeroed << 6
    c = 0x20 | {v: k for k, v in _UNITS_C.items()}.get(unit, 0)
    frame = bytes([STX, a, b, c]) + f"{abs(value):06d}000000".encode() + bytes([CR])
    return frame + (bytes([checksum(frame)]) if with_checksum else b"")
