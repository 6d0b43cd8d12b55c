"""The packing list and the daily report with long and rare text: every word
inside its column (pdftotext's word boxes), all of the text present, the
barcodes still decoding, pages added rather than text dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from reportlab.lib.units import mm

from station.labels.daily_report import CONTENT_W, report_bytes
from station.labels.packing_list import HEADS, SIZES, ListLine, PackingListData, columns
from station.services.daily import day_figures
from station.services.daily.figures import Row
from tests.barcodes import decode_pdf, pdf_text
from tests.labels.geometry import pdf_words

LONG_NAME = "超细纤维防滑吸水地垫浴室门口脚垫家用卫生间地毯 Microfibre anti-slip bath mat"
SKU = "MAT-240X300-GREY-ANTISLIP-2026NEW"  # wider than its column: broken between characters


def squeeze(s: str) -> str:
    return "".join(s.split())


def data(n_lines: int) -> PackingListData:
    return PackingListData(
        order="2611230001",
        shop="家居旗舰店",
        buyer="王䶮 138****5521",
        address="北京市𠮷祥路1号 " + "望京街道阜通东大街6号院3号楼1502" * 3,
        date="2026-11-11",
        lines=[
            ListLine(f"{SKU}-{n}", f"{LONG_NAME} {n}", n, n - (n % 3 == 0), int(n % 3 == 0), n == 2)
            for n in range(1, n_lines + 1)
        ],
        remark="卖家备注：" + "请尽快发货😀，谢谢！" * 12,
        tracking="EE123456785CN",
    )


@pytest.mark.parametrize("size", SIZES)
def test_packing_list_heads_never_overlap_and_every_cell_stays_in_its_column(size):
    from station.labels.packing_list import render_packing_list

    d = data(30)
    pdf = render_packing_list(d, size)
    pages = pdf_words(pdf)
    assert len(pages) > 1  # thirty long lines flow on to more pages
    assert decode_pdf(pdf)[0] == [("Code128", "2611230001")]
    text = squeeze(pdf_text(pdf))
    assert squeeze(d.remark) in text and squeeze(d.address) in text
    page_w = SIZES[size][0]
    margin = (6 if size != "a4" else 15) * mm
    cols = [(x / mm, (x + w) / mm) for x, w in columns(page_w, margin, 8 if size != "a4" else 10,
                                                         0.3 if size != "a4" else 0.35)]  # fmt: skip
    in_col: list[str] = ["", ""]  # what the SKU and item columns hold, read top to bottom
    for words in pages:
        for c in (0, 1):
            inside = [w for w in words if cols[c][0] - 0.3 <= w.x0 and w.x1 <= cols[c][1] + 0.3]
            in_col[c] += "".join(w.text for w in sorted(inside, key=lambda w: (w.y0, w.x0)))
        heads = {w.text: w for w in words if w.text in {h for pair in HEADS for h in pair}}
        assert {"Qty", "Packed", "Short", "已装"} <= set(heads)  # repeated on every page
        order = [heads[h] for h in ("Qty", "Packed", "Short")]
        for a, b in zip(order, order[1:], strict=False):
            assert a.x1 < b.x0, (a, b)  # the reported overlap of "Packed" and "Short"
        top = max(w.y1 for w in heads.values())
        for w in words:
            if w.y0 <= top or not (w.text in SKU + "-0123456789" or w.text in LONG_NAME):
                continue
            assert any(x0 - 0.3 <= w.x0 and w.x1 <= x1 + 0.3 for x0, x1 in cols), w
    for ln in d.lines:  # all of every SKU and name, in its own column
        assert ln.sku in in_col[0] and squeeze(ln.name) in in_col[1], ln


def test_daily_report_wraps_long_and_rare_names_in_their_column(demo_services):
    f = day_figures(date.today(), demo_services.settings)
    long_name = "张伟（夜班组长）Zhang Wei night-shift lead 䶮 " + "X" * 40
    f = replace(
        f,
        bench_name="打包台 𠮷 1",
        by_operator=[Row(long_name, orders_packed=12, scans=340), Row("王芳", units_received=24)],
        by_bench=[Row("打包台 𠮷 1", orders_packed=12)],
    )
    pdf = report_bytes(f, "pdf")
    text = squeeze(pdf_text(pdf))
    assert squeeze(long_name) in text and "打包台𠮷1" in text
    left = 14  # mm
    first_col = (left, left + 50)
    for words in pdf_words(pdf):
        for w in words:
            if w.text and w.text in long_name and len(w.text) > 3:
                assert first_col[0] - 0.3 <= w.x0 and w.x1 <= first_col[1] + 0.3, w
            assert w.x1 <= left + CONTENT_W / mm + 0.5, w  # nothing past the right margin


def test_discrepancy_report_wraps_long_codes_and_prints_rare_characters():
    from station.labels.discrepancy_report import (
        DiscrepancyData,
        DiscrepancyLine,
        render_discrepancy_report,
    )

    supplier = "义乌市𠮷祥日用品有限公司 Yiwu Jixiang Daily Goods Co., Ltd."
    line = DiscrepancyLine(SKU, LONG_NAME, 12, 10, 2, 0, 1, "L2611 (2027-06-30)", "错货 😀")
    pdf = render_discrepancy_report(
        DiscrepancyData("GR-PO-2611-001-1", "PO-2611-001", supplier, "2026-11-23", [line] * 40)
    )
    assert decode_pdf(pdf)[0] == [("Code128", "GR-PO-2611-001-1")]
    text = squeeze(pdf_text(pdf))
    assert squeeze(supplier) in text and "错货😀" in text
    pages = pdf_words(pdf)
    assert len(pages) > 1
    sku_col = (12, 12 + 30)  # margin, the item column's start (mm)
    for words in pages:
        for w in words:
            if w.text and w.text in SKU and len(w.text) > 4:
                assert sku_col[0] - 0.3 <= w.x0 and w.x1 <= sku_col[1], w
