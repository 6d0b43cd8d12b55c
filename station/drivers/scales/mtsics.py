"""MT-SICS, the Mettler Toledo Standard Interface Command Set (level 0/1).

Commands end with CR LF. ``S`` asks for a stable weight, ``SI`` for the
weight now, ``T`` tares, ``Z`` zeroes. Answers (MT-SICS reference manual, the
``S`` and ``SI`` commands): ``S S     1.234 kg`` stable, ``S D     1.234 kg``
dynamic (still moving), ``S I`` command not executable now (busy, or no
stable weight within the balance's own time limit), ``S +`` overload, ``S -``
underload; ``ES``, ``ET``, ``EL`` are syntax, transmission and logical errors.
"""

from __future__ import annotations

import re

from station.drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight, to_grams

WEIGH_STABLE = b"S\r\n"
WEIGH_NOW = b"SI\r\n"
TARE = b"T\r\n"
ZERO = b"Z\r\n"

_WEIGHT = re.compile(r"^(S|T|SI)\s+([SD])\s+([-+]?\s*\d+(?:\.\d+)?)\s+([A-Za-z%]{1,6})$")
_REASONS = {"I": "busy", "+": "overload", "-": "underload"}
_ERRORS = {"ES": "syntax error", "ET": "transmission error", "EL": "logical error"}


def parse_reply(line: str) -> Weight:
    """A weight answer (to S, SI or T) as a Weight, stable or not.

    Raises ScaleNotReady (``busy``, ``overload``, ``underload``) for ``S I``,
    ``S +``, ``S -``; ScaleUnitError for a weight in a unit the station does not
    convert; ScaleReplyError for ES/ET/EL and anything else.
    """
    text = line.strip()
    m = _WEIGHT.match(text)
    if m:
        _command, status, value, unit = m.groups()
        return Weight(to_grams(value, unit, text), status == "S", unit, net=False, raw=text)
    parts = text.split()
    if len(parts) == 2 and parts[0] in ("S", "SI", "T", "Z"):
        reason = _REASONS.get(parts[1])
        if reason:
            raise ScaleNotReady(reason, f"scale answered {text!r}: {reason}")
        if parts[0] == "Z" and parts[1] == "A":
            raise ScaleReplyError("zero acknowledged, no weight in it")
    if text in _ERRORS:
        raise ScaleReplyError(f"scale reports a {_ERRORS[text]} ({text})")
    raise ScaleReplyError(f"not an MT-SICS weight: {text!r}")


def format_reply(command: str, grams: float, stable: bool, unit: str = "kg") -> bytes:
    """What a balance would answer (for the simulator): ``S S      1.234 kg``;
    ``unit`` g, kg, lb or oz (anything else is sent as kg figures with that name)."""
    per = {"g": 1.0, "lb": 453.59237, "oz": 28.349523125}.get(unit, 1000.0)
    return f"{command} {'S' if stable else 'D'} {grams / per:>10.3f} {unit}\r\n".encode("ascii")
