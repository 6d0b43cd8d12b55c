"""GS1 check digits for GTIN-8/12/13/14 and SSCC-18 (mod-10, weights 3-1)."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def gs1_check_digit(body: str) -> int:
    """The check digit that completes ``body`` (all digits, without the check digit)."""
    if not body.isdigit() or not body.isascii():
        raise ValueError(f"not all digits: {body!r}")
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    if len(code) not in GTIN_LENGTHS or not code.isascii() or not code.isdigit():
        return False
    return gs1_check_digit(code[:-1]) == int(code[-1])


def complete_gtin(body: str) -> str:
    """Append the check digit: ``complete_gtin('690123456789')`` is an EAN-13."""
    return body + str(gs1_check_digit(body))
