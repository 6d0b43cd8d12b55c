"""Label templates: JSON in ``station/resources/labels`` (or the data folder's ``labels``,
which a user may edit), one layout rendered to PDF, ZPL and TSPL alike.

Coordinates and sizes are millimetres from the top left; text sizes are
points. ``text`` and ``value`` are filled from the document's fields
(``{tracking}``, ``{recipient_name}``…); a missing field is left empty.

A barcode value that begins with ``FNC1`` (``"\\xf1"``) is GS1-128: the element
strings follow, and each language writes the FNC1 its own way.

Element types (``docs/formats.md``, "Label templates"): ``text``, ``barcode``
(Code 128, bars of whole dots), ``qr`` (a square box; QR at error correction
M), ``line`` (solid), ``tear`` (a dashed line where a two-part label is torn),
``box`` (an outlined rectangle, e.g. the consolidation "集" box), ``image`` (a
PNG, e.g. a carrier's logo: ``value`` its file name with fields,
``logo_{carrier}.png``, looked for in the data folder's ``labels/images`` then
the shipped ``station/resources/labels/images``; none there: nothing drawn). Any element
may name a field in ``when``: it is drawn only when that field is not empty,
so a label says nothing rather than a bare caption when the data is missing;
and a field in ``unless``: drawn only when that field is empty.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station.resources import resource

TYPES = ("text", "barcode", "qr", "line", "tear", "box", "image")
MIN_SIZE = 6.0  # points: the smallest text a template's element shrinks to by default
FNC1 = "\xf1"  # python-barcode's and reportlab's FNC1 in Code 128 data


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Element:
    type: str
    x: float
    y: float
    w: float
    h: float
    size: float = 10
    bold: bool = False
    text: str = ""
    value: str = ""
    align: str = "left"
    min_size: float = 0  # points; 0: MIN_SIZE (or ``size`` when that is smaller)
    when: str = ""  # a field: the element is drawn only when it is not empty
    unless: str = ""  # a field: the element is drawn only when it is empty

    def smallest(self) -> float:
        """The size (points) this element's text may shrink to (``station.labels.fit``)."""
        return min(self.size, self.min_size or MIN_SIZE)

    def field_name(self) -> str:
        """What a message calls this element: its fields (``sender_name/sender_address``),
        or its text when it has none."""
        names = [n for _, n, _, _ in string.Formatter().parse(self.text) if n]
        return "/".join(dict.fromkeys(names)) or self.text[:20]


@dataclass(frozen=True)
class Template:
    name: str
    size_mm: tuple[float, float]
    elements: list[Element] = field(default_factory=list)
    image_dirs: tuple = ()  # where an image element's file is looked for, first first


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


class LabelFieldError(TemplateError):
    """A document's value that cannot go on a label as it is (a barcode with a
    character Code 128 cannot carry). Raised before anything is sent to a
    printer; the message names the template's value and the character."""


def shown(el: Element, fields: dict[str, Any]) -> bool:
    """Whether ``el`` is drawn for ``fields``: always, unless it names a field in
    ``when`` and that field is missing, None or blank (spaces and control
    characters only: what ``fill_text`` prints as nothing); and unless it names a
    field in ``unless`` that is not blank (the custom area's batch, where it takes
    the room of the contents)."""
    if el.unless and _filled(fields, el.unless):
        return False
    return not el.when or _filled(fields, el.when)


def _filled(fields: dict[str, Any], name: str) -> bool:
    value = str(fields.get(name) or "")
    return any(not (c.isspace() or _is_control(c)) for c in value)


def fill(text: str, fields: dict[str, Any]) -> str:
    return text.format_map(_Blank({k: "" if v is None else v for k, v in fields.items()}))


def _is_control(c: str) -> bool:
    return c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029"


