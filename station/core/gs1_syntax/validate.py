"""A GS1 element string checked whole, by the rules of the GS1 Barcode Syntax
Dictionary (:mod:`station.core.gs1_syntax.dictionary`).

Checked, in this order, and refused at the first fault with a :class:`Gs1Refused`
(a code and its parameters; the words are the UI's and :data:`ENGLISH`'s):

1. splitting: every AI is one the dictionary defines (``gs1.unknown_ai``); an AI of
   predefined length takes exactly its length (``gs1.too_short``); any other AI runs
   to the next group separator (FNC1, sent as ASCII 29) or the end, and a value past
   its maximum length is refused (``gs1.too_long``): that is how a lost separator
   shows, never a value cut at its maximum and the rest read as another AI
   (General Specifications 7.8.5: FNC1 after each variable-length element string
   but the last);
2. each value: its components' lengths and character sets (N, X = CSET 82, Y, Z) and
   their linters: check digits (``gs1.check_digit``), dates that do not exist
   (``gs1.no_such_date``; day 00 only where the dictionary's linter is ``yymmd0``,
   else ``gs1.day_zero``), other value rules (``gs1.bad_value``);
3. the whole string (General Specifications 4.14): an AI twice with different values
   (``gs1.repeated_ai``; twice with the same value is allowed), AIs that must not
   appear together (``ex=``, ``gs1.exclusive``), and AIs that need a partner
   (``req=``, ``gs1.missing_partner``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station.core.errors import CodedError
from station.core.gs1_syntax.dictionary import AiEntry, load, matches
from station.core.gs1_syntax.linters import CHARSETS, LINTERS

GS = "\x1d"

# the English words of each refusal, for the command line (the UI has its own, translated)
ENGLISH = {
    "gs1.unknown_ai": "({ai}) is not a GS1 Application Identifier",
    "gs1.empty_value": "({ai}) has no value",
    "gs1.too_long": (
        "({ai}) is {length} characters long, at most {max} are allowed: "
        "a group separator (FNC1) is missing after it"
    ),
    "gs1.too_short": "({ai}) is {length} characters long, it needs {min}",
    "gs1.bad_character": "({ai}) may not contain “{char}”",
    "gs1.check_digit": "({ai}) {value}: the check digit is wrong",
    "gs1.no_such_date": "({ai}) {value} is not a date",
    "gs1.day_zero": "({ai}) {value}: day 00 is not allowed in this date",
    "gs1.bad_value": "({ai}) {value} is not a valid value",
    "gs1.repeated_ai": "({ai}) appears twice with different values: {first} and {second}",
    "gs1.exclusive": "({ai}) and ({other}) may not appear in the same barcode",
    "gs1.missing_partner": "({ai}) must come with {needs} in the same barcode",
}

_LINTER_CODES = {
    "check_digit": "gs1.check_digit",
    "no_such_date": "gs1.no_such_date",
    "no_such_month": "gs1.no_such_date",
    "day_zero": "gs1.day_zero",
}


class Gs1Refused(CodedError):
    """GS1 data refused: ``code`` one of :data:`ENGLISH`'s keys (or the reader's own
    ``gs1.*`` codes), ``params`` the values its words need."""

    def english(self) -> str:
        template = ENGLISH.get(self.code)
        return template.format(**self.params) if template else self.code


@dataclass(frozen=True)
class Element:
    """One element string: its AI, its value (without the AI) and the AI's entry."""

    ai: str
    value: str
    entry: AiEntry


def _entry_at(data: str, pos: int, entries: dict[str, AiEntry]) -> AiEntry:
    for size in (2, 3, 4):
        entry = entries.get(data[pos : pos + size])
        if entry is not None:
            return entry
    head = data[pos : pos + 4].split(GS)[0]
    raise Gs1Refused("gs1.unknown_ai", ai=head or data[pos : pos + 1])


