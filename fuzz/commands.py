"""Printer-language output read back as a printer reads it, to check that a
document's values never add, remove or split a command.

``zpl_commands`` and ``tspl_commands`` give the command list of a rendered
label; a label rendered from hostile values must give the same list as one
rendered from plain values of the same shape (``benign``). Used by the
``label_injection`` fuzz target and ``tests/labels/test_injection.py``.
"""

from __future__ import annotations

import re
import string

from station.labels.layout import FNC1

ZPL_COMMAND = re.compile(rb"[\^~]")


class Injected(AssertionError):
    """The output holds a command the template does not, or a raw control character."""


def zpl_commands(data: bytes) -> list[str]:
    """``["^XA", "^CI", "^PW", …]``: each command's prefix and two-letter name,
    split at every ``^`` and ``~`` (ZPL II: a command starts at either, wherever
    it stands). Raises ``Injected`` on a control byte other than the LF the
    renderer puts between commands, and on any byte beyond ASCII (values are
    written as ``^FH`` hex)."""
    for n, b in enumerate(data):
        between = b == 0x0A and data[n + 1 : n + 2] in (b"^", b"~", b"")
        if (b < 0x20 or b >= 0x7F) and not between:
            raise Injected(f"raw byte {b:#04x} at {n} in the ZPL (control or beyond ASCII)")
    starts = [m.start() for m in ZPL_COMMAND.finditer(data)]
    return [data[s : s + 3].decode("latin-1") for s in starts]


