"""A test label as an image, for a label printer reached through the system's graphics
driver (``zpl+system://``): 100 x 150 mm, one pixel a print-head dot at ``dpi``, its
resolution recorded in the PNG so the driver prints it at its size in millimetres."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from station.labels.fonts import bitmap_face, runs


def _text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, px: int) -> None:
    x, y = xy
    for face, part in runs(text):
        font = bitmap_face(face, px)
        draw.text((x, y), part, font=font, fill=0)
        x += round(font.getlength(part))


def test_label(title: str, lines: list[str], barcode: str, *, dpi: int = 203) -> bytes:
    """PNG bytes of a 100x150 mm test label at ``dpi``: title, lines of text (Chinese
    drawn with the station's font chain), a Code 128 barcode of whole dots."""
    import barcode as python_barcode

    def d(mm: float) -> int:
        return round(mm * dpi / 25.4)

    img = Image.new("L", (d(100), d(150)), 255)
    draw = ImageDraw.Draw(img)
    _text(draw, (d(5), d(5)), title, d(7.5))
    y = 16.0
    for line in lines:
        _text(draw, (d(5), d(y)), line, d(4.5))
        y += 6.25
    module = max(1, d(0.375))
    pattern = python_barcode.get("code128", barcode).build()[0]
    left, top = d(5) + 10 * module, d(y + 2.5)  # a quiet zone of ten modules
    for i, bit in enumerate(pattern):
        if bit == "1":
            draw.rectangle([left + i * module, top, left + (i + 1) * module - 1, top + d(20)], 0)
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()
