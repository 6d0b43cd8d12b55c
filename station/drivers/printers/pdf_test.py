"""A one-page PDF test document for system (CUPS) and file printers."""

from __future__ import annotations

import io

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas


def test_page(title: str, lines: list[str], barcode: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    _, height = A4
    c.setFont("Helvetica-Bold", 20)
    c.drawString(20 * mm, height - 30 * mm, title)
    c.setFont("Helvetica", 12)
    y = height - 42 * mm
    for line in lines:
        c.drawString(20 * mm, y, line)
        y -= 7 * mm
    code128.Code128(barcode, barHeight=20 * mm, barWidth=0.4 * mm).drawOn(c, 20 * mm, y - 25 * mm)
    c.showPage()
    c.save()
    return buf.getvalue()
