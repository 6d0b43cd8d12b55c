"""Fonts for documents: a chain of TrueType faces, each character drawn with the
first face that has a glyph for it.

The chain is the main Chinese font (WenQuanYi Micro Hei, installed by the
set-up; on Windows Microsoft YaHei from ``%WINDIR%\\Fonts``, which every
Windows 10/11 has, so the built application ships no font; other Linux fonts
are looked for too), then the faces that
cover the CJK extension blocks and symbols (``FALLBACKS``: HanaMin A for the
BMP and Extension A, HanaMin B for Extensions B to F, BabelStone Han for
Extensions G and H, Symbola for symbols and
emoji in black and white), then whatever else fontconfig finds for a character
none of those has (``fc-list :charset=…``). Only TrueType-outline faces are
used: reportlab embeds nothing else, and a label must show what the PDF shows.

A character no face has is never drawn as a blank or a box: :func:`face_for`
answers ``None`` and the caller (``station.labels.glyphs``) refuses the text.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)


def windows_fonts(environ=os.environ) -> str:
    """The Windows fonts folder: ``%WINDIR%\\Fonts`` (Windows need not be on C:)."""
    return environ.get("WINDIR", "C:\\Windows").rstrip("\\/") + "\\Fonts\\"


_WIN = windows_fonts()
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    # Windows 10/11, every edition: Microsoft YaHei, SimHei, SimSun
    _WIN + "msyh.ttc",
    _WIN + "simhei.ttf",
    _WIN + "simsun.ttc",
)
# after the main font, in this order (Debian: fonts-hanazono, fonts-symbola)
FALLBACKS = (
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    # Extensions G and H (U+30000-U+323AF), which HanaMin predates (fonts-babelstone-han)
    "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf",
    _WIN + "simsunb.ttf",  # SimSun-ExtB
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    _WIN + "seguisym.ttf",
)
PDF_FONT = "StationCJK"
_UNKNOWN = object()


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


@dataclass(eq=False)
class Face:
    """One TrueType face of the chain: ``path`` (a .ttf or .ttc, ``index`` the
    face in a collection) and the name it is registered under in reportlab."""

    path: Path
    index: int
    pdf_name: str
    _ttf: object = field(default=None, repr=False)

    def ttf(self):
        """The reportlab ``TTFont`` (parsed once; raises ``TTFError`` for a face
        reportlab cannot embed, e.g. PostScript outlines)."""
        if self._ttf is None:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            self._ttf = TTFont(self.pdf_name, str(self.path), subfontIndex=self.index)
            pdfmetrics.registerFont(self._ttf)
        return self._ttf

    def has(self, ch: str) -> bool:
        return ord(ch) in self.ttf().face.charToGlyph


class _Chain:
    def __init__(self) -> None:
        self.faces: list[Face] = []
        self._paths: set[Path] = set()
        self._pending = [Path(p) for p in FALLBACKS]
        self._asked: set[str] = set()
        self._found: dict[str, Face | None] = {}
        self._lock = threading.Lock()
        main = cjk_font_path()
        if main is not None:
            self._add(main, PDF_FONT)

    def _add(self, path: Path, name: str | None = None) -> Face | None:
        real = path.resolve()
        if real in self._paths or not real.is_file():
            return None
        self._paths.add(real)
        face = Face(real, 0, name or f"StationFallback{len(self.faces)}")
        try:
            face.ttf()
        except Exception as exc:  # not embeddable (CFF outlines, damaged file)
            log.info("font %s left out of the chain: %s", real, exc)
            return None
        self.faces.append(face)
        return face

    def face_for(self, ch: str) -> Face | None:
        found = self._found.get(ch, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        with self._lock:  # documents may be rendered off the GUI thread
            return self._look_up(ch)

    def _look_up(self, ch: str) -> Face | None:
        if ch in self._found:
            return self._found[ch]
        face = next((f for f in self.faces if f.has(ch)), None)
        while face is None and self._pending:
            added = self._add(self._pending.pop(0))
            if added is not None and added.has(ch):
                face = added
        if face is None:
            for path in _fontconfig_files(ch):
                added = self._add(path)
                if added is not None and added.has(ch):
                    face = added
                    break
        self._found[ch] = face
        return face


def _fontconfig_files(ch: str) -> list[Path]:
    """TrueType files fontconfig says have ``ch`` (sorted: the same machine gives
    the same chain)."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(
        ["fc-list", "--format", "%{file}\\n", f":charset={ord(ch):x}:fontformat=TrueType"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sorted({Path(line) for line in out.splitlines() if line.strip()})


@cache
def chain() -> _Chain:
    return _Chain()


def face_for(ch: str) -> Face | None:
    """The first face of the chain with a glyph for ``ch`` (one character), or
    ``None`` when no font on this machine has one."""
    return chain().face_for(ch)


def runs(text: str) -> list[tuple[Face, str]]:
    """``text`` cut into runs of one face each, in order. A combining mark stays
    with its base character's face when that face has it. Raises ``KeyError``
    with the character when no face has it (callers check first with
    ``station.labels.glyphs``)."""
    out: list[tuple[Face, str]] = []
    for ch in text:
        face = None
        if out and _is_mark(ch) and out[-1][0].has(ch):
            face = out[-1][0]
        face = face or face_for(ch)
        if face is None:
            raise KeyError(ch)
        if out and out[-1][0] is face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def string_width(text: str, size: float) -> float:
    """Width in points of ``text`` at ``size`` points, each run in its own face."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(part, face.pdf_name, size) for face, part in runs(text))


@cache
def pdf_font() -> str:
    """The main face's reportlab name for setFont() (static headings); text from
    a document goes through :func:`runs`."""
    faces = chain().faces
    if faces and faces[0].pdf_name == PDF_FONT:
        return PDF_FONT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("no Chinese TrueType font found: PDFs use STSong-Light, not embedded")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@cache
def bitmap_face(face: Face, size_px: int):
    """Pillow's font for ``face`` at ``size_px`` pixels (basic layout: labels
    carry Chinese and Latin text, which need no shaping, and measuring a
    character takes a microsecond instead of Raqm's 140)."""
    from PIL import ImageFont

    return ImageFont.truetype(
        str(face.path), size_px, index=face.index, layout_engine=ImageFont.Layout.BASIC
    )


def bitmap_font(size_px: int):
    """The main face at ``size_px`` pixels (Pillow's default font when none)."""
    faces = chain().faces
    if not faces:
        from PIL import ImageFont

        log.warning("no Chinese TrueType font found: label text may show boxes")
        return ImageFont.load_default(size=size_px)
    return bitmap_face(faces[0], size_px)


def _install_tounicode_fix() -> None:
    """reportlab writes each glyph's ToUnicode entry as four hex digits, so a
    character outside the BMP (𠮷 U+20BB7, emoji) is extracted, searched and
    copied as a wrong character. Write UTF-16BE (surrogate pairs), as the PDF
    reference (ToUnicode CMaps, section 9.10.3) asks."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "station_utf16", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make(fontname, subset):
        text = original(fontname, subset)
        for i, v in enumerate(subset):
            if v > 0xFFFF:
                utf16 = chr(v).encode("utf-16-be").hex().upper()
                text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{utf16}>", 1)
        return text

    make.station_utf16 = True
    ttfonts.makeToUnicodeCMap = make


_install_tounicode_fix()
