"""ZPL II: host status (``~HS``) and a test label."""

from __future__ import annotations

from station.drivers.errors import DeviceError
from station.drivers.printers.status import PrinterStatus

STATUS_QUERY = b"~HS"
STX, ETX = b"\x02", b"\x03"


class StatusReplyError(DeviceError):
    """A reply that is not a ``~HS`` answer (``answer="garbled"``)."""

    code = "printer_status_garbled"


class StatusReplyIncomplete(StatusReplyError):
    """Part of a ``~HS`` answer: fewer than its three strings (``answer="incomplete"``)."""

    code = "printer_status_incomplete"


def host_status_complete(data: bytes) -> bool:
    """True once the three STX…ETX strings of a ~HS reply have arrived."""
    return data.count(ETX) >= 3


# ~HS string layouts (ZPL II Programming Guide, ~HS "Host Status Return").
# String 1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
STRING_1 = (
    "comm_settings",  # aaa: communication (interface) settings, a bit field in decimal
    "paper_out",  # b
    "paused",  # c
    "label_length_dots",  # dddd: label length in dots
    "formats_in_buffer",  # eee: number of formats in the receive buffer
    "buffer_full",  # f
    "comm_diagnostic",  # g: communications diagnostic mode
    "partial_format",  # h: partial format in progress
    "unused_1",  # iii: always 000
    "corrupt_ram",  # j: corrupt RAM (configuration data lost)
    "under_temperature",  # k
    "over_temperature",  # l
)
# String 2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
STRING_2 = (
    "function_settings",  # mmm: function settings, a bit field in decimal
    "unused_2",  # n: always 0
    "head_open",  # o: head up
    "ribbon_out",  # p
    "thermal_transfer",  # q: thermal transfer mode (0 = direct thermal)
    "print_mode",  # r: print mode
    "print_width_mode",  # s
    "label_waiting",  # t: label waiting (peel-off mode)
    "labels_remaining",  # uuuuuuuu: labels remaining in batch
    "format_while_printing",  # v: format while printing (always 1)
    "graphics_stored",  # www: number of graphic images stored in memory
)
# String 3: xxxx,y
STRING_3 = (
    "password",  # xxxx: the printer's password (read, never shown)
    "static_ram",  # y: 0 (static RAM not installed) or 1
)
FLAGS = {
    "paper_out",
    "paused",
    "buffer_full",
    "comm_diagnostic",
    "partial_format",
    "corrupt_ram",
    "under_temperature",
    "over_temperature",
    "head_open",
    "ribbon_out",
    "thermal_transfer",
    "label_waiting",
    "format_while_printing",
    "static_ram",
}
STATUS_FLAGS = FLAGS - {"thermal_transfer", "format_while_printing", "static_ram"}
# r: print mode (ZPL II Programming Guide, ~HS string 2 and ^MM)
PRINT_MODES = {
    "0": "rewind",
    "1": "peel_off",
    "2": "tear_off",
    "3": "cutter",
    "4": "applicator",
    "5": "delayed_cut",
    "6": "linerless_peel",
    "7": "linerless_rewind",
    "8": "partial_cutter",
    "9": "rfid",
    "K": "kiosk",
    "S": "stream",
}


def _frames(text: str) -> list[str]:
    frames = []
    for chunk in text.split("\x02")[1:]:
        body, sep, _ = chunk.partition("\x03")
        if sep:
            frames.append(body.strip())
    return frames


