"""GS1 element strings checked whole by the shipped GS1 Barcode Syntax Dictionary."""

import re
from datetime import date

import pytest

from station.core.gs1_syntax import DictionaryError, Gs1Refused, load, parse_dictionary, validate
from station.core.gs1_syntax.dictionary import dictionary_text, matches
from station.core.gs1_syntax.linters import LINTERS, NOT_CHECKED
from station.core.gs1_syntax.validate import ENGLISH
from tests.gs1_cases import GTIN, REFUSED, VALID

TODAY = date(2026, 11, 30)


def test_the_shipped_dictionary_is_read_whole_with_its_licence_notice():
    text = dictionary_text()
    assert "Licensed under the Apache License, Version 2.0" in text
    entries = parse_dictionary(text)
    # every entry line gives its AIs: count them from the text itself
    expected = 0
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"(\d+)(?:-(\d+))?\s", line)
        assert m, line
        expected += int(m.group(2) or m.group(1)) - int(m.group(1)) + 1
    assert len(entries) == expected > 500
    # every linter it names is applied or listed as deliberately not checked
    named = {name for e in entries.values() for c in e.components for name in c.linters}
    assert named <= set(LINTERS) | NOT_CHECKED
    assert not set(LINTERS) & NOT_CHECKED


def test_rules_read_from_the_dictionary():
    d = load()
    assert d["02"].req == ((("37",),),) and d["02"].ex == ("01", "03")
    assert d["37"].req == ((("00", "02"), ("00", "8026")),)
    assert "37" in d["01"].ex and d["01"].predefined_length
    assert d["10"].max_length == 20 and not d["10"].predefined_length
    assert d["17"].components[0].linters == ("yymmd0",)
    assert d["7006"].components[0].linters == ("yymmdd",)
    assert d["3103"].ex == ("310n",) and d["8200"].req == ((("01",),),)
    assert [c.optional for c in d["8008"].components] == [False, False, True, True]
    assert matches("310n", "3105") and matches("31nn", "3199") and not matches("310n", "3203")


@pytest.mark.parametrize(
    "line",
    [
        "01 *? N14,csum,gcppos2 foo=1 # GTIN",  # an attribute this reader does not know
        "01 *? Q14 # GTIN",  # a character set it does not know
        "01 *? N..14 N2 # GTIN",  # a variable length before the last component
        "01 *? [N2] N2 # GTIN",  # a mandatory component after an optional one
        "01 *? N14 req=01+x1 # GTIN",  # an AI pattern it cannot read
        "3105-3100 *? N6 # NET WEIGHT",  # a range backwards
    ],
)
def test_a_line_not_understood_fails_loudly_with_its_number(line):
    with pytest.raises(DictionaryError, match="line 2"):
        parse_dictionary("# header\n" + line + "\n")


@pytest.mark.parametrize("data, code, params", REFUSED, ids=[c[0][:40] for c in REFUSED])
def test_strings_wrong_as_a_whole_are_refused_with_the_rule(data, code, params):
    with pytest.raises(Gs1Refused) as info:
        validate(data, today=TODAY)
    assert (info.value.code, info.value.params) == (code, params)
    assert "{" not in info.value.english()  # every parameter its words need is there


@pytest.mark.parametrize("data, ais", VALID, ids=[c[0][:40] for c in VALID])
def test_strings_right_as_a_whole_pass(data, ais):
    assert [e.ai for e in validate(data, today=TODAY)] == ais


def test_the_lost_separator_is_never_read_as_a_lot_and_an_invented_ai_90():
    with pytest.raises(Gs1Refused) as info:
        validate("10L1234567172712310106901234000108", today=TODAY)
    assert info.value.code == "gs1.too_long"
    # with its separator the same data is a lot, an expiry and a GTIN, all required ones there
    got = validate("10L1234567\x1d172712310106901234000108", today=TODAY)
    assert [(e.ai, e.value) for e in got] == [("10", "L1234567"), ("17", "271231"), ("01", GTIN)]


@pytest.mark.parametrize(
    "today, yymmdd, ok",
    [
        (date(2026, 11, 30), "280229", True),  # 2028 is a leap year
        (date(2026, 11, 30), "270229", False),
        (date(2026, 11, 30), "000229", True),  # 2000: divisible by 400
        (date(2090, 1, 1), "000229", False),  # 49 years on from 2090 is 2100: not a leap year
        (date(2026, 11, 30), "270431", False),
        (date(2026, 11, 30), "270430", True),
    ],
)
def test_dates_by_the_gs1_century_window(today, yymmdd, ok):
    data = f"01{GTIN}17{yymmdd}"
    if ok:
        validate(data, today=today)
    else:
        with pytest.raises(Gs1Refused, match="no_such_date"):
            validate(data, today=today)


def test_every_refusal_code_has_english_words():
    assert {code for _, code, _ in REFUSED} <= set(ENGLISH)
