"""The pick list (拣货单) of a batch: the batch's barcode, then one block per SKU in
shelf order (location, quantity to take, SKU, name, the SKU's barcode), then the
totals. On the document printer, A4 or 100x150.

Text is wrapped by ``station.labels.fit`` and passes
``station.labels.glyphs.printable`` (``GlyphError`` names the field); a block
never splits over two pages.
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


@dataclass(frozen=True)
class PickLine:
    """One SKU to take: ``qty`` units summed over the batch's orders; ``barcode`` the
    code printed for it (its GTIN, else the SKU)."""

    location: str
    sku: str
    name: str
    qty: int
    barcode: str
    orders: int


@dataclass(frozen=True)
class PickListData:
    batch: str
    carrier: str
    rule: str
    date: str
    orders: int
    lines: list[PickLine]

    @property
    def units(self) -> int:
        return sum(ln.qty for ln in self.lines)


def _barcode(c, value: str, x: float, y_top: float, width: float, height: float, bar: float):
    """A Code 128 of ``value`` with its top left at (x, y_top); bars ``bar`` points
    wide at most, narrower when the symbol would not fit ``width``."""
    modules = code128_modules(value) + 20  # quiet zones
    bar_w = min(bar, width / modules)
    code128.Code128(value, barHeight=height, barWidth=bar_w).drawOn(
        c, x - 10 * bar_w, y_top - height
    )


def render_pick_list(data: PickListData, size: str = "a4") -> bytes:
    """The pick list as PDF bytes (``size`` ``a4`` or ``100x150``; KeyError for
    another). Raises ``GlyphError`` for a character no font has."""
    page_w, page_h = SIZES[size]
    small = size != "a4"
    margin = (5 if small else 15) * mm
    body = 8 if small else 10
    big = 12 if small else 16
    leading = body * 1.3
    width = page_w - 2 * margin
    bar = (0.3 if small else 0.38) * mm
    bar_h = (8 if small else 10) * mm
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(page_w, page_h), invariant=True)
    c.setTitle(f"Pick list {data.batch}")
    y = page_h - margin

    def measure(s: str) -> float:
        return string_width(s, body)

    title = 14 if small else 18
    draw_runs(c, margin, y - title * 0.8, "拣货单 Pick list", title)
    y -= (8 if small else 10) * mm
    _barcode(c, data.batch, margin, y, width * 0.8, bar_h, bar)
    y -= bar_h + 4 * mm
    head = [
        f"波次 Batch: {printable(data.batch, 'batch')}",
        f"快递 Carrier: {printable(data.carrier or '-', 'carrier')}   {data.date}",
        f"订单 Orders: {data.orders}   SKU: {len(data.lines)}   件数 Units: {data.units}",
    ]
    for text in head:
        for line in wrap(text, width, measure):
            draw_runs(c, margin, y, line, body)
            y -= leading
    y -= 1 * mm
    c.line(margin, y, page_w - margin, y)
    y -= 2 * mm
    qty_w = string_width("× 99999", big)
    for n, ln in enumerate(data.lines, 1):
        name = wrap(
            printable(f"{ln.sku}  {ln.name}", f"line {n} name"), width - qty_w - 2 * mm, measure
        )
        block = big * 1.3 + leading * len(name) + bar_h + 5 * mm
        if y - block < margin:
            c.showPage()
            y = page_h - margin
        location = printable(ln.location or "—", f"line {n} location")
        draw_runs(c, margin, y - big, f"{n}. {location}", big, 2)
        draw_runs(c, page_w - margin - qty_w, y - big, f"× {ln.qty}", big, 2)
        y -= big * 1.3
        for part in name:
            draw_runs(c, margin, y - body, part, body)
            y -= leading
        y -= 1 * mm
        _barcode(c, ln.barcode, margin, y, width * 0.8, bar_h, bar)
        y -= bar_h + 2 * mm
        c.setDash(1, 2)
        c.line(margin, y, page_w - margin, y)
        c.setDash()
        y -= 2 * mm
    if y - 2 * leading < margin:
        c.showPage()
        y = page_h - margin
    draw_runs(c, margin, y - body, f"合计 Total: {data.units}  ({len(data.lines)} SKU)", body, 2)
    c.showPage()
    c.save()
    return buf.getvalue()
