"""ZPL II: host status (``~HS``) and a test label."""

from __future__ import annotations

from drivers.errors import DeviceError
from drivers.printers.status import PrinterStatus

STATUS_QUERY = b"~HS"
STX, ETX = b"\x02", b"\x03"


class StatusReplyError(DeviceError):
    code = "printer_status_garbled"


def host_status_complete(data: bytes) -> bool:
    """True once the three STX…ETX strings of a ~HS reply have arrived."""
    return data.count(ETX) >= 3


def parse_host_status(data: bytes) -> PrinterStatus:
    """Parse the three strings a ZPL printer sends in answer to ``~HS``.

    String 1: ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``: b paper out, c pause,
    f receive buffer full. String 2: ``mmm,n,o,p,…``: o head up, p ribbon out.
    """
    text = data.decode("ascii", errors="replace")
    frames = []
    for chunk in text.split("\x02")[1:]:
        body, sep, _ = chunk.partition("\x03")
        if sep:
            frames.append(body.strip())
    if len(frames) < 2:
        raise StatusReplyError(f"~HS reply has {len(frames)} of 3 strings: {text!r}")
    one, two = frames[0].split(","), frames[1].split(",")
    if len(one) < 6 or len(two) < 4:
        raise StatusReplyError(f"~HS reply strings too short: {frames[:2]!r}")

    def flag(fields: list[str], i: int) -> bool:
        value = fields[i].strip()
        if value not in ("0", "1"):
            raise StatusReplyError(f"~HS flag {i} is {value!r}, not 0 or 1")
        return value == "1"

    return PrinterStatus(
        online=True,
        paper_out=flag(one, 1),
        paused=flag(one, 2),
        buffer_full=flag(one, 5),
        head_open=flag(two, 2),
        ribbon_out=flag(two, 3),
        raw=text,
    )


def format_host_status(status: PrinterStatus) -> bytes:
    """The ~HS reply a printer in ``status`` would send (for the simulator)."""
    b = lambda v: "1" if v else "0"  # noqa: E731
    one = (
        f"030,{b(status.paper_out)},{b(status.paused)},1218,000,"
        f"{b(status.buffer_full)},0,0,000,0,0,0"
    )
    two = f"001,0,{b(status.head_open)},{b(status.ribbon_out)},0,2,6,0,00000000,1,000"
    three = "1234,0"
    return b"".join(STX + s.encode() + ETX + b"\r\n" for s in (one, two, three))


FNC1 = "\xf1"  # FNC1 in Code 128 data, as python-barcode and reportlab write it


def field_data(text: str, *, code128: bool = False) -> str:
    """The one way a value gets into a ZPL field: the data of a ``^FH^FD…^FS``.

    ``^FH`` (field hexadecimal, ZPL II programming guide) lets any byte be
    written as ``_XX``. Written so are ``^`` and ``~`` (the command prefixes),
    ``_`` (the escape character itself), every control character (C0, DEL) and
    everything outside ASCII, as its UTF-8 bytes (the label is ``^CI28``).
    What is left is printable ASCII, so nothing in a value can end the field
    or start a command.

    ``code128=True`` for the data of a ``^BC`` barcode, where ``>`` starts an
    invocation code (``>8`` is FNC1, ``>:`` a subset switch): a ``>`` is written
    ``>0`` (the ``>`` character), FNC1 (``"\\xf1"``) ``>8``. Whether the value
    suits a barcode at all is ``station.labels.layout.barcode_value``'s call.
    """
    out = []
    for c in text:
        if code128 and c == ">":
            out.append(">0")
        elif code128 and c == FNC1:
            out.append(">8")
        elif c in "^~_" or not " " <= c <= "~":
            out.append("".join(f"_{b:02X}" for b in c.encode("utf-8", "replace")))
        else:
            out.append(c)
    return "".join(out)


def test_label(title: str, lines: list[str], barcode: str) -> bytes:
    """A 100x150 mm test label: title, lines of text, a Code 128 barcode."""
    out = [
        "^XA",
        "^CI28",
        "^PW812",
        "^LL1218",
        "^FO40,40^A0N,60,60^FH^FD" + field_data(title) + "^FS",
    ]
    y = 130
    for line in lines:
        out.append(f"^FO40,{y}^A0N,36,36^FH^FD{field_data(line)}^FS")
        y += 50
    out.append(f"^FO40,{y + 20}^BY3^BCN,160,Y,N,N^FH^FD{field_data(barcode, code128=True)}^FS")
    out.append("^XZ")
    return ("\n".join(out) + "\n").encode("utf-8")
