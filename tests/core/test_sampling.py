"""Sampling plans against values published in MIL-STD-105E / ANSI Z1.4 tables."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.sampling import LEVELS, SamplingError, code_letter, plan
from station.resources import read_json

T = read_json("sampling", "iso2859_1.json")


@pytest.mark.parametrize(
    "lot,level,letter",
    [
        (8, "II", "A"),
        (9, "II", "B"),
        (150, "II", "F"),
        (500, "II", "H"),
        (1200, "II", "J"),
        (1201, "II", "K"),
        (3200, "II", "K"),
        (10000, "II", "L"),
        (500001, "II", "Q"),
        (1201, "S-1", "C"),
        (1201, "S-2", "D"),
        (1201, "S-3", "E"),
        (1201, "S-4", "G"),
        (1201, "I", "H"),
        (1201, "III", "L"),
        (2, "III", "B"),
        (600000, "III", "R"),
        (600000, "I", "N"),
        (600000, "S-4", "K"),
    ],
)
def test_table_1_code_letters(lot, level, letter):
    assert code_letter(T, lot, level) == letter


# Code letter J (sample 80), the row every AQL chart prints, and other well-known cells.
@pytest.mark.parametrize(
    "lot,aql,sample,ac,re",
    [
        (1000, "0.65", 80, 1, 2),
        (1000, "1.0", 80, 2, 3),
        (1000, "1.5", 80, 3, 4),
        (1000, "2.5", 80, 5, 6),
        (1000, "4.0", 80, 7, 8),
        (1000, "6.5", 80, 10, 11),
        (2000, "1.0", 125, 3, 4),
        (2000, "2.5", 125, 7, 8),
        (2000, "4.0", 125, 10, 11),
        (400, "1.5", 50, 2, 3),
        (400, "2.5", 50, 3, 4),
        (5000, "0.65", 200, 3, 4),
        (5000, "2.5", 200, 10, 11),
        (5000, "4.0", 200, 14, 15),
    ],
)
def test_table_2a_normal_single_sampling(lot, aql, sample, ac, re):
    p = plan(T, lot, aql)
    assert (p.sample_size, p.accept, p.reject) == (sample, ac, re)


def test_arrows_lead_to_the_first_plan_below_or_above():
    down = plan(T, 1000, "0.40")  # J, AQL 0.40: arrow down to K (125), Ac 1
    assert (down.code_letter, down.plan_letter, down.sample_size, down.accept) == ("J", "K", 125, 1)
    up = plan(T, 1000, "0.25")  # J, AQL 0.25: arrow up to H (50), Ac 0
    assert (up.plan_letter, up.sample_size, up.accept, up.reject) == ("H", 50, 0, 1)
    tight = plan(T, 1000, "0.010")  # far below the diagonal: down to Q (1250) > lot
    assert tight.inspect_all and tight.sample_size == 1000 and tight.accept == 0


def test_sample_as_big_as_the_lot_means_inspect_all():
    p = plan(T, 10, "0.65")
    assert p.inspect_all and p.sample_size == 10


def test_large_acceptance_numbers_only_for_small_samples():
    assert (plan(T, 2, "1000").accept, plan(T, 3, "1000", "I").accept) == (30, 30)
    big = plan(T, 80, "150")  # E: 150 points up to D (8): Ac 21
    assert (big.plan_letter, big.sample_size, big.accept) == ("D", 8, 21)


@pytest.mark.parametrize("bad,code", [(("x",), "unknown_aql"), (("3.3",), "unknown_aql")])
def test_unknown_aql(bad, code):
    with pytest.raises(SamplingError) as exc:
        plan(T, 100, *bad)
    assert exc.value.code == code


@given(
    lot=st.integers(min_value=2, max_value=2_000_000),
    j=st.integers(0, 25),
    level=st.sampled_from(LEVELS),
)
def test_every_cell_has_a_plan(lot, j, level):
    p = plan(T, lot, T["aqls"][j], level)
    assert p.sample_size >= 1 and p.sample_size <= lot
    assert p.reject == p.accept + 1


def test_a_down_arrow_in_the_last_row_uses_the_plan_above():
    # lot 500,001 at level III is letter R (n=2000); at AQL 0.015 its cell points down,
    # where there is no row: the nearest plan is P's 0/1 at n=800 (up through Q)
    p = plan(T, 500_001, "0.015", "III")
    assert (p.code_letter, p.plan_letter, p.sample_size, p.accept, p.reject) == (
        "R",
        "P",
        800,
        0,
        1,
    )