def zpl_field_data(data: bytes) -> list[str]:
    """The data of every ``^FH^FD…^FS`` field, read as the printer reads it:
    ``_XX`` hex bytes first (UTF-8), then, in a ``^BC`` barcode, the invocation
    codes: ``>0`` is ``>``, ``>8`` FNC1; any other invocation code is
    ``Injected`` (a value must not switch subsets or add function codes)."""
    out = []
    for m in re.finditer(rb"(\^BC[^\^]*)?\^FH\^FD([^\^~]*)\^FS", data):
        raw = re.sub(rb"_([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), m.group(2))
        text = raw.decode("utf-8", errors="replace")
        if m.group(1):
            parts = re.split(r"(>.?)", text)
            for part in parts:
                if part.startswith(">") and part not in (">0", ">8"):
                    raise Injected(f"invocation code {part!r} in barcode data {text!r}")
            text = "".join({">0": ">", ">8": FNC1}.get(part, part) for part in parts)
        out.append(text)
    return out


def _strings(line: str) -> list[str]:
    """The quoted arguments of one TSPL line, ``\\["]`` read back as ``"``;
    ``Injected`` if a string is left open."""
    found, i = [], 0
    while True:
        start = line.find('"', i)
        if start < 0:
            return found
        i, value = start + 1, []
        while True:
            if line.startswith('\\["]', i):
                value.append('"')
                i += 4
            elif i >= len(line):
                raise Injected(f"a string left open in {line!r}")
            elif line[i] == '"':
                i += 1
                break
            else:
                value.append(line[i])
                i += 1
        found.append("".join(value))


def tspl_commands(data: bytes) -> list[tuple[str, int]]:
    """``[("SIZE", 0), ("TEXT", 2), …]``: one command a line (CR LF), its first
    word and how many strings it has. Raises ``Injected`` on a CR or LF that
    does not end a line, or on any other control character."""
    return [(cmd, len(strings)) for cmd, strings in tspl_lines(data)]


BITMAP_HEAD = re.compile(rb"BITMAP (\d+),(\d+),(\d+),(\d+),(\d+),")


def tspl_split(data: bytes) -> list[bytes | tuple[int, int, int, int, bytes]]:
    """The commands of a TSPL job as a printer cuts them: a line up to CR LF, or
    a ``BITMAP x,y,width_bytes,height,mode,`` whose binary data is exactly
    ``width_bytes * height`` bytes (then CR LF), as ``(x, y, width_bytes,
    height, data)``. ``Injected`` when a bitmap's data does not end where its
    header says or the job does not end with CR LF."""
    out: list = []
    i = 0
    while i < len(data):
        m = BITMAP_HEAD.match(data, i)
        if m:
            x, y, wb, h, _ = (int(g) for g in m.groups())
            end = m.end() + wb * h
            if data[end : end + 2] != b"\r\n":
                raise Injected(f"BITMAP at {i}: its data does not end where its header says")
            out.append((x, y, wb, h, data[m.end() : end]))
            i = end + 2
            continue
        j = data.find(b"\r\n", i)
        if j < 0:
            raise Injected("TSPL output does not end with CR LF")
        out.append(data[i:j])
        i = j + 2
    return out


def tspl_lines(data: bytes) -> list[tuple[str, list[str]]]:
    """``[(command, [its strings…]), …]``; a ``BITMAP`` is ``("BITMAP", [])``."""
    out = []
    for part in tspl_split(data):
        if isinstance(part, tuple):
            out.append(("BITMAP", []))
            continue
        line = part.decode("gb18030")
        bad = next((c for c in line if c < " " or c == "\x7f"), None)
        if bad is not None:
            raise Injected(f"raw control character {bad!r} in TSPL line {line!r}")
        out.append((line.split(" ", 1)[0], _strings(line)))
    return out


def text_commands_merged(commands: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The command list with each run of ``TEXT``/``BITMAP`` as one ``("text", 0)``:
    a text element is printer-font lines or a bitmap, depending on its characters
    and length, never other commands."""
    out: list[tuple[str, int]] = []
    for cmd, n in commands:
        if cmd in ("TEXT", "BITMAP"):
            if not out or out[-1] != ("text", 0):
                out.append(("text", 0))
        else:
            out.append((cmd, n))
    return out


def benign(value: str) -> str:
    """A plain value of the same shape: the same line breaks and spaces (so text
    wraps into as many lines), digits kept (so a barcode is as many Code 128
    modules wide), each other character a letter of the same width class (``x``
    for ASCII, ``中`` beyond)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for c in value:
        if c == "\n" or c.isspace():
            out.append(c)
        elif c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029":
            out.append(" ")
        elif "0" <= c <= "9":
            out.append(c)
        else:
            out.append("x" if c < "\x80" else "中")
    return "".join(out)


def placeholders(template) -> list[str]:
    """The field names a template fills (``{tracking}`` …), in order."""
    names: list[str] = []
    for el in template.elements:
        for _, name, _, _ in string.Formatter().parse(el.text + el.value):
            if name and name not in names:
                names.append(name)
    return names


def _barcode_refusable(value: str, language: str) -> bool:
    gs1 = value.startswith(FNC1)
    if any(not (" " <= c <= "~" or (gs1 and c == FNC1)) for c in value):
        return True
    return language == "tspl" and ("\\" in value or (gs1 and "!" in value))


def _qr_refusable(value: str, language: str) -> bool:
    """A QR element's value: printable ASCII only (no FNC1); TSPL refuses ``\\``."""
    if any(not " " <= c <= "~" for c in value):
        return True
    return language == "tspl" and "\\" in value


def _too_long(el, value: str) -> bool:
    """A barcode element whose value needs more than its box at 203 dpi with bars
    of 2 dots (0.25 mm), quiet zones of 10 modules each side included; a QR
    element whose symbol needs more than its box with modules of 2 dots."""
    from station.labels.layout import code128_modules

    if not value:
        return False
    if el.type == "qr":
        from station.labels.qr import qr_matrix

        try:
            return len(qr_matrix(value)) * 2 > round(min(el.w, el.h) * 203 / 25.4)
        except Exception:
            return True
    if el.type != "barcode":
        return False
    return (code128_modules(value) + 20) * 2 > round(el.w * 203 / 25.4)


def check_label(template, fields: dict, language: str) -> str:
    """Render ``template`` with ``fields`` in ``language`` (``zpl``/``tspl``) and
    check it as a printer would read it: the same command list as the same
    template with ``benign`` values, no raw control character, every barcode's
    data read back equal to its value. ``accepted``, or ``refused`` when a
    barcode's value cannot be carried (``LabelFieldError``, and only then),
    ``unprintable`` (a character no font has, ``GlyphError``) or ``too long``
    (``TextFitError``: a text that does not fit its box at the smallest size);
    raises ``Injected`` otherwise."""
    from station.labels.fit import TextFitError
    from station.labels.glyphs import GlyphError, printable
    from station.labels.layout import LabelFieldError, fill, shown
    from station.labels.resolution import BarcodeTooLong
    from station.labels.tspl import render_tspl
    from station.labels.zpl import render_zpl

    render = render_zpl if language == "zpl" else render_tspl
    symbols = [
        (el.type, fill(el.value, fields))
        for el in template.elements
        if el.type in ("barcode", "qr") and shown(el, fields)
    ]
    barcodes = [v for _, v in symbols]
    try:
        out = render(template, fields)
    except BarcodeTooLong:
        if not any(
            _too_long(el, fill(el.value, fields))
            for el in template.elements
            if el.type == "barcode"
        ):
            raise Injected(f"refused barcode values {barcodes!r} as too long") from None
        return "refused"
    except GlyphError:
        return "unprintable"
    except TextFitError:
        return "too long"
    except LabelFieldError:
        if not any(
            _qr_refusable(v, language) if kind == "qr" else _barcode_refusable(v, language)
            for kind, v in symbols
        ) and not any(
            _too_long(el, fill(el.value, fields)) for el in template.elements if el.type == "qr"
        ):
            raise Injected(f"refused printable barcode values {barcodes!r}") from None
        return "refused"
    expected = None
    # only the values an element drawn uses are printed; the rest stay as they are
    # (an element ``unless`` or ``when`` another field keeps its fate)
    drawn = (
        {
            n
            for el in template.elements
            if shown(el, fields)
            for text in (el.text, el.value, el.when, el.unless)
            for _, n, _, _ in string.Formatter().parse(text or "")
            if n
        }
        | {el.when for el in template.elements if el.when}
        | {el.unless for el in template.elements if el.unless}
    )
    # the plain shape of what is printed (formatting characters dropped first)
    for shape in (
        lambda v: benign(printable(v, "")),
        lambda v: re.sub(r"[^\s]", "x", benign(printable(v, ""))),
    ):
        plain = {k: v if k not in drawn or v is None else shape(str(v)) for k, v in fields.items()}
        for k, v in fields.items():  # GS1 values keep their FNC1
            if isinstance(v, str) and v.startswith(FNC1):
                plain[k] = FNC1 + shape(v[1:])
        try:  # the plain shape may be wider than the value (é drawn as 中)
            expected = render(template, plain)
            break
        except TextFitError:
            continue
    wanted = [v for v in barcodes if v]
    if language == "zpl":
        if zpl_commands(out) != zpl_commands(expected or out):
            raise Injected("the values changed the ZPL commands")
        got = zpl_field_data(out)
        # a QR's ^FD starts with its error correction and input mode ("MA,")
        wanted = [
            "MA," + v if kind == "qr" else v[1:] if v.startswith(FNC1) else v
            for kind, v in symbols
            if v
        ]
    else:
        merged = text_commands_merged
        if merged(tspl_commands(out)) != merged(tspl_commands(expected or out)):
            raise Injected("the values changed the TSPL commands")
        got = []
        for cmd, strings in tspl_lines(out):
            if cmd == "BARCODE":
                data = strings[-1]
                if strings[0] == "128M":
                    data = FNC1 + data[8:].replace("!102", FNC1)
                got.append(data)
            elif cmd == "QRCODE":
                got.append(strings[-1])
    if got != wanted:
        raise Injected(f"barcode data read back as {got!r}, not {wanted!r}")
    return "accepted"
