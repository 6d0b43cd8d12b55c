"""A serial scanner over a socat null-modem: chunks, noise, unplug and re-plug."""

import random
import threading

from drivers.scanners.serial_scanner import SerialScannerReader
from drivers.simulators.serial_scanner import SimulatedSerialScanner


class Collector:
    def __init__(self):
        self.scans = []
        self.states = []
        self._cond = threading.Condition()

    def on_scan(self, scan):
        with self._cond:
            self.scans.append(scan)
            self._cond.notify_all()

    def on_state(self, state, detail):
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait(self, predicate, timeout=10):
        with self._cond:
            assert self._cond.wait_for(predicate, timeout), (self.states, len(self.scans))


def test_codes_in_random_chunks_with_noise_arrive_once_each(serial_pair):
    got = Collector()
    codes = [f"69012340{n:05d}" for n in range(300)] + ["中文二维码", "0106901234000016\x1d21SN-7"]
    with SerialScannerReader(f"serial://{serial_pair.station_end}", got.on_scan, got.on_state):
        got.wait(lambda: "connected" in got.states)
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        sim.scan_chunked(codes, random.Random(7), noise=True)
        got.wait(lambda: len(got.scans) >= len(codes))
        sim.close()
    assert [s.data for s in got.scans] == codes
    assert all(s.source.startswith("serial://") for s in got.scans)


def test_aim_identifier_becomes_the_symbology(serial_pair):
    got = Collector()
    with SerialScannerReader(f"serial://{serial_pair.station_end}", got.on_scan, got.on_state):
        got.wait(lambda: "connected" in got.states)
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        sim.scan("0106901234000016", aim="]C1")
        got.wait(lambda: got.scans)
        sim.close()
    assert (got.scans[0].symbology, got.scans[0].data) == ("GS1_128", "0106901234000016")


def test_unplug_and_replug_recovered(serial_pair):
    got = Collector()
    reader = SerialScannerReader(
        f"serial://{serial_pair.station_end}", got.on_scan, got.on_state, reconnect_delay=0.05
    ).start()
    try:
        got.wait(lambda: "connected" in got.states)
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        sim.scan("BEFORE-1")
        got.wait(lambda: len(got.scans) == 1)
        sim.close()

        serial_pair.stop()  # cable pulled
        got.wait(lambda: got.states[-1] == "disconnected")

        serial_pair.start()  # plugged back in
        got.wait(lambda: got.states[-1] == "connected")
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        sim.scan("AFTER-1")
        got.wait(lambda: len(got.scans) == 2)
        sim.close()
    finally:
        reader.stop()
    assert [s.data for s in got.scans] == ["BEFORE-1", "AFTER-1"]
    assert got.states[-1] == "stopped"


def test_over_long_read_is_reported_and_the_next_scan_is_clean(serial_pair):
    got = Collector()
    uri = f"serial://{serial_pair.station_end}?max_length=32"
    with SerialScannerReader(uri, got.on_scan, got.on_state):
        got.wait(lambda: "connected" in got.states)
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        sim.write_raw(b"A" * 100 + b"\r")
        sim.scan("OK-1")
        got.wait(lambda: got.scans)
        sim.close()
    assert [s.data for s in got.scans] == ["OK-1"]
    assert "error" in got.states
