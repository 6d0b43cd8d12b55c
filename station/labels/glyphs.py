"""What a document's text may hold, class by class, before any of it is drawn.

Every value printed on a label or a document passes :func:`printable` once:

- **invisible formatting** is dropped: zero-width space and (non-)joiners,
  word joiner, BOM, soft hyphen, bidi marks and embeddings (Unicode category
  Cf, tag characters included), variation selectors (VS1–VS256) and emoji
  skin-tone modifiers. They change how a neighbour looks on a screen, never
  what a packer must read; the characters they sit between are printed.
  An emoji sequence ``👨‍👩‍👧`` prints as its people side by side.
- **spaces** of every width (no-break, en, em, thin…) become a plain space;
  the ideographic space U+3000 stays (it is a character's width in Chinese).
- **control characters** (C0, DEL, C1, line and paragraph separators) become a
  space, line breaks start a new line (``layout.fill_text``).
- text is put in Unicode NFC, so ``e`` + combining acute prints as ``é`` from
  one glyph; a combining mark left over is drawn with its base's font.
- refused, with the character and its code point named: a character of a
  script that needs **shaping** to be read (right-to-left letters: Unicode bidi
  class R or AL, Hebrew, Arabic, Syriac…; a spacing vowel sign (category Mc)
  or a virama (canonical combining class 9) of the Indic scripts): documents
  draw one glyph a character from left to right, which would print such text
  as loose letters in the wrong order; a **private-use**
  character (U+E000–U+F8FF and planes 15–16: what it shows depends on the
  font, so no two printers agree), a lone **surrogate**, U+FFFD (the text was
  damaged before it reached the station) and any character that **no font**
  in the chain has (emoji, symbols and CJK extension characters are drawn
  from the fallback fonts when one has them; see ``station.labels.fonts``).
"""

from __future__ import annotations

import unicodedata

from station.labels.fonts import face_for
from station.labels.layout import LabelFieldError

KEEP_SPACE = "\u3000"


class GlyphError(LabelFieldError):
    """A character of ``field`` that cannot be printed: ``char`` is the character,
    ``reason`` one of ``no_font``, ``private_use``, ``damaged``, ``needs_shaping``. ``code`` and
    ``params`` give the station's message for the screen."""

    code = "label_no_glyph"

    def __init__(self, field: str, char: str, reason: str) -> None:
        self.field, self.char, self.reason = field, char, reason
        point = f"U+{ord(char):04X}"
        shown = char if unicodedata.category(char) not in ("Cs", "Co") else ""
        why = {
            "no_font": f"no font has {point} {shown}".rstrip(),
            "private_use": f"{point} is a private-use character, which means nothing "
            "outside the program that wrote it",
            "damaged": f"{point} {shown}".rstrip() + " marks a character lost before the "
            "text reached the station",
            "needs_shaping": f"{point} {shown} is written right to left or joined to the "
            "letters beside it, which labels do not print",
        }[reason]
        self.params = {"field": field, "codepoint": point, "char": shown}
        if reason != "no_font":
            self.code = f"label_{reason}_char"
        super().__init__(f"{field}: {why}")


def _dropped(ch: str, cat: str) -> bool:
    o = ord(ch)
    return (
        cat == "Cf"
        or 0xFE00 <= o <= 0xFE0F
        or 0xE0100 <= o <= 0xE01EF
        or 0x1F3FB <= o <= 0x1F3FF  # skin tones
    )


VIRAMA = 9  # the canonical combining class of the Indic viramas (Unicode, DerivedCombiningClass)


def needs_shaping(ch: str, cat: str) -> bool:
    """Whether ``ch`` (of category ``cat``) is read right only after shaping: a
    right-to-left letter (bidi class R or AL), a spacing combining mark (Mc: Indic
    vowel signs, some drawn before their consonant) or a virama (a conjunct)."""
    return (
        unicodedata.bidirectional(ch) in ("R", "AL")
        or cat == "Mc"
        or unicodedata.combining(ch) == VIRAMA
    )


def printable(text: str, field: str) -> str:
    """``text`` as it will be printed (see the module's rules), or ``GlyphError``
    naming ``field`` (the document's field, e.g. ``recipient_address``) and the
    first character that cannot be printed. Line breaks are kept."""
    text = unicodedata.normalize("NFC", text)
    # before the fonts: a font for these letters would not print them readably
    shaped = next((ch for ch in text if needs_shaping(ch, unicodedata.category(ch))), None)
    if shaped is not None:
        raise GlyphError(field, shaped, "needs_shaping")
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n" or ch == " ":
            out.append(ch)
        elif _dropped(ch, cat):
            continue
        elif cat in ("Cc", "Zl", "Zp") or cat == "Zs" and ch != KEEP_SPACE:
            out.append(" ")
        elif cat == "Co":
            raise GlyphError(field, ch, "private_use")
        elif cat == "Cs" or ch == "\ufffd":
            raise GlyphError(field, ch, "damaged")
        elif face_for(ch) is None:
            raise GlyphError(field, ch, "no_font")
        else:
            out.append(ch)
    return "".join(out)
