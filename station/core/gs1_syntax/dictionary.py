"""The GS1 Barcode Syntax Dictionary, read as data.

The file is GS1's own (``station/resources/gs1/gs1-syntax-dictionary.txt``, from
github.com/gs1/gs1-syntax-dictionary, Apache License 2.0, shipped unchanged with its
notice). Its header defines the syntax read here, one entry a line::

    AIs  [Flags]  Specification  [Attributes...]  [# Title]

- AIs: one AI (``17``) or a range (``3100-3105``);
- Flags: ``*`` the AI has a predefined length and needs no FNC1 after it, ``?`` it
  may be a GS1 Digital Link attribute;
- Specification: components ``N14,csum,gcppos2``, ``X..20``, ``[N..12]`` (optional),
  each a character set (N digits, X CSET 82, Y CSET 39, Z base64url), a length
  (``N6`` exactly 6, ``X..20`` 1 to 20) and the names of its linters;
- Attributes: ``req=01+21,02`` (mandatory association: every AI of one of the
  ``,``-separated groups must be present; ``n`` in a pattern is any digit),
  ``ex=01,310n`` (must not appear together; an AI is not exclusive of itself),
  ``dlpkey[=…]`` (a Digital Link primary key). A repeated key applies each time.

:func:`parse_dictionary` understands every line or raises :class:`DictionaryError`
naming the line: a new release with syntax this reader does not know fails loudly,
never silently drops a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DICTIONARY_FILE = "gs1-syntax-dictionary.txt"
FLAG_CHARS = set("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")
_COMPONENT = re.compile(r"^(\[)?([NXYZ])(\.\.)?(\d+)(\])?((?:,[a-z0-9]+)*)$")
_AIS = re.compile(r"^(\d{2,4})(?:-(\d{2,4}))?$")
_PATTERN = re.compile(r"^[0-9n]{2,4}$")


class DictionaryError(ValueError):
    """A line of the Syntax Dictionary this reader does not understand."""


@dataclass(frozen=True)
class Component:
    """One part of an AI's data field: ``kind`` N, X, Y or Z; lengths in characters
    (``min_length == max_length`` for a fixed length); ``optional`` for ``[...]``;
    ``linters`` the names of the syntax tests its content must pass."""

    kind: str
    min_length: int
    max_length: int
    optional: bool
    linters: tuple[str, ...]


@dataclass(frozen=True)
class AiEntry:
    """One AI as the dictionary defines it. ``req`` is one tuple of alternatives per
    ``req=`` key, each alternative a tuple of AIs or patterns that must all be present;
    ``ex`` the AIs or patterns that must not appear with it."""

    ai: str
    predefined_length: bool
    components: tuple[Component, ...]
    req: tuple[tuple[tuple[str, ...], ...], ...]
    ex: tuple[str, ...]
    dlpkey: tuple[tuple[str, ...], ...] | None
    title: str

    @property
    def max_length(self) -> int:
        return sum(c.max_length for c in self.components)

    @property
    def min_length(self) -> int:
        return sum(c.min_length for c in self.components if not c.optional)


def matches(pattern: str, ai: str) -> bool:
    """Whether ``ai`` matches a dictionary pattern: ``310n`` is 3100-3109, ``31nn``
    is 3100-3199, a plain AI matches only itself."""
    if len(pattern) != len(ai):
        return False
    return all(p == "n" or p == a for p, a in zip(pattern, ai, strict=True))


def _component(token: str, line_no: int) -> Component:
    m = _COMPONENT.match(token)
    if m is None or bool(m.group(1)) != bool(m.group(5)):
        raise DictionaryError(f"line {line_no}: component {token!r} not understood")
    length = int(m.group(4))
    linters = tuple(x for x in m.group(6).split(",") if x)
    return Component(m.group(2), 1 if m.group(3) else length, length, bool(m.group(1)), linters)


def _patterns(value: str, line_no: int) -> tuple[str, ...]:
    items = tuple(value.split(","))
    for item in items:
        for ai in item.split("+"):
            if not _PATTERN.match(ai):
                raise DictionaryError(f"line {line_no}: AI pattern {ai!r} not understood")
    return items


def _entry_line(line: str, line_no: int) -> list[AiEntry]:
    body, _, title = line.partition("#")
    tokens = body.split()
    m = _AIS.match(tokens[0])
    if m is None:
        raise DictionaryError(f"line {line_no}: AI {tokens[0]!r} not understood")
    first, last = m.group(1), m.group(2) or m.group(1)
    if len(first) != len(last) or int(last) < int(first):
        raise DictionaryError(f"line {line_no}: AI range {tokens[0]!r} not understood")
    rest = tokens[1:]
    flags = ""
    if rest and set(rest[0]) <= FLAG_CHARS:
        flags, rest = rest[0], rest[1:]
    components: list[Component] = []
    while rest and "=" not in rest[0] and rest[0] != "dlpkey":
        # "[N3],iso3166": the linters follow the bracket of an optional component
        components.append(_component(rest.pop(0), line_no))
    if not components:
        raise DictionaryError(f"line {line_no}: no specification")
    seen_optional = False
    for i, c in enumerate(components):
        if c.optional:
            seen_optional = True
        elif seen_optional:
            raise DictionaryError(f"line {line_no}: a mandatory component after an optional one")
        if c.min_length != c.max_length and i != len(components) - 1:
            raise DictionaryError(f"line {line_no}: a variable length before the last component")
    req: list[tuple[tuple[str, ...], ...]] = []
    ex: list[str] = []
    dlpkey: list[tuple[str, ...]] | None = None
    for attr in rest:
        key, eq, value = attr.partition("=")
        if key == "req" and eq:
            req.append(tuple(tuple(g.split("+")) for g in _patterns(value, line_no)))
        elif key == "ex" and eq:
            ex.extend(_patterns(value, line_no))
        elif key == "dlpkey":
            dlpkey = [] if dlpkey is None else dlpkey
            if eq:
                dlpkey.extend(tuple(alt.split(",")) for alt in value.split("|"))
        else:
            raise DictionaryError(f"line {line_no}: attribute {attr!r} not understood")
    width = len(first)
    return [
        AiEntry(
            str(n).zfill(width),
            "*" in flags,
            tuple(components),
            tuple(req),
            tuple(ex),
            tuple(dlpkey) if dlpkey is not None else None,
            title.strip(),
        )
        for n in range(int(first), int(last) + 1)
    ]


def parse_dictionary(text: str) -> dict[str, AiEntry]:
    """Every AI entry of a Syntax Dictionary text, by AI (ranges expanded).

    Comment lines (``#`` first) and blank lines are skipped; any other line must be an
    entry this reader fully understands, or :class:`DictionaryError` names it."""
    entries: dict[str, AiEntry] = {}
    for line_no, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        for entry in _entry_line(stripped, line_no):
            if entry.ai in entries:
                raise DictionaryError(f"line {line_no}: AI {entry.ai} defined twice")
            entries[entry.ai] = entry
    return entries


def dictionary_text() -> str:
    """The shipped Syntax Dictionary's text."""
    return resources.files("station.resources").joinpath("gs1", DICTIONARY_FILE).read_text("utf-8")


@cache
def load() -> dict[str, AiEntry]:
    """The shipped Syntax Dictionary, parsed once (see :func:`parse_dictionary`)."""
    return parse_dictionary(dictionary_text())
