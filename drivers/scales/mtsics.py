"""MT-SICS, the Mettler Toledo Standard Interface Command Set (level 0/1).

Commands end with CR LF. ``S`` asks for a stable weight, ``SI`` for the
weight now, ``T`` tares, ``Z`` zeroes. Answers: ``S S     1.234 kg`` (stable),
``S D …`` (still moving), ``S I`` (busy), ``S +`` / ``S -`` (over/underload);
``ES``, ``ET``, ``EL`` are syntax, transmission and logical errors.
"""

from __future__ import annotations

import re

from drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight, to_grams

WEIGH_STABLE = b"S\r\n"
WEIGH_NOW = b"SI\r\n"
TARE = b"T\r\n"
ZERO = b"Z\r\n"

_WEIGHT = re.compile(r"^(S|T|SI)\s+([SD])\s+([-+]?\s*\d+(?:\.\d+)?)\s+(\S+)$")


def parse_reply(line: str) -> Weight:
    """A weight answer (to S, SI or T) as a Weight; anything else raises."""
    text = line.strip()
    m = _WEIGHT.match(text)
    if m:
        command, status, value, unit = m.groups()
        return Weight(to_grams(value, unit, text), status == "S", unit, net=False, raw=text)
    parts = text.split()
    if len(parts) == 2 and parts[0] in ("S", "SI", "T", "Z"):
        reason = {"I": "busy", "+": "overload", "-": "underload"}.get(parts[1])
        if reason:
            raise ScaleNotReady(reason, f"scale answered {text!r}: {reason}")
        if parts[0] == "Z" and parts[1] == "A":
            raise ScaleReplyError("zero acknowledged, no weight in it")
    if text in ("ES", "ET", "EL"):
        meaning = {"ES": "syntax error", "ET": "transmission error", "EL": "logical error"}[text]
        raise ScaleReplyError(f"scale reports a {meaning} ({text})")
    raise ScaleReplyError(f"not an MT-SICS weight: {text!r}")


def format_reply(command: str, grams: float, stable: bool) -> bytes:
    """What a balance would answer (for the simulator): ``S S      1.234 kg``."""
    return f"{command} {'S' if stable else 'D'} {grams / 1000:>10.3f} kg\r\n".encode("ascii")
