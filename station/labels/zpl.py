"""Templates to ZPL II: text as graphic fields (no printer font needed for Chinese),
barcodes and lines as native commands, so they print sharp.

A document's values reach the ZPL only as a barcode's ``^FD`` data, through
``drivers.printers.zpl.field_data`` (``^FH`` hex escapes); text is drawn into
``^GFA`` bitmaps, so none of its characters is ever read as ZPL. Every other
number in the output comes from the template."""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from drivers.printers.zpl import field_data
from station.labels.fonts import bitmap_font
from station.labels.layout import FNC1, Template, barcode_value, code128_modules, fill_text, wrap
from station.labels.resolution import BarcodeTooLong, barcode_module, check_dpi


def text_bitmap(
    text: str, w: int, h: int, size_px: int, *, bold: bool, align: str
) -> Image.Image | None:
    font = bitmap_font(size_px)
    lines = wrap(text, w, lambda s: font.getlength(s))
    leading = int(size_px * 1.25)
    fit = max(1, h // leading)
    if len(lines) > fit:
        lines = lines[:fit]
        lines[-1] = lines[-1][:-1] + "…"
    if not any(line.strip() for line in lines):
        return None
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    for n, line in enumerate(lines):
        x = (w - font.getlength(line)) / 2 if align == "center" else 0
        draw.text(
            (x, n * leading), line, font=font, fill=0, stroke_width=1 if bold else 0, stroke_fill=0
        )
    return img


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
    dpmm = check_dpi(dpi) / 25.4
    w, h = template.size_mm
    out = ["^XA", "^CI28", f"^PW{round(w * dpmm)}", f"^LL{round(h * dpmm)}", "^LH0,0"]
    for el in template.elements:
        x, y = round(el.x * dpmm), round(el.y * dpmm)
        ew, eh = max(1, round(el.w * dpmm)), max(1, round(el.h * dpmm))
        if el.type == "line":
            thick = max(2, round(0.4 * dpmm))
            out.append(f"^FO{x},{y}^GB{max(ew, thick)},{max(round(el.h * dpmm), thick)},{thick}^FS")
        elif el.type == "text":
            img = text_bitmap(
                fill_text(el.text, fields),
                ew,
                eh,
                round(el.size * dpi / 72),
                bold=el.bold,
                align=el.align,
            )
            if img is not None:
                # send only the inked part: blank rows and columns cost printer memory
                ink = img.point(INK)
                left, top, right, bottom = ink.getbbox()
                left -= left % 8
                ink = ink.crop((left, top, right, bottom))
                out.append(f"^FO{x + left},{y + top}{graphic_field(ink)}^FS")
        elif el.type == "barcode":
            value = barcode_value(el.value, fields)
            if not value:
                continue
            modules = code128_modules(value)
            try:
                module = barcode_module(modules, ew, dpi)
            except BarcodeTooLong as exc:
                raise BarcodeTooLong(f"barcode {el.value}: {exc}") from None
            left = x + (ew - modules * module) // 2
            if value.startswith(FNC1):  # mode D: GS1-128, FNC1 after the start code
                mode, value = "D", value[1:]
            else:
                mode = "A"
            data = field_data(value, code128=True)
            out.append(f"^FO{left},{y}^BY{module},3,{eh}^BCN,{eh},N,N,N,{mode}^FH^FD{data}^FS")
    out.append("^XZ")
    return ("\n".join(out) + "\n").encode("utf-8")
