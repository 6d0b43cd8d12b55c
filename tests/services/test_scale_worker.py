import threading

from drivers.simulators.scale import SimulatedSerialScale
from drivers.simulators.vserial import VirtualSerialPair
from station.services.devices import make_scale
from station.services.scale_worker import ScaleWorker


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
