"""Characters the main font lacks: drawn from the fallback chain in PDF, ZPL and
TSPL, or the document refused naming the character; invisible formatting
dropped, class by class (``station.labels.glyphs``)."""

from __future__ import annotations

import subprocess
import sys
import tempfile

import pytest

from station.labels.fonts import chain, face_for
from station.labels.glyphs import GlyphError, printable
from station.labels.layout import load_template
from station.labels.pdf import render_pdf
from station.labels.tspl import in_printer_font, render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_pdf, decode_zpl, pdf_text, template_symbols
from tests.labels.geometry import tspl_texts, zpl_graphics

SAMPLE = sample_waybill_fields()
# (name, address): the issue's pair, then others of the same kind
RARE = [
    ("王䶮", "北京市𠮷祥路1号"),  # Ext A; Ext B, outside the BMP
    ("𪚥龘", "广东省𬉼𬳶路2号"),  # Ext B; Ext E (a GB 18030-2022 name character)
    ("李😀", "上海市浦东新区🏠3号"),  # emoji, as Douyin and PDD orders carry them
    ("Zoë Ångström", "Straße 5, Ærø"),  # Latin beyond GB2312
]


def squeeze(s: str) -> str:
    return "".join(s.split())


def test_the_issues_characters_are_not_in_the_main_font():
    main = chain().faces[0]
    assert not main.has("䶮") and not main.has("𠮷")  # else the test proves nothing
    for ch in "䶮𠮷𪚥𬉼😀":
        face = face_for(ch)
        assert face is not None and face is not main and face.has(ch), ch


@pytest.mark.parametrize(("name", "address"), RARE)
def test_rare_characters_print_in_pdf_as_themselves(name, address):
    fields = {**SAMPLE, "recipient_name": name, "recipient_address": address}
    pdf = render_pdf(load_template("waybill_100x150"), fields)
    text = squeeze(pdf_text(pdf))
    assert squeeze(name) in text and squeeze(address) in text
    assert decode_pdf(pdf)[0] == template_symbols(load_template("waybill_100x150"), fields)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        fonts = subprocess.run(["pdffonts", f.name], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines()[2:] if " yes yes yes " in line]
    wide = any(not chain().faces[0].has(ch) for ch in name + address)
    assert len(embedded) == (2 if wide else 1), fonts  # the fallback embedded when used


def ink_width(zpl: bytes, n: int) -> float:
    return [b.x1 - b.x0 for b in zpl_graphics(zpl)][n]


@pytest.mark.parametrize(("name", "address"), RARE[:3])
def test_rare_characters_are_drawn_in_zpl(name, address):
    """Each rare character adds ink (its own glyph, not a blank); the barcodes still decode."""
    template = load_template("waybill_100x150")
    with_rare = render_zpl(template, {**SAMPLE, "recipient_name": name, "recipient_phone": ""})
    without = render_zpl(template, {**SAMPLE, "recipient_name": name[0], "recipient_phone": ""})
    em = 16 * 25.4 / 72  # the name's size in mm
    # the recipient name is the 10th inked text (carrier, service, date, tracking,
    # route code, 集, consolidation, sortation, 收, name)
    assert ink_width(with_rare, 9) - ink_width(without, 9) > 0.6 * em * (len(name) - 1)
    assert decode_zpl(with_rare) == [template_symbols(template, SAMPLE)]


@pytest.mark.parametrize(("name", "address"), RARE)
def test_rare_characters_leave_the_printer_font_for_a_bitmap_in_tspl(name, address):
    fields = {**SAMPLE, "recipient_name": name, "recipient_address": address}
    found = tspl_texts(render_tspl(load_template("waybill_100x150"), fields))
    printed = "".join(b.text for b in found)
    assert name not in printed and address not in printed
    assert all(in_printer_font(ch) for ch in printed)  # no character the font lacks
    bitmaps = [b for b in found if not b.text]
    assert len(bitmaps) >= 2  # the name's element and the address's


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("刘\u200d贺\u200b", "刘贺"),  # zero-width joiner and space
        ("\ufeff刘贺\u00ad", "刘贺"),  # BOM from a spreadsheet, soft hyphen
        ("\u202e刘贺\u202c", "刘贺"),  # bidi override and pop
        ("👍🏽好评\ufe0f", "👍好评"),  # skin tone, variation selector
        ("👨\u200d👩\u200d👧", "👨👩👧"),  # a family: its people side by side
        ("𠮷\U000e0100野家", "𠮷野家"),  # an ideographic variation selector
        ("Zoe\u0308", "Zoë"),  # combining diaeresis, composed
        ("a\u00a0b\u2003c\u3000d", "a b c\u3000d"),  # spaces of other widths
        ("a\x07b\tc", "a b c"),  # control characters from a spreadsheet cell
    ],
)
def test_invisible_formatting_is_dropped_and_the_rest_printed(value, printed):
    assert printable(value, "buyer") == printed
    fields = {**SAMPLE, "recipient_name": value, "recipient_phone": ""}
    assert squeeze(printed) in squeeze(
        pdf_text(render_pdf(load_template("waybill_100x150"), fields), raw=True)
    )


