"""Counts read right for 1 and for many, in English and Chinese.

English has no plural catalogue here, so a count is never followed by a noun that
only fits many ("1 minutes", "1 orders/h", "1 lines do not match"): the text says
"Label: n", or uses a unit that fits any number (min, d, h). Every text the
interface can show (the sources of the translation catalogue) is checked.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from station.ui.messages import message

TS = (
    Path(__file__).resolve().parents[2]
    / "station"
    / "resources"
    / "translations"
    / "station_zh_CN.ts"
)
COUNT = re.compile(
    r"(?:\{(?:n|count|minutes|hours|days|qty|free|attempts_left|lines|rate|remaining|left|"
    r"got|rows|orders|already|conflicts|active|needed|packed|total|units|records)(?::[^}]*)?\}"
    r"|%n)"
)
NOT_PLURAL = {"is", "was", "has", "as", "this", "less", "plus", "yes", "its", "us", "ago"}


def plural_after_count(text: str) -> list[str]:
    """What follows a count as a noun that only fits many: within the count's clause
    (up to punctuation), the first two words after it, placeholders skipped."""
    found = []
    for m in COUNT.finditer(text):
        clause = re.split(r"[.,;:()·!?\n]", text[m.end() :], maxsplit=1)[0]
        words = [w for w in re.findall(r"\{[^}]*\}|[A-Za-z/]+", clause) if w[0] != "{"][:2]
        for w in words:
            last = w.split("/")[0]
            if last.endswith("s") and last.lower() not in NOT_PLURAL:
                found.append(f"{m.group()} {w}")
    return found


def test_the_rule_finds_plurals_after_counts():
    for bad in (
        "Locked after {minutes} minutes without use",
        "Done by {time} at {rate:g} orders/h",
        "{n} units on {lines} lines are still short",
        "{name}: {orders} new orders",
        "{count} tracking numbers found in use",
        "{n} {carrier} tracking numbers refused",
    ):
        assert plural_after_count(bad), bad
    for good in (
        "Orders late: {n}",
        "+{n} more",
        "Tracking numbers low: {carrier} {free} left",
        "Locked after {minutes} min without use",
        "Oldest from {when} ({minutes} min ago)",
        "TOO MANY: {qty} × {name}, only {remaining} left",
        "Order {number} is PACKED ALREADY",
    ):
        assert plural_after_count(good) == [], good


def test_no_text_of_the_interface_puts_a_plural_after_a_count():
    sources = [
        html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", TS.read_text(), re.S)
    ]
    assert len(sources) > 400
    found = {s: plural_after_count(s) for s in sources if plural_after_count(s)}
    assert found == {}


CASES = [  # code, params with a count of 1, English, Chinese
    ("auto_locked", {"minutes": 1}, "Locked after 1 min without use", "1 分钟无操作"),
    ("wrong_pin", {"attempts_left": 1}, "tries left: 1", "还可尝试 1 次"),
    ("match.mismatches", {"n": 1}, "Lines that do not match: 1", "1 行不一致"),
    ("plates_printed", {"n": 1}, "Putaway labels printed: 1", "1 张上架标签"),
    (
        "receipt_closed_short",
        {"number": "GR-1", "n": 1},
        "units still short: 1",
        "仍短缺 1 件",
    ),
    (
        "pool_low",
        {"free": 1, "carrier": "SF"},
        "SF tracking numbers left: only 1",
        "只剩 1 个",
    ),
]


@pytest.mark.parametrize(("code", "params", "english", "chinese"), CASES)
def test_a_count_of_one_reads_right_in_both_languages(translations, code, params, english, chinese):
    translations.set_language("en")
    assert english in message(code, params)
    many = message(code, {k: (7 if isinstance(v, int) else v) for k, v in params.items()})
    assert "7" in many and "1" not in many.replace("GR-1", "")
    translations.set_language("zh_CN")
    assert chinese in message(code, params)
