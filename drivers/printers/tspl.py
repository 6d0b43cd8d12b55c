"""TSPL (TSC, Gprinter, Xprinter…): status byte (``<ESC>!?``) and a test label."""

from __future__ import annotations

import unicodedata

from drivers.errors import DeviceError
from drivers.printers.status import PrinterStatus

STATUS_QUERY = b"\x1b!?"

HEAD_OPEN, PAPER_JAM, PAPER_OUT, RIBBON_OUT, PAUSE, PRINTING, COVER_OPEN = (
    1 << n for n in range(7)
)


class StatusReplyError(DeviceError):
    code = "printer_status_garbled"


def parse_status_byte(data: bytes) -> PrinterStatus:
    """One byte, one bit per condition; 0 means ready to print."""
    if len(data) < 1:
        raise StatusReplyError("no status byte")
    bits = data[-1]
    return PrinterStatus(
        online=True,
        head_open=bool(bits & (HEAD_OPEN | COVER_OPEN)),
        paper_jam=bool(bits & PAPER_JAM),
        paper_out=bool(bits & PAPER_OUT),
        ribbon_out=bool(bits & RIBBON_OUT),
        paused=bool(bits & PAUSE),
        printing=bool(bits & PRINTING),
        raw=f"{bits:#04x}",
    )


def format_status_byte(status: PrinterStatus) -> bytes:
    bits = (
        (HEAD_OPEN if status.head_open else 0)
        | (PAPER_JAM if status.paper_jam else 0)
        | (PAPER_OUT if status.paper_out else 0)
        | (RIBBON_OUT if status.ribbon_out else 0)
        | (PAUSE if status.paused else 0)
        | (PRINTING if status.printing else 0)
    )
    return bytes([bits])


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


def test_label(title: str, lines: list[str], barcode: str) -> bytes:
    out = ["SIZE 100 mm,150 mm", "GAP 2 mm,0 mm", "DIRECTION 1", "CLS"]
    out.append(f'TEXT 40,40,"3",0,2,2,{quoted(title)}')
    y = 130
    for line in lines:
        out.append(f'TEXT 40,{y},"3",0,1,1,{quoted(line)}')
        y += 50
    out.append(f'BARCODE 40,{y + 20},"128",160,1,0,3,3,{quoted(barcode, barcode=True)}')
    out.append("PRINT 1,1")
    return ("\r\n".join(out) + "\r\n").encode("gb18030")
