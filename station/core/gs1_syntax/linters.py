"""The GS1 Barcode Syntax Tests ("linters") the dictionary names, ported from GS1's
reference C routines (github.com/gs1/gs1-syntax-dictionary, ``src/lint_<name>.c``).

Each linter takes a component's text and returns ``None`` when it passes, else a
fault code (``check_digit``, ``no_such_date``, ``day_zero``, ...) that
:mod:`station.core.gs1_syntax.validate` turns into a refusal. Linters that need a code
list (ISO 3166 countries, ISO 4217 currencies, IBAN, package types, ...) or that only
concern coupons and medical records are listed in :data:`NOT_CHECKED`: they are
known and skipped on purpose, so a goods-in scan is never refused by a list that
could be out of date. A linter name in neither table is an unknown name, and
reading the dictionary fails on it (see ``tests/core/test_gs1_syntax.py``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from station.core.barcodes import gs1_check_digit

GCP_MIN_LENGTH = 4  # the shortest GS1 Company Prefix (lint_gcppos1.c)

# the character sets of the component types (GS1 General Specifications 7.11)
CSET82 = set("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
CSET39 = set("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CSET64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
CHARSETS = {"N": set("0123456789"), "X": CSET82, "Y": CSET39, "Z": CSET64}

_CSUMALPHA_PRIMES = (
    2,
    3,
    5,
    7,
    11,
    13,
    17,
    19,
    23,
    29,
    31,
    37,
    41,
    43,
    47,
    53,
    59,
    61,
    67,
    71,
    73,
    79,
    83,
    89,
    97,
)
_CSUMALPHA_CHECK = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _century(yy: int, today: date) -> int:
    """The full year of a two-digit year, by GS1's sliding window (General
    Specifications 7.12: 51 years back to 49 ahead of the current year)."""
    diff = yy - today.year % 100
    base = today.year - today.year % 100
    if diff >= 51:
        return base - 100 + yy
    if diff <= -50:
        return base + 100 + yy
    return base + yy


def _ymd(year: int, month: int, day: int, zero_day: bool) -> str | None:
    if not 1 <= month <= 12:
        return "no_such_month"
    if day == 0:
        return None if zero_day else "day_zero"
    if day > calendar.monthrange(year, month)[1]:
        return "no_such_date"
    return None


def _yymmdd(zero_day: bool) -> Callable[[str, date], str | None]:
    def lint(v: str, today: date) -> str | None:
        year = _century(int(v[0:2]), today)
        return _ymd(year, int(v[2:4]), int(v[4:6]), zero_day)

    return lint


def _yyyymmdd(zero_day: bool) -> Callable[[str, date], str | None]:
    def lint(v: str, today: date) -> str | None:
        return _ymd(int(v[0:4]), int(v[4:6]), int(v[6:8]), zero_day)

    return lint


def _csum(v: str, today: date) -> str | None:
    return None if gs1_check_digit(v[:-1]) == int(v[-1]) else "check_digit"


def _csumalpha(v: str, today: date) -> str | None:
    """GS1 General Specifications 7.9.5: two check characters over CSET 82 values."""
    if not 2 <= len(v) <= len(_CSUMALPHA_PRIMES) + 2:
        return "check_digit"
    cset82 = sorted(CSET82)
    body = v[:-2]
    weights = _CSUMALPHA_PRIMES[: len(body)][::-1]
    total = sum(cset82.index(c) * w for c, w in zip(body, weights, strict=True))
    total %= 1021
    expected = _CSUMALPHA_CHECK[total >> 5] + _CSUMALPHA_CHECK[total & 31]
    return None if v[-2:] == expected else "check_digit"


def _gcp(offset: int) -> Callable[[str, date], str | None]:
    def lint(v: str, today: date) -> str | None:
        prefix = v[offset : offset + GCP_MIN_LENGTH]
        return None if len(prefix) == GCP_MIN_LENGTH and prefix.isdigit() else "bad_company_prefix"

    return lint


def _range(low: int, high: int) -> Callable[[str, date], str | None]:
    return lambda v, today: None if low <= int(v) <= high else "out_of_range"


def _hhmi(v: str, today: date) -> str | None:
    return None if int(v[:2]) <= 23 and int(v[2:]) <= 59 else "out_of_range"


def _pieceoftotal(v: str, today: date) -> str | None:
    half = len(v) // 2
    if len(v) % 2 or int(v[:half]) == 0 or int(v[half:]) == 0 or int(v[:half]) > int(v[half:]):
        return "out_of_range"
    return None


def _one_of(*allowed: str) -> Callable[[str, date], str | None]:
    return lambda v, today: None if v in allowed else "out_of_range"


LINTERS: dict[str, Callable[[str, date], str | None]] = {
    "csum": _csum,
    "csumalpha": _csumalpha,
    "gcppos1": _gcp(0),
    "gcppos2": _gcp(1),
    "yymmd0": _yymmdd(zero_day=True),
    "yymmdd": _yymmdd(zero_day=False),
    "yyyymmd0": _yyyymmdd(zero_day=True),
    "yyyymmdd": _yyyymmdd(zero_day=False),
    "hh": _range(0, 23),
    "mi": _range(0, 59),
    "ss": _range(0, 59),
    "hhmi": _hhmi,
    "nonzero": lambda v, today: None if v.strip("0") else "out_of_range",
    "zero": lambda v, today: None if v == "0" else "out_of_range",
    "nozeroprefix": lambda v, today: None if v == "0" or not v.startswith("0") else "out_of_range",
    "hasnondigit": lambda v, today: None if not v.isdigit() else "out_of_range",
    "yesno": _one_of("0", "1"),
    "hyphen": _one_of("-"),
    "winding": _one_of("0", "1", "9"),
    "iso5218": _one_of("0", "1", "2", "9"),
    "pieceoftotal": _pieceoftotal,
}

# known linters deliberately not applied (code lists, coupons, health care; see above)
NOT_CHECKED = frozenset(
    {
        "couponcode",
        "couponposoffer",
        "iban",
        "importeridx",
        "iso3166",
        "iso3166999",
        "iso3166alpha2",
        "iso4217",
        "latitude",
        "longitude",
        "mediatype",
        "packagetype",
        "pcenc",
        "posinseqslash",
    }
)
