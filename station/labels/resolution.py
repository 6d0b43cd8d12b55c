"""Millimetres to a label printer's dots, and barcode bars that print as whole dots.

A thermal print head has ``dpi`` dots per inch (203, 300 or 600: ``DPIS``);
a template is in millimetres, so every position and size becomes
``round(mm * dpi / 25.4)`` dots. A barcode's narrowest bar (its module, the
X-dimension) must be a whole number of dots: a bar of 2.5 dots would print
as 2 or 3 at random and the symbol would not scan. ``barcode_module`` picks
that whole number.
"""

from __future__ import annotations

import math

from station.drivers.uri import DEFAULT_DPI, DPIS
from station.labels.layout import Element, LabelFieldError, barcode_value, code128_modules

__all__ = ["DEFAULT_DPI", "DPIS", "BarcodeTooLong", "barcode_module", "check_dpi", "dots"]

QUIET_MODULES = 20  # Code 128 quiet zones: 10 modules each side (ISO/IEC 15417)
# Narrowest module a bench scanner reads off a thermal label: 0.25 mm (10 mil),
# also the smallest X GS1 allows for GS1-128 outside logistic labels.
MIN_MODULE_MM = 0.25
# The widest module GS1 allows for GS1-128 (1.016 mm); wider bars only make a
# short value's symbol stretch across its box.
MAX_MODULE_MM = 1.016
# The printer languages' own limit on the module: ZPL ``^BY`` takes 1 to 10 dots
# (ZPL II Programming Guide, ^BY), TSPL ``BARCODE`` a narrow bar of 1 to 10 dots
# for Code 128 (TSPL/TSPL2 Programming Manual, BARCODE). At 600 dpi that is
# 0.42 mm: a barcode there prints narrower than its box rather than not at all.
MAX_MODULE_DOTS = 10


class BarcodeTooLong(LabelFieldError):
    """A barcode whose symbol does not fit its box even at the narrowest readable
    module; the message gives the widths."""


def check_dpi(dpi: int) -> int:
    """``dpi`` itself when it is one of ``DPIS``; ``ValueError`` naming it otherwise."""
    if dpi not in DPIS:
        raise ValueError(f"{dpi!r} dpi is not a label printer resolution (one of {DPIS})")
    return dpi


def dots(mm: float, dpi: int) -> int:
    """``mm`` millimetres as a whole number of dots of a ``dpi`` print head."""
    return round(mm * dpi / 25.4)


def barcode_module(symbol_modules: int, box_dots: int, dpi: int) -> int:
    """The module width, in whole dots, for a Code 128 symbol of ``symbol_modules``
    modules (quiet zones excluded) in a box ``box_dots`` wide on a ``dpi`` head.

    The widest whole-dot module whose symbol and quiet zones (``QUIET_MODULES``)
    fit the box: the printed symbol is as close to the template's width as whole
    dots allow, never wider than its box; at most ``MAX_MODULE_MM`` and
    ``MAX_MODULE_DOTS``. Raises ``LabelFieldError`` when even the narrowest
    readable module (``MIN_MODULE_MM``, rounded up to whole dots) does not fit:
    a symbol too fine to scan is never printed.
    """
    dpmm = dpi / 25.4
    smallest = math.ceil(round(MIN_MODULE_MM * dpmm, 6))
    largest = min(MAX_MODULE_DOTS, max(smallest, math.floor(MAX_MODULE_MM * dpmm)))
    module = min(largest, box_dots // (symbol_modules + QUIET_MODULES))
    if module < smallest:
        need = (symbol_modules + QUIET_MODULES) * smallest / dpmm
        raise BarcodeTooLong(
            f"{symbol_modules} modules need {need:.1f} mm at {dpi} dpi with bars of "
            f"{smallest / dpmm:.3f} mm (the narrowest a scanner reads); "
            f"the box is {box_dots / dpmm:.1f} mm"
        )
    return module


def place_barcode(
    el: Element, fields: dict, x: int, width: int, dpi: int
) -> tuple[str, int, int] | None:
    """Where a Code 128 element goes in its box ``width`` dots wide at ``x``:
    ``(value, module in dots, left edge in dots)``, the symbol centred; None when
    its value is empty (nothing is drawn). Raises :class:`BarcodeTooLong` naming
    the barcode when even the narrowest module does not fit (``barcode_module``)."""
    value = barcode_value(el.value, fields)
    if not value:
        return None
    modules = code128_modules(value)
    try:
        module = barcode_module(modules, width, dpi)
    except BarcodeTooLong as exc:
        raise BarcodeTooLong(f"barcode {el.value}: {exc}") from None
    return value, module, x + (width - modules * module) // 2
