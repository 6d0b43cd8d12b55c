"""Text that needs shaping (right-to-left letters, letters joined to their
neighbours, Indic conjuncts and reordered vowels) is never printed as loose letters
in the wrong order: the document fails naming the character, in PDF, ZPL, TSPL and
through ``station label waybill``; scripts drawn one glyph a character still print."""

from __future__ import annotations

import subprocess
import sys

import pytest

from station.labels.glyphs import GlyphError, printable
from station.labels.layout import load_template
from station.labels.pdf import render_pdf
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import pdf_text

SAMPLE = sample_waybill_fields()

NEEDS_SHAPING = [
    ("محمد", "U+0645"),  # Arabic: right to left, joined
    ("王 محمد", "U+0645"),  # after Chinese
    ("שלום", "U+05E9"),  # Hebrew: right to left
    ("ܫܠܡܐ", "U+072B"),  # Syriac
    ("नमस्ते", "U+094D"),  # Devanagari: virama, a conjunct
    ("कि", "U+093F"),  # Devanagari: a vowel sign drawn before its consonant
    ("ক্ষ", "U+09CD"),  # Bengali conjunct
    ("ಕನ್ನಡ", "U+0CCD"),  # Kannada
]


@pytest.mark.parametrize(("value", "point"), NEEDS_SHAPING)
@pytest.mark.parametrize("render", [render_pdf, render_zpl, render_tspl])
def test_text_that_needs_shaping_fails_the_document_naming_the_character(render, value, point):
    fields = {**SAMPLE, "recipient_name": value}
    with pytest.raises(GlyphError) as err:
        render(load_template("waybill_100x150"), fields)
    assert err.value.code == "label_needs_shaping_char"
    assert err.value.params == {
        "field": "recipient_name",
        "codepoint": point,
        "char": chr(int(point[2:], 16)),
    }


@pytest.mark.parametrize(
    "value",
    [
        "Zoë Müller",  # Latin with marks, composed
        "Ελένη",  # Greek
        "Иван",  # Cyrillic
        "\u1100\u1161\u11a8",  # conjoining Hangul jamo: one syllable once composed
        "123 ٣",  # an Arabic-Indic digit alone is drawn as it is
    ],
)
def test_scripts_drawn_a_glyph_a_character_still_print(value):
    printed = printable(value, "recipient_name")
    fields = {**SAMPLE, "recipient_name": value, "recipient_phone": ""}
    assert printed.replace(" ", "") in pdf_text(
        render_pdf(load_template("waybill_100x150"), fields)
    ).replace(" ", "")


@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_cli_refuses_an_arabic_name_with_exit_2(tmp_path, fmt):
    r = subprocess.run(
        [sys.executable, "-m", "station", "label", "waybill", "--sample", "--format", fmt,
         "--set", "recipient_name=محمد", "-o", str(tmp_path / "w"),
         "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "recipient_name" in r.stderr and "U+0645" in r.stderr
    assert not (tmp_path / "w").exists()
