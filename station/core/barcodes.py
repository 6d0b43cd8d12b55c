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


def gtin_forms(gtin: str) -> list[str]:
    """Every length (14, 13, 12, 8) of one GTIN, longest first: the same number with
    leading zeros added or dropped (GS1 General Specifications 4.4.1, a GTIN-8/12/13
    is right-justified in a GTIN-14 with zeros). ``gtin`` is all digits, 8 to 14
    long; a form that would drop a non-zero digit is left out."""
    g14 = gtin.zfill(14)
    return [g14[14 - n :] for n in (14, 13, 12, 8) if not g14[: 14 - n].strip("0")]


def natural_gtin(gtin: str) -> str:
    """A GTIN-14 at the length it is printed: six leading zeros are a GTIN-8 (GS1 keeps
    the prefix 00000 of GTIN-13 for GTIN-8s), two a GTIN-12 (UPC-A), one a GTIN-13."""
    g14 = gtin.zfill(14)
    for zeros in (6, 2, 1):  # GTIN-8, GTIN-12, GTIN-13
        if g14.startswith("0" * zeros):
            return g14[zeros:]
    return g14
