"""Templates to TSPL for the cheap thermal printers common in China.

Text uses the printer's built-in simplified Chinese font (``TSS24.BF2``,
24 x 24 dots a Chinese character, 12 a Latin one, GB2312, GB-encoded text),
standard on printers sold in China, when it has every character of the text
and the text fits at one of its sizes; otherwise the text is drawn with the
station's fonts and sent as a ``BITMAP`` (a CJK extension character, an emoji,
a long address that needs a smaller size). Barcodes and lines are native
commands.

A document's values reach the TSPL only as quoted strings made by
``station.drivers.printers.tspl.quoted`` (``"`` escaped, control characters never
written) or as a ``BITMAP``'s pixels, whose length its header states; every
other argument comes from the template. One command a line, so the commands
printed are the template's, whatever the values hold.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from station.drivers.printers.tspl import FieldRefused, quoted
from station.labels.fit import TextFitError, fit
from station.labels.layout import (
    FNC1,
    Element,
    LabelFieldError,
    Template,
    barcode_value,
    check_barcodes,
    dashes,
    fill_text,
    image_file,
    shown,
)
from station.labels.qr import qr_module, qr_modules
from station.labels.raster import fit_bitmap, image_bitmap, text_bitmap
from station.labels.resolution import check_dpi, place_barcode

FONT = "TSS24.BF2"
CELL = 24  # dots per Chinese character at multiplier 1; Latin characters are half


def _width(text: str, mul: int) -> int:
    return sum((CELL if ord(ch) > 0x7F else CELL // 2) * mul for ch in text)


def _gs1_manual(data: str) -> str:
    """GS1-128 in the manual Code 128 type: ``!105`` starts in subset C (``!104``
    in B when the data is not an even run of digits), ``!102`` is FNC1 (also
    between element strings). ``!`` opens these codes, so a ``!`` in the data
    is refused (GS1 element strings hardly ever hold one)."""
    if "!" in data:
        raise LabelFieldError(f"GS1 data {data[:40]!r} holds '!', which TSPL's 128M cannot carry")
    body = data.replace(FNC1, "!102")
    if data.isdigit() and len(data) % 2 == 0:
        return "!105!102" + body
    return "!104!102" + body


def render_tspl(template: Template, fields: dict[str, Any], *, dpi: int = 203) -> bytes:
    """One TSPL label of ``template`` filled with ``fields`` (GB 18030), for a
    ``dpi`` print head (203, 300 or 600): ``SIZE``/``GAP`` in millimetres, every
    position and size in that printer's dots, a barcode's narrow (= wide, Code 128)
    bar whole dots (``station.labels.resolution.barcode_module``). Raises
    ``ValueError`` for another dpi and ``LabelFieldError`` for a value or barcode
    that cannot be printed as it is."""
    check_barcodes(template, fields)
    dpmm = check_dpi(dpi) / 25.4
    w, h = template.size_mm
    out = [f"SIZE {w:g} mm,{h:g} mm", "GAP 2 mm,0 mm", "DIRECTION 1", "CLS"]
    for el in template.elements:
        if not shown(el, fields):
            continue
        x, y = round(el.x * dpmm), round(el.y * dpmm)
        ew, eh = max(1, round(el.w * dpmm)), max(1, round(el.h * dpmm))
        if el.type == "line":
            thick = max(2, round(0.4 * dpmm))
            out.append(f"BAR {x},{y},{max(ew, thick)},{thick}")
        elif el.type == "tear":
            thick = max(2, round(0.3 * dpmm))
            for start, length in dashes(el.w):
                out.append(f"BAR {x + round(start * dpmm)},{y},{round(length * dpmm)},{thick}")
        elif el.type == "box":
            thick = max(2, round((0.8 if el.bold else 0.4) * dpmm))
            out.append(f"BOX {x},{y},{x + ew},{y + eh},{thick}")
        elif el.type == "image":
            path = image_file(template, el, fields)
            img = image_bitmap(path, ew, eh) if path is not None else None
            if img is not None and img.getextrema()[0] < 128:
                out.append(bitmap_command(img, x, y))
        elif el.type == "qr":
            value = barcode_value(el.value, fields, "QR code")
            if not value:
                continue
            n = qr_modules(value)
            cell = qr_module(n, min(ew, eh), dpi, el.value)
            left = x + (ew - n * cell) // 2
            try:
                content = quoted(value, barcode=True)
            except FieldRefused as exc:
                raise LabelFieldError(f"QR code {el.value}: {exc}") from None
            # QRCODE x,y,ECC level,cell width,mode (A: auto),rotation,"data"
            # (TSPL/TSPL2 Programming Manual, QRCODE)
            out.append(f"QRCODE {left},{y},M,{cell},A,0,{content}")
        elif el.type == "text":
            out += text_commands(el, fill_text(el.text, fields), x, y, ew, eh, dpi)
        elif el.type == "barcode":
            placed = place_barcode(el, fields, x, ew, dpi)
            if placed is None:
                continue
            value, narrow, left = placed
            kind, data = (
                ("128M", _gs1_manual(value[1:])) if value.startswith(FNC1) else ("128", value)
            )
            try:
                content = quoted(data, barcode=True)
            except FieldRefused as exc:
                raise LabelFieldError(f"barcode {el.value}: {exc}") from None
            out.append(f"BARCODE {left},{y},{quoted(kind)},{eh},0,0,{narrow},{narrow},{content}")
    out.append("PRINT 1,1")
    return b"".join(
        (line if isinstance(line, bytes) else line.encode("gb18030")) + b"\r\n" for line in out
    )


def in_printer_font(ch: str) -> bool:
    """Whether ``TSS24.BF2`` has ``ch``: printable ASCII, and the GB2312 area of the
    GB18030 job encoding (two bytes, the first 0xA1–0xF7, the second 0xA1–0xFE:
    the font's character set). GBK's and GB18030's additions (䶮 is ``FE9F``,
    𠮷 four bytes), other CJK extension characters and emoji are not in it."""
    if " " <= ch <= "~":
        return True
    try:
        code = ch.encode("gb18030")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA1 <= code[0] <= 0xF7 and 0xA1 <= code[1] <= 0xFE


def text_commands(
    el: Element, text: str, x: int, y: int, ew: int, eh: int, dpi: int
) -> list[str | bytes]:
    """The commands of one text element at ``x``, ``y`` in a box of ``ew`` x ``eh``
    dots. The printer's font when it has every character and the text fits at
    one of its sizes (``TEXT``, multipliers from the element's size down to 1),
    else the text rasterised with the station's fonts (``BITMAP``), which can
    go down to the element's minimum size. Fitting by ``station.labels.fit``;
    ``TextFitError`` when neither fits."""
    if not text.strip():
        return []
    first = max(1, round(el.size * dpi / 72 / CELL))
    fitted = None
    if all(in_printer_font(ch) for ch in text if ch != "\n"):
        try:
            fitted = fit(
                text,
                el.field_name(),
                ew,
                eh,
                list(range(first, 0, -1)),
                lambda m: lambda ch: _width(ch, m),
                lambda m: CELL * m + 4,
            )
        except TextFitError:
            fitted = None
    if fitted is None:
        return [_bitmap(el, text, x, y, ew, eh, dpi)]
    out: list[str | bytes] = []
    mul = int(fitted.size)
    for n, line in enumerate(fitted.lines):
        if not line.strip():
            continue
        lx = x + (ew - _width(line, mul)) // 2 if el.align == "center" else x
        out.append(
            f"TEXT {lx},{y + n * int(fitted.leading)},{quoted(FONT)},0,{mul},{mul},{quoted(line)}"
        )
    return out


def _bitmap(el: Element, text: str, x: int, y: int, ew: int, eh: int, dpi: int) -> bytes:
    """``BITMAP x,y,width_bytes,height,0,data`` of the text: rows of whole bytes,
    a 0 bit prints a dot (TSPL manual, BITMAP; mode 0 overwrites)."""
    fitted = fit_bitmap(el, text, ew - 2 * el.bold, eh, dpi)
    img = text_bitmap(fitted, ew, eh, bold=el.bold, align=el.align)
    if img is None:
        return b""
    return bitmap_command(img, x, y)


def bitmap_command(img: Image.Image, x: int, y: int) -> bytes:
    """``BITMAP`` of the inked part of a greyscale image (255 white) placed at
    ``x``, ``y``: rows of whole bytes, a 0 bit prints a dot (TSPL manual,
    BITMAP; mode 0 overwrites)."""
    # send only the inked part, from a whole byte on the left
    left, top, right, bottom = img.point(lambda p: 255 if p < 128 else 0).getbbox()
    left -= left % 8
    row_bytes = (right - left + 7) // 8
    # white to the byte's end: a 0 bit of padding would print a black column
    part = Image.new("L", (row_bytes * 8, bottom - top), 255)
    part.paste(img.crop((left, top, right, bottom)), (0, 0))
    data = part.point(lambda p: 0 if p < 128 else 255).convert("1").tobytes()
    head = f"BITMAP {x + left},{y + top},{row_bytes},{part.height},0,"
    return head.encode("ascii") + data
