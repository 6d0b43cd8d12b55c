"""TSPL (TSC, Gprinter, Xprinter…): status byte (``<ESC>!?``) and a test label."""

from __future__ import annotations

import unicodedata

from station.drivers.errors import DeviceError
from station.drivers.printers.status import PrinterStatus

STATUS_QUERY = b"\x1b!?"

# The status byte's bits, 0 to 7 (TSC TSPL/TSPL2 Programming Manual, <ESC>!?).
BITS = (
    "head_open",
    "paper_jam",
    "paper_out",
    "ribbon_out",
    "paused",
    "printing",
    "cover_open",
    "other_error",
)
HEAD_OPEN, PAPER_JAM, PAPER_OUT, RIBBON_OUT, PAUSE, PRINTING, COVER_OPEN, OTHER_ERROR = (
    1 << n for n in range(8)
)


class StatusReplyError(DeviceError):
    code = "printer_status_garbled"


def parse_status_byte(data: bytes) -> PrinterStatus:
    """The reply to ``<ESC>!?``: one byte, one bit per condition (``BITS``, bit 0
    first); 0 means ready to print. Of several bytes the last is the answer
    (bytes before it are left over on a serial line). Raises
    ``StatusReplyError`` for no byte at all."""
    if len(data) < 1:
        raise StatusReplyError("no status byte")
    bits = data[-1]
    return PrinterStatus(
        online=True,
        raw=f"{bits:#04x}",
        **{name: bool(bits & (1 << n)) for n, name in enumerate(BITS)},
    )


def format_status_byte(status: PrinterStatus) -> bytes:
    """The status byte a printer in ``status`` would send (for the simulator)."""
    return bytes([sum(1 << n for n, name in enumerate(BITS) if getattr(status, name))])


class FieldRefused(ValueError):
    """A value that TSPL cannot carry as it is (a barcode's data with a control
    character, a backslash or a character outside ASCII)."""


def _control(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs")


def quoted(text: str, *, barcode: bool = False) -> str:
    """The one way a value gets into TSPL: a double-quoted string argument.

    TSPL (TSC TSPL/TSPL2 programming manual) ends a command at CR or LF and a
    string at ``"``; its only escape inside a string is ``\\["]`` for ``"``
    (backslash and ``[`` open that escape). There is no escape for CR, LF or
    any other control character, so:

    - text: ``"`` becomes ``\\["]``; control characters (C0, DEL, C1, line
      and paragraph separators) become spaces; ``\\`` becomes the full-width
      ``＼`` (so no value opens an escape); a lone surrogate becomes ``?``.
    - ``barcode=True``: the data must reach the symbol unchanged, so a
      control character, a backslash or anything outside ASCII raises
      ``FieldRefused``; ``"`` becomes ``\\["]``.

    The result holds no CR, LF or other control character, and exactly two
    unescaped ``"``: its own.
    """
    if barcode:
        bad = next((c for c in text if c == "\\" or not " " <= c <= "~"), None)
        if bad is not None:
            raise FieldRefused(f"{bad!r} cannot be in a TSPL barcode's data: {text[:40]!r}")
        return '"' + text.replace('"', '\\["]') + '"'
    out = []
    for c in text:
        if c == '"':
            out.append('\\["]')
        elif c == "\\":
            out.append("\uff3c")
        elif c < " " or c == "\x7f" or (c > "~" and _control(c)):
            out.append("?" if unicodedata.category(c) == "Cs" else " ")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def test_label(title: str, lines: list[str], barcode: str, *, dpi: int = 203) -> bytes:
    """A 100x150 mm test label for a ``dpi`` printer (``SIZE`` in mm, positions in
    the printer's dots)."""

    def d(mm: float) -> int:
        return round(mm * dpi / 25.4)

    mul = max(1, round(dpi / 203))  # the built-in font's dots do not grow with the head
    out = ["SIZE 100 mm,150 mm", "GAP 2 mm,0 mm", "DIRECTION 1", "CLS"]
    out.append(f'TEXT {d(5)},{d(5)},"3",0,{2 * mul},{2 * mul},{quoted(title)}')
    y = 16.0
    for line in lines:
        out.append(f'TEXT {d(5)},{d(y)},"3",0,{mul},{mul},{quoted(line)}')
        y += 6.25
    narrow = max(1, d(0.375))
    out.append(
        f'BARCODE {d(5)},{d(y + 2.5)},"128",{d(20)},1,0,{narrow},{narrow},'
        f"{quoted(barcode, barcode=True)}"
    )
    out.append("PRINT 1,1")
    return ("\r\n".join(out) + "\r\n").encode("gb18030")
