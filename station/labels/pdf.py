"""Templates to PDF with reportlab, the fonts embedded: each character in the
first font of the chain that has it, each text fitted to its box by the one
rule of ``station.labels.fit``."""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from station.labels.fit import Fitted, fit, point_sizes
from station.labels.fonts import runs, string_width
from station.labels.layout import (
    Element,
    LabelFieldError,
    Template,
    barcode_value,
    check_barcodes,
    code128_modules,
    dashes,
    fill_text,
    image_file,
    shown,
)
from station.labels.qr import MIN_MODULE_MM as MIN_QR_MODULE_MM
from station.labels.qr import qr_matrix

LEADING = 1.25  # line height / text size


def render_pdf(template: Template, fields: dict[str, Any], *, pages: int = 1) -> bytes:
    return render_pdf_pages(template, [fields] * pages)


def render_pdf_pages(template: Template, pages: list[dict[str, Any]]) -> bytes:
    """One page per dict of fields."""
    buf = io.BytesIO()
    w, h = template.size_mm
    c = canvas.Canvas(buf, pagesize=(w * mm, h * mm), invariant=True)
    c.setTitle(template.name)
    for fields in pages:
        check_barcodes(template, fields)
        for el in template.elements:
            if not shown(el, fields):
                continue
            top = (h - el.y) * mm
            if el.type == "line":
                c.setLineWidth(0.4 * mm)
                c.line(el.x * mm, top, (el.x + el.w) * mm, top - el.h * mm)
            elif el.type == "text":
                # the text render mode (bold = fill + stroke) is graphics state that
                # outlives BT/ET: keep each element's own
                c.saveState()
                _text(c, el, fill_text(el.text, fields), top)
                c.restoreState()
            elif el.type == "barcode":
                value = barcode_value(el.value, fields)
                if value:
                    _barcode(c, el, value, top)
            elif el.type == "qr":
                value = barcode_value(el.value, fields, "QR code")
                if value:
                    _qr(c, el, value, top)
            elif el.type == "tear":
                c.setLineWidth(0.3 * mm)
                for start, length in dashes(el.w):
                    c.line((el.x + start) * mm, top, (el.x + start + length) * mm, top)
            elif el.type == "box":
                c.setLineWidth((0.8 if el.bold else 0.4) * mm)
                c.rect(el.x * mm, top - el.h * mm, el.w * mm, el.h * mm)
            elif el.type == "image":
                _image(c, template, el, fields, top)
        c.showPage()
    c.save()
    return buf.getvalue()


def fit_element(el: Element, text: str) -> Fitted:
    """``text`` of a template element fitted to its box in points (``station.labels.fit``)."""
    return fit(
        text,
        el.field_name(),
        el.w * mm,
        el.h * mm,
        point_sizes(el.size, el.smallest()),
        lambda size: lambda ch: string_width(ch, size),
        lambda size: size * LEADING,
    )


def draw_runs(c, x: float, y: float, line: str, size: float, mode: int = 0) -> None:
    """One line at baseline ``x``, ``y`` (points), each run in the font that has
    its characters (``station.labels.fonts.runs``); ``mode`` the PDF text
    render mode (2: fill and stroke, the bold of a single face)."""
    t = c.beginText()
    t.setTextRenderMode(mode)
    t.setTextOrigin(x, y)
    for face, part in runs(line):
        t.setFont(face.pdf_name, size)
        t.textOut(part)
    c.drawText(t)


def _text(c, el, text: str, top: float) -> None:
    fitted = fit_element(el, text)
    size = fitted.size
    if el.bold:  # one embedded face: bold by stroking the outline too
        c.setLineWidth(size / 30)
    for n, line in enumerate(fitted.lines):
        x = el.x * mm
        if el.align == "center":
            x += (el.w * mm - string_width(line, size)) / 2
        draw_runs(c, x, top - size - n * fitted.leading, line, size, 2 if el.bold else 0)


def _barcode(c, el, value: str, top: float) -> None:
    modules = code128_modules(value) + 20  # quiet zones of ten modules each side
    bar_w = min(0.5 * mm, el.w * mm / modules)
    symbol = code128.Code128(value, barHeight=el.h * mm, barWidth=bar_w, quiet=True)
    x = el.x * mm + (el.w * mm - symbol.width) / 2
    symbol.drawOn(c, x, top - el.h * mm)


def _qr(c, el, value: str, top: float) -> None:
    """The symbol's modules as filled squares, as large as the square box allows
    (the box's smaller side), centred in it."""
    matrix = qr_matrix(value)
    n = len(matrix)
    if n * MIN_QR_MODULE_MM > min(el.w, el.h):  # the printers' floor, never finer
        raise LabelFieldError(
            f"QR code {el.value}: {n} modules need {n * MIN_QR_MODULE_MM:.1f} mm; "
            f"the box is {min(el.w, el.h):.1f} mm"
        )
    side = min(el.w, el.h) * mm
    module = side / n
    x0 = el.x * mm + (el.w * mm - side) / 2
    y0 = top
    c.saveState()
    c.setFillGray(0)
    for r, row in enumerate(matrix):
        for col, dark in enumerate(row):
            if dark:
                c.rect(x0 + col * module, y0 - (r + 1) * module, module, module, stroke=0, fill=1)
    c.restoreState()


IMAGE_DPI = 600  # an image element drawn as a 600-dpi bitmap: as sharp as any print head


def _image(c, template, el, fields, top: float) -> None:
    """An image element as the printers print it (black and white, fitted to its
    box): the same bitmap ``station.labels.raster.image_bitmap`` gives them."""
    from reportlab.lib.utils import ImageReader

    from station.labels.raster import image_bitmap

    path = image_file(template, el, fields)
    if path is None:
        return
    dots = IMAGE_DPI / 25.4
    img = image_bitmap(path, max(1, round(el.w * dots)), max(1, round(el.h * dots)))
    if img is not None:
        c.drawImage(ImageReader(img), el.x * mm, top - el.h * mm, el.w * mm, el.h * mm)
