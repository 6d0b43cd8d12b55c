import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.tracking import check_number, s10_check_digit


def test_upu_example():
    assert s10_check_digit("47312482") == 9
    assert check_number("AA473124829GB", "s10") is None
    assert check_number("AA473124828GB", "s10") == "check_digit"
    assert check_number("AA47312482GB", "s10") == "not_s10"


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_s10_serial_has_one_check_digit(serial):
    good = f"EE{serial}{s10_check_digit(serial)}CN"
    assert check_number(good, "s10") is None
    for wrong in set("0123456789") - {good[10]}:
        assert check_number(good[:10] + wrong + good[11:], "s10") == "check_digit"


@pytest.mark.parametrize(
    "number,rule,verdict",
    [
        ("6901234000016", "mod10", None),
        ("6901234000017", "mod10", "check_digit"),
        ("79927398713", "luhn", None),
        ("79927398710", "luhn", "check_digit"),
        ("SF1234567890123", "none", None),
        ("SF1234", "none", None),
        ("SF 1234", "none", "bad_characters"),
        ("YT123", "none", None),
    ],
)
def test_rules(number, rule, verdict):
    assert check_number(number, rule) == verdict


def test_pattern():
    assert check_number("SF1234567890123", "none", r"SF\d{13}") is None
    assert check_number("SF12345", "none", r"SF\d{13}") == "pattern_mismatch"


def test_mod11():
    # weights 2..7 from the right over 1234567: 7*2+6*3+5*4+4*5+3*6+2*7+1*2 = 106; 11 - 106%11 = 4
    assert check_number("12345674", "mod11") is None
    assert check_number("12345675", "mod11") == "check_digit"
