"""Where a rendered document's text really is: word boxes of a PDF (poppler's
``pdftotext -bbox``), graphic fields of a ZPL label, TEXT and BITMAP commands of a
TSPL job, each as a box in the template's millimetres, to check against the
template's element boxes."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from xml.etree import ElementTree

from fuzz.commands import tspl_split
from station.labels.tspl import CELL, _width

PT = 25.4 / 72  # mm per point


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def inside(self, other: Box, tol: float = 0.0) -> bool:
        return (
            self.x0 >= other.x0 - tol
            and self.y0 >= other.y0 - tol
            and self.x1 <= other.x1 + tol
            and self.y1 <= other.y1 + tol
        )

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def element_boxes(template, kind: str = "text", elements=None) -> list[Box]:
    """Boxes of the ``kind`` elements of ``template`` (or of ``elements``, one of
    :func:`alternatives`)."""
    return [
        Box(e.x, e.y, e.x + e.w, e.y + e.h, e.text)
        for e in (template.elements if elements is None else elements)
        if e.type == kind
    ]


def alternatives(template) -> list[list]:
    """The sets of elements drawn together: an element ``unless`` a field and one
    ``when`` that field are never on one label (the custom area's batch, drawn in
    the contents' room), so each such field splits the template in two."""
    flags = {e.unless for e in template.elements if e.unless}
    if not flags:
        return [list(template.elements)]
    return [
        [
            e
            for e in template.elements
            if not ((e.unless in flags and on) or (e.when in flags and not on))
        ]
        for on in (False, True)
    ]


def pdf_words(pdf: bytes) -> list[list[Box]]:
    """Each page's words, boxes in mm from the top left."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        xml = subprocess.run(
            ["pdftotext", "-bbox", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(xml)
    pages = []
    for page in root.iter("page"):
        pages.append(
            [
                Box(*(float(w.get(k)) * PT for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                for w in page.iter("word")
            ]
        )
    return pages


def _ink(data: bytes, row_bytes: int, one_is_ink: bool) -> tuple[int, int, int, int]:
    from PIL import Image

    img = Image.frombytes("1", (row_bytes * 8, len(data) // row_bytes), data)
    if not one_is_ink:
        img = img.point(lambda p: 255 - p)
    return img.getbbox() or (0, 0, 0, 0)


def zpl_graphics(zpl: bytes, dpi: int = 203) -> list[Box]:
    """``^FOx,y^GFA,total,total,row_bytes,hex`` fields: the box of their ink, in mm."""
    dpmm = dpi / 25.4
    out = []
    for m in re.finditer(rb"\^FO(\d+),(\d+)\^GFA,(\d+),\d+,(\d+),([0-9A-F]+)", zpl):
        x, y, _, row = (int(g) for g in m.groups()[:4])
        left, t, r, b = _ink(bytes.fromhex(m[5].decode()), row, True)
        out.append(Box((x + left) / dpmm, (y + t) / dpmm, (x + r) / dpmm, (y + b) / dpmm))
    return out


def tspl_texts(tspl: bytes, dpi: int = 203) -> list[Box]:
    """Each TEXT (its printer-font cells) and BITMAP as a box in mm; a TEXT box's
    ``text`` is its string, a BITMAP's is empty."""
    dpmm = dpi / 25.4
    out = []
    for part in tspl_split(tspl):
        if isinstance(part, tuple):
            x, y, wb, h, data = part
            left, t, r, b = _ink(data, wb, False)  # a 0 bit prints
            out.append(Box((x + left) / dpmm, (y + t) / dpmm, (x + r) / dpmm, (y + b) / dpmm))
            continue
        line = part.decode("gb18030")
        m = re.match(r'TEXT (\d+),(\d+),"[^"]*",0,(\d+),(\d+),"(.*)"$', line)
        if m:
            x, y, mul = int(m[1]), int(m[2]), int(m[3])
            text = m[5].replace('\\["]', '"')
            w = _width(text, mul)
            out.append(Box(x / dpmm, y / dpmm, (x + w) / dpmm, (y + CELL * mul) / dpmm, text))
    return out
