"""A template as the label printer prints it, as a PNG: one pixel a print-head
dot at ``dpi``, for a person to look at before printing (``station label
waybill --format png``, the Settings page's preview).

Laid out by the same rules as the ZPL (``station.labels.zpl``): text drawn
with the station's font chain and fitted by ``station.labels.fit``, barcode
bars and QR modules of whole dots (``station.labels.resolution``,
``station.labels.qr``), lines 0.4 mm, a tear line dashed. What the PNG shows is
what a printer of that resolution prints, dot for dot, up to its own
rendering of a barcode's bars.
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw

from station.labels.layout import (
    Template,
    barcode_value,
    check_barcodes,
    dashes,
    fill_text,
    image_file,
    shown,
)
from station.labels.qr import qr_matrix, qr_module
from station.labels.raster import fit_bitmap, image_bitmap, text_bitmap
from station.labels.resolution import check_dpi, place_barcode


def render_image(template: Template, fields: dict[str, Any], *, dpi: int = 203) -> Image.Image:
    """The label as a 1-bit-looking greyscale image (``L``, 0 ink, 255 paper),
    ``round(mm * dpi / 25.4)`` pixels a side. Raises ``ValueError`` for a dpi
    other than 203, 300, 600 and ``LabelFieldError`` (with its kinds
    ``BarcodeTooLong``, ``TextFitError``, ``GlyphError``) as the printer
    languages do."""
    import barcode

    check_barcodes(template, fields)
    dpmm = check_dpi(dpi) / 25.4
    w, h = template.size_mm
    img = Image.new("L", (round(w * dpmm), round(h * dpmm)), 255)
    draw = ImageDraw.Draw(img)
    for el in template.elements:
        if not shown(el, fields):
            continue
        x, y = round(el.x * dpmm), round(el.y * dpmm)
        ew, eh = max(1, round(el.w * dpmm)), max(1, round(el.h * dpmm))
        if el.type == "line":
            thick = max(2, round(0.4 * dpmm))
            bottom = y + max(round(el.h * dpmm), thick) - 1
            draw.rectangle([x, y, x + max(ew, thick) - 1, bottom], 0)
        elif el.type == "tear":
            thick = max(2, round(0.3 * dpmm))
            for start, length in dashes(el.w):
                left = x + round(start * dpmm)
                draw.rectangle([left, y, left + round(length * dpmm) - 1, y + thick - 1], 0)
        elif el.type == "box":
            thick = max(2, round((0.8 if el.bold else 0.4) * dpmm))
            draw.rectangle([x, y, x + ew - 1, y + eh - 1], outline=0, width=thick)
        elif el.type == "image":
            path = image_file(template, el, fields)
            part = image_bitmap(path, ew, eh) if path is not None else None
            if part is not None:
                img.paste(0, (x, y), part.point(lambda p: 255 if p < 128 else 0).convert("1"))
        elif el.type == "text":
            fitted = fit_bitmap(el, fill_text(el.text, fields), ew - 2 * el.bold, eh, dpi)
            part = text_bitmap(fitted, ew, eh, bold=el.bold, align=el.align)
            if part is not None:
                ink = part.point(lambda p: 255 if p < 128 else 0).convert("1")
                img.paste(0, (x, y), ink)
        elif el.type == "barcode":
            placed = place_barcode(el, fields, x, ew, dpi)
            if placed is None:
                continue
            value, module, left = placed
            pattern = barcode.get("code128", value).build()[0]
            for i, bit in enumerate(pattern):
                if bit == "1":
                    draw.rectangle(
                        [left + i * module, y, left + (i + 1) * module - 1, y + eh - 1], 0
                    )
        elif el.type == "qr":
            value = barcode_value(el.value, fields, "QR code")
            if not value:
                continue
            matrix = qr_matrix(value)
            module = qr_module(len(matrix), min(ew, eh), dpi, el.value)
            left = x + (ew - len(matrix) * module) // 2
            for r, row in enumerate(matrix):
                for c, dark in enumerate(row):
                    if dark:
                        x0, y0 = left + c * module, y + r * module
                        draw.rectangle([x0, y0, x0 + module - 1, y0 + module - 1], 0)
    return img


def render_png(template: Template, fields: dict[str, Any], *, dpi: int = 203) -> bytes:
    """``render_image`` as PNG bytes, its resolution recorded (``dpi``), so an
    image viewer shows it at the label's size in millimetres."""
    buf = io.BytesIO()
    render_image(template, fields, dpi=dpi).save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()