@pytest.mark.parametrize(
    ("value", "message", "code"),
    [
        (
            "王\ue000",
            r"recipient_name: U\+E000 is a private-use character",
            "label_private_use_char",
        ),
        ("王\U000f0001", r"U\+F0001 is a private-use character", "label_private_use_char"),
        ("王\ufffd", r"recipient_name: U\+FFFD � marks a character lost", "label_damaged_char"),
        ("王\ud800", r"U\+D800 marks a character lost", "label_damaged_char"),
        ("王\u0378", r"^recipient_name: no font has U\+0378", "label_no_glyph"),
        ("王\U0002ffff", r"^recipient_name: no font has U\+2FFFF", "label_no_glyph"),
    ],
)
@pytest.mark.parametrize("render", [render_pdf, render_zpl, render_tspl])
def test_a_character_that_cannot_be_printed_fails_the_document(render, value, message, code):
    fields = {**SAMPLE, "recipient_name": value}
    with pytest.raises(GlyphError, match=message) as err:
        render(load_template("waybill_100x150"), fields)
    assert err.value.code == code and err.value.params["field"] == "recipient_name"


def test_a_field_the_template_does_not_show_is_not_checked():
    fields = {**SAMPLE, "not_on_the_label": "\ue000"}
    assert render_zpl(load_template("waybill_100x150"), fields).startswith(b"^XA")


def run(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
    )


def test_cli_prints_the_issues_buyer_and_address(tmp_path):
    out = tmp_path / "w.pdf"
    r = run(tmp_path, "label", "waybill", "--sample", "--set", "recipient_name=王䶮",
            "--set", "recipient_address=北京市𠮷祥路1号", "-o", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    text = squeeze(pdf_text(out.read_bytes()))
    assert "王䶮" in text and "北京市𠮷祥路1号" in text
    out = tmp_path / "p.pdf"
    r = run(tmp_path, "label", "packing-list", "--sample", "--size", "100x150",
            "--set", "buyer=王䶮", "--set", "address=北京市𠮷祥路1号",
            "--set", "remark=请尽快发货😀谢谢", "-o", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    text = squeeze(pdf_text(out.read_bytes()))
    assert "王䶮" in text and "北京市𠮷祥路1号" in text and "请尽快发货😀谢谢" in text


@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_cli_refuses_a_character_no_font_has_in_one_line(tmp_path, fmt):
    out = tmp_path / "w"
    r = run(tmp_path, "label", "waybill", "--sample", "--format", fmt,
            "--set", "recipient_address=北京市\u0378路", "-o", str(out))  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["station label: recipient_address: no font has U+0378 \u0378"]
    assert not out.exists()
    r = run(tmp_path, "label", "packing-list", "--sample", "--set", "buyer=王\ue000",
            "-o", str(out))  # fmt: skip
    assert r.returncode == 2 and "buyer: U+E000 is a private-use character" in r.stderr


def zpl_images(zpl: bytes) -> list:
    import re

    from PIL import Image

    out = []
    for m in re.finditer(rb"\^FO(\d+),(\d+)\^GFA,(\d+),\d+,(\d+),([0-9A-F]+)", zpl):
        row = int(m[4])
        data = bytes.fromhex(m[5].decode())
        img = Image.frombytes("1", (row * 8, len(data) // row), data)  # 1 bits are ink
        out.append(((int(m[1]), int(m[2])), img.point(lambda p: 255 - p).convert("1")))
    return out


def test_a_tspl_bitmap_is_the_zpl_graphic_of_the_same_text():
    """One drawing for both languages: the TSPL BITMAP of an element (0 bits print)
    holds exactly the ZPL graphic's dots, at the same place, and nothing else
    (no dark padding column)."""
    from PIL import Image, ImageChops

    from fuzz.commands import tspl_split

    fields = {**SAMPLE, "recipient_name": "王䶮 😀", "sender_address": "𠮷" + "浙江省杭州市" * 8}
    template = load_template("waybill_76x130")
    zpl = dict(zpl_images(render_zpl(template, fields)))
    bitmaps = [p for p in tspl_split(render_tspl(template, fields)) if isinstance(p, tuple)]
    assert len(bitmaps) >= 2
    for x, y, wb, h, data in bitmaps:
        tspl = Image.frombytes("1", (wb * 8, h), data)
        graphic = zpl[(x, y)]
        canvas = Image.new("1", (max(tspl.width, graphic.width), h), 1)
        canvas.paste(graphic, (0, 0))
        other = Image.new("1", canvas.size, 1)
        other.paste(tspl, (0, 0))
        assert ImageChops.difference(canvas, other).getbbox() is None, (x, y)
