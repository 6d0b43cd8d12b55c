"""The end-of-day report (日报): the day's figures as a PDF with charts, and as CSV.

Both are made from one :class:`~station.services.daily.DayFigures`, the same
object the supervisor's board shows, so the three agree figure for figure.
Headings are in Chinese and English, as on the other documents.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from station.labels.fit import wrap
from station.labels.fonts import pdf_font, runs, string_width
from station.labels.glyphs import printable
from station.services.daily import METRICS, DayFigures, Row

CONTENT_W = 182 * mm  # A4 less the 14 mm margins
METRIC_NAMES = {
    "units_received": "收货件数 Units received",
    "lines_inspected": "质检批次 Lines inspected",
    "orders_packed": "打包订单 Orders packed",
    "parcels_shipped": "发出包裹 Parcels shipped",
    "units_packed": "打包件数 Units packed",
    "scans": "扫描 Scans",
}
ROW_FIELDS = (
    "units_received",
    "lines_inspected",
    "orders_packed",
    "parcels_shipped",
    "units_packed",
    "scans",
)
CHART_COLOURS = (
    colors.HexColor("#1565c0"),
    colors.HexColor("#6a1b9a"),
    colors.HexColor("#2e7d32"),
    colors.HexColor("#ef6c00"),
)
EXCEPTION_NAMES = {
    "wrong_item_refusals": "错货拒收 Wrong items refused",
    "shorts": "缺货发出 Shorts shipped",
    "reships": "补发 Reships",
    "overrides": "主管放行 Overrides",
    "voids": "作废 Voids",
    "quarantined_lines": "隔离行 Quarantined lines",
    "quarantined_units": "隔离件数 Quarantined units",
    "lots_rejected": "质检拒收/暂扣 Lots rejected or held",
    "late_orders": "已超时订单 Late orders",
    "at_risk_orders": "将超时订单 At-risk orders",
    "penalty_at_risk_fen": "风险赔付 Penalty at risk (CNY)",
}


def report_bytes(f: DayFigures, fmt: str) -> bytes:
    """The report in ``pdf``, ``csv`` or ``json`` (the figures the board shows)."""
    if fmt == "pdf":
        return render_daily_report(f)
    if fmt == "csv":
        return daily_csv(f)
    if fmt == "json":
        return (json.dumps(f.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raise ValueError(f"no report format {fmt!r}")


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def daily_csv(f: DayFigures) -> bytes:
    """Long form, one figure a row: ``section,name,metric,value``. UTF-8 with a BOM,
    so Excel on a Chinese Windows opens it with the right characters. Benches by
    name (``day,,bench,<name>``; ``bench,<name>,…``), never by internal id."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["section", "name", "metric", "value"])
    w.writerow(["day", "", "date", f.date])
    w.writerow(["day", "", "bench", f.bench_name])
    w.writerow(["day", "", "generated_at", f.generated_at])
    if f.audit_anchor:
        w.writerow(["day", "", "audit_anchor", f.audit_anchor["short"]])
    for m in ROW_FIELDS:
        w.writerow(["total", "", m, getattr(f.totals, m)])
    for m in METRICS:
        for hour, n in enumerate(f.hourly[m]):
            w.writerow(["hour", f"{hour:02d}", m, n])
    for section, rows in (("operator", f.by_operator), ("bench", f.by_bench)):
        for r in rows:
            for m in ROW_FIELDS:
                w.writerow([section, r.name, m, getattr(r, m)])
    for k, v in f.rates.items():
        w.writerow(["rate", "", k, v])
    if f.backlog is not None:
        for k, v in asdict(f.backlog).items():
            w.writerow(["backlog", "", k, "" if v is None else v])
    x = f.exceptions
    for k in EXCEPTION_NAMES:
        w.writerow(["exception", "", k, getattr(x, k)])
    for o in x.late_list:
        w.writerow(["late_order", o.order, o.state, o.penalty_fen])
    for a in x.printer_alerts:
        w.writerow(["printer_alert", str(a["job"]), a["status"], a["reason"]])
    for p in x.pools_low:
        w.writerow(["pool_low", f"{p['carrier']} {p['account']}".strip(), "free", p["free"]])
    for h in f.handovers:
        for k in ("carrier", "closed_at", "parcels", "left_out", "offline"):
            w.writerow(["handover", h["number"], k, h[k]])
    for c in f.carriers_waiting:
        for k in ("parcels", "orders", "pickup", "state", "penalty_fen"):
            w.writerow(["not_handed_over", c["carrier"], k, c[k]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _hour_chart(
    f: DayFigures, metrics: tuple[str, ...], title: str, font: str, width: float
) -> Drawing:
    height = 58 * mm
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = width - 16 * mm, height - 24 * mm
    chart.data = [f.hourly[m] for m in metrics]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in range(24)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(max(row) for row in chart.data)
    chart.valueAxis.valueStep = max(1, math.ceil(top / 5))  # whole counts on the axis
    chart.valueAxis.valueMax = max(1, top)
    chart.valueAxis.labelTextFormat = "%d"
    chart.groupSpacing = 2
    chart.barSpacing = 0
    colours = [CHART_COLOURS[METRICS.index(m)] for m in metrics]
    for i, colour in enumerate(colours):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 12 * mm, 6 * mm
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 50 * mm
    legend.colorNamePairs = [(c, METRIC_NAMES[m]) for c, m in zip(colours, metrics, strict=True)]
    d.add(legend)
    d.add(String(12 * mm, height - 6 * mm, title, fontName=font, fontSize=9))
    return d


def _rows_table(title: str, rows: list[Row], font: str, what: str) -> Table:
    head = [title] + [METRIC_NAMES[m].split(" ")[0] for m in ROW_FIELDS]
    data = [head] + [[printable(r.name, what)] + [getattr(r, m) for m in ROW_FIELDS] for r in rows]
    if not rows:
        data.append(["—"] + [""] * len(ROW_FIELDS))
    rest = (CONTENT_W - 50 * mm) / len(ROW_FIELDS)
    return _table(data, font, [50 * mm] + [rest] * len(ROW_FIELDS))


def markup(text: str) -> str:
    """Paragraph markup of ``text`` (already ``printable``): XML escaped, each run
    in the font of the chain that has its characters, ``\\n`` a line break."""
    return "<br/>".join(
        "".join(f'<font name="{face.pdf_name}">{escape(part)}</font>' for face, part in runs(line))
        for line in text.split("\n")
    )


def _para(text: str, style: ParagraphStyle, width: float = CONTENT_W) -> Paragraph:
    """A paragraph wrapped by ``station.labels.fit``'s rule (reportlab's own breaks
    only at spaces, so a long code would run past its column)."""
    text = printable(text, "report")  # what no caller named (a carrier's name…)
    lines = wrap(text, width, lambda ch: string_width(ch, style.fontSize))
    return Paragraph(markup("\n".join(lines)), style)


def _table(data: list[list], font: str, col_widths: list[float], numbers: bool = True) -> Table:
    """A grid with every text cell wrapped to its column (6 pt padding each side)."""
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    right = ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT)
    cells = [
        [
            _para(v, right if numbers and c and r else cell, w - 12)
            if isinstance(v, str) and v
            else v
            for c, (v, w) in enumerate(zip(row, col_widths, strict=True))
        ]
        for r, row in enumerate(data)
    ]
    t = Table(cells, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#90a4ae")),
            ]
        )
    )
    if numbers:
        t.setStyle(TableStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    return t


def _anchor_line(f: DayFigures, style) -> list:
    """The audit chain's head, for a person to keep: ``station audit verify --anchor``."""
    if not f.audit_anchor:
        return []
    return [
        _para(
            f"审计锚点 Audit anchor: {f.audit_anchor['short']} "
            "(核对 check: station audit verify --anchor …)",
            style,
        )
    ]


def render_daily_report(f: DayFigures) -> bytes:
    font = pdf_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"Daily report {f.date}",
        invariant=True,
    )
    h1 = ParagraphStyle("h1", fontName=font, fontSize=16, leading=20)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=11, leading=15, spaceBefore=6)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    story = [
        _para(f"工作台日报 Daily report · {f.date}", h1),
        _para(
            f"工作台 Bench {printable(f.bench_name, 'bench')} · 生成 generated {f.generated_at}",
            body,
        ),
        *_anchor_line(f, body),
        Spacer(1, 4 * mm),
    ]
    t = f.totals
    story.append(
        _table(
            [[METRIC_NAMES[m] for m in ROW_FIELDS[:3]], [getattr(t, m) for m in ROW_FIELDS[:3]]]
            + [[METRIC_NAMES[m] for m in ROW_FIELDS[3:]], [getattr(t, m) for m in ROW_FIELDS[3:]]],
            font,
            col_widths=[60 * mm] * 3,
            numbers=False,
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        _hour_chart(
            f,
            ("orders_packed", "parcels_shipped", "lines_inspected"),
            "每小时 Per hour: 订单、包裹、质检 orders, parcels, inspections",
            font,
            doc.width,
        )
    )
    story.append(
        _hour_chart(f, ("units_received",), "每小时收货 Units received per hour", font, doc.width)
    )
    r = f.rates
    story.append(
        Paragraph(
            "速度 Rate (per hour): 订单 orders "
            f"{r['orders_15']:g} (15 min) · {r['orders_60']:g} (60 min); 收货 units received "
            f"{r['units_received_15']:g} (15 min) · {r['units_received_60']:g} (60 min)",
            body,
        )
    )
    if f.backlog is not None:
        b = f.backlog
        story.append(Paragraph("待发 Backlog", h2))
        needed = "—" if b.packers_needed is None else str(b.packers_needed)
        story.append(
            _table(
                [
                    [
                        "待发 Waiting",
                        "已超时 Late",
                        "将超时 At risk",
                        "今日 Today",
                        "以后 Later",
                        "无时限 None",
                    ],
                    [b.waiting, b.late, b.at_risk, b.due_today, b.later, b.no_deadline],
                    [
                        "预计完成 Done at",
                        "截单 Cut-off",
                        "人均/小时 Per packer/h",
                        "在岗 Active",
                        "需要 Needed",
                        "能完成 On time",
                    ],
                    [
                        (b.predicted_done_at or "—")[11:16] or "—",
                        b.cutoff[11:16],
                        f"{b.orders_per_packer_hour:g}" + ("" if b.per_packer_measured else " *"),
                        b.packers_active,
                        needed,
                        {True: "是 yes", False: "否 no", None: "—"}[b.will_meet_cutoff],
                    ],
                ],
                font,
                col_widths=[30 * mm] * 6,
                numbers=False,
            )
        )
    story.append(Paragraph("异常 Exceptions", h2))
    x = f.exceptions
    rows = [["异常 Exception", "数 Count"]]
    for k, name in EXCEPTION_NAMES.items():
        v = getattr(x, k)
        rows.append([name, _yuan(v) if k.endswith("_fen") else v])
    rows.append(["打印机告警 Printer alerts", len(x.printer_alerts)])
    rows.append(
        [
            "面单号不足 Tracking pools low",
            ", ".join(f"{p['carrier']} {p['free']}" for p in x.pools_low) or 0,
        ]
    )
    story.append(_table(rows, font, col_widths=[80 * mm, 40 * mm]))
    if x.late_list:
        story.append(Paragraph("超时风险订单 Late-risk orders", h2))
        story.append(
            _table(
                [["订单 Order", "承诺发货 Promised", "状态 State", "赔付 Penalty (CNY)"]]
                + [
                    [
                        printable(o.order, "order"),
                        o.promised.replace("T", " ")[:16],
                        o.state,
                        _yuan(o.penalty_fen),
                    ]
                    for o in x.late_list
                ],
                font,
                [50 * mm, 44 * mm, 44 * mm, 44 * mm],
            )
        )
    if f.handovers or f.carriers_waiting:
        story.append(Paragraph("出库交接 Handovers", h2))
        story.append(
            _table(
                [
                    [
                        "交接单 Handover",
                        "承运商 Carrier",
                        "时间 Closed",
                        "件数 Parcels",
                        "未交 Left out",
                    ]
                ]
                + [
                    [
                        printable(h["number"], "handover")
                        + (" (离线 offline)" if h["offline"] else ""),
                        printable(h["carrier"], "carrier"),
                        h["closed_at"][11:16],
                        h["parcels"],
                        h["left_out"],
                    ]
                    for h in f.handovers
                ]
                + [
                    [
                        "未交接 Not handed over",
                        printable(c["carrier"], "carrier"),
                        "揽收 " + c["pickup"][11:16],
                        c["parcels"],
                        _yuan(c["penalty_fen"]),
                    ]
                    for c in f.carriers_waiting
                ],
                font,
                [60 * mm, 30 * mm, 30 * mm, 28 * mm, 30 * mm],
                numbers=False,
            )
        )
    story.append(Paragraph("按人员 By operator", h2))
    story.append(_rows_table("人员 Operator", f.by_operator, font, "operator"))
    story.append(Paragraph("按工作台 By bench", h2))
    story.append(_rows_table("工作台 Bench", f.by_bench, font, "bench"))
    doc.build(story)
    return buf.getvalue()
