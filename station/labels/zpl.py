"""Templates to ZPL II: text as graphic fields, barcodes and lines as native
commands, so they print sharp.

Text is never left to a printer font: a Zebra's resident fonts have no Chinese
(and a downloaded one no CJK extension characters or emoji), and a character
a printer font lacks prints as a blank or a box. ``station.labels.raster``
draws it with the station's font chain, fitted by ``station.labels.fit``; a
character no font has fails the label before anything is sent.

A document's values reach the ZPL only as a barcode's ``^FD`` data, through
``station.drivers.printers.zpl.field_data`` (``^FH`` hex escapes); text is drawn into
``^GFA`` bitmaps, so none of its characters is ever read as ZPL. Every other
number in the output comes from the template."""

from __future__ import annotations

from typing import Any

from PIL import Image

from station.drivers.printers.zpl import field_data
from station.labels.layout import (
    FNC1,
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

# grey to ink: dark pixels become 255, which a 1-bit image stores as a 1 bit
INK = [255 if p < 128 else 0 for p in range(256)]


def graphic_field(ink: Image.Image) -> str:
    """^GFA data from an ink image (see ``INK``): 1 bits are black, rows padded to
    whole bytes."""
    ink = ink.convert("1")
    row_bytes = (ink.width + 7) // 8
    data = ink.tobytes()
    return f"^GFA,{len(data)},{len(data)},{row_bytes},{data.hex().upper()}"


def render_zpl(template: Template, fields: dict[str, Any], *, dpi: int = 203) -> bytes:
    """One ZPL II label (``^XA…^XZ``, UTF-8) of ``template`` filled with ``fields``,
    laid out for a ``dpi`` print head (203, 300 or 600): ``^PW``/``^LL`` and every
    position and size are the template's millimetres in that printer's dots, and
    barcode modules whole dots (``station.labels.resolution.barcode_module``).
    Raises ``ValueError`` for another dpi and ``LabelFieldError`` for a value or
    barcode that cannot be printed as it is."""
    check_barcodes(template, fields)
    dpmm = check_dpi(dpi) / 25.4
    w, h = template.size_mm
    out = ["^XA", "^CI28", f"^PW{round(w * dpmm)}", f"^LL{round(h * dpmm)}", "^LH0,0"]
    for el in template.elements:
        if not shown(el, fields):
            continue
        x, y = round(el.x * dpmm), round(el.y * dpmm)
        ew, eh = max(1, round(el.w * dpmm)), max(1, round(el.h * dpmm))
        if el.type == "line":
            thick = max(2, round(0.4 * dpmm))
            out.append(f"^FO{x},{y}^GB{max(ew, thick)},{max(round(el.h * dpmm), thick)},{thick}^FS")
        elif el.type == "tear":
            thick = max(2, round(0.3 * dpmm))
            for start, length in dashes(el.w):
                dash = round(length * dpmm)
                out.append(f"^FO{x + round(start * dpmm)},{y}^GB{dash},{thick},{thick}^FS")
        elif el.type == "box":
            thick = max(2, round((0.8 if el.bold else 0.4) * dpmm))
            out.append(f"^FO{x},{y}^GB{ew},{eh},{thick}^FS")
        elif el.type == "image":
            path = image_file(template, el, fields)
            img = image_bitmap(path, ew, eh) if path is not None else None
            if img is not None and img.getextrema()[0] < 128:
                ink = img.point(INK)
                left, top, right, bottom = ink.getbbox()
                left -= left % 8
                ink = ink.crop((left, top, right, bottom))
                out.append(f"^FO{x + left},{y + top}{graphic_field(ink)}^FS")
        elif el.type == "qr":
            value = barcode_value(el.value, fields, "QR code")
            if not value:
                continue
            n = qr_modules(value)
            module = qr_module(n, min(ew, eh), dpi, el.value)
            left = x + (ew - n * module) // 2
            # ^BQ: model 2, magnification = module in dots; "MA,": error correction
            # M, automatic input mode (ZPL II Programming Guide, ^BQ). A printer
            # draws the symbol that many dots below ^FO as the last ^BY's bar
            # height (the "10 dots lower" of the default ^BY): ^BY…,1 first, so
            # the symbol's top is the element's.
            data = field_data(value)
            out.append(f"^FO{left},{y}^BY{module},3,1^BQN,2,{module}^FH^FDMA,{data}^FS")
        elif el.type == "text":
            fitted = fit_bitmap(el, fill_text(el.text, fields), ew - 2 * el.bold, eh, dpi)
            img = text_bitmap(fitted, ew, eh, bold=el.bold, align=el.align)
            if img is not None:
                # send only the inked part: blank rows and columns cost printer memory
                ink = img.point(INK)
                left, top, right, bottom = ink.getbbox()
                left -= left % 8
                ink = ink.crop((left, top, right, bottom))
                out.append(f"^FO{x + left},{y + top}{graphic_field(ink)}^FS")
        elif el.type == "barcode":
            placed = place_barcode(el, fields, x, ew, dpi)
            if placed is None:
                continue
            value, module, left = placed
            if value.startswith(FNC1):  # mode D: GS1-128, FNC1 after the start code
                mode, value = "D", value[1:]
            else:
                mode = "A"
            data = field_data(value, code128=True)
            out.append(f"^FO{left},{y}^BY{module},3,{eh}^BCN,{eh},N,N,N,{mode}^FH^FD{data}^FS")
    out.append("^XZ")
    return ("\n".join(out) + "\n").encode("utf-8")