def parse_host_status(data: bytes) -> PrinterStatus:
    """Parse the three strings a ZPL printer sends in answer to ``~HS``.

    Each string is ``<STX>…<ETX><CR><LF>``, its fields comma-separated, in the
    order of ``STRING_1``, ``STRING_2``, ``STRING_3`` (ZPL II Programming Guide,
    ``~HS``). Every flag must be ``0`` or ``1`` and every count a number.
    The flags become the ``PrinterStatus`` flags of the same names; the rest go
    to ``details`` (``print_mode`` as a name from ``PRINT_MODES``); the password
    is left out.

    Raises ``StatusReplyIncomplete`` when fewer than three strings came (a
    reply cut off) and ``StatusReplyError`` when a string has fewer fields than
    documented or a field is not what its place says. Extra fields after the
    documented ones (later firmware) are ignored.
    """
    text = data.decode("ascii", errors="replace")
    frames = _frames(text)
    if len(frames) < 3:
        raise StatusReplyIncomplete(f"~HS reply has {len(frames)} of 3 strings: {text!r}")
    values: dict[str, str] = {}
    layouts = (STRING_1, STRING_2, STRING_3)
    for n, (frame, names) in enumerate(zip(frames[:3], layouts, strict=True), 1):
        fields = [f.strip() for f in frame.split(",")]
        if len(fields) < len(names):
            raise StatusReplyError(
                f"~HS string {n} has {len(fields)} of {len(names)} fields: {frame!r}"
            )
        values.update(zip(names, fields[: len(names)], strict=True))
    for name, value in values.items():
        if name in FLAGS and value not in ("0", "1"):
            raise StatusReplyError(f"~HS {name} is {value!r}, not 0 or 1")
        if name not in FLAGS and name not in ("print_mode", "password") and not value.isdigit():
            raise StatusReplyError(f"~HS {name} is {value!r}, not a number")
    if values["print_mode"] not in PRINT_MODES:
        raise StatusReplyError(f"~HS print mode {values['print_mode']!r} is not documented")
    details = {
        "comm_settings": int(values["comm_settings"]),
        "label_length_dots": int(values["label_length_dots"]),
        "formats_in_buffer": int(values["formats_in_buffer"]),
        "function_settings": int(values["function_settings"]),
        "thermal_transfer": values["thermal_transfer"] == "1",
        "print_mode": PRINT_MODES[values["print_mode"]],
        "print_width_mode": int(values["print_width_mode"]),
        "labels_remaining": int(values["labels_remaining"]),
        "format_while_printing": values["format_while_printing"] == "1",
        "graphics_stored": int(values["graphics_stored"]),
        "static_ram": values["static_ram"] == "1",
    }
    shown = "\n".join(frames[:2]) + "\n" + "****," + values["static_ram"]
    return PrinterStatus(
        online=True,
        details=details,
        raw=shown,
        **{name: values[name] == "1" for name in STATUS_FLAGS},
    )


def format_host_status(status: PrinterStatus, *, strings: int = 3) -> bytes:
    """The ~HS reply a printer in ``status`` would send (for the simulator):
    every flag of ``status``, the numbers of ``status.details`` (defaults for
    those it lacks). ``strings`` < 3 sends only the first strings, as a
    printer whose reply is cut off."""
    b = lambda v: "1" if v else "0"  # noqa: E731
    d = {
        "comm_settings": 30,
        "label_length_dots": 1218,
        "formats_in_buffer": 0,
        "function_settings": 1,
        "thermal_transfer": False,
        "print_mode": "tear_off",
        "print_width_mode": 6,
        "labels_remaining": 0,
        "format_while_printing": True,
        "graphics_stored": 0,
        "static_ram": False,
        **status.details,
    }
    mode = {v: k for k, v in PRINT_MODES.items()}[d["print_mode"]]
    one = (
        f"{d['comm_settings']:03d},{b(status.paper_out)},{b(status.paused)},"
        f"{d['label_length_dots']:04d},{d['formats_in_buffer']:03d},{b(status.buffer_full)},"
        f"{b(status.comm_diagnostic)},{b(status.partial_format)},000,{b(status.corrupt_ram)},"
        f"{b(status.under_temperature)},{b(status.over_temperature)}"
    )
    two = (
        f"{d['function_settings']:03d},0,{b(status.head_open)},{b(status.ribbon_out)},"
        f"{b(d['thermal_transfer'])},{mode},{d['print_width_mode']},{b(status.label_waiting)},"
        f"{d['labels_remaining']:08d},{b(d['format_while_printing'])},{d['graphics_stored']:03d}"
    )
    three = f"1234,{b(d['static_ram'])}"
    return b"".join(STX + s.encode() + ETX + b"\r\n" for s in (one, two, three)[:strings])


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


def test_label(title: str, lines: list[str], barcode: str, *, dpi: int = 203) -> bytes:
    """A 100x150 mm test label for a ``dpi`` printer: title, lines of text, a Code
    128 barcode. Sizes are millimetres turned into the printer's dots."""

    def d(mm: float) -> int:
        return round(mm * dpi / 25.4)

    out = [
        "^XA",
        "^CI28",
        f"^PW{d(100)}",
        f"^LL{d(150)}",
        f"^FO{d(5)},{d(5)}^A0N,{d(7.5)},{d(7.5)}^FH^FD" + field_data(title) + "^FS",
    ]
    y = 16.0
    for line in lines:
        out.append(f"^FO{d(5)},{d(y)}^A0N,{d(4.5)},{d(4.5)}^FH^FD{field_data(line)}^FS")
        y += 6.25
    module = max(1, d(0.375))  # 3 dots at 203 dpi
    out.append(
        f"^FO{d(5)},{d(y + 2.5)}^BY{module}^BCN,{d(20)},Y,N,N"
        f"^FH^FD{field_data(barcode, code128=True)}^FS"
    )
    out.append("^XZ")
    return ("\n".join(out) + "\n").encode("utf-8")
