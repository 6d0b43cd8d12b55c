"""Labels laid out for the printer's resolution (203, 300, 600 dpi).

The rule: a label prints at the template's size in millimetres whatever the
print head's dots per inch, and every barcode's module is a whole number of
dots, as wide as its box allows and never narrower than a scanner reads
(0.25 mm). ZPL is rendered by an independent printer emulator (zplkit) at the
printer's dpi and measured and decoded there (zxing-cpp); TSPL, for which no
emulator exists, is checked from its commands."""

import re

import pytest
import zxingcpp

from station.labels.layout import code128_modules, fill, load_template
from station.labels.qr import qr_matrix
from station.labels.resolution import MIN_MODULE_MM, BarcodeTooLong
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_image, template_symbols
from tests.barcodes import render_zpl as emulate

SAMPLE = sample_waybill_fields()
WAYBILLS = ["waybill_100x150", "waybill_100x180", "waybill_76x130"]
TRACKINGS = [SAMPLE["tracking"], "SF1408000000001", "JDVA01234567890", "773012345678901"]
# a batch's pre-printed waybill: its custom area's barcode scans at every dpi too
BATCH = {"batch": "BT2611300001", "batch_seq": "50/50", "batch_code": "BT261130000110001000"}


def mm(px: float, dpi: int) -> float:
    return px * 25.4 / dpi


def barcode_boxes(template) -> dict[str, float]:
    """The template's barcode boxes: value placeholder -> width in mm."""
    return {el.value: el.w for el in template.elements if el.type == "barcode"}


def symbols(img) -> list[tuple[str, float, float, float]]:
    """(text, left, right, top) of each decoded Code 128 symbol, in pixels, top to bottom."""
    out = []
    for r in zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain):
        if r.format != zxingcpp.BarcodeFormat.Code128:
            continue
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        out.append((r.text, min(xs), max(xs), min(ys)))
    return sorted(out, key=lambda s: s[3])


def label(name: str, fields: dict, dpi: int):
    template = load_template(name)
    zpl = render_zpl(template, fields, dpi=dpi)
    (img,) = emulate(zpl, dpi)
    return template, zpl, img


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("name", WAYBILLS)
@pytest.mark.parametrize("tracking", TRACKINGS)
def test_zpl_waybill_prints_at_its_size_and_scans_at_every_dpi(name, dpi, tracking):
    fields = {**SAMPLE, "tracking": tracking, **BATCH}
    template, zpl, img = label(name, fields, dpi)
    w_mm, h_mm = template.size_mm
    # the label's printed size: the template's millimetres, within a dot
    assert abs(mm(img.width, dpi) - w_mm) <= 25.4 / dpi
    assert abs(mm(img.height, dpi) - h_mm) <= 25.4 / dpi
    pw, ll = (int(v) for v in re.search(rb"\^PW(\d+)\n\^LL(\d+)", zpl).groups())
    assert (pw, ll) == (round(w_mm * dpi / 25.4), round(h_mm * dpi / 25.4))
    assert decode_image(img) == template_symbols(template, fields)

    # each barcode element, top to bottom, and the module the ZPL gave it (^BY before ^BC)
    modules = [int(m) for m in re.findall(rb"\^BY(\d+),3,\d+\^BC", zpl)]
    barcodes = [el for el in template.elements if el.type == "barcode"]
    assert len(modules) == len(barcodes)
    pairs = sorted(zip(barcodes, modules, strict=True), key=lambda p: p[0].y)
    found = symbols(img)
    assert len(found) == len(pairs)
    for (text, left, right, _), (el, module) in zip(found, pairs, strict=True):
        assert text == fill(el.value, fields)
        box_mm = el.w
        width = right - left + 1
        n_modules = round(width / module)
        assert abs(width - n_modules * module) <= 2  # whole-dot bars, as sent
        assert mm(module, dpi) >= MIN_MODULE_MM  # never below what a scanner reads
        assert mm((n_modules + 20) * module, dpi) <= box_mm + 25.4 / dpi  # inside its box
        # as wide as whole dots allow: one more dot per module would not fit the box,
        # or the module is at the printer language's limit (10 dots) or GS1's 1.016 mm
        wider = (n_modules + 20) * (module + 1)
        box_dots = round(box_mm * dpi / 25.4)
        assert wider > box_dots or module == 10 or mm(module + 1, dpi) > 1.016