def fill_text(text: str, fields: dict[str, Any]) -> str:
    """``fill`` for a text element: a line break (LF, CR LF or CR) in a value
    starts a new line (each value read on its own), every other control
    character (C0, DEL, C1, the Unicode line and paragraph separators) is
    printed as a space, and each value used is made printable by
    ``station.labels.glyphs.printable`` (``GlyphError`` naming the field for a
    character no font has). What each printer
    language makes of the rest is its own quoting function's concern
    (``station.drivers.printers.zpl.field_data``, ``station.drivers.printers.tspl.quoted``)."""

    from station.labels.glyphs import printable

    def clean(key: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = "".join(" " if c != "\n" and _is_control(c) else c for c in value)
        return printable(value, key) if key in used else value

    used = {n for _, n, _, _ in string.Formatter().parse(text) if n}
    return printable(fill(text, {k: clean(k, v) for k, v in fields.items()}), "template")


def barcode_value(template_value: str, fields: dict[str, Any], kind: str = "barcode") -> str:
    """The data of a barcode element, or ``LabelFieldError`` when Code 128 cannot
    carry it unchanged: every character must be printable ASCII (space to
    ``~``); FNC1 only in GS1-128 data (a value that begins with FNC1). A
    tracking number with a CR in it is refused, never printed as something
    else. An empty value is returned as it is (the element is left out).
    ``kind="QR code"`` for a QR element: the same rule (printable ASCII, the
    same bytes in every printer language), no FNC1."""
    value = fill(template_value, fields)
    gs1 = value.startswith(FNC1) and kind == "barcode"
    for c in value:
        if " " <= c <= "~" or (gs1 and c == FNC1):
            continue
        shown = value if len(value) <= 40 else value[:40] + "…"
        symbol = "a QR code" if kind == "QR code" else "a Code 128 barcode"
        raise LabelFieldError(
            f"{kind} {template_value}: {shown!r} holds {c!r}, which {symbol} cannot carry"
        )
    return value


def check_barcodes(template: Template, fields: dict[str, Any]) -> None:
    """``barcode_value`` of every barcode and QR element drawn, before anything
    is drawn: a value a symbol cannot carry is the label's first fault to name."""
    for el in template.elements:
        if el.type == "barcode" and shown(el, fields):
            barcode_value(el.value, fields)
        elif el.type == "qr" and shown(el, fields):
            barcode_value(el.value, fields, "QR code")


def parse_template(data: dict, name: str = "") -> Template:
    try:
        w, h = data["size_mm"]
        elements = []
        for n, raw in enumerate(data["elements"]):
            if not isinstance(raw, dict) or raw.get("type") not in TYPES:
                raise TemplateError(f"element {n}: type must be one of {', '.join(TYPES)}")
            elements.append(Element(**raw))
        size = (float(w), float(h))
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateError(f"label template {name!r} is not valid: {exc}") from exc
    return Template(str(data.get("name", name)), size, elements)


def load_template(name: str, user_dir: Path | None = None) -> Template:
    """``waybill_100x150`` etc.: the user's copy when there is one, else the shipped one."""
    from dataclasses import replace

    dirs = (*((user_dir / "images",) if user_dir is not None else ()), resource("labels", "images"))
    if user_dir is not None:
        own = user_dir / f"{name}.json"
        if own.is_file():
            try:
                data = json.loads(own.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON
                raise TemplateError(f"label template {own} cannot be read: {exc}") from exc
            return replace(parse_template(data, name), image_dirs=dirs)
    node = resource("labels", f"{name}.json")
    if not node.is_file():
        raise TemplateError(f"no label template called {name!r}")
    parsed = parse_template(json.loads(node.read_text(encoding="utf-8")), name)
    return replace(parsed, image_dirs=dirs)


_IMAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.png")


def image_file(template: Template, el: Element, fields: dict[str, Any]):
    """The file of an image element for ``fields`` (its ``value`` filled), the
    first of ``template.image_dirs`` that has it; None when none has it (the
    element is left out). ``LabelFieldError`` for a name that is not a plain
    ``.png`` file name (letters, digits, ``_ . -``): a value never reaches
    another folder."""
    used = [n for _, n, _, _ in string.Formatter().parse(el.value) if n]
    if any(not str(fields.get(n) or "").strip() for n in used):
        return None  # logo_{carrier}.png of an order without a carrier
    name = fill(el.value, fields)
    if not _IMAGE_NAME.fullmatch(name) or ".." in name:
        raise LabelFieldError(f"image {el.value}: {name[:40]!r} is not a plain PNG file name")
    for d in template.image_dirs:
        node = d / name
        if node.is_file():
            return node
    return None


def dashes(length: float, dash: float = 3.0, gap: float = 2.0) -> list[tuple[float, float]]:
    """(start, length) of each dash of a tear line ``length`` long, in the unit
    of the arguments: ``dash`` on, ``gap`` off, the last dash cut at the end."""
    out = []
    pos = 0.0
    while pos < length:
        out.append((pos, min(dash, length - pos)))
        pos += dash + gap
    return out


def code128_modules(value: str) -> int:
    """How many modules wide a Code 128 symbol of ``value`` is (quiet zones excluded)."""
    import barcode

    return len(barcode.get("code128", value).build()[0])
