"""Continuous output, as many bench scale indicators send it (A&D-style lines).

Each line: ``ST,GS,+0001.234kg`` — a header (``ST`` stable, ``US`` unstable,
``OL`` overload or out of range, ``QT`` a count), optionally gross/net/tare
(``GS``/``NT``/``TR``, also ``GW``/``NW``/``TW``), a signed value and the unit
(``kg``, ``  g``, ``lb``, ``oz``; ``PC`` for pieces), ended by CR LF, a few times a
second without being asked. An indicator keeps sending ``US`` lines while the
parcel settles; only an ``ST`` line is a weight the station uses.
"""

from __future__ import annotations

import re

from station.drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight, to_grams

_LINE = re.compile(
    r"^(ST|US|QT),(?:(GS|NT|TR|GW|NW|TW),)?([-+]?\s*\d+(?:\.\d+)?)\s*([A-Za-z%]{1,6})$"
)


def parse_line(line: str) -> Weight | None:
    """One streamed line as a Weight (``stable`` for an ``ST`` line), or None for a
    tare line (``TR``/``TW``: the tare, not the parcel).

    Raises ScaleNotReady ``overload`` for an ``OL`` line (``underload`` when its
    value is negative), ScaleUnitError for a unit the station does not convert
    (a ``QT`` count in ``PC``, carats…), ScaleReplyError for anything else.
    """
    text = line.strip()
    if text.startswith("OL"):
        reason = "underload" if re.match(r"^OL,(?:[A-Z]{2},)?\s*-", text) else "overload"
        raise ScaleNotReady(reason, f"scale reports {reason} ({text!r})")
    m = _LINE.match(text)
    if not m:
        raise ScaleReplyError(f"not a continuous-output weight line: {text!r}")
    head, kind, value, unit = m.groups()
    grams = to_grams(value, unit, text)
    if kind in ("TR", "TW"):
        return None
    return Weight(grams, head == "ST", unit, net=kind in ("NT", "NW"), raw=text)


def format_line(grams: float, stable: bool, net: bool = False, unit: str = "kg") -> bytes:
    """A line as an indicator streams it (for the simulator): ``US,GS,+0001.234kg``."""
    per = {"g": 1.0, "lb": 453.59237, "oz": 28.349523125}.get(unit, 1000.0)
    head = "ST" if stable else "US"
    return f"{head},{'NT' if net else 'GS'},{grams / per:+09.3f}{unit}\r\n".encode()
