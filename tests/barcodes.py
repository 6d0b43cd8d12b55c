"""Decode what the station prints: PDFs rasterised at a thermal printer's 203 dpi,
ZPL rendered by an independent printer emulator (zplkit)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import zplkit
import zxingcpp
from PIL import Image


def decode_image(img: Image.Image) -> list[tuple[str, str]]:
    found = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)
    return sorted((r.format.name, r.text) for r in found if r.valid)


def decode_pdf(data: bytes, dpi: int = 203) -> list[list[tuple[str, str]]]:
    """Barcodes of each page."""
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(Path(d) / "p")], check=True
        )
        return [decode_image(Image.open(p)) for p in sorted(Path(d).glob("p*.png"))]


def pdf_text(data: bytes, *, raw: bool = False) -> str:
    """pdftotext's text of a PDF; ``raw``: in the content stream's order (each
    element's text whole), not pdftotext's guess at columns."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(
            ["pdftotext", *(["-raw"] if raw else []), f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


# zplkit's default limit on one ^GF graphic is 25,000 bytes, a guard of the
# renderer's own: a 600-dpi label's text bitmaps are larger, and printers of
# that resolution hold several megabytes of graphics.
LIMITS = zplkit._native.RenderLimits(graphic_bytes=2_000_000)


def render_zpl(data: bytes, dpi: int = 203) -> list[Image.Image]:
    # a canvas larger than any label: ^PW/^LL in the ZPL set the real size
    doc = zplkit.render(
        data,
        zplkit.Options(dpi=dpi, width=round(4 * dpi), height=round(8 * dpi)),
        limits=LIMITS,
    )
    assert not doc.warnings, doc.warnings
    import io

    return [Image.open(io.BytesIO(label.png())) for label in doc.labels]


def decode_zpl(data: bytes, dpi: int = 203) -> list[list[tuple[str, str]]]:
    return [decode_image(img) for img in render_zpl(data, dpi)]


def template_symbols(template, fields: dict) -> list[tuple[str, str]]:
    """What a label of ``template`` filled with ``fields`` must decode to, as
    ``decode_image`` gives it: each Code 128 and QR element drawn, its value."""
    from station.labels.layout import fill, shown

    kinds = {"barcode": "Code128", "qr": "QRCode"}
    return sorted(
        (kinds[el.type], fill(el.value, fields))
        for el in template.elements
        if el.type in kinds and shown(el, fields) and fill(el.value, fields)
    )
