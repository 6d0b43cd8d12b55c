"""A reading is a parcel's weight only if the scale calls it stable, in a known unit,
within range: the real driver on a socat pair, against the simulated scale sending
what balances and indicators send."""

import time
from decimal import Decimal

import pytest

from station.drivers.errors import DeviceTimeout
from station.drivers.scales import continuous, mtsics
from station.drivers.scales.reading import (
    ScaleNotReady,
    ScaleReplyError,
    ScaleUnitError,
    ScaleUnsettled,
    Weight,
    parcel_grams,
)
from station.drivers.scales.scale import open_scale
from station.drivers.simulators.scale import SimulatedSerialScale


@pytest.fixture
def balance(serial_pair):
    sim = SimulatedSerialScale(str(serial_pair.device_end), grams=1234).start()
    scale = open_scale(f"mtsics+serial://{serial_pair.station_end}?baud=9600")
    yield sim, scale
    scale.close()
    sim.stop()


@pytest.fixture
def indicator(serial_pair):
    sim = SimulatedSerialScale(str(serial_pair.device_end), protocol="continuous", grams=730)
    sim.start()
    scale = open_scale(f"continuous+serial://{serial_pair.station_end}")
    yield sim, scale
    scale.close()
    sim.stop()


# --- MT-SICS: S is asked again while the balance answers "moving" or "busy" ---


@pytest.mark.parametrize(
    "before",
    [
        [b"S D     1.300 kg\r\n"] * 3,  # still moving, three times
        [b"S I\r\n", b"S I\r\n"],  # busy (no stable weight in the balance's own time)
        [b"S D     0.020 kg\r\n", b"S I\r\n", b"S D     1.500 kg\r\n"],
        [b"S D    -0.400 kg\r\n"],  # swinging below zero on the way
    ],
)
def test_moving_then_stable_gives_only_the_stable_weight(balance, before):
    sim, scale = balance
    sim.script.extend(before)
    w = scale.weigh(timeout=5)
    assert (w.grams, w.stable) == (Decimal("1234.000"), True)
    assert sim.asked == len(before) + 1  # S sent again after each non-answer


def test_moving_until_the_time_limit_is_did_not_settle(balance):
    sim, scale = balance
    sim.stable = False
    with pytest.raises(ScaleUnsettled, match="did not settle in 0.6 s") as exc:
        scale.weigh(timeout=0.6)
    assert exc.value.last.grams == Decimal("1234.000") and not exc.value.last.stable
    assert sim.asked > 1
    sim.script.extend([b"S I\r\n"] * 1000)  # busy the whole time: no weight either
    with pytest.raises(ScaleUnsettled):
        scale.weigh(timeout=0.4)


def test_a_balance_that_holds_s_until_stable_is_unsettled_not_silent(balance):
    sim, scale = balance
    sim.script.extend([b"", b"S D     1.100 kg\r\n"])  # S: no answer yet; SI: moving
    with pytest.raises(ScaleUnsettled):
        scale.weigh(timeout=0.4)
    sim.script.extend([b"", b"S S     1.100 kg\r\n"])  # S's answer comes late, stable
    assert scale.weigh(timeout=0.4).whole_grams == 1100


@pytest.mark.parametrize(("reply", "reason"), [(b"S +\r\n", "overload"), (b"S -\r\n", "underload")])
def test_overload_and_underload_are_refused_at_once(balance, reply, reason):
    sim, scale = balance
    sim.garbage = reply
    with pytest.raises(ScaleNotReady) as exc:
        scale.weigh(timeout=5)
    assert exc.value.reason == reason and not isinstance(exc.value, ScaleUnsettled)
    assert sim.asked == 1


@pytest.mark.parametrize(
    ("reply", "unit"),
    [
        (b"S S     1.234 ct\r\n", "ct"),  # carats
        (b"S S        12 PCS\r\n", "PCS"),  # piece counting
        (b"S S    12.100 N\r\n", "N"),  # newtons: a force
        (b"S S     2.000 tl\r\n", "tl"),  # taels: 37.5, 37.8 or 50 g by place
        (b"S S     1.000 ozt\r\n", "ozt"),  # troy ounces
        (b"S S     1.000 Mg\r\n", "Mg"),  # not mg: never guessed by case
        (b"S D     1.234 ct\r\n", "ct"),  # a wrong unit is not waited out
    ],
)
def test_a_unit_the_station_does_not_convert_is_refused_by_name(balance, reply, unit):
    sim, scale = balance
    sim.garbage = reply
    with pytest.raises(ScaleUnitError) as exc:
        scale.weigh(timeout=5)
    assert exc.value.unit == unit and repr(unit) in str(exc.value)
    assert sim.asked == 1


@pytest.mark.parametrize(
    ("unit", "shown", "grams"),
    [
        ("g", "1234.000", Decimal("1234")),
        ("kg", "1.234", Decimal("1234")),
        ("lb", "2.500", Decimal("1133.980925")),  # 1 lb = 453.59237 g exactly
        ("oz", "16.000", Decimal("453.59237")),  # 1 oz = 1/16 lb
    ],
)
def test_known_units_are_converted_exactly(balance, unit, shown, grams):
    sim, scale = balance
    sim.garbage = f"S S {shown:>10} {unit}\r\n".encode()
    assert scale.weigh(timeout=5).grams == grams


@pytest.mark.parametrize("reply", [b"\x00\xff@@@\r\n", b"ES\r\n", b"ET\r\n", b"S S 1.2.3 kg\r\n"])
def test_garbage_is_not_a_weight(balance, reply):
    sim, scale = balance
    sim.garbage = reply
    with pytest.raises(ScaleReplyError):
        scale.weigh(timeout=5)


