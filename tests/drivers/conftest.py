import pytest

from station.drivers.simulators.vserial import VirtualSerialPair


@pytest.fixture
def serial_pair(tmp_path):
    pair = VirtualSerialPair(tmp_path / "tty").start()
    yield pair
    pair.stop()
