from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.services.gs1 import Gs1Read, Gs1Refused, read

GS = "\x1d"
FULL = "]C10106901234567892" + f"10ABC123{GS}17261100" + "3103001250" + "21SN-9"


@pytest.mark.parametrize(
    "raw, standin",
    [
        (FULL, ""),  # real group separators
        (FULL.replace(GS, "|"), "|"),  # the scanner's stand-in
        (FULL.replace(GS, "<GS>"), "<GS>"),
    ],
)
def test_every_goods_in_element_with_real_and_standin_separators(raw, standin):
    # 01 GTIN, 10 lot, 17 expiry with day 00, 3103 net kg, 21 serial
    r = read(raw, gs_standin=standin)
    assert r == Gs1Read(
        gtin="06901234567892",
        lot="ABC123",
        expiry=date(2026, 11, 30),  # day 00: the last day of the month
        net_kg=Decimal("1.250"),
        serial="SN-9",
    )


def test_without_separators_a_variable_field_runs_on():
    # no separator after the lot: biip reads the rest as part of it, it is not invented
    r = read("0106901234567892" + "10LOT1" + "17261231")
    assert r.lot == "LOT117261231" and r.expiry is None


def test_fixed_fields_need_no_separator_and_expiry_is_read():
    r = read("010690123456789217270315" + "10L-7")
    assert (r.expiry, r.lot) == (date(2027, 3, 15), "L-7")


def test_sscc_and_contained_gtin_with_count():
    r = read("00106141411234567897")
    assert r.sscc == "106141411234567897"
    r = read("]C100106141411234567897" + "0206901234567892" + "3712" + GS + "10B1")
    assert (r.contained, r.count, r.lot) == (True, 12, "B1")


def test_plain_ean13_is_a_gtin():
    r = read("6901234567892")
    assert r.gtin == "06901234567892" and r.gtin13 == "6901234567892"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "gs1.empty"),
        ("]C1", "gs1.empty"),
        ("0106901234567899", "gs1.check_digit"),  # wrong check digit
        ("hello", "gs1.unreadable"),
        ("010690123456789217261131", "gs1.no_such_date"),  # 31 November
        ("]", "gs1.unreadable"),
    ],
)
def test_bad_data_is_refused_with_a_code(raw, code):
    with pytest.raises(Gs1Refused) as info:
        read(raw)
    assert info.value.code == code


@given(st.text(max_size=80), st.sampled_from(["", "|", "~"]))
def test_garbage_gives_a_read_or_a_refusal_never_a_crash(raw, standin):
    try:
        r = read(raw, gs_standin=standin)
    except Gs1Refused as exc:
        assert exc.code.startswith("gs1.")
    else:
        assert isinstance(r, Gs1Read)
