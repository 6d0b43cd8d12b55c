"""CJK Extensions G and H (U+30000 and on, Unicode 13 and 15: rare surnames and
place names) print from the fallback chain (BabelStone Han, installed by the set-up)
in PDF, ZPL and TSPL and through ``station label waybill``; a character of a block
no installed font covers yet (Extension I, Unicode 15.1) still fails loudly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from station.labels.fonts import chain, face_for
from station.labels.glyphs import GlyphError
from station.labels.layout import load_template
from station.labels.pdf import render_pdf
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_zpl, pdf_text

SAMPLE = sample_waybill_fields()
EXT_G = "\U00030000\U0003134a"  # first and last of Extension G
EXT_H = "\U00031350\U000323af"  # first and last of Extension H


def test_extensions_g_and_h_have_a_face_in_the_chain():
    main = chain().faces[0]
    for ch in EXT_G + EXT_H:
        face = face_for(ch)
        assert face is not None and face is not main and face.has(ch), f"U+{ord(ch):X}"


@pytest.mark.parametrize("name", ["王" + EXT_G, "李" + EXT_H])
def test_extension_g_and_h_print_in_pdf_as_themselves(name):
    fields = {**SAMPLE, "recipient_name": name, "recipient_address": "北京市" + EXT_H + "路1号"}
    text = "".join(pdf_text(render_pdf(load_template("waybill_100x150"), fields)).split())
    assert name in text and "北京市" + EXT_H + "路1号" in text


@pytest.mark.parametrize("render", [render_zpl, render_tspl])
def test_extension_g_and_h_render_for_label_printers(render):
    fields = {**SAMPLE, "recipient_name": "王" + EXT_G + EXT_H}
    out = render(load_template("waybill_100x150"), fields)
    assert out
    if render is render_zpl:
        (found,) = decode_zpl(out)
        assert {("Code128", "2611230001"), ("Code128", SAMPLE["tracking"])} <= set(found)


@pytest.mark.parametrize("render", [render_pdf, render_zpl, render_tspl])
def test_extension_i_still_fails_loudly(render):
    fields = {**SAMPLE, "recipient_name": "王\U0002ebf0"}
    with pytest.raises(GlyphError, match=r"no font has U\+2EBF0"):
        render(load_template("waybill_100x150"), fields)


@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_cli_prints_an_extension_g_name(tmp_path, fmt):
    out = tmp_path / f"w.{fmt}"
    r = subprocess.run(
        [sys.executable, "-m", "station", "label", "waybill", "--sample", "--format", fmt,
         "--set", "recipient_name=王" + EXT_G, "-o", str(out), "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 0
