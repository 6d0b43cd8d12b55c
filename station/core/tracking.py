"""Tracking-number check digits: UPU S10 for postal items, and the common mod-10/mod-11 rules.

A carrier account names its rule (``s10``, ``mod10``, ``luhn``, ``mod11``,
``none``) and a pattern; a number that fails either is refused at import,
so a typo never reaches a waybill.
"""

from __future__ import annotations

import re

S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
RULES = ("none", "s10", "mod10", "luhn", "mod11")


def s10_check_digit(serial8: str) -> int:
    total = sum(int(d) * w for d, w in zip(serial8, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


def mod10_ok(digits: str) -> bool:
    """GS1-style: weights 3 and 1 from the right, over all digits but the last."""
    if len(digits) < 2:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def luhn_ok(digits: str) -> bool:
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mod11_ok(digits: str) -> bool:
    """Weights 2..7 repeating from the right; check = (11 - sum mod 11) mod 11, 10 never valid."""
    if len(digits) < 2:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(body)))
    expected = (11 - total % 11) % 11
    return expected != 10 and expected == check


def check_number(number: str, rule: str, pattern: str = "") -> str | None:
    """None when the number is acceptable, else the reason code."""
    if rule not in RULES:
        return "unknown_rule"
    if not number or not number.isascii() or not number.isalnum():
        return "bad_characters"
    if pattern and not re.fullmatch(pattern, number):
        return "pattern_mismatch"
    if rule == "s10":
        m = S10.match(number)
        if not m:
            return "not_s10"
        return None if s10_check_digit(m.group(1)) == int(m.group(2)) else "check_digit"
    checks = {"mod10": mod10_ok, "luhn": luhn_ok, "mod11": mod11_ok}
    if rule in checks:
        digits = _digits(number)
        return None if digits and checks[rule](digits) else "check_digit"
    return None


#: carriers whose parcels of one order carry the parent's number with
#: ``-n-N-`` after it (JD: ``JDV200000000001-1-2-``, ``JDV200000000001-2-2-``),
#: so every label of the order, the first included, needs the parcel count N
CHILD_SUFFIX_CARRIERS = frozenset({"JD"})
_CHILD_SUFFIX = re.compile(r"^(?P<parent>[!-~]+?)-(?P<n>[1-9]\d{0,2})-(?P<total>[1-9]\d{0,2})-$")


def child_number(parent: str, n: int, total: int) -> str:
    """JD's number of parcel ``n`` of ``total`` under ``parent``:
    ``{parent}-{n}-{total}-``. ValueError unless 1 ≤ n ≤ total ≤ 999."""
    if not 1 <= n <= total <= 999:
        raise ValueError(f"parcel {n} of {total} is no parcel of a shipment")
    return f"{parent}-{n}-{total}-"


def split_child_number(number: str) -> tuple[str, int, int] | None:
    """(parent, n, total) of a number written by :func:`child_number`; None for
    any other number (or one whose n is above its total)."""
    m = _CHILD_SUFFIX.match(number or "")
    if m is None:
        return None
    n, total = int(m.group("n")), int(m.group("total"))
    return (m.group("parent"), n, total) if n <= total else None
