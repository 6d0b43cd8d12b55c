"""A template's text element drawn into a bitmap, for the printer languages.

A thermal printer's own fonts lack most Chinese (ZPL) or everything outside
GB2312 (TSPL's ``TSS24.BF2``), and none has the CJK extension blocks or emoji.
So text is rasterised here with the same font chain as the PDF
(``station.labels.fonts``) and sent as a graphic (ZPL ``^GFA``, TSPL
``BITMAP``): what the printer prints is what the PDF shows, character for
character. Fitting follows ``station.labels.fit``, measured with Pillow's
metrics of the face that draws each character.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from station.labels.fit import Fitted, fit, point_sizes
from station.labels.fonts import bitmap_face, face_for, runs
from station.labels.layout import Element

LEADING = 1.25


def pixel_sizes(el: Element, dpi: int, largest_pt: float | None = None) -> list[int]:
    """The element's sizes (``fit.point_sizes``) in whole pixels at ``dpi``, largest first."""
    top = el.size if largest_pt is None else min(el.size, largest_pt)
    out: list[int] = []
    for pt in point_sizes(top, min(top, el.smallest())):
        px = max(1, round(pt * dpi / 72))
        if not out or px < out[-1]:
            out.append(px)
    return out


def _char_width(ch: str, px: int) -> float:
    face = face_for(ch)
    return 0.0 if face is None else bitmap_face(face, px).getlength(ch)


def line_width(line: str, px: int) -> float:
    return sum(bitmap_face(face, px).getlength(part) for face, part in runs(line))


def fit_bitmap(el: Element, text: str, w: int, h: int, dpi: int, largest_pt=None) -> Fitted:
    """``text`` fitted to ``w`` x ``h`` dots; sizes in pixels. Raises ``TextFitError``."""
    return fit(
        text,
        el.field_name(),
        w,
        h,
        pixel_sizes(el, dpi, largest_pt),
        lambda px: lambda ch: _char_width(ch, px),
        lambda px: int(px * LEADING),
        report_size=lambda px: round(px * 72 / dpi, 1),
    )


def text_bitmap(fitted: Fitted, w: int, h: int, *, bold: bool, align: str) -> Image.Image | None:
    """Greyscale ``w`` x ``h`` image (255 white) of ``fitted``'s lines, or ``None``
    when there is nothing to draw."""
    if not any(line.strip() for line in fitted.lines):
        return None
    px = int(fitted.size)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    # no anti-aliasing: a printer's dots are black or white, and a thin stroke of
    # a Mincho fallback face (𠮷 in HanaMin B) anti-aliased to grey would vanish
    # at the threshold; FreeType's monochrome rendering keeps every stroke
    draw.fontmode = "1"
    for n, line in enumerate(fitted.lines):
        x = (w - line_width(line, px)) / 2 if align == "center" else 0
        for face, part in runs(line):
            font = bitmap_face(face, px)
            draw.text(
                (x, n * fitted.leading),
                part,
                font=font,
                fill=0,
                stroke_width=1 if bold else 0,
                stroke_fill=0,
            )
            x += font.getlength(part)
    return img


def image_bitmap(path, w: int, h: int) -> Image.Image | None:
    """The PNG at ``path`` (a ``Path`` or ``Traversable``) as a greyscale ``w`` x ``h``
    image (255 white): scaled to fit the box, its proportions kept, centred,
    transparent parts white, then black or white at the middle grey (a print
    head's dots). None when the file is not an image Pillow reads (the element
    is left out)."""
    from PIL import UnidentifiedImageError

    try:
        with path.open("rb") as f:
            src = Image.open(f)
            src.load()
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    src = src.convert("RGBA")
    flat = Image.new("RGBA", src.size, (255, 255, 255, 255))
    flat.alpha_composite(src)
    grey = flat.convert("L")
    scale = min(w / grey.width, h / grey.height)
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    grey = grey.resize(size, Image.Resampling.LANCZOS).point(lambda p: 0 if p < 128 else 255)
    out = Image.new("L", (w, h), 255)
    out.paste(grey, ((w - size[0]) // 2, (h - size[1]) // 2))
    return out
