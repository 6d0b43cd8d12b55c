"""The handover sheet (交接单) the courier signs: carrier, bench, time, count, one line
per waybill with its weight and a barcode of the handover id; parcels left out with
a supervisor's approval, and a warning when head office could not be reached when
the handover opened (intercepts may be missing). A4, bilingual heads.

Every text goes through ``station.labels.glyphs.printable`` (``GlyphError`` names
the field) and is wrapped to its column by ``station.labels.fit``; lines flow on to
the next page with the head repeated and the handover id and page number on every
page, so a loose page still names its sheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from station.labels.fit import wrap
from station.labels.fonts import string_width
from station.labels.glyphs import printable
from station.labels.layout import code128_modules
from station.labels.pdf import draw_runs

HEADS = ("#", "运单号 Waybill", "订单 Order", "重量 Weight (kg)")
MARGIN = 15 * mm
BODY = 10
LEADING = BODY * 1.35


@dataclass(frozen=True)
class SheetParcel:
    tracking: str
    order: str
    weight_g: int | None


@dataclass(frozen=True)
class HandoverSheetData:
    """What the sheet shows; times already in the bench's local time, as text."""

    number: str
    carrier: str  # the carrier's name as printed
    bench: str
    opened: str
    closed: str
    parcels: list[SheetParcel]
    missing: list[SheetParcel] = field(default_factory=list)
    approved_by: str = ""
    offline_note: str = ""  # printed in a box when not empty
    bag: str = ""


def kg(weight_g: int | None) -> str:
    """Grams as kilograms with three decimals; an unknown weight as a dash."""
    return "—" if weight_g is None else f"{weight_g / 1000:.3f}"


def render_handover_sheet(data: HandoverSheetData) -> bytes:
    """The sheet as PDF bytes. Raises ``GlyphError`` for a character no font has."""
    page_w, page_h = A4
    width = page_w - 2 * MARGIN
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.setTitle(f"Handover {data.number}")
    y = page_h - MARGIN
    page = 1

    def measure(s: str) -> float:
        return string_width(s, BODY)

    def footer() -> None:
        draw_runs(c, MARGIN, MARGIN / 2, f"{data.number} · {page}", 8)

    def new_page() -> None:
        nonlocal y, page
        footer()
        c.showPage()
        page += 1
        y = page_h - MARGIN

    def room(needed: float) -> None:
        if y - needed < MARGIN:
            new_page()

    def paragraph(text: str, size: float = BODY) -> None:
        nonlocal y
        for line in wrap(text, width, lambda s: string_width(s, size)):
            room(size * 1.35)
            draw_runs(c, MARGIN, y - size, line, size)
            y -= size * 1.35

    draw_runs(c, MARGIN, y - 16, "出库交接单 Carrier handover sheet", 18)
    y -= 12 * mm
    bar_h = 14 * mm
    value = printable(data.number, "handover")
    bar_w = min(0.45 * mm, width * 0.7 / (code128_modules(value) + 20))
    code128.Code128(value, barHeight=bar_h, barWidth=bar_w).drawOn(
        c, MARGIN - 10 * bar_w, y - bar_h
    )
    y -= bar_h + 3 * mm
    paragraph(f"交接单号 Handover: {value}")
    paragraph(f"承运商 Carrier: {printable(data.carrier, 'carrier')}")
    if data.bag:
        paragraph(f"袋/笼 Bag or cage: {printable(data.bag, 'bag')}")
    paragraph(f"工作台 Bench: {printable(data.bench, 'bench')}")
    paragraph(f"开始 Opened: {data.opened}    交接 Closed: {data.closed}")
    paragraph(f"件数 Count: {len(data.parcels)}", 14)
    if data.offline_note:
        y -= 2 * mm
        note = wrap(printable(data.offline_note, "note"), width - 6 * mm, measure)
        h = len(note) * LEADING + 4 * mm
        room(h)
        c.rect(MARGIN, y - h, width, h)
        for n, line in enumerate(note):
            draw_runs(c, MARGIN + 3 * mm, y - 2 * mm - BODY - n * LEADING, line, BODY)
        y -= h + 2 * mm
    y -= 3 * mm
    cols = _columns(width)

    def head() -> None:
        nonlocal y
        room(3 * LEADING)
        for (x, _), text in zip(cols, HEADS, strict=True):
            draw_runs(c, x, y - BODY, text, BODY)
        y -= LEADING + 1 * mm
        c.line(MARGIN, y, page_w - MARGIN, y)
        y -= 1 * mm

    def table(rows: list[SheetParcel]) -> None:
        nonlocal y
        head()
        for n, p in enumerate(rows, 1):
            cells = [
                [str(n)],
                wrap(printable(p.tracking, f"line {n} waybill"), cols[1][1], measure),
                wrap(printable(p.order, f"line {n} order"), cols[2][1], measure),
                [kg(p.weight_g)],
            ]
            lines = max(len(cell) for cell in cells)
            if y - lines * LEADING < MARGIN:
                new_page()
                head()
            for (x, _), cell in zip(cols, cells, strict=True):
                for k, part in enumerate(cell):
                    draw_runs(c, x, y - BODY - k * LEADING, part, BODY)
            y -= lines * LEADING

    table(data.parcels)
    if data.parcels:
        total = sum(p.weight_g or 0 for p in data.parcels)
        y -= 1 * mm
        c.line(MARGIN, y, page_w - MARGIN, y)
        paragraph(f"合计 Total: {len(data.parcels)} · {kg(total)} kg")
    if data.missing:
        y -= 4 * mm
        paragraph(f"未交接 Left out (approved by {printable(data.approved_by, 'supervisor')}):")
        table(data.missing)
    y -= 10 * mm
    room(30 * mm)
    half = width / 2
    for n, text in enumerate(("交货人 Handed over by", "揽收员 Courier")):
        x = MARGIN + n * half
        draw_runs(c, x, y - BODY, text, BODY)
        c.line(x, y - 18 * mm, x + half - 10 * mm, y - 18 * mm)
        draw_runs(c, x, y - 23 * mm, "签名 Signature / 日期 Date", 8)
    y -= 28 * mm
    footer()
    c.showPage()
    c.save()
    return buf.getvalue()


def _columns(width: float) -> list[tuple[float, float]]:
    """``(x, width)`` of the four columns: number and weight as wide as needed, the
    rest shared by waybill and order."""
    gap = 3 * mm
    num_w = max(string_width("9999", BODY), string_width(HEADS[0], BODY))
    wt_w = max(string_width("99.999", BODY), string_width(HEADS[3], BODY))
    rest = width - num_w - wt_w - 3 * gap
    widths = [num_w, rest * 0.55, rest * 0.45, wt_w]
    out, x = [], MARGIN
    for w in widths:
        out.append((x, w))
        x += w + gap
    return out
