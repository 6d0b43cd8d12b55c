from datetime import datetime, timedelta

import pytest

from station.core.deadlines import PenaltyRule, urgency
from station.core.packing import (
    PackLine,
    expected_weight,
    learned_weight,
    missing,
    place_item,
    weight_ok,
)

MAT = PackLine(1, 10, "MAT-240", "Mat", 1, weight_g=3200)
TAPE = PackLine(2, 11, "TAPE-01", "Tape", 1, is_gift=True, weight_g=150)
PENS = PackLine(3, 12, "PEN-12", "Pens", 6, weight_g=150)
BUDS = PackLine(4, 13, "BUDS-X2", "Earbuds", 2, track_serial=True, weight_g=90)


def code(decision):
    return decision.verdict.outcome.value, decision.verdict.code


def test_right_item_goes_on_its_line():
    d = place_item([MAT, TAPE], 11)
    assert code(d) == ("ok", "packed_line_done") and d.line.line_id == 2


def test_wrong_item_refused():
    assert code(place_item([MAT, TAPE], 99)) == ("refused", "wrong_item")
    assert code(place_item([MAT], None, code="x")) == ("refused", "unknown_code")


def test_extra_unit_refused():
    done = PackLine(1, 10, "MAT-240", "Mat", 1, packed=1)
    assert code(place_item([done], 10)) == ("refused", "extra_unit")


def test_quantity_key_for_bulk_lines():
    assert code(place_item([PENS], 12, qty=6)) == ("ok", "packed_line_done")
    assert code(place_item([PENS], 12, qty=7)) == ("refused", "too_many")
    assert code(place_item([PENS], 12, qty=4)) == ("ok", "packed")
    assert code(place_item([PENS], 12, qty=0)) == ("refused", "bad_quantity")


def test_serial_tracked_items():
    assert code(place_item([BUDS], 13)) == ("refused", "serial_needed")
    assert code(place_item([BUDS], 13, serial="SN1")) == ("ok", "packed")
    d = place_item([BUDS], 13, serial="SN1", packed_serials=frozenset({"SN1"}))
    assert code(d) == ("refused", "serial_repeated")
    assert code(place_item([BUDS], 13, qty=2, serial="SN2")) == ("refused", "serial_one_at_a_time")


def test_short_units_count_as_done():
    short = PackLine(3, 12, "PEN-12", "Pens", 6, packed=4, short=2)
    assert short.done and missing([short]) == []
    assert code(place_item([short], 12)) == ("refused", "extra_unit")


def test_weights():
    packed = [
        PackLine(1, 10, "A", "A", 1, packed=1, weight_g=3200),
        PackLine(2, 11, "B", "B", 2, packed=2, weight_g=150),
    ]
    assert expected_weight(packed, 60) == 3560
    assert weight_ok(3600, 3560, tolerance_pct=5, tolerance_g=30)
    assert not weight_ok(3800, 3560, tolerance_pct=5, tolerance_g=30)
    assert weight_ok(120, 100, tolerance_pct=5, tolerance_g=30)  # small parcel: grams allowance
    unknown = [
        PackLine(1, 10, "A", "A", 1, packed=1, weight_g=200),
        PackLine(2, 11, "B", "B", 2, packed=2),
    ]
    assert expected_weight(unknown, 60) is None
    assert learned_weight(unknown, 60 + 200 + 2 * 130, 60) == (11, 130)


@pytest.mark.parametrize("paid,fen", [(4200, 500), (45900, 4590), (200_000, 10_000), (0, 0)])
def test_penalty_at_risk(paid, fen):
    assert PenaltyRule().at_risk(paid) == fen


def test_urgency():
    now = datetime(2026, 11, 11, 12, 0)
    warn = timedelta(hours=2)
    assert urgency(now - timedelta(minutes=1), now, warn_before=warn) == "late"
    assert urgency(now + timedelta(hours=1), now, warn_before=warn) == "at_risk"
    assert urgency(now + timedelta(hours=3), now, warn_before=warn) == "ok"
    assert urgency(None, now, warn_before=warn) == "none"
