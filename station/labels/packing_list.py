"""The packing list (销货清单): order barcode, lines, quantities, shorts, remarks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from station.labels.fonts import pdf_font
from station.labels.layout import code128_modules, wrap

SIZES = {"a4": A4, "100x150": (100 * mm, 150 * mm)}


@dataclass(frozen=True)
class ListLine:
    sku: str
    name: str
    qty: int
    packed: int
    short: int
    gift: bool


@dataclass(frozen=True)
class PackingListData:
    order: str
    shop: str
    buyer: str
    address: str
    date: str
    lines: list[ListLine]
    remark: str = ""
    tracking: str = ""
    reship: str = ""


def render_packing_list(data: PackingListData, size: str = "a4") -> bytes:
    page_w, page_h = SIZES[size]
    small = size != "a4"
    margin = (6 if small else 15) * mm
    font = pdf_font()
    body = 8 if small else 10
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(page_w, page_h), invariant=True)
    c.setTitle(f"Packing list {data.order}")
    y = page_h - margin

    def text(s: str, x: float, size: float = body) -> None:
        c.setFont(font, size)
        c.drawString(x, y, s)

    text("销货清单 Packing list", margin, 14 if small else 18)
    y -= (8 if small else 10) * mm
    bar_h = (10 if small else 14) * mm
    modules = code128_modules(data.order) + 20
    bar_w = min(0.45 * mm, (page_w - 2 * margin) * 0.6 / modules)
    code128.Code128(data.order, barHeight=bar_h, barWidth=bar_w).drawOn(
        c, margin - 10 * bar_w, y - bar_h
    )
    y -= bar_h + 5 * mm
    for label, value in (
        ("订单 Order", data.order),
        ("店铺 Shop", data.shop),
        ("买家 Buyer", data.buyer),
        ("地址 Address", data.address),
        ("日期 Date", data.date),
        ("运单 Tracking", data.tracking),
    ):
        if not value:
            continue
        for line in wrap(
            f"{label}: {value}", page_w - 2 * margin, lambda s: stringWidth(s, font, body)
        ):
            text(line, margin)
            y -= body * 1.4
    y -= 3 * mm
    cols = [
        margin,
        margin + (22 if small else 40) * mm,
        page_w - margin - (34 if small else 60) * mm,
    ]
    qty_x = [cols[2], cols[2] + (11 if small else 20) * mm, cols[2] + (22 if small else 40) * mm]
    c.setFont(font, body)
    for x, head in zip(
        cols[:2] + qty_x, ("SKU", "品名 Item", "数量 Qty", "已装 Packed", "缺 Short"), strict=True
    ):
        c.drawString(x, y, head)
    y -= 2 * mm
    c.line(margin, y, page_w - margin, y)
    y -= body * 1.4
    for ln in data.lines:
        name = ln.name + ("  [赠品 GIFT]" if ln.gift else "")
        name_lines = wrap(name, cols[2] - cols[1] - 2 * mm, lambda s: stringWidth(s, font, body))
        c.drawString(cols[0], y, ln.sku)
        for x, v in zip(qty_x, (ln.qty, ln.packed, ln.short or ""), strict=True):
            c.drawString(x, y, str(v))
        for n, part in enumerate(name_lines):
            c.drawString(cols[1], y - n * body * 1.3, part)
        y -= body * 1.4 * max(1, len(name_lines))
        if y < margin + 20 * mm:
            c.showPage()
            y = page_h - margin
            c.setFont(font, body)
    c.line(margin, y + body, page_w - margin, y + body)
    y -= 2 * mm
    for note in (data.remark, f"补发 Reship: {data.reship}" if data.reship else ""):
        if note:
            for line in wrap(note, page_w - 2 * margin, lambda s: stringWidth(s, font, body)):
                text(line, margin)
                y -= body * 1.4
    c.showPage()
    c.save()
    return buf.getvalue()
