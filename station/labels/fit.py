"""The one rule for text in a box, in PDF, ZPL and TSPL alike.

1. **Wrap** at the box's width: Chinese (and Japanese, Korean, full-width
   forms) may break between any two characters, other text only at spaces;
   closing punctuation (``，。、）」`` …) never starts a line.
2. **Shrink**: when the lines do not fit the box's height, or a word is wider
   than the box, try the next smaller size, down to the element's minimum.
3. At the minimum size, a word wider than the box (a URL, a long order
   number) is broken between characters as a last resort.
4. Still too big: :class:`TextFitError` names the field. Text is never cut,
   never drawn past its box, never over its neighbour.

Widths are measured with the font that draws the text (reportlab's metrics for
PDF, Pillow's for the ZPL/TSPL bitmaps, the printer font's documented cell
width for TSPL's built-in font), character by character (kerning ignored).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from station.labels.layout import LabelFieldError

CLOSING = set("，。、；：？！）」』】》〉”’…,.;:?!)]}%")
OPENING = set("（「『【《〈“‘([{")


class TextFitError(LabelFieldError):
    """``field``'s text does not fit its box even at ``min_size`` (points)."""

    code = "label_text_too_long"

    def __init__(self, field: str, min_size: float) -> None:
        self.field, self.min_size = field, min_size
        self.params = {"field": field, "size": f"{min_size:g}"}
        super().__init__(
            f"{field}: the text does not fit its box, even at the smallest size ({min_size:g} pt)"
        )


@dataclass(frozen=True)
class Fitted:
    """``lines`` to draw at ``size`` (the caller's unit), one line every ``leading``."""

    size: float
    leading: float
    lines: list[str]


def breaks_anywhere(ch: str) -> bool:
    """Chinese, Japanese, Korean, full-width forms and symbols (emoji): a line may
    break before or after them (UAX #14 classes ID, CJ and the like, simplified)."""
    if ch in CLOSING or ch in OPENING:
        return True
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, Ext A, URO
        or 0xAC00 <= o <= 0xD7AF  # Hangul
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x1F000 <= o <= 0x1FAFF  # emoji and symbols
        or 0x20000 <= o <= 0x3FFFF  # Ext B and on
        or unicodedata.east_asian_width(ch) in ("W", "F")
    )


def _tokens(paragraph: str) -> list[str]:
    """Unbreakable pieces: a space, a CJK character (with the closing
    punctuation after it and the opening punctuation before it), a word."""
    tokens: list[str] = []
    word, opening = "", ""
    for ch in paragraph:
        if ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" ")
        elif ch in CLOSING and (word or (tokens and tokens[-1] != " ")):
            if word:
                word += ch
            else:
                tokens[-1] += ch
        elif ch in OPENING:
            if word:
                tokens.append(word)
                word = ""
            opening += ch
        elif breaks_anywhere(ch) or unicodedata.category(ch) in ("Mn", "Me"):
            if unicodedata.category(ch) in ("Mn", "Me") and (word or tokens):
                if word:
                    word += ch
                else:
                    tokens[-1] += ch
                continue
            if word:
                tokens.append(word)
                word = ""
            tokens.append(opening + ch)
            opening = ""
        else:
            word += opening + ch
            opening = ""
    if word or opening:
        tokens.append(word + opening)
    return tokens


def wrap(
    text: str, width: float, measure: Callable[[str], float], *, break_words: bool = True
) -> list[str] | None:
    """Lines of ``text`` no wider than ``width`` by ``measure`` (one character's
    width, same unit). A ``\\n`` starts a new line. A word wider than ``width``
    is broken between characters when ``break_words``, else the answer is
    ``None`` (the text does not fit at this size); so is one character wider
    than ``width``, whatever ``break_words``: no line is wider than the box."""
    sizes: dict[str, float] = {}

    def w(s: str) -> float:
        total = 0.0
        for ch in s:
            if ch not in sizes:
                sizes[ch] = measure(ch)
            total += sizes[ch]
        return total

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for tok in _tokens(paragraph):
            if tok == " ":
                if line:
                    line += " "
                    used += w(" ")
                continue
            tw = w(tok)
            if used + tw <= width:
                line += tok
                used += tw
                continue
            if line.strip():
                lines.append(line.rstrip())
                line, used = "", 0.0
            if tw <= width:
                line, used = tok, tw
                continue
            if not break_words:
                return None
            for ch in tok:
                cw = w(ch)
                if cw > width:
                    return None  # one character wider than the box: not at this size
                if used + cw > width and line:
                    lines.append(line)
                    line, used = "", 0.0
                line += ch
                used += cw
        lines.append(line.rstrip())
    return lines


def fit(
    text: str,
    field: str,
    width: float,
    height: float,
    sizes: Sequence[float],
    measure_at: Callable[[float], Callable[[str], float]],
    leading_at: Callable[[float], float],
    *,
    report_size: Callable[[float], float] = lambda s: s,
) -> Fitted:
    """The largest of ``sizes`` (largest first) at which ``text`` wraps into
    ``width`` x ``height`` (lines of ``leading_at(size)`` each), by the module's
    rule. Raises ``TextFitError`` naming ``field`` (``report_size`` turns the
    smallest size into points for the message)."""
    if not text.strip():
        return Fitted(sizes[0], leading_at(sizes[0]), [])
    for n, size in enumerate(sizes):
        last = n == len(sizes) - 1
        for break_words in (False, True) if last else (False,):
            lines = wrap(text, width, measure_at(size), break_words=break_words)
            if lines is not None and len(lines) * leading_at(size) <= height + 1e-6:
                return Fitted(size, leading_at(size), lines)
    raise TextFitError(field, report_size(sizes[-1]))


def point_sizes(size: float, minimum: float, step: float = 0.5) -> list[float]:
    """``size``, ``size - step`` … down to ``minimum`` (``size`` alone when it is
    already the smaller)."""
    out = [size]
    while out[-1] - step >= minimum - 1e-9:
        out.append(round(out[-1] - step, 3))
    return out
