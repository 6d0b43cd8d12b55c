"""Templates to TSPL for the cheap thermal printers common in China.

Text uses the printer's built-in simplified Chinese font (``TSS24.BF2``,
24 x 24 dots, GB-encoded text), standard on printers sold in China; barcodes
and lines are native commands.

A document's values reach the TSPL only as quoted strings made by
``drivers.printers.tspl.quoted`` (``"`` escaped, control characters never
written); every other argument comes from the template. One command a line,
so the commands printed are the template's, whatever the values hold.
"""

from __future__ import annotations

from typing import Any

from drivers.printers.tspl import FieldRefused, quoted
from station.labels.layout import (
    FNC1,
    LabelFieldError,
    Template,
    barcode_value,
    code128_modules,
    fill_text,
    wrap,
)
from station.labels.resolution import BarcodeTooLong, barcode_module, check_dpi

FONT = "TSS24.BF2"
CELL = 24  # dots per Chinese character at multiplier 1; Latin characters are half


def _width(text: str, mul: int) -> int:
    return sum((CELL if ord(ch) > 0x7F else CELL // 2) * mul for ch in text)


def _gs1_manual(data: str) -> str:
    """GS1-128 in the manual Code 128 type: ``!105`` starts in subset C (``!104``
    in B when the data is not an even run of digits), ``!102`` is FNC1 (also
    between element strings). ``!`` opens these codes, so a ``!`` in the data
    is refused (GS1 element strings hardly ever hold one)."""
    if "!" in data:
        raise LabelFieldError(f"GS1 data {data[:40]!r} holds '!', which TSPL's 128M cannot carry")
    body = data.replace(FNC1, "!102")
    if data.isdigit() and len(data) % 2 == 0:
        return "!105!102" + body
    return "!104!102" + body


def render_tspl(template: Template, fields: dict[str, Any], *, dpi: int = 203) -> bytes:
    """One TSPL label of ``template`` filled with ``fields`` (GB 18030), for a
    ``dpi`` print head (203, 300 or 600): ``SIZE``/``GAP`` in millimetres, every
    position and size in that printer's dots, a barcode's narrow (= wide, Code 128)
    bar whole dots (``station.labels.resolution.barcode_module``). Raises
    ``ValueError`` for another dpi and ``LabelFieldError`` for a value or barcode
    that cannot be printed as it is."""
    dpmm = check_dpi(dpi) / 25.4
    w, h = template.size_mm
    out = [f"SIZE {w:g} mm,{h:g} mm", "GAP 2 mm,0 mm", "DIRECTION 1", "CLS"]
    for el in template.elements:
        x, y = round(el.x * dpmm), round(el.y * dpmm)
        ew, eh = max(1, round(el.w * dpmm)), max(1, round(el.h * dpmm))
        if el.type == "line":
            thick = max(2, round(0.4 * dpmm))
            out.append(f"BAR {x},{y},{max(ew, thick)},{thick}")
        elif el.type == "text":
            mul = max(1, round(el.size * dpi / 72 / CELL))
            lines = wrap(fill_text(el.text, fields), ew, lambda s, m=mul: _width(s, m))
            leading = CELL * mul + 4
            for n, line in enumerate(lines[: max(1, eh // leading)]):
                if not line.strip():
                    continue
                lx = x + (ew - _width(line, mul)) // 2 if el.align == "center" else x
                out.append(
                    f"TEXT {lx},{y + n * leading},{quoted(FONT)},0,{mul},{mul},{quoted(line)}"
                )
        elif el.type == "barcode":
            value = barcode_value(el.value, fields)
            if not value:
                continue
            modules = code128_modules(value)
            try:
                narrow = barcode_module(modules, ew, dpi)
            except BarcodeTooLong as exc:
                raise BarcodeTooLong(f"barcode {el.value}: {exc}") from None
            left = x + (ew - modules * narrow) // 2
            kind, data = (
                ("128M", _gs1_manual(value[1:])) if value.startswith(FNC1) else ("128", value)
            )
            try:
                content = quoted(data, barcode=True)
            except FieldRefused as exc:
                raise LabelFieldError(f"barcode {el.value}: {exc}") from None
            out.append(f"BARCODE {left},{y},{quoted(kind)},{eh},0,0,{narrow},{narrow},{content}")
    out.append("PRINT 1,1")
    return ("\r\n".join(out) + "\r\n").encode("gb18030")
