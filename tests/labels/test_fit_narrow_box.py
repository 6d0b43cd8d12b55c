"""A box narrower than one character even at the smallest size: the document fails
naming the field, never draws the character past its box. Through the bench's own
template folder (the data folder's ``labels``), by the app's document service and
by ``station label waybill --sample``, which tries the bench's templates."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from station.config import Settings
from station.labels.fit import TextFitError, wrap
from station.resources import resource
from station.services.documents import DocumentService, sample_waybill_fields


def narrow_template(labels_dir, width_mm, size=40):
    """The shipped 100x150 waybill with the recipient's box ``width_mm`` wide."""
    data = json.loads(resource("labels", "waybill_100x150.json").read_text(encoding="utf-8"))
    for e in data["elements"]:
        if e.get("text", "").startswith("{recipient_name}"):
            e.update(w=width_mm, size=size)
    labels_dir.mkdir(parents=True, exist_ok=True)
    (labels_dir / "waybill_100x150.json").write_text(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("name", ["王", "W", "𠮷", "😀"])
@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_a_character_wider_than_its_box_fails_the_document(tmp_path, fmt, name):
    narrow_template(tmp_path / "labels", 1)  # 1 mm: under a 6 pt character
    docs = DocumentService(lambda: Settings(), tmp_path / "labels")
    fields = {**sample_waybill_fields(), "recipient_name": name, "recipient_phone": ""}
    with pytest.raises(TextFitError) as err:
        docs.render_waybill(fields, fmt)
    assert err.value.params["field"] == "recipient_name/recipient_phone"


@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_a_box_one_character_wide_still_takes_one_character(tmp_path, fmt):
    narrow_template(tmp_path / "labels", 6)  # 6 mm: a character at some size
    docs = DocumentService(lambda: Settings(), tmp_path / "labels")
    fields = {**sample_waybill_fields(), "recipient_name": "王", "recipient_phone": ""}
    assert docs.render_waybill(fields, fmt)


def test_wrap_never_returns_a_line_wider_than_the_box():
    assert wrap("王王", 5.0, lambda ch: 10.0) is None
    assert wrap("ab", 5.0, lambda ch: 10.0, break_words=True) is None
    assert wrap("ab", 10.0, lambda ch: 10.0) == ["a", "b"]


@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl"])
def test_cli_sample_tries_the_bench_template_and_fails_loudly(tmp_path, fmt):
    narrow_template(tmp_path / "d" / "labels", 1)
    out = tmp_path / f"w.{fmt}"
    r = subprocess.run(
        [sys.executable, "-m", "station", "label", "waybill", "--sample", "--format", fmt,
         "--set", "recipient_name=王", "--set", "recipient_phone=", "-o", str(out),
         "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 2, r.stdout + r.stderr
    assert "recipient_name" in r.stderr and "does not fit" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
