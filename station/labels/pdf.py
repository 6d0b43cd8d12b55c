"""Templates to PDF with reportlab, the Chinese font embedded."""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from station.labels.fonts import pdf_font
from station.labels.layout import Template, barcode_value, code128_modules, fill_text, wrap


def render_pdf(template: Template, fields: dict[str, Any], *, pages: int = 1) -> bytes:
    return render_pdf_pages(template, [fields] * pages)


def render_pdf_pages(template: Template, pages: list[dict[str, Any]]) -> bytes:
    """One page per dict of fields."""
    buf = io.BytesIO()
    w, h = template.size_mm
    c = canvas.Canvas(buf, pagesize=(w * mm, h * mm), invariant=True)
    c.setTitle(template.name)
    font = pdf_font()
    for fields in pages:
        for el in template.elements:
            top = (h - el.y) * mm
            if el.type == "line":
                c.setLineWidth(0.4 * mm)
                c.line(el.x * mm, top, (el.x + el.w) * mm, top - el.h * mm)
            elif el.type == "text":
                # the text render mode (bold = fill + stroke) is graphics state that
                # outlives BT/ET: keep each element's own
                c.saveState()
                _text(c, el, fill_text(el.text, fields), font, top)
                c.restoreState()
            elif el.type == "barcode":
                value = barcode_value(el.value, fields)
                if value:
                    _barcode(c, el, value, top)
        c.showPage()
    c.save()
    return buf.getvalue()


def _text(c, el, text: str, font: str, top: float) -> None:
    size = el.size
    leading = size * 1.25
    lines = wrap(text, el.w * mm, lambda s: stringWidth(s, font, size))
    fit = max(1, int(el.h * mm // leading))
    if len(lines) > fit:
        lines = lines[:fit]
        lines[-1] = lines[-1][:-1] + "…"
    c.setFont(font, size)
    if el.bold:  # one embedded face: bold by stroking the outline too
        c.setLineWidth(size / 30)
        mode = 2
    else:
        mode = 0
    for n, line in enumerate(lines):
        y = top - size - n * leading
        t = c.beginText()
        t.setTextRenderMode(mode)
        t.setFont(font, size)
        x = el.x * mm
        if el.align == "center":
            x += (el.w * mm - stringWidth(line, font, size)) / 2
        t.setTextOrigin(x, y)
        t.textLine(line)
        c.drawText(t)


def _barcode(c, el, value: str, top: float) -> None:
    modules = code128_modules(value) + 20  # quiet zones of ten modules each side
    bar_w = min(0.5 * mm, el.w * mm / modules)
    symbol = code128.Code128(value, barHeight=el.h * mm, barWidth=bar_w, quiet=True)
    x = el.x * mm + (el.w * mm - symbol.width) / 2
    symbol.drawOn(c, x, top - el.h * mm)
