"""The packing list (销货清单): order barcode, lines, quantities, shorts, remarks.

Every text is wrapped to its own column by ``station.labels.fit`` (Chinese
between any characters, other text at spaces, a code between characters when
it is wider than its column) and flows on to the next page, the table's head
repeated; column widths come from the head's own measured width, so no two
columns overlap at any page size. Every value passes
``station.labels.glyphs.printable`` first (``GlyphError`` names the field).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from station.labels.fit import wrap
from station.labels.fonts import string_width
from station.labels.glyphs import printable
from station.labels.layout import code128_modules
from station.labels.pdf import draw_runs

SIZES = {"a4": A4, "100x150": (100 * mm, 150 * mm)}
# the head of each column: Chinese over English
HEADS = (("SKU", ""), ("品名", "Item"), ("数量", "Qty"), ("已装", "Packed"), ("缺", "Short"))
GAP = 2 * mm  # between two columns


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


def columns(
    page_w: float, margin: float, body: float, sku_share: float
) -> list[tuple[float, float]]:
    """``(x, width)`` of each column in points: the three quantity columns as wide
    as their head (or five digits), then SKU ``sku_share`` of the rest, the item
    name the remainder; ``GAP`` between each two."""
    digits = string_width("99999", body)
    qty_w = [max(string_width(h, body) for h in head + (" ",)) for head in HEADS[2:]]
    qty_w = [max(w, digits) for w in qty_w]
    rest = page_w - 2 * margin - sum(qty_w) - 4 * GAP
    sku_w = rest * sku_share
    widths = [sku_w, rest - sku_w, *qty_w]
    out, x = [], margin
    for w in widths:
        out.append((x, w))
        x += w + GAP
    return out


def render_packing_list(data: PackingListData, size: str = "a4") -> bytes:
    """The list as PDF bytes (``size`` ``a4`` or ``100x150``). Raises
    ``GlyphError`` for a character no font has, naming the field."""
    page_w, page_h = SIZES[size]
    small = size != "a4"
    margin = (6 if small else 15) * mm
    body = 8 if small else 10
    leading = body * 1.3
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(page_w, page_h), invariant=True)
    c.setTitle(f"Packing list {data.order}")
    y = page_h - margin
    width = page_w - 2 * margin

    def measure(s: str) -> float:
        return string_width(s, body)

    def room(needed: float) -> None:
        nonlocal y
        if y - needed < margin:
            c.showPage()
            y = page_h - margin

    def paragraph(text: str) -> None:
        nonlocal y
        for line in wrap(text, width, measure):
            room(leading)
            draw_runs(c, margin, y, line, body)
            y -= leading

    title = 14 if small else 18
    draw_runs(c, margin, y - title * 0.8, "销货清单 Packing list", title)
    y -= (8 if small else 10) * mm
    bar_h = (10 if small else 14) * mm
    modules = code128_modules(data.order) + 20
    bar_w = min(0.45 * mm, width * 0.6 / modules)
    code128.Code128(data.order, barHeight=bar_h, barWidth=bar_w).drawOn(
        c, margin - 10 * bar_w, y - bar_h
    )
    y -= bar_h + 5 * mm
    for label, name, value in (
        ("订单 Order", "order", data.order),
        ("店铺 Shop", "shop", data.shop),
        ("买家 Buyer", "buyer", data.buyer),
        ("地址 Address", "address", data.address),
        ("日期 Date", "date", data.date),
        ("运单 Tracking", "tracking", data.tracking),
    ):
        if value:
            paragraph(f"{label}: {printable(value, name)}")
    y -= 3 * mm
    cols = columns(page_w, margin, body, 0.3 if small else 0.35)

    def head() -> None:
        nonlocal y
        room(2 * leading + 2 * mm + leading)
        for (x, _), lines in zip(cols, HEADS, strict=True):
            for n, line in enumerate(lines):
                draw_runs(c, x, y - n * leading, line, body)
        y -= leading + 2 * mm
        c.line(margin, y, page_w - margin, y)
        y -= leading

    head()
    for n, ln in enumerate(data.lines, 1):
        name = printable(ln.name, f"line {n} name") + ("  [赠品 GIFT]" if ln.gift else "")
        cells = [
            wrap(printable(ln.sku, f"line {n} sku"), cols[0][1], measure),
            wrap(name, cols[1][1], measure),
            *([str(v)] for v in (ln.qty, ln.packed, ln.short or "")),
        ]
        rows = max(len(cell) for cell in cells)
        if y - rows * leading < margin:
            c.showPage()
            y = page_h - margin
            head()
        for (x, _), cell in zip(cols, cells, strict=True):
            for k, part in enumerate(cell):
                draw_runs(c, x, y - k * leading, part, body)
        y -= leading * rows + 0.1 * leading
    c.line(margin, y + body, page_w - margin, y + body)
    y -= 2 * mm
    if data.remark:
        paragraph(printable(data.remark, "remark"))
    if data.reship:
        paragraph(f"补发 Reship: {printable(data.reship, 'reship')}")
    c.showPage()
    c.save()
    return buf.getvalue()
