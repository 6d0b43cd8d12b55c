import threading

import pytest

from station.drivers.scales.reading import (
    ScaleNotReady,
    ScaleReplyError,
    ScaleUnitError,
    ScaleUnsettled,
)
from station.drivers.simulators.scale import SimulatedSerialScale
from station.drivers.simulators.vserial import VirtualSerialPair
from station.services.devices import make_scale
from station.services.scale_worker import ScaleWorker, refusal


class Answers:
    def __init__(self):
        self.items = []
        self.states = []
        self.cond = threading.Condition()

    def done(self, weight, error):
        with self.cond:
            self.items.append((weight, error))
            self.cond.notify_all()

    def state(self, state, detail):
        with self.cond:
            self.states.append(state)
            self.cond.notify_all()

    def wait(self, pred):
        with self.cond:
            assert self.cond.wait_for(pred, 10), (self.items, self.states)


def test_weighs_on_request_and_reports_unplug_and_return(tmp_path):
    pair = VirtualSerialPair(tmp_path / "tty").start()
    sim = SimulatedSerialScale(str(pair.device_end), grams=980).start()
    got = Answers()
    worker = ScaleWorker(
        lambda: make_scale(f"mtsics+serial://{pair.station_end}"), got.state, check_every=0.1
    ).start()
    try:
        worker.weigh(got.done)
        got.wait(lambda: got.items)
        assert got.items[0][0].whole_grams == 980 and got.states[0] == "ok"
        sim.stop()
        pair.stop()  # cable pulled
        got.wait(lambda: got.states[-1] == "offline")
        worker.weigh(got.done)
        got.wait(lambda: len(got.items) == 2)
        assert got.items[1][0] is None and got.items[1][1] is not None
        pair.start()  # plugged back in
        sim = SimulatedSerialScale(str(pair.device_end), grams=455).start()
        got.wait(lambda: got.states[-1] == "ok")
        worker.weigh(got.done)
        got.wait(lambda: len(got.items) == 3)
        assert got.items[2][0].whole_grams == 455
    finally:
        worker.stop()
        sim.stop()
        pair.stop()


def test_unusable_address_answers_every_request():
    got = Answers()
    worker = ScaleWorker(lambda: make_scale("mtsics+usb:///dev/x"), got.state).start()
    try:
        worker.weigh(got.done)
        got.wait(lambda: got.items)
    finally:
        worker.stop()
    assert got.items[0][0] is None and got.states == ["error"]


# --- a weighing hands out only a stable weight, within the worker's time limit ---


def _worker_on(pair, got, protocol="mtsics", settle=0.5):
    return ScaleWorker(
        lambda: make_scale(f"{protocol}+serial://{pair.station_end}"),
        got.state,
        check_every=60,
        settle_seconds=settle,
    ).start()


def test_moving_then_stable_is_the_stable_weight(tmp_path):
    pair = VirtualSerialPair(tmp_path / "tty").start()
    sim = SimulatedSerialScale(str(pair.device_end), grams=860).start()
    sim.script.extend([b"S D     0.990 kg\r\n"] * 3)
    got = Answers()
    worker = _worker_on(pair, got, settle=5)
    try:
        worker.weigh(got.done)
        got.wait(lambda: got.items)
    finally:
        worker.stop()
        sim.stop()
        pair.stop()
    weight, error = got.items[0]
    assert error is None and (weight.whole_grams, weight.stable) == (860, True)


@pytest.mark.parametrize(
    ("protocol", "setup", "error", "code", "state"),
    [
        ("mtsics", {"stable": False}, ScaleUnsettled, "scale_unsettled", "unsettled"),
        ("continuous", {"stable": False}, ScaleUnsettled, "scale_unsettled", "unsettled"),
        ("mtsics", {"garbage": b"S +\r\n"}, ScaleNotReady, "scale_overload", "not_ready"),
        ("mtsics", {"garbage": b"S -\r\n"}, ScaleNotReady, "scale_underload", "not_ready"),
        ("continuous", {"garbage": b"OL,GS\r\n"}, ScaleNotReady, "scale_overload", "not_ready"),
        ("mtsics", {"garbage": b"S S 1.2 ct\r\n"}, ScaleUnitError, "scale_unit", "wrong_unit"),
        ("mtsics", {"garbage": b"~~~\r\n"}, ScaleReplyError, "scale_garbled", "garbled"),
    ],
)
def test_no_stable_weight_is_an_error_with_its_reason(
    tmp_path, protocol, setup, error, code, state
):
    pair = VirtualSerialPair(tmp_path / "tty").start()
    sim = SimulatedSerialScale(str(pair.device_end), protocol=protocol, grams=860)
    for name, value in setup.items():
        setattr(sim, name, value)
    sim.start()
    got = Answers()
    worker = _worker_on(pair, got, protocol)
    try:
        worker.weigh(got.done)
        got.wait(lambda: got.items)
    finally:
        worker.stop()
        sim.stop()
        pair.stop()
    weight, exc = got.items[0]
    assert weight is None and isinstance(exc, error), exc
    assert refusal(exc)[0] == code and got.states[-1] == state
    if code == "scale_unsettled":
        assert refusal(exc)[1] == {"seconds": "0.5"} and "did not settle in 0.5 s" in str(exc)


def test_refusal_names_each_kind():
    from decimal import Decimal

    from station.drivers.errors import DeviceOffline, DeviceTimeout
    from station.drivers.scales.reading import Weight, parcel_grams

    with pytest.raises(ScaleNotReady) as negative:
        parcel_grams(Weight(Decimal("-12.4"), True, "g"))
    assert refusal(negative.value) == ("scale_negative", {"grams": "-12"})
    assert refusal(ScaleUnitError("ct", "S S 1 ct")) == ("scale_unit", {"unit": "ct"})
    assert refusal(ScaleNotReady("busy", "S I"))[0] == "scale_busy"
    assert refusal(DeviceTimeout("x")) == ("scale_no_answer", {})
    assert refusal(DeviceOffline("x")) == ("scale_offline", {})
