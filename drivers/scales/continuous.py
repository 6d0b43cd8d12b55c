"""Continuous output, as many bench scale indicators send it (A&D-style frames).

Each line: ``ST,GS,+0001.234kg`` — stability (ST stable, US unstable, OL
overload), gross/net (GS, NT), signed value and unit, ended by CR LF, a few
times a second without being asked.
"""

from __future__ import annotations

import re

from drivers.scales.reading import ScaleNotReady, ScaleReplyError, Weight, to_grams

_LINE = re.compile(r"^(ST|US|OL),(GS|NT|TR),([-+]?\s*\d+(?:\.\d+)?)\s*([a-zA-Z]+)$")


def parse_line(line: str) -> Weight:
    text = line.strip()
    if text.startswith("OL,"):
        raise ScaleNotReady("overload", f"scale reports overload ({text!r})")
    m = _LINE.match(text)
    if not m:
        raise ScaleReplyError(f"not a continuous-output weight line: {text!r}")
    head, kind, value, unit = m.groups()
    return Weight(to_grams(value, unit, text), head == "ST", unit, net=kind == "NT", raw=text)


def format_line(grams: float, stable: bool, net: bool = False) -> bytes:
    return (
        f"{'ST' if stable else 'US'},{'NT' if net else 'GS'},{grams / 1000:+09.3f}kg\r\n".encode()
    )
