"""``station devices weigh`` as a process: exit 0 only for a weight a parcel may have;
exit 4 with the reason when the scale answers without one."""

import json

import pytest

from station.drivers.scales.toledo import format_frame
from station.drivers.simulators.scale import SimulatedSerialScale
from station.drivers.simulators.vserial import VirtualSerialPair
from tests.test_cli_devices import station


@pytest.fixture
def pair(tmp_path):
    with VirtualSerialPair(tmp_path / "tty") as p:
        yield p


def weigh(pair, protocol="mtsics", *extra, **sim_state):
    sim = SimulatedSerialScale(str(pair.device_end), protocol=protocol, grams=1432)
    sim.script.extend(sim_state.pop("script", []))
    for name, value in sim_state.items():
        setattr(sim, name, value)
    sim.start()
    try:
        return station(
            "devices", "weigh", "--scale", f"{protocol}+serial://{pair.station_end}", *extra
        )
    finally:
        sim.stop()


def test_moving_then_stable_exits_0_with_the_stable_weight(pair):
    rc, out, _ = weigh(pair, script=[b"S D     2.000 kg\r\n"] * 3)
    assert rc == 0 and (out[0]["grams"], out[0]["stable"]) == ("1432.000", True)


@pytest.mark.parametrize(
    ("protocol", "state", "reason", "words"),
    [
        ("mtsics", {"stable": False}, "unsettled", "did not settle in 0.5 s"),
        ("continuous", {"stable": False}, "unsettled", "did not settle in 0.5 s"),
        ("toledo", {"stable": False}, "unsettled", "did not settle in 0.5 s"),
        ("toledo", {"garbage": format_frame(9, not_zeroed=True)}, "not_zeroed", "zeroed"),
        ("toledo", {"garbage": format_frame(9, unit="dwt")}, "unit", "'dwt'"),
        ("mtsics", {"garbage": b"S +\r\n"}, "overload", "overload"),
        ("mtsics", {"garbage": b"S -\r\n"}, "underload", "underload"),
        ("continuous", {"garbage": b"OL,GS\r\n"}, "overload", "overload"),
        ("mtsics", {"garbage": b"S S    12.000 ct\r\n"}, "unit", "'ct'"),
        ("continuous", {"garbage": b"QT,+00000010PC\r\n"}, "unit", "'PC'"),
        ("mtsics", {"garbage": b"S S    -0.020 kg\r\n"}, "negative", "below zero"),
    ],
)
def test_no_parcel_weight_exits_4_with_one_reason(pair, protocol, state, reason, words):
    rc, out, err = weigh(pair, protocol, "--settle", "0.5", **state)
    assert rc == 4, (out, err)
    assert len(out) == 1 and out[0]["reason"] == reason and words in out[0]["message"]
    assert "\n" not in out[0]["message"] and "Traceback" not in err


def test_unstable_asked_for_is_shown_but_still_not_a_parcel_weight(pair):
    rc, out, _ = weigh(pair, "mtsics", "--unstable", stable=False)
    assert rc == 4 and out[0]["stable"] is False and out[0]["grams"] == "1432.000"
    assert out[0]["reason"] == "unsettled"


def test_garbage_is_a_device_error_exit_1(pair):
    rc, out, _ = weigh(pair, "mtsics", garbage=b"\x00@@@\r\n")
    assert rc == 1 and out[0]["error"] == "scale_garbled"


def test_the_time_limit_comes_from_the_settings(pair, tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"version": 3, "devices": {"scale_settle_seconds": 0.7}})
    )
    rc, out, _ = weigh(pair, "mtsics", "--data-dir", str(tmp_path), stable=False)
    assert rc == 4 and "did not settle in 0.7 s" in out[0]["message"]


@pytest.mark.parametrize("bad", ["-1", "soon", "inf"])
def test_a_bad_time_limit_is_refused(bad):
    rc, _, err = station("devices", "weigh", "--scale", "sim", "--settle", bad)
    assert rc == 2 and "--settle" in err and len(err.strip().splitlines()) == 1