def test_the_issue_300_dpi_label_is_100_by_150_mm():
    """A 300-dpi printer used to get ^PW799 and print a 100x150 label at 68x101 mm."""
    _, zpl, img = label("waybill_100x150", SAMPLE, 300)
    assert b"^PW799" not in zpl
    assert round(mm(img.width, 300)) == 100 and round(mm(img.height, 300)) == 150


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("serial", ["000000001", "123456789"])
def test_gs1_128_plate_at_every_dpi(dpi, serial):
    body = "0" + "6901234" + serial  # extension digit, company prefix, serial reference
    check = (10 - sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body[::-1]))) % 10
    sscc = body + str(check)
    value = "\xf100" + sscc
    fields = {"plate_barcode": value, "plate_text": f"(00) {sscc}", "sku": "X", "qty": 1}
    template, zpl, img = label("lpn_100x150", fields, dpi)
    found = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.HRI)
    assert [r.text for r in found] == [f"(00){sscc}"]
    assert found[0].symbology_identifier == "]C1"  # FNC1 first: GS1-128


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("name", WAYBILLS)
def test_tspl_waybill_laid_out_for_the_dpi(name, dpi):
    template = load_template(name)
    tspl = render_tspl(template, {**SAMPLE, **BATCH}, dpi=dpi).decode(
        "latin-1"
    )  # BITMAP data is binary; commands are ASCII
    w_mm, h_mm = template.size_mm
    assert tspl.startswith(f"SIZE {w_mm:g} mm,{h_mm:g} mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1")
    dpmm = dpi / 25.4
    barcodes = [el for el in template.elements if el.type == "barcode"]
    lines = re.findall(r'BARCODE (\d+),(\d+),"128",(\d+),0,0,(\d+),(\d+),"([^"]*)"', tspl)
    assert len(lines) == len(barcodes)
    for el, (x, y, height, narrow, wide, data) in zip(barcodes, lines, strict=True):
        narrow, x, y, height = int(narrow), int(x), int(y), int(height)
        assert narrow == int(wide)  # Code 128: narrow and wide are one module
        assert narrow / dpmm >= MIN_MODULE_MM
        assert abs(y - el.y * dpmm) <= 1 and abs(height - el.h * dpmm) <= 1
        assert x >= el.x * dpmm - 1  # centred inside its box
        symbol = code128_modules(data) * narrow
        assert x + symbol <= (el.x + el.w) * dpmm + 1
        box_dots = round(el.w * dpmm)
        assert (code128_modules(data) + 20) * (narrow + 1) > box_dots or narrow == 10


