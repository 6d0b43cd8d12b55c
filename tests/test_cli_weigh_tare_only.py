"""A continuous indicator that streams only its tare (``TR``/``TW`` lines) is
answering: ``station devices weigh`` exits 4 with its own reason, not "no answer"
(exit 1), and the pack page's refusal says the same; over socat, as the bench wires it."""

import pytest

from station.drivers.scales.reading import ScaleNotReady
from station.drivers.simulators.scale import SimulatedSerialScale
from station.drivers.simulators.vserial import VirtualSerialPair
from station.services.scale_worker import refusal
from tests.test_cli_devices import station


@pytest.fixture
def pair(tmp_path):
    with VirtualSerialPair(tmp_path / "tty") as p:
        yield p


@pytest.mark.parametrize(
    "line", [b"ST,TR,+0000.500kg\r\n", b"ST,TW,+0000.500kg\r\n", b"US,TR,+0000.500kg\r"]
)
def test_a_stream_of_tare_lines_exits_4_saying_so(pair, line):
    sim = SimulatedSerialScale(str(pair.device_end), protocol="continuous", grams=1432)
    sim.garbage = line
    sim.start()
    try:
        rc, out, err = station(
            "devices", "weigh", "--scale", f"continuous+serial://{pair.station_end}",
            "--settle", "0.5",
        )  # fmt: skip
    finally:
        sim.stop()
    assert rc == 4, (out, err)
    assert out[0]["reason"] == "tare_only" and "tare" in out[0]["message"]


def test_the_pack_page_names_the_tare_only_stream():
    code, params = refusal(ScaleNotReady("tare_only", "only tare"))
    assert code == "scale_tare_only"
