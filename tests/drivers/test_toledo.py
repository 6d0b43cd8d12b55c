"""Toledo continuous output (status-byte frames): the motion bit, out of range, the
unit bits and the decimal point, parsed and then read through the real driver on a
socat pair."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.drivers.scales.reading import (
    ScaleNotReady,
    ScaleReplyError,
    ScaleUnitError,
    ScaleUnsettled,
)
from station.drivers.scales.scale import open_scale
from station.drivers.scales.toledo import checksum, format_frame, parse_frame
from station.drivers.simulators.scale import SimulatedSerialScale


def frame(*args, **kw):
    data = format_frame(*args, **kw)
    return (data[:17], data[17]) if len(data) == 18 else (data, None)


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "grams"),
    [
        (1234, 3, "kg", Decimal("1234")),  # 1.234 kg
        (860, 0, "g", Decimal("860")),
        (123, -1, "g", Decimal("1230")),  # one dummy zero: 1230 g
        (12, -2, "g", Decimal("1200")),  # two dummy zeros
        (2500, 3, "lb", Decimal("1133.980925")),  # 2.500 lb, exactly
        (1600, 2, "oz", Decimal("453.59237")),  # 16.00 oz
        (123456, 5, "kg", Decimal("1234.56")),  # 1.23456 kg
    ],
)
def test_decimal_point_and_unit_come_from_the_status_words(value, decimals, unit, grams):
    w = parse_frame(*frame(value, decimals=decimals, unit=unit))
    assert (w.grams, w.stable, w.unit) == (grams, True, unit)


def test_motion_net_and_sign():
    w = parse_frame(*frame(1234, motion=True))
    assert not w.stable and w.grams == Decimal(1234)
    w = parse_frame(*frame(50, negative=True, net=True))
    assert w.grams == Decimal(-50) and w.net and w.stable


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"out_of_range": True}, "overload"),
        ({"out_of_range": True, "negative": True}, "underload"),
        ({"not_zeroed": True}, "not_zeroed"),
    ],
)
def test_out_of_range_and_not_zeroed(kw, reason):
    with pytest.raises(ScaleNotReady) as exc:
        parse_frame(*frame(999999, **kw))
    assert exc.value.reason == reason


@pytest.mark.parametrize("unit", ["t", "ozt", "dwt", "ton", "custom"])
def test_other_units_are_refused_by_name(unit):
    with pytest.raises(ScaleUnitError) as exc:
        parse_frame(*frame(1, unit=unit))
    assert exc.value.unit == unit


def test_checksum_is_checked_when_sent():
    data, check = frame(1234, with_checksum=True)
    assert check == checksum(data) and parse_frame(data, check).grams == Decimal(1234)
    with pytest.raises(ScaleReplyError, match="checksum"):
        parse_frame(data, (check + 1) & 0x7F)


@pytest.mark.parametrize(
    "data",
    [
        b"\x02" + b"1" * 16,  # no CR where it belongs
        b"\x02\x00\x00\x00001234000000\r",  # status words without their constant bit
        b"\x02\x2b\x30\x20001x34000000\r",  # a letter among the digits
        b"\x02\x2b\x30\x20",  # cut short
    ],
)
def test_what_is_not_a_frame(data):
    with pytest.raises(ScaleReplyError):
        parse_frame(data)


@given(st.binary(min_size=17, max_size=17), st.none() | st.integers(0, 127))
def test_no_bytes_ever_crash_or_make_an_impossible_weight(data, check):
    try:
        w = parse_frame(data, check)
    except (ScaleReplyError, ScaleNotReady):
        return
    assert w.grams.is_finite()


# --- through the driver on a serial line ---


@pytest.fixture
def terminal(serial_pair):
    sim = SimulatedSerialScale(str(serial_pair.device_end), protocol="toledo", grams=730)
    sim.start()
    scale = open_scale(f"toledo+serial://{serial_pair.station_end}")
    yield sim, scale
    scale.close()
    sim.stop()


def test_a_toledo_stream_that_settles(terminal):
    sim, scale = terminal
    sim.script.extend([format_frame(1450, motion=True)] * 20)
    w = scale.weigh(timeout=5)
    assert (w.whole_grams, w.stable) == (730, True)


def test_a_toledo_stream_that_never_settles(terminal):
    sim, scale = terminal
    sim.stable = False
    sim.wait_streamed()
    with pytest.raises(ScaleUnsettled, match="did not settle") as exc:
        scale.weigh(timeout=0.5)
    assert exc.value.last.whole_grams == 730


def test_toledo_frames_with_checksum_and_parity_bits(terminal):
    sim, scale = terminal
    data = format_frame(1234, with_checksum=True)
    # even parity in bit 7, as a 7E1 terminal read at 8N1 shows it
    sim.garbage = bytes(x | (bin(x).count("1") % 2) << 7 for x in data)
    sim.wait_streamed()
    assert scale.weigh(timeout=2).whole_grams == 1234


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (format_frame(999999, out_of_range=True), ScaleNotReady),
        (format_frame(5, unit="t"), ScaleUnitError),
        (b"\x02garbage-garbage\r", ScaleReplyError),
    ],
)
def test_toledo_stream_refusals(terminal, data, error):
    sim, scale = terminal
    sim.garbage = data
    sim.wait_streamed()
    with pytest.raises(error):
        scale.weigh(timeout=1)
