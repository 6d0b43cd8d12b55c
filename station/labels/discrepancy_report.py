"""The discrepancy report (收货差异单) for the supplier: what was expected and what came.

A4, the receipt number as a Code 128 barcode, one row per PO line and per
item that was not on the PO: expected, received, short, over, quarantined or
rejected, with the lots and expiry dates seen. Chinese and English headings.
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


@dataclass(frozen=True)
class DiscrepancyLine:
    sku: str
    name: str
    expected: int
    received: int
    short: int
    over: int
    held: int  # quarantined or rejected
    lots: str  # "L1 (2027-06-30), L2 (…)"
    note: str = ""  # wrong item, shelf life…


@dataclass(frozen=True)
class DiscrepancyData:
    receipt: str
    purchase_order: str
    supplier: str
    date: str
    lines: list[DiscrepancyLine]


COLUMNS = (
    ("SKU", 0),
    ("品名 Item", 30),
    ("应收 Exp.", 95),
    ("实收 Recv.", 111),
    ("短 Short", 127),
    ("超 Over", 141),
    ("隔离 Held", 155),
)


def render_discrepancy_report(data: DiscrepancyData) -> bytes:
    page_w, page_h = A4
    margin = 12 * mm
    body = 9
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.setTitle(f"Discrepancy report {data.receipt}")
    y = page_h - margin

    def measure(s: str) -> float:
        return string_width(s, body)

    size = body

    def setfont(points: float) -> None:
        nonlocal size
        size = points

    def draw(x: float, y: float, text: str) -> None:
        draw_runs(c, x, y, text, size)

    setfont(16)
    draw(margin, y - 4 * mm, "收货差异单 Goods-in discrepancy report")
    y -= 12 * mm
    bar_h = 14 * mm
    bar_w = min(0.45 * mm, (page_w - 2 * margin) * 0.6 / (code128_modules(data.receipt) + 20))
    code128.Code128(data.receipt, barHeight=bar_h, barWidth=bar_w).drawOn(
        c, margin - 10 * bar_w, y - bar_h
    )
    y -= bar_h + 6 * mm
    setfont(body + 1)
    for label, value in (
        ("收货单 Receipt", data.receipt),
        ("采购单 PO", data.purchase_order),
        ("供应商 Supplier", data.supplier),
        ("日期 Date", data.date),
    ):
        for line in wrap(f"{label}: {printable(value, label)}", page_w - 2 * margin, measure):
            draw(margin, y, line)
            y -= (body + 1) * 1.5

    def header() -> None:
        nonlocal y
        setfont(body)
        for title, x in COLUMNS:
            draw(margin + x * mm, y, title)
        y -= 2 * mm
        c.line(margin, y, page_w - margin, y)
        y -= body * 1.5

    y -= 2 * mm
    header()
    for ln in data.lines:
        sku_lines = wrap(printable(ln.sku, "sku"), 28 * mm, measure)
        name_lines = wrap(printable(ln.name, f"{ln.sku} name"), 63 * mm, measure)
        extra = [printable(t, ln.sku) for t in (ln.lots, ln.note) if t]
        detail = [part for t in extra for part in wrap(t, page_w - 2 * margin - 30 * mm, measure)]
        rows = max(len(sku_lines), len(name_lines))
        height = body * 1.35 * (rows + len(detail)) + 2
        if y - height < margin:
            c.showPage()
            y = page_h - margin
            header()
        setfont(body)
        for n, part in enumerate(sku_lines):
            draw(margin, y - n * body * 1.35, part)
        for n, part in enumerate(name_lines):
            draw(margin + 30 * mm, y - n * body * 1.35, part)
        for (_, x), v in zip(
            COLUMNS[2:], (ln.expected, ln.received, ln.short, ln.over, ln.held), strict=True
        ):
            draw(margin + x * mm, y, str(v) if v or x == 95 or x == 111 else "")
        y -= body * 1.35 * rows
        setfont(body - 1)
        for part in detail:
            draw(margin + 30 * mm, y, part)
            y -= body * 1.35
        y -= 2
    c.line(margin, y + body, page_w - margin, y + body)
    totals = [sum(getattr(ln, f) for ln in data.lines) for f in ("short", "over", "held")]
    y -= 4 * mm
    setfont(body + 1)
    draw(
        margin,
        y,
        f"合计 Totals — 短 short {totals[0]} · 超 over {totals[1]} · 隔离 held {totals[2]}",
    )
    y -= 16 * mm
    setfont(body)
    draw(margin, y, "收货人 Received by: ____________      供应商 Supplier: ____________")
    c.showPage()
    c.save()
    return buf.getvalue()
