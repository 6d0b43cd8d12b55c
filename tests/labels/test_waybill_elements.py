"""The carriers' waybill elements on the station's standard templates: the
route code (三段码), sortation (大头笔) and consolidation (集包地), the QR code,
the tear-off stub with its own barcode, the parent of a child parcel, the
recipient's phone masked. Each standard template is rendered as PDF, ZPL and
TSPL at 203 and 300 dpi and read back as a scanner reads it: PDF rasterised by
poppler, ZPL by a printer emulator (zplkit), TSPL drawn from its commands;
decoded by zxing-cpp."""

from __future__ import annotations

import pytest

from station.labels.layout import LabelFieldError, load_template
from station.labels.pdf import render_pdf
from station.labels.png import render_image
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import routing_fields, sample_waybill_fields
from tests.barcodes import decode_image, decode_pdf, decode_zpl, pdf_text, template_symbols
from tests.barcodes import render_zpl as render_zpl_image
from tests.labels.test_resolution import raster_tspl_barcodes

SAMPLE = sample_waybill_fields()
STANDARD = {
    "waybill_76x130": 1,  # tracking barcodes: one part
    "waybill_100x150": 1,
    "waybill_100x180": 2,  # the main part and the stub
}
# waybill numbers as the carriers issue them, with their own QR text
CASES = [
    {"tracking": SAMPLE["tracking"], "qr": SAMPLE["tracking"]},
    {"tracking": "804709221850176188", "qr": "804709221850176188"},  # Cainiao print data
    {
        "tracking": "SF1408000000001",
        "qr": "MMM={'k1':'755WE','k2':'021WT','k5':'SF1408000000001','k6':'','k7':'a2f9'}",
    },
]


def squeeze(s: str) -> str:
    return "".join(s.split())


def decoded(fmt: str, template, fields: dict, dpi: int) -> list[tuple[str, str]]:
    if fmt == "pdf":
        (page,) = decode_pdf(render_pdf(template, fields), dpi)
        return page
    if fmt == "zpl":
        (label,) = decode_zpl(render_zpl(template, fields, dpi=dpi), dpi)
        return label
    if fmt == "png":
        return decode_image(render_image(template, fields, dpi=dpi))
    tspl = render_tspl(template, fields, dpi=dpi).decode("latin-1")
    img, _ = raster_tspl_barcodes(tspl, dpi)
    return decode_image(img)


@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("fmt", ["pdf", "zpl", "tspl", "png"])
@pytest.mark.parametrize("name", STANDARD)
def test_every_section_barcode_and_the_qr_scan(name, fmt, dpi, case):
    fields = {**SAMPLE, **CASES[case]}
    template = load_template(name)
    found = decoded(fmt, template, fields, dpi)
    # the waybill's Code 128 in each section, the QR with its own text
    assert found.count(("Code128", fields["tracking"])) == STANDARD[name]
    assert found.count(("QRCode", fields["qr"])) == 1
    assert found == template_symbols(template, fields)


@pytest.mark.parametrize("name", STANDARD)
def test_the_route_code_sortation_and_consolidation_are_printed(name):
    template = load_template(name)
    text = squeeze(pdf_text(render_pdf(template, SAMPLE), raw=True))
    for key in ("route_code", "sortation_name", "consolidation_name", "consolidation_code"):
        assert squeeze(SAMPLE[key]) in text, key
    assert "集" in text and "母单" + SAMPLE["parent_tracking"] in text
    assert SAMPLE["service_type"] in text and SAMPLE["payment"] in text
    # TSPL: the route code in the printer's font, large (the 3x or 2x multiplier)
    tspl = render_tspl(template, SAMPLE).decode("gb18030", errors="replace")
    line = next(ln for ln in tspl.splitlines() if SAMPLE["route_code"] in ln)
    assert line.startswith("TEXT ") and int(line.split(",")[4]) >= 2


@pytest.mark.parametrize("name", STANDARD)
def test_without_routing_the_label_says_nothing_there(name):
    """Neither the e-waybill nor the routing table knows the destination: no route
    code, no empty "集" box, no "母单" caption; the rest of the label as before."""
    fields = {**SAMPLE, **routing_fields({}, SAMPLE["tracking"])}
    template = load_template(name)
    pdf = render_pdf(template, fields)
    text = squeeze(pdf_text(pdf))
    assert "集" not in text and "母单" not in text
    assert squeeze(SAMPLE["route_code"]) not in text
    assert "刘贺" in text
    assert decode_pdf(pdf)[0] == template_symbols(template, fields)
    zpl = render_zpl(template, fields).decode()
    assert zpl.count("^GB") < render_zpl(template, SAMPLE).decode().count("^GB")  # no box
    tspl = render_tspl(template, fields).decode("latin-1")
    assert "BOX " not in tspl