def test_an_old_answer_waiting_on_the_line_is_not_this_weight(balance):
    sim, scale = balance
    scale.transport.open()
    sim.port.write(b"S S     0.000 kg\r\n")  # late answer to an earlier question
    sim.port.flush()
    station_end = scale.transport._need()
    deadline = time.monotonic() + 5
    while station_end.in_waiting < 18 and time.monotonic() < deadline:  # through socat
        time.sleep(0.01)  # bytes crossing socat, another process: no event to wait on
    assert station_end.in_waiting == 18
    assert scale.weigh(timeout=5).whole_grams == 1234


# --- continuous indicators: read on while the stream is unstable ---


def test_a_stream_that_settles_gives_the_stable_line(indicator):
    sim, scale = indicator
    sim.script.extend([continuous.format_line(1500, False)] * 20)  # a second of US lines
    w = scale.weigh(timeout=5)
    assert (w.whole_grams, w.stable) == (730, True)


def test_a_stream_that_never_settles_is_did_not_settle_not_no_answer(indicator):
    sim, scale = indicator
    sim.stable = False
    sim.wait_streamed()
    with pytest.raises(ScaleUnsettled, match="did not settle") as exc:
        scale.weigh(timeout=0.5)
    assert exc.value.last.whole_grams == 730


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"OL,GS\r\n", "overload"),
        (b"OL,GS,+9999.999kg\r\n", "overload"),
        (b"OL,+9999999E+19\r\n", "overload"),
        (b"OL,GS,-9999.999kg\r\n", "underload"),
    ],
)
def test_out_of_range_streams_say_so(indicator, line, reason):
    sim, scale = indicator
    sim.garbage = line
    sim.wait_streamed()
    with pytest.raises(ScaleNotReady) as exc:
        scale.weigh(timeout=0.5)
    assert exc.value.reason == reason


def test_overload_on_impact_then_settled_is_the_settled_weight(indicator):
    sim, scale = indicator
    sim.script.extend([b"OL,GS\r\n"] * 3 + [continuous.format_line(900, False)] * 5)
    assert scale.weigh(timeout=5).whole_grams == 730


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        (b"ST,GS,+0012.000ct\r\n", "ct"),
        (b"QT,+00000010PC\r\n", "PC"),
        (b"ST,GS,+1.000tl\r\n", "tl"),
    ],
)
def test_a_stream_in_a_wrong_unit_is_refused_by_name(indicator, line, unit):
    sim, scale = indicator
    sim.garbage = line
    sim.wait_streamed()
    with pytest.raises(ScaleUnitError) as exc:
        scale.weigh(timeout=2)
    assert exc.value.unit == unit


@pytest.mark.parametrize(
    ("line", "grams", "net"),
    [
        (b"ST,GS,+  1.234kg\r\n", Decimal("1234.000"), False),
        (b"ST,NT,+0002.000lb\r\n", Decimal("907.18474"), True),
        (b"ST,+00123.45  g\r\n", Decimal("123.45"), False),  # A&D, no gross/net field
        (b"ST,GS,+0008.000oz\r\n", Decimal("226.796185"), False),
    ],
)
def test_stream_formats_and_units(indicator, line, grams, net):
    sim, scale = indicator
    sim.garbage = line
    sim.wait_streamed()
    w = scale.weigh(timeout=2)
    assert (w.grams, w.net, w.stable) == (grams, net, True)


def test_tare_lines_are_not_the_parcel(indicator):
    sim, scale = indicator
    sim.garbage = b"ST,TR,+0000.100kg\r\n"
    sim.wait_streamed()
    with pytest.raises(ScaleNotReady) as info:  # nothing but tare lines: answering, no weight
        scale.weigh(timeout=0.4)
    assert info.value.reason == "tare_only" and not isinstance(info.value, DeviceTimeout)
    sim.garbage = None
    sim.wait_streamed()
    sim.script.extend([b"ST,TR,+0000.100kg\r\n"] * 5)
    assert scale.weigh(timeout=2).whole_grams == 730


def test_a_garbage_stream_is_garbage(indicator):
    sim, scale = indicator
    sim.garbage = b"#####\r\n"
    sim.wait_streamed()
    with pytest.raises(ScaleReplyError):
        scale.weigh(timeout=2)


# --- the rule itself, on readings ---


@pytest.mark.parametrize(
    ("weight", "error", "reason"),
    [
        (Weight(Decimal(1234), False, "g"), ScaleUnsettled, "unsettled"),
        (Weight(Decimal(-12), True, "g"), ScaleNotReady, "negative"),
        (Weight(Decimal("-0.4"), True, "kg"), ScaleNotReady, "negative"),
        (Weight(Decimal(1), True, "ct"), ScaleUnitError, None),
    ],
)
def test_parcel_grams_refuses_what_is_not_a_parcels_weight(weight, error, reason):
    with pytest.raises(error) as exc:
        parcel_grams(weight)
    assert getattr(exc.value, "reason", None) == reason


def test_parcel_grams_of_a_stable_reading():
    assert parcel_grams(mtsics.parse_reply("S S     1.234 kg")) == 1234
    assert parcel_grams(continuous.parse_line("ST,GS,+0000.000kg")) == 0


@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n\r\n"])
def test_streams_ended_by_cr_alone_or_with_blank_lines(indicator, end):
    sim, scale = indicator
    sim.script.extend([b"US,GS,+0001.500kg" + end] * 20)
    sim.garbage = b"ST,GS,+0000.730kg" + end
    w = scale.weigh(timeout=5)
    assert (w.whole_grams, w.stable) == (730, True)
    sim.script.clear()
    sim.garbage = b"US,GS,+0000.730kg" + end
    sim.wait_streamed()
    with pytest.raises(ScaleUnsettled):
        scale.weigh(timeout=0.5)
