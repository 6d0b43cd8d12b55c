"""Cells of a spreadsheet export as they really arrive, put right or refused.

Marketplace exports are opened in Excel or WPS before they reach the bench, and
the spreadsheet changes what it shows: a long number becomes ``6.93017E+18`` or
keeps only 15 significant digits, a whole number grows a ``.0``, a GTIN loses its
leading zero, a date becomes a serial number (45658), a narrow column saves
``#######``, a broken formula saves ``#N/A``. Exports guard numbers as text with
``="…"``, a leading apostrophe, back-quote or tab; digits may be full-width; cells
carry a BOM, non-breaking or zero-width spaces, line breaks.

:func:`clean_cell` puts one cell right when that is provably lossless and raises
:class:`CellDamage` (a code and the raw value) when the value is lost; it never
returns a damaged value. :func:`clean_column` adds what a whole column proves
(one rounded number shows the column went through the spreadsheet as numbers).
Every file reader (CSV, JSON, and xlsx through station.services.order_import.sheets)
and every import profile uses these, by the *kind* of each column (:data:`KINDS`).
The rules, one by one, are in docs/formats.md, "Spreadsheet damage".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from station.core.barcodes import GTIN_LENGTHS, gs1_check_digit

# What a column holds decides what may be done to it.
#   id     order / sub-order / tracking numbers, SKUs, lots: guards, width, numbers
#   phone  like id; masked numbers (138****1234) stay masked
#   gtin   an id whose check digit proves it whole; leading zeros put back
#   sscc   an 18-digit SSCC: leading zeros put back, check digit verified
#   number quantities and amounts: guards, width, thousands separators, ``2.0``
#   date   a date or date-time: serial numbers and WPS/Excel display forms made ISO
#   text   names, addresses: only what is invisible or full-width ASCII letters/digits;
#          a line break inside becomes a space
#   note   remarks and messages: like text, but line breaks are kept (as LF)
#   number_comma  a number from a sheet saved where the decimal sign is a comma
#          (a CSV with ``;`` between cells): 1.234,50 and 1 234,50 are 1234.50
KINDS = ("id", "phone", "gtin", "sscc", "number", "number_comma", "date", "text", "note")

# Excel's and WPS's error values (Microsoft: "Detect errors in formulas"); what a
# CSV saved from the sheet holds where the formula failed.
ERROR_VALUES = frozenset(
    v.upper()
    for v in (
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    )
)
# Excel keeps 15 significant digits of a number (IEEE 754 double, shown to 15
# digits: Microsoft, "Excel specifications and limits", number precision).
EXCEL_DIGITS = 15
# A number longer than 15 digits whose digits after the 15th are zeros is what
# Excel leaves of a longer number. A real id ends so by chance once in 10**k for k
# zeros: refused on its own from 3 zeros (1 in 1,000), from 1 zero when another
# cell of the same column shows the spreadsheet turned the column into numbers.
ZERO_TAIL_ALONE = 3

# Invisible characters: BOM / zero-width no-break space, zero-width space, word
# joiner, soft hyphen. Removed wherever they are (they carry nothing).
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"), None)
# Joiners matter inside emoji and some scripts: removed from identifiers only.
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f"), None)
# Spaces a spreadsheet or a web page leaves around a value: stripped at the ends.
# Every Unicode space separator (category Zs: no-break, en, em, thin, hair, figure,
# narrow no-break, medium mathematical, ideographic...) and the line breaks.
_SPACES = "\t\r\n\v\f\u2028\u2029\x85" + "".join(
    c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")

_BREAK_IN_TEXT = re.compile(r"[ \t]*(?:\r\n|[\r\n\v\f\x85\u2028\u2029])\s*")
_SCIENTIFIC = re.compile(r"^([+-]?)(\d)(?:[.,](\d+))?[eE]([+-]?)(\d+)$")
_DOT_ZERO = re.compile(r"^(\d+)[.,]0+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}(?:\.\d+)?))?\s*秒?)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # the 1900 date system, past its 29 Feb 1900
_SERIAL_RANGE = (date(2000, 1, 1), date(2100, 1, 1))  # an order date outside is no date


class CellDamage(ValueError):
    """A cell whose value the spreadsheet lost (or that cannot be read as its kind).

    ``code`` names the damage: ``rounded`` (digits lost: scientific notation, 15
    significant digits, a float's ``.0``), ``error_cell`` (``#N/A``, ``#VALUE!`` …),
    ``too_narrow`` (``#######``), ``bad_check_digit`` (a GTIN/SSCC whose check digit
    is wrong), ``not_a_date`` (a serial number outside 2000–2099). ``value`` is the
    cell as read. The message a user sees is the caller's (CLI, GUI), from the code.
    """

    def __init__(self, code: str, value: str):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII
    forms, by their NFKC decomposition; every other character as it is, so Chinese
    text and its full-width punctuation are never changed (NFKC of a whole name or
    address would also change compatibility ideographs and circled numbers)."""
    return "".join(
        unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" or c == "\u3000" else c
        for c in text
    )


def _fold_alnum(text: str) -> str:
    """Full-width digits and Latin letters only (not full-width punctuation, which is
    the ordinary punctuation of Chinese text: ，（）：)."""
    return "".join(
        chr(ord(c) - 0xFEE0) if ("０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ") else c
        for c in text
    )


def _strip_one_guard(value: str) -> str:
    m = re.fullmatch(r'=\s*"(.*)"', value, re.DOTALL)
    if m:
        return m.group(1).replace('""', '"').strip(_SPACES)
    if value[:1] in ("'", "`", "\u2018", "\u2019"):
        return value[1:].strip(_SPACES)
    return value


def _strip_guard(value: str) -> str:
    """``="…"`` (a formula giving text), a leading ``'``, back-quote or tab: the
    ways exports keep a number as text in Excel. A guard inside a guard (a sheet
    guarded again when it was exported again: ``="=""693…""\"``, ``'="693…"``) is
    removed too: no identifier, phone, number or date starts with one."""
    while True:
        inner = _strip_one_guard(value)
        if inner == value:
            return value
        value = inner


def _significant(digits: str) -> str:
    return digits.lstrip("0") or "0"


def zero_tail(value: str) -> int:
    """How many zeros follow the 15th significant digit of an all-digit ``value``
    whose digits past the 15th are all zeros (0 when it is shorter or any is not)."""
    sig = _significant(value)
    if not value.isdigit() or len(sig) <= EXCEL_DIGITS or sig[EXCEL_DIGITS:].strip("0"):
        return 0
    return len(sig) - EXCEL_DIGITS


def _not_a_double(whole: str, value: str) -> str:
    """``whole`` when a double cannot have made it: 15 significant digits or fewer
    (every such whole number survives a double), or a number no double equals (so
    it was written from a decimal). A longer one that is a double's exact value is
    refused as ``rounded``: the id may have been rounded to it (6930170012345678901
    is the double 6930170012345678848)."""
    number = int(whole)
    if len(_significant(whole)) > EXCEL_DIGITS and float(number) == number:
        raise CellDamage("rounded", value)
    return whole


def _number_damage(value: str) -> str:
    """The digits of an identifier that a spreadsheet wrote as a number, when they
    are all there; :class:`CellDamage` ``rounded`` when some are lost."""
    m = _SCIENTIFIC.fullmatch(value)
    if m and (m.group(3) or m.group(4)):  # Excel 6.93017E+18, Python 6.93017e+18, 6,93017E+18
        sign, head, frac, exp_sign, exp = m.groups()
        frac = frac or ""
        if sign == "-" or exp_sign == "-" or int(exp) != len(frac):
            # fewer digits than the number has: the rest were rounded away
            # (more, or a negative exponent, is no whole number: no identifier either)
            raise CellDamage("rounded", value)
        return _not_a_double(head + frac, value)  # every digit written: 6.930170012345678901E+18
    m = _DOT_ZERO.fullmatch(value)
    if m:
        return _not_a_double(m.group(1), value)
    if zero_tail(value) >= ZERO_TAIL_ALONE:
        raise CellDamage("rounded", value)
    return value


def _common(value: str, raw: str | None = None) -> str:
    """What every kind gets: invisible characters out, spaces off the ends, error
    values refused (the refusal quotes ``raw``, the cell as read)."""
    value = value.translate(_INVISIBLE).strip(_SPACES)
    if value.upper() in ERROR_VALUES:
        raise CellDamage("error_cell", value if raw is None else raw)
    return value


def _too_narrow(value: str, raw: str) -> None:
    if value and set(value) == {"#"}:
        raise CellDamage("too_narrow", raw)


def _unguarded(raw: str) -> str:
    """A number-like cell without invisible characters, full-width forms (a
    full-width guard is folded first) and its text guard; error values refused."""
    value = fold_width(_common(raw).translate(_JOINERS)).strip(_SPACES)
    value = _common(_strip_guard(_common(value, raw)), raw)
    _too_narrow(value, raw)
    return value


def _identifier(raw: str) -> str:
    value = _unguarded(raw)
    try:
        return _number_damage(value)
    except CellDamage:
        raise CellDamage("rounded", raw) from None


def _gs1(raw: str, lengths: tuple[int, ...]) -> str:
    value = _identifier(raw)
    if not value.isdigit() or not value.isascii() or len(value) > max(lengths):
        return value  # not a number at all: the caller's own check refuses it
    # leading zeros carry no digit of the check sum: put them back up to the
    # next standard length (a 12-digit UPC-A stays the 12-digit GTIN it is)
    width = next(n for n in lengths if n >= len(value))
    value = value.zfill(width)
    if gs1_check_digit(value[:-1]) != int(value[-1]):
        raise CellDamage("bad_check_digit", raw)
    return value


_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(?:([. \u00a0\u202f])\d{3})?(?:\1\d{3})*(?:,\d+)?$")


def _number_comma(raw: str) -> str:
    """A number with a decimal comma and ``.`` or space thousands groups, as a
    spreadsheet writes it where the comma is the decimal sign, with a point."""
    value = _unguarded(raw).replace("\u00a0", " ").replace("\u202f", " ")
    m = _GROUPED_COMMA.fullmatch(value)
    # one point group and no comma (1.500) could be a decimal point: left as it is
    lone_point = m is not None and m.group(1) == "." and "," not in value and value.count(".") == 1
    if (m and not lone_point) or re.fullmatch(r"[+-]?\d+,\d+", value):
        value = value.replace(".", "").replace(" ", "").replace(",", ".")
    return _number(value)


def _number(raw: str) -> str:
    value = _unguarded(raw)
    if value[:1] in ("¥", "￥"):  # a currency format's sign
        value = _common(value[1:], raw)
        _too_narrow(value, raw)
    if _GROUPED.fullmatch(value):
        value = value.replace(",", "")  # 1,234.50: Excel's thousands separator
    m = _DOT_ZERO.fullmatch(value)
    return m.group(1) if m else value


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


def is_plain_number(text: str) -> bool:
    """Whether a cleaned ``number`` cell is a number as a spreadsheet writes one: ASCII
    digits, an optional sign and decimal point. Not what only a programming language
    reads as one (``1_000``, ``1e3``, ``NaN``, ``Infinity``, Arabic-Indic or other
    non-ASCII digits): callers check this before ``int()`` or ``Decimal()``."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def fen(amount: Decimal) -> int:
    """An amount in yuan (CNY) as whole fen (1 yuan = 100 fen). Raises
    ``InvalidOperation`` for an amount with a part smaller than a fen (``59.009``):
    no price, payment or invoice line in CNY has one, so such a cell is a wrong
    value, never silently cut or rounded to the fen. Trailing zeros are fine
    (``59.000`` is 5900)."""
    scaled = amount * 100
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise InvalidOperation(f"{amount} has a part smaller than a fen")
    return int(scaled)


def excel_serial_to_datetime(serial: float) -> datetime:
    """A date serial of Excel's and WPS's 1900 date system (day 1 = 1900-01-01, a
    fraction is the time of day) as a naive local date-time, to the second.
    Valid for serials from 61 (1900-03-01) on; 60 is Lotus 1-2-3's 29 Feb 1900."""
    seconds = round(serial * 86400)
    return _EXCEL_EPOCH + timedelta(seconds=seconds)


def _date(raw: str) -> str:
    value = _unguarded(raw)
    if _SERIAL.fullmatch(value):
        moment = excel_serial_to_datetime(float(value))
        if not _SERIAL_RANGE[0] <= moment.date() < _SERIAL_RANGE[1]:
            raise CellDamage("not_a_date", raw)
        return moment.isoformat(sep=" ")
    if re.fullmatch(r"\d{8}", value):  # 20261124, a date typed or kept as a number
        try:
            return datetime.strptime(value, "%Y%m%d").date().isoformat()
        except ValueError:
            return value  # the caller's parser refuses it
    m = _DATE.fullmatch(value)
    if m:  # 2026/1/5 8:00, 2026年1月5日 8时00分: the sheet's display form
        y, mo, d, h, mi, s = m.groups()
        try:
            moment = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
            moment += timedelta(seconds=float(s or 0))
        except ValueError:
            return value
        return moment.isoformat(sep=" ") if h is not None else moment.date().isoformat()
    return value


def _text(raw: str, keep_lines: bool) -> str:
    value = _common(raw)
    if all(unicodedata.category(c) == "Cf" or c in _SPACES for c in value):
        # joiners, direction marks and isolates alone: nothing a reader sees, an
        # empty cell (a name of them would print as a blank on the waybill)
        return ""
    value = _fold_alnum(value).replace("\u00a0", " ")
    if keep_lines:
        return _LINE_BREAKS.sub("\n", value).strip(_SPACES)
    return _BREAK_IN_TEXT.sub(" ", value).strip(_SPACES)


def clean_cell(raw: str, kind: str) -> str:
    """One cell's value as ``kind`` (one of :data:`KINDS`), put right.

    Returns the cleaned string ('' for an empty cell). Raises :class:`CellDamage`
    when the spreadsheet lost the value; ``ValueError`` for an unknown kind.
    """
    if kind in ("id", "phone"):
        # a masked phone 138****1234 has no number in it to damage: kept as it is
        return _identifier(raw)
    if kind == "gtin":
        return _gs1(raw, GTIN_LENGTHS)
    if kind == "sscc":
        return _gs1(raw, (18,))
    if kind == "number":
        return _number(raw)
    if kind == "number_comma":
        return _number_comma(raw)
    if kind == "date":
        return _date(raw)
    if kind in ("text", "note"):
        return _text(raw, keep_lines=kind == "note")
    raise ValueError(f"unknown cell kind {kind!r}")


def clean_column(raws: list[str], kind: str) -> list[str | CellDamage]:
    """:func:`clean_cell` for every cell of one column, plus what the column proves:
    when any identifier in it was rounded by the spreadsheet, the column went
    through it as numbers, so every other one longer than 15 digits ending in zeros
    past the 15th was rounded too (a long one with other digits there was not).
    Returns, for each cell, its value or the :class:`CellDamage` that refuses it."""
    out: list[str | CellDamage] = []
    for raw in raws:
        try:
            out.append(clean_cell(raw, kind))
        except CellDamage as damage:
            out.append(damage)
    if kind in ("id", "phone", "gtin", "sscc") and any(
        isinstance(v, CellDamage) and v.code == "rounded" for v in out
    ):
        out = [
            CellDamage("rounded", raw) if isinstance(v, str) and zero_tail(v) else v
            for raw, v in zip(raws, out, strict=True)
        ]
    return out


@dataclass
class Damage:
    """Where a cell was refused: the spreadsheet ``row`` (the header is row 1),
    the file's ``column`` header, the damage ``code`` and the raw ``value``."""

    row: int
    column: str
    code: str
    value: str


def clean_records(
    records: list[tuple[int, dict[str, str]]], kind_of: dict[str, str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Damage]]:
    """Clean the columns named in ``kind_of`` (column -> kind) of every record
    ``(row, {column: raw})``, column by column (:func:`clean_column`); other
    columns are left as they are. Returns the records with clean values (a refused
    cell becomes '') and the refusals in row order, then the file's column order."""
    out = [(row, dict(values)) for row, values in records]
    damages: list[Damage] = []
    for column, kind in kind_of.items():
        present = [i for i, (_, values) in enumerate(out) if column in values]
        cleaned = clean_column([out[i][1][column] for i in present], kind)
        for i, value in zip(present, cleaned, strict=True):
            if isinstance(value, CellDamage):
                damages.append(Damage(out[i][0], column, value.code, value.value))
                value = ""
            out[i][1][column] = value
    position = {column: i for i, column in enumerate(records[0][1])} if records else {}
    damages.sort(key=lambda d: (d.row, position.get(d.column, len(position))))
    return out, damages


def clean_header(name: str) -> str:
    """A header cell without BOM, zero-width or surrounding spaces."""
    return name.translate(_INVISIBLE).strip(_SPACES)