def test_routing_fields_from_an_ewaybill_answer():
    got = routing_fields(
        {
            "route_code": " 830-120-00 012 ",
            "sortation_name": "830都江堰",
            "consolidation_code": "280104",
            "consolidation_name": None,
            "parent_tracking": "804709221850176188",
        },
        "804709221850176189",
    )
    assert got["route_code"] == "830-120-00 012"
    assert got["consolidation"] == "280104" and got["consolidation_name"] == ""
    assert got["qr"] == "804709221850176189"  # the waybill number when no QR text is given
    assert got["parent_tracking"] == "804709221850176188"
    assert routing_fields({"qr": "MMM={}"}, "SF1")["qr"] == "MMM={}"


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", ["76x130", "100x180", "100x150"])
def test_the_png_preview_from_the_command_line(tmp_path, size, dpi):
    """``station label waybill --sample --format png``: the label at the printer's
    dots (its size in mm within a dot), every sample element on it."""
    import subprocess
    import sys

    from PIL import Image

    out = tmp_path / "w.png"
    r = subprocess.run(
        [sys.executable, "-m", "station", "label", "waybill", "--sample", "--size", size]
        + ["--format", "png", "--dpi", str(dpi), "-o", str(out), "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    w_mm, h_mm = (float(v) for v in size.split("x"))
    assert abs(img.width * 25.4 / dpi - w_mm) <= 25.4 / dpi
    assert abs(img.height * 25.4 / dpi - h_mm) <= 25.4 / dpi
    assert round(img.info["dpi"][0]) == dpi
    assert decode_image(img) == template_symbols(load_template(f"waybill_{size}"), SAMPLE)
    # the same dots as the ZPL a printer of that resolution prints (zplkit)
    (printed,) = render_zpl_image(
        render_zpl(load_template(f"waybill_{size}"), SAMPLE, dpi=dpi), dpi
    )
    from PIL import ImageChops

    def ink(im):  # 255 where a dot prints
        return im.convert("L").point(lambda p: 255 if p < 128 else 0)

    a, b = ink(img), ink(printed.crop((0, 0, img.width, img.height)))
    diff = ImageChops.difference(a, b).histogram()[255]
    total = a.histogram()[255]
    # text drawn alike; bars and modules alike; the emulator's own rounding aside
    assert diff < 0.02 * total, (diff, total)


@pytest.mark.parametrize("render", [render_pdf, render_zpl, render_tspl, render_image])
def test_a_qr_value_too_long_for_its_box_or_for_any_qr_is_refused_by_name(render):
    template = load_template("waybill_76x130")
    for value, match in [
        ("A" * 1500, r"QR code \{qr\}: .* mm at \d+ dpi|QR code"),  # fits no 16 mm box
        ("x" * 5000, "too long for a QR code|cannot be encoded"),  # fits no QR at all
        ("EE12345678\r5CN", r"QR code \{qr\}: .*'\\r'"),  # not printable
    ]:
        with pytest.raises(LabelFieldError, match=match):
            render(template, {**SAMPLE, "qr": value})


def test_the_sample_with_set_routing_values(tmp_path):
    """``--set`` of a consolidation's name or code shows in the "集" box; emptied,
    the box, the route code and the parent are left out."""
    import subprocess
    import sys

    def run(*sets):
        out = tmp_path / "w.pdf"
        args = [a for s in sets for a in ("--set", s)]
        r = subprocess.run(
            [sys.executable, "-m", "station", "label", "waybill", "--sample", *args]
            + ["-o", str(out), "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        return squeeze(pdf_text(out.read_bytes(), raw=True))

    assert "成都转运中心999" in run("consolidation_code=999")
    text = run("consolidation_code=", "consolidation_name=", "route_code=", "parent_tracking=")
    assert "集" not in text and "母单" not in text and "830-120" not in text
    assert "830都江堰" in text  # the sortation name was kept


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_two_part_labels_tear_line_is_on_the_papers_perforation(dpi):
    """100 x 180 two-part paper is perforated at 110 mm (parts of 110 and 70 mm,
    docs/formats.md "Standard templates"): the dashed line of the printed label
    (ZPL, rasterised by the emulator) is there, and no element of either part
    crosses it."""
    template = load_template("waybill_100x180")
    (img,) = render_zpl_image(render_zpl(template, SAMPLE, dpi=dpi), dpi)
    img = img.convert("L")
    width, height = img.size
    px = img.load()

    edge = round(dpi / 25.4)  # 1 mm: only the tear line reaches the label's edges

    def dashed(y: int) -> bool:  # dashes from edge to edge, 3 mm on and 2 mm off
        row = [px[x, y] < 128 for x in range(width)]
        runs = sum(1 for a, b in zip(row, row[1:], strict=False) if a != b)
        return any(row[:edge]) and runs >= 30 and 0.5 < sum(row) / width < 0.7

    rows = [y for y in range(height) if dashed(y)]
    assert rows, "no tear line"
    assert abs(sum(rows) / len(rows) / dpi * 25.4 - 110) <= 0.5
    for el in template.elements:
        if el.type != "tear":
            assert el.y + el.h <= 110 or el.y >= 110, el
