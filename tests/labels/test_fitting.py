"""Text that does not fit: the one rule of ``station.labels.fit`` in PDF, ZPL and
TSPL. Every shipped template is rendered with long fields of several kinds; the
rendered text is found where the printer puts it (pdftotext's word boxes, the ZPL
graphic fields, the TSPL TEXT/BITMAP commands) and must lie inside its element's
box, all of it present, the barcodes still decoding; or the render fails naming
the field. Never a silent cut, never one element over another."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from station.labels.fit import Fitted, TextFitError, fit, point_sizes, wrap
from station.labels.layout import load_template, shown
from station.labels.pdf import render_pdf
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_pdf, decode_zpl, pdf_text
from tests.labels.geometry import alternatives, element_boxes, pdf_words, tspl_texts, zpl_graphics
from tests.labels.test_injection import lpn_fields

TEMPLATES = ["waybill_100x150", "waybill_100x180", "waybill_76x130", "lpn_100x150"]
LONG_ZH = "浙江省杭州市余杭区仓前街道文一西路1500号海创园3号库东门对面小卖部旁第二个路口左转"
LONG_EN = (
    "Flat 12B, Block 3, Harbour View Gardens, 18 Taikoo Shing Road, Quarry Bay, Hong Kong Island"
)
URL = "https://shop.example.com/orders/2611230001/track?ref=douyin&utm_source=livestream"
ITEMS = "\n".join(f"SKU-{n:02d} 防滑地垫 240x300cm ×{n}" for n in range(1, 7))
TOO_MANY = "\n".join(f"SKU-{n:02d} 防滑地垫 240x300cm ×{n}" for n in range(1, 40))
CASES = {
    "long_zh": {"recipient_address": LONG_ZH, "sender_address": LONG_ZH, "name": LONG_ZH},
    "long_en": {"recipient_address": LONG_EN, "sender_address": LONG_EN, "name": LONG_EN},
    "url": {"recipient_address": URL, "sender_address": URL, "name": URL},
    "many_items": {"contents": ITEMS, "name": ITEMS[:60]},
    # a batch's pre-printed waybill: the custom area takes part of the contents' room
    "batch": {
        "contents": " · ".join(ITEMS.splitlines()[:3]) + " · … +3",
        "batch": "BT2611300001",
        "batch_seq": "50/50",
        "batch_code": "BT261130000110001000",
    },
}


def fields_for(name: str, case: dict) -> dict:
    base = lpn_fields() if name.startswith("lpn") else sample_waybill_fields()
    batch = not name.startswith("lpn")
    return {
        **base,
        **{k: v for k, v in case.items() if k in base or (batch and k.startswith("batch"))},
    }


def squeeze(s: str) -> str:
    return "".join(s.split())


def test_no_two_text_elements_of_a_shipped_template_overlap():
    for name in TEMPLATES:
        template = load_template(name)
        for elements in alternatives(template):
            boxes = [
                b
                for kind in ("text", "barcode", "qr")
                for b in element_boxes(template, kind, elements)
            ]
            for a, b in itertools.combinations(boxes, 2):
                assert not a.overlaps(b), (name, a, b)


def check_inside(name: str, found, what: str, tol: float) -> None:
    boxes = element_boxes(load_template(name))
    assert len(found) >= 5, found
    for box in found:
        assert any(box.inside(b, tol) for b in boxes), f"{what} {box} is outside every text box"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_long_fields_fit_their_boxes_in_pdf(name, case):
    fields = fields_for(name, CASES[case])
    pdf = render_pdf(load_template(name), fields)
    text = squeeze(pdf_text(pdf))
    for key in CASES[case]:
        if key in fields and key != "batch_code":  # batch_code is a barcode only
            assert squeeze(fields[key]) in text, key  # all of it, in order
    # glyph boxes from pdftotext include the font's ascent and descent
    check_inside(name, pdf_words(pdf)[0], "word", tol=1.2)
    barcodes = [v for v in decode_pdf(pdf)[0]]
    assert len(barcodes) == sum(
        1 for e in load_template(name).elements if e.type in ("barcode", "qr") and shown(e, fields)
    )


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_long_fields_fit_their_boxes_in_zpl(name, case):
    fields = fields_for(name, CASES[case])
    zpl = render_zpl(load_template(name), fields)
    check_inside(name, zpl_graphics(zpl), "graphic field", tol=0.2)
    decoded = decode_zpl(zpl)[0]
    assert len(decoded) == sum(
        1 for e in load_template(name).elements if e.type in ("barcode", "qr") and shown(e, fields)
    )


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_long_fields_fit_their_boxes_in_tspl(name, case):
    fields = fields_for(name, CASES[case])
    tspl = render_tspl(load_template(name), fields)
    found = tspl_texts(tspl)
    check_inside(name, found, "TSPL text", tol=0.2)
    printed = squeeze("".join(b.text for b in found))
    for key in CASES[case]:
        if key in fields and key != "batch_code":  # batch_code is a barcode only
            value = squeeze(fields[key])
            # in the printer's font all of it, or drawn as a bitmap: never a piece
            assert value in printed or value[:12] not in printed, key


def test_the_76x130_sender_address_is_never_cut_in_tspl():
    """The reported fault: the end of a long sender address silently dropped."""
    template = load_template("waybill_76x130")
    for address in (LONG_ZH, LONG_ZH[:30], LONG_EN, URL):
        tspl = render_tspl(template, {**sample_waybill_fields(), "sender_address": address})
        texts = [b.text for b in tspl_texts(tspl)]
        assert not any(t and t in address and t != address for t in texts), texts


@pytest.mark.parametrize("render", [render_pdf, render_zpl, render_tspl])
@pytest.mark.parametrize("name", ["waybill_100x150", "waybill_76x130"])
def test_text_that_cannot_fit_fails_naming_the_field(name, render):
    fields = {**sample_waybill_fields(), "contents": TOO_MANY}
    with pytest.raises(TextFitError, match=r"^contents: the text does not fit") as err:
        render(load_template(name), fields)
    assert err.value.params == {"field": "contents", "size": "6"}
    fields = {**sample_waybill_fields(), "sender_address": LONG_ZH * 4}
    with pytest.raises(TextFitError, match="sender_address"):
        render(load_template(name), fields)


def test_the_cli_says_which_field_does_not_fit(tmp_path):
    for fmt in ("pdf", "zpl", "tspl"):
        r = subprocess.run(
            [sys.executable, "-m", "station", "label", "waybill", "--sample", "--format", fmt,
             "--size", "76x130", "--set", f"contents={TOO_MANY}", "-o", str(tmp_path / "w"),
             "--data-dir", str(tmp_path / "d")],
            capture_output=True, text=True,
        )  # fmt: skip
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [
            "station label: contents: the text does not fit its box, even at the smallest "
            "size (6 pt)"
        ]
        assert not (tmp_path / "w").exists()


def measure(ch: str) -> float:
    return 2.0 if ord(ch) > 0x2E80 else 1.0


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("北京市朝阳区望京", 6, ["北京市", "朝阳区", "望京"]),  # Chinese between any two
        ("ab cd efgh", 5, ["ab cd", "efgh"]),  # Latin at spaces
        ("好的，谢谢。再见", 6, ["好的，", "谢谢。", "再见"]),  # no comma at a line's start
        ("号楼（东门）", 6, ["号楼", "（东", "门）"]),  # brackets stay with their neighbour
        ("SOHO现代城", 5, ["SOHO", "现代", "城"]),  # a word in Chinese stays whole
        ("a\n\nb", 5, ["a", "", "b"]),
    ],
)
def test_wrap_rules(text, width, lines):
    assert wrap(text, width, measure) == lines


def test_a_word_wider_than_the_box_is_broken_only_at_the_smallest_size():
    token = "x" * 30
    assert wrap(token, 10, measure, break_words=False) is None
    fitted = fit(token, "f", 10, 10, [3, 2, 1], lambda s: measure, lambda s: 1)
    assert fitted.size == 1 and fitted.lines == ["x" * 10] * 3
    # at 3 the five words need five lines (15 > 10): shrink to 2, where two share a line
    fitted = fit("xx " * 5, "f", 10, 10, [3, 2, 1], lambda s: lambda c: 1.0 * s, lambda s: s)
    assert fitted == Fitted(2, 2, ["xx xx", "xx xx", "xx"])


def test_point_sizes():
    assert point_sizes(8, 6) == [8, 7.5, 7, 6.5, 6]
    assert point_sizes(5, 6) == [5]
