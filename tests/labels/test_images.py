"""Image elements (a carrier's logo): a PNG from the data folder's
``labels/images`` drawn in its box, black and white, in PDF, ZPL, TSPL and the
PNG preview alike; nothing when the file is not there; a name that is not a
plain PNG file name refused."""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw

from station.labels.layout import LabelFieldError, load_template
from station.labels.pdf import render_pdf
from station.labels.png import render_image
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import render_zpl as emulate

SAMPLE = sample_waybill_fields()
BOX = (60, 5, 30, 15)  # x, y, w, h in mm


def user_templates(tmp_path, logo: Image.Image | None) -> object:
    images = tmp_path / "images"
    images.mkdir()
    if logo is not None:
        logo.save(images / "logo_EMS.png")
    x, y, w, h = BOX
    template = {
        "name": "logo test",
        "size_mm": [100, 60],
        "elements": [
            {"type": "image", "x": x, "y": y, "w": w, "h": h, "value": "logo_{carrier}.png"},
            {"type": "barcode", "x": 5, "y": 30, "w": 80, "h": 15, "value": "{tracking}"},
        ],
    }
    (tmp_path / "logo_test.json").write_text(json.dumps(template))
    return load_template("logo_test", tmp_path)


def logo() -> Image.Image:
    """A transparent PNG with a black disc and a grey square (grey prints black)."""
    img = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([10, 10, 190, 190], fill=(0, 0, 0, 255))
    d.rectangle([220, 40, 380, 160], fill=(60, 60, 60, 255))
    return img


def ink_in(img: Image.Image, dpi: int, box) -> tuple[float, float]:
    """(share of the box's dots inked, share of dots inked outside the box,
    barcode area excluded)."""
    dpmm = dpi / 25.4
    g = img.convert("L").point(lambda p: 255 if p < 128 else 0)
    x, y, w, h = (round(v * dpmm) for v in box)
    inside = g.crop((x, y, x + w, y + h)).histogram()[255] / (w * h)
    top = g.crop((0, 0, g.width, round(28 * dpmm)))
    outside = (top.histogram()[255] - g.crop((x, y, x + w, y + h)).histogram()[255]) / (
        top.width * top.height
    )
    return inside, outside


@pytest.mark.parametrize("dpi", [203, 300])
def test_a_logo_is_drawn_in_its_box_in_every_language(tmp_path, dpi):
    template = user_templates(tmp_path, logo())
    (zpl_img,) = emulate(render_zpl(template, SAMPLE, dpi=dpi), dpi)
    png_img = render_image(template, SAMPLE, dpi=dpi)
    src = logo()
    # the share of the logo that is ink (the disc and the square; the box has the
    # logo's proportions, so the logo fills it)
    expected = src.getchannel("A").histogram()[255] / (src.width * src.height)
    for img in (zpl_img, png_img):
        inside, outside = ink_in(img, dpi, BOX)
        assert abs(inside - expected) < 0.03 and outside == 0, (inside, expected)
    tspl = render_tspl(template, SAMPLE, dpi=dpi)
    assert tspl.count(b"BITMAP ") == 1
    pdf = render_pdf(template, SAMPLE)
    assert b"/Subtype /Image" in pdf


def test_no_logo_file_draws_nothing_and_a_bad_name_is_refused(tmp_path):
    template = user_templates(tmp_path, None)
    assert b"^GFA" not in render_zpl(template, SAMPLE)
    assert b"BITMAP" not in render_tspl(template, SAMPLE)
    assert ink_in(render_image(template, SAMPLE), 203, BOX)[0] == 0
    assert b"^GFA" not in render_zpl(template, {**SAMPLE, "carrier": ""})
    for bad in ("../../etc/passwd", "x/../y", "a b"):
        with pytest.raises(LabelFieldError, match="not a plain PNG file name"):
            render_zpl(template, {**SAMPLE, "carrier": bad})
