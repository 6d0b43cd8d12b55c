from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.drivers.errors import DeviceError, DeviceOffline
from station.drivers.scales import continuous, mtsics
from station.drivers.scales.reading import ScaleNotReady, ScaleReplyError, ScaleUnsettled
from station.drivers.scales.scale import open_scale
from station.drivers.simulators.scale import SimulatedSerialScale


def test_mtsics_replies():
    w = mtsics.parse_reply("S S     1.234 kg")
    assert w.grams == Decimal("1234.000") and w.stable and w.whole_grams == 1234
    assert not mtsics.parse_reply("S D   812.5 g").stable
    for reply, reason in (("S +", "overload"), ("S -", "underload"), ("S I", "busy")):
        with pytest.raises(ScaleNotReady) as exc:
            mtsics.parse_reply(reply)
        assert exc.value.reason == reason
    for reply in ("ES", "ET", "EL", "S S 1.2 parsecs", "hello"):
        with pytest.raises(ScaleReplyError):
            mtsics.parse_reply(reply)


def test_continuous_lines():
    w = continuous.parse_line("ST,NT,+0002.500kg")
    assert (w.grams, w.stable, w.net) == (Decimal("2500.000"), True, True)
    assert not continuous.parse_line("US,GS,-0000.010kg").stable
    with pytest.raises(ScaleNotReady):
        continuous.parse_line("OL,GS,+9999.999kg")


@given(st.text(max_size=60))
def test_no_text_ever_becomes_a_wrong_weight_or_a_crash(text):
    for parse in (mtsics.parse_reply, continuous.parse_line):
        try:
            w = parse(text)
        except (ScaleReplyError, ScaleNotReady):
            continue
        assert w is None or w.grams.is_finite()  # None: a tare line


def test_mtsics_scale_over_serial(serial_pair):
    sim = SimulatedSerialScale(str(serial_pair.device_end), grams=1850).start()
    scale = open_scale(f"mtsics+serial://{serial_pair.station_end}?baud=9600")
    try:
        assert scale.weigh().whole_grams == 1850
        sim.stable = False
        assert scale.weigh(stable=False).stable is False  # SI gives the weight now, moving
        sim.stable = True
        tared = scale.tare()
        assert tared.whole_grams == 1850
        assert scale.weigh().whole_grams == 0
        sim.garbage = b"\x00\xff@@@\r\n"
        with pytest.raises(ScaleReplyError):
            scale.weigh()
    finally:
        scale.close()
        sim.stop()


def test_continuous_scale_waits_for_stable(serial_pair):
    sim = SimulatedSerialScale(
        str(serial_pair.device_end), protocol="continuous", grams=730
    ).start()
    scale = open_scale(f"continuous+serial://{serial_pair.station_end}")
    try:
        assert scale.weigh().whole_grams == 730
        sim.stable = False
        sim.wait_streamed()
        with pytest.raises(ScaleUnsettled):  # streaming, but never stable: not "no answer"
            scale.weigh(timeout=0.5)
        assert scale.weigh(stable=False, timeout=1).stable is False
        sim.garbage = b"#####\r\n"
        sim.wait_streamed()
        with pytest.raises(ScaleReplyError):
            scale.weigh(timeout=2)
    finally:
        scale.close()
        sim.stop()


def test_unplugged_scale_is_a_clear_state(tmp_path):
    scale = open_scale(f"mtsics+serial://{tmp_path}/no-such-port")
    with pytest.raises(DeviceOffline):
        scale.weigh()


def test_silent_scale_times_out(serial_pair):
    scale = open_scale(f"mtsics+serial://{serial_pair.station_end}")
    try:
        with pytest.raises(DeviceError):
            scale.weigh(timeout=0.3)
    finally:
        scale.close()