def split(data: str, entries: dict[str, AiEntry] | None = None) -> list[Element]:
    """``data`` (an element string without symbology identifier, FNC1 as ASCII 29) as
    its element strings, in order. Raises :class:`Gs1Refused` (unknown AI, value too
    long or too short, empty value)."""
    entries = entries if entries is not None else load()
    out: list[Element] = []
    pos = 0
    while pos < len(data):
        if data[pos] == GS:  # a separator after a predefined length is tolerated
            pos += 1
            continue
        entry = _entry_at(data, pos, entries)
        pos += len(entry.ai)
        if entry.predefined_length:
            value = data[pos : pos + entry.max_length].split(GS)[0]
        else:
            end = data.find(GS, pos)
            value = data[pos : end if end >= 0 else len(data)]
            if len(value) > entry.max_length:
                raise Gs1Refused(
                    "gs1.too_long", ai=entry.ai, length=len(value), max=entry.max_length
                )
        if not value:
            raise Gs1Refused("gs1.empty_value", ai=entry.ai)
        if len(value) < entry.min_length:
            raise Gs1Refused("gs1.too_short", ai=entry.ai, length=len(value), min=entry.min_length)
        out.append(Element(entry.ai, value, entry))
        pos += len(value)
    return out


def check_value(element: Element, today: date) -> None:
    """One element's value against its components (lengths, character set, linters).
    Raises :class:`Gs1Refused`."""
    ai, value, offset = element.ai, element.value, 0
    for component in element.entry.components:
        if offset >= len(value) and component.optional:
            break
        if component.min_length == component.max_length:
            part = value[offset : offset + component.max_length]
        else:
            part = value[offset:]
        if len(part) < component.min_length:
            raise Gs1Refused(
                "gs1.too_short", ai=ai, length=len(value), min=offset + component.min_length
            )
        bad = next((c for c in part if c not in CHARSETS[component.kind]), None)
        if bad is not None:
            raise Gs1Refused("gs1.bad_character", ai=ai, char=bad)
        for name in component.linters:
            lint = LINTERS.get(name)
            fault = lint(part, today) if lint is not None else None
            if fault is not None:
                raise Gs1Refused(_LINTER_CODES.get(fault, "gs1.bad_value"), ai=ai, value=value)
        offset += len(part)
    if offset < len(value):
        raise Gs1Refused("gs1.too_long", ai=ai, length=len(value), max=offset)


def _present(pattern: str, ais: list[str]) -> bool:
    return any(matches(pattern, ai) for ai in ais)


def check_whole(elements: list[Element]) -> None:
    """The rules between elements (General Specifications 4.14; the dictionary's
    ``req=`` and ``ex=``). Raises :class:`Gs1Refused`."""
    first: dict[str, str] = {}
    for e in elements:
        if e.ai in first and first[e.ai] != e.value:
            raise Gs1Refused("gs1.repeated_ai", ai=e.ai, first=first[e.ai], second=e.value)
        first.setdefault(e.ai, e.value)
    ais = list(first)
    for ai in ais:
        entry = elements[[x.ai for x in elements].index(ai)].entry
        for pattern in entry.ex:
            other = next((x for x in ais if x != ai and matches(pattern, x)), None)
            if other is not None:
                raise Gs1Refused("gs1.exclusive", ai=ai, other=other)
    for ai in ais:
        entry = elements[[x.ai for x in elements].index(ai)].entry
        for alternatives in entry.req:
            if not any(all(_present(p, ais) for p in group) for group in alternatives):
                needs = " / ".join("+".join(f"({p})" for p in group) for group in alternatives)
                raise Gs1Refused("gs1.missing_partner", ai=ai, needs=needs)


def validate(data: str, *, today: date | None = None) -> list[Element]:
    """``data`` checked whole (see the module's list) and split into its element
    strings. ``today`` sets the century of two-digit years (General Specifications
    7.12), today's date by default. Raises :class:`Gs1Refused` at the first fault."""
    elements = split(data)
    for element in elements:
        check_value(element, today or date.today())
    check_whole(elements)
    return elements