@pytest.mark.parametrize("render", [render_zpl, render_tspl])
@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("tracking", ["X" * 60, "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2, "a1b2c3d4e5" * 5])
def test_a_barcode_too_long_for_its_box_fails_loudly(render, dpi, tracking):
    """Never a symbol too fine to scan: the value is refused, naming the barcode."""
    with pytest.raises(BarcodeTooLong, match=r"barcode \{tracking\}: .* mm at \d+ dpi"):
        render(load_template("waybill_76x130"), {**SAMPLE, "tracking": tracking}, dpi=dpi)


@pytest.mark.parametrize("render", [render_zpl, render_tspl])
@pytest.mark.parametrize("dpi", [0, 150, 204, 250, 1200])
def test_an_unsupported_dpi_is_refused_by_name(render, dpi):
    with pytest.raises(ValueError, match=rf"{dpi} dpi .*203, 300, 600"):
        render(load_template("waybill_100x150"), SAMPLE, dpi=dpi)


def raster_tspl_barcodes(tspl: str, dpi: int):
    """A label of the ``SIZE`` in the TSPL at ``dpi`` with each ``BARCODE`` drawn
    as a Code 128 printer would: the symbol's modules (python-barcode's encoding
    of the data; ``128M``'s ``!105!102`` codes read as GS1-128 with FNC1), each
    ``narrow`` dots wide, ``height`` dots tall, from the command's x, y. No TSPL
    emulator exists to do this; only the barcodes are drawn."""
    import barcode
    from PIL import Image, ImageDraw

    w_mm, h_mm = (float(v) for v in re.match(r"SIZE ([\d.]+) mm,([\d.]+) mm", tspl).groups())
    img = Image.new("L", (round(w_mm * dpi / 25.4), round(h_mm * dpi / 25.4)), 255)
    draw = ImageDraw.Draw(img)
    spans = []
    commands = re.finditer(
        r'BARCODE (?P<x>\d+),(?P<y>\d+),"(?P<k>128M?)",(?P<h>\d+),0,0,(?P<n>\d+),\d+,'
        r'"(?P<d>[^"]*)"',
        tspl,
    )
    for m in commands:
        kind, data = m["k"], m["d"]
        x, y, height, narrow = int(m["x"]), int(m["y"]), int(m["h"]), int(m["n"])
        if kind == "128M":
            data = "\xf1" + data[8:].replace("!102", "\xf1")
        pattern = barcode.get("code128", data).build()[0]
        for i, bit in enumerate(pattern):
            if bit == "1":
                draw.rectangle([x + i * narrow, y, x + (i + 1) * narrow - 1, y + height - 1], 0)
        spans.append((x, x + len(pattern) * narrow, narrow))
    # QRCODE x,y,ECC,cell,A,0,"data": the symbol as the printer encodes it, each
    # module ``cell`` dots; and the lines (BAR, BOX) that might cross a quiet zone
    for m in re.finditer(r'QRCODE (\d+),(\d+),M,(\d+),A,0,"([^"]*)"', tspl):
        x, y, cell, data = int(m[1]), int(m[2]), int(m[3]), m[4]
        for r, row in enumerate(qr_matrix(data)):
            for c, dark in enumerate(row):
                if dark:
                    draw.rectangle(
                        [
                            x + c * cell,
                            y + r * cell,
                            x + (c + 1) * cell - 1,
                            y + (r + 1) * cell - 1,
                        ],
                        0,
                    )
    for m in re.finditer(r"^BAR (\d+),(\d+),(\d+),(\d+)\r$", tspl, re.M):
        x, y, w, h = (int(v) for v in m.groups())
        draw.rectangle([x, y, x + w - 1, y + h - 1], 0)
    for m in re.finditer(r"^BOX (\d+),(\d+),(\d+),(\d+),(\d+)\r$", tspl, re.M):
        x0, y0, x1, y1, t = (int(v) for v in m.groups())
        draw.rectangle([x0, y0, x1, y1], outline=0, width=t)
    return img, spans


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("name", WAYBILLS)
@pytest.mark.parametrize("tracking", TRACKINGS[:2])
def test_tspl_waybill_barcodes_drawn_at_the_dpi_scan(name, dpi, tracking):
    fields = {**SAMPLE, "tracking": tracking}
    tspl = render_tspl(load_template(name), fields, dpi=dpi).decode(
        "latin-1"
    )  # BITMAP data is binary; commands are ASCII
    img, spans = raster_tspl_barcodes(tspl, dpi)
    for left, right, narrow in spans:  # quiet zones of 10 modules inside the label
        assert left >= 10 * narrow and right + 10 * narrow <= img.width
    wanted = template_symbols(load_template(name), fields)
    assert decode_image(img) == wanted


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_tspl_gs1_plate_drawn_at_the_dpi_scans_as_gs1(dpi):
    sscc = "069012340000000017"
    fields = {"plate_barcode": "\xf100" + sscc, "plate_text": f"(00) {sscc}", "sku": "X"}
    tspl = render_tspl(load_template("lpn_100x150"), fields, dpi=dpi).decode(
        "latin-1"
    )  # BITMAP data is binary; commands are ASCII
    img, _ = raster_tspl_barcodes(tspl, dpi)
    (found,) = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.HRI)
    assert found.text == f"(00){sscc}" and found.symbology_identifier == "]C1"
