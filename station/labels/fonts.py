"""A font that has Chinese, for PDFs (reportlab embeds it) and label bitmaps (Pillow).

The set-up installs WenQuanYi Micro Hei; Windows and other Linux fonts are
looked for too. Without any, PDFs fall back to reportlab's built-in CID font
(STSong-Light), which is not embedded: a warning is logged.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
PDF_FONT = "StationCJK"


@cache
def cjk_font_path() -> Path | None:
    for c in CANDIDATES:
        if Path(c).is_file():
            return Path(c)
    if shutil.which("fc-match"):
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh-cn:fontformat=TrueType"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if out and Path(out).is_file():
            return Path(out)
    return None


@cache
def pdf_font() -> str:
    """Register the CJK font with reportlab once; its name for setFont()."""
    from reportlab.pdfbase import pdfmetrics

    path = cjk_font_path()
    if path is not None:
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(PDF_FONT, str(path), subfontIndex=0))
        return PDF_FONT
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("no Chinese TrueType font found: PDFs use STSong-Light, not embedded")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@cache
def bitmap_font(size_px: int):
    from PIL import ImageFont

    path = cjk_font_path()
    if path is None:
        log.warning("no Chinese TrueType font found: label text may show boxes")
        return ImageFont.load_default(size=size_px)
    # Basic layout: labels carry Chinese and Latin text, which need no shaping, and
    # measuring a character takes a microsecond instead of Raqm's 140.
    return ImageFont.truetype(str(path), size_px, index=0, layout_engine=ImageFont.Layout.BASIC)
