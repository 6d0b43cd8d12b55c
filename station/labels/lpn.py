"""Putaway / licence-plate labels (LPN) for received cartons and pallets, 100x150 mm.

The plate is an SSCC (AI 00, GS1-128 with FNC1) when the bench has a GS1
company prefix, else the station's own ``LPN-…`` number in Code 128. Under it:
product, quantity, lot, expiry, status (a quarantined line says so in large
letters) and the receipt it came in with.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from station.labels.fonts import pdf_font
from station.labels.layout import code128_modules

FNC1 = "\xf1"


@dataclass(frozen=True)
class LpnLabel:
    plate: str  # 18-digit SSCC or LPN-…
    sku: str
    name: str
    qty: int
    lot: str
    expiry: str
    receipt: str
    purchase_order: str
    status: str  # accepted | quarantine

    @property
    def is_sscc(self) -> bool:
        return len(self.plate) == 18 and self.plate.isdigit()


def render_lpn_labels(labels: list[LpnLabel]) -> bytes:
    w, h = 100 * mm, 150 * mm
    m = 5 * mm
    font = pdf_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=True)
    c.setTitle("LPN labels")
    for lb in labels:
        y = h - m - 6 * mm
        c.setFont(font, 14)
        c.drawString(m, y, "上架标签 Putaway / LPN")
        y -= 8 * mm
        value = f"{FNC1}00{lb.plate}" if lb.is_sscc else lb.plate
        bar_h = 30 * mm
        modules = code128_modules(value) + 20  # with the quiet zones
        bar_w = min(0.5 * mm, (w - 2 * m) / modules)
        bar = code128.Code128(value, barHeight=bar_h, barWidth=bar_w, quiet=False)
        bar.drawOn(c, (w - bar.width) / 2, y - bar_h)
        y -= bar_h + 6 * mm
        c.setFont(font, 12)
        text = f"(00) {lb.plate}" if lb.is_sscc else lb.plate
        c.drawCentredString(w / 2, y, text)
        y -= 10 * mm
        c.setFont(font, 18)
        c.drawString(m, y, f"{lb.sku}  ×{lb.qty}")
        y -= 7 * mm
        c.setFont(font, 10)
        c.drawString(m, y, lb.name[:40])
        y -= 8 * mm
        c.setFont(font, 12)
        for label, v in (("批号 Lot", lb.lot), ("有效期 Expiry", lb.expiry)):
            if v:
                c.drawString(m, y, f"{label}: {v}")
                y -= 6 * mm
        c.setFont(font, 9)
        c.drawString(m, y, f"收货单 Receipt {lb.receipt} · 采购单 PO {lb.purchase_order}")
        if lb.status != "accepted":
            c.setFont(font, 26)
            c.drawCentredString(w / 2, m + 4 * mm, "隔离 QUARANTINE")
        c.showPage()
    c.save()
    return buf.getvalue()
