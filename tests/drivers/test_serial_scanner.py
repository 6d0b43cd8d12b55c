"""A serial scanner over a socat null-modem: chunks, noise, unplug and re-plug."""

import random
import threading

import pytest

from station.drivers.errors import DeviceUriError
from station.drivers.scanners.serial_scanner import SerialScannerReader
from station.drivers.simulators.serial_scanner import SimulatedSerialScanner


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


# --- framings as real scanners send them (issue 14, part 2) ---

ISSUE = b"\x020106901234000030\x03\x020106901234000023\x03"


def listen(serial_pair, options=""):
    got = Collector()
    reader = SerialScannerReader(
        f"serial://{serial_pair.station_end}{options}", got.on_scan, got.on_state
    ).start()
    got.wait(lambda: "connected" in got.states)
    return got, reader


@pytest.mark.parametrize("options", ["", "?terminator=etx", "?terminator=auto&baud=9600"])
@pytest.mark.parametrize("bytewise", [False, True])
def test_two_stx_etx_reads_back_to_back_are_two_scans(serial_pair, options, bytewise):
    got, reader = listen(serial_pair, options)
    try:
        sim = SimulatedSerialScanner(str(serial_pair.device_end))
        (sim.write_bytewise if bytewise else sim.write_raw)(ISSUE)
        got.wait(lambda: len(got.scans) >= 2)
        sim.close()
    finally:
        reader.stop()
    assert [s.data for s in got.scans] == ["0106901234000030", "0106901234000023"]
    assert [s.raw for s in got.scans] == [b"0106901234000030", b"0106901234000023"]
    assert "error" not in got.states


@pytest.mark.parametrize("lrc", [False, True])
def test_aim_identifiers_inside_stx_etx_frames(serial_pair, lrc):
    got, reader = listen(serial_pair)
    reads = [
        ("]C1", "0106901234000030"),
        ("]E0", "6901234000023"),
        ("]d2", "010690123400001610LOT7\x1d17271231"),
        ("]Q3", "0106901234000016\x1d21SN-7"),
        ("]Q1", "运单号SF1234567890"),
        ("", "2611230001"),
    ]
    try:
        sim = SimulatedSerialScanner(str(serial_pair.device_end), terminator="etx", lrc=lrc)
        sim.write_raw(b"".join(sim.frame(code, aim) for aim, code in reads))
        got.wait(lambda: len(got.scans) >= len(reads))
        sim.close()
    finally:
        reader.stop()
    assert [(s.symbology, s.data) for s in got.scans] == [
        ("GS1_128", "0106901234000030"),
        ("EAN_13", "6901234000023"),
        ("GS1_DATAMATRIX", "010690123400001610LOT7\x1d17271231"),
        ("GS1_QR_CODE", "0106901234000016\x1d21SN-7"),
        ("QR_CODE", "运单号SF1234567890"),
        ("", "2611230001"),
    ]


SCANNER_FRAMINGS = {
    "cr": dict(terminator="cr"),
    "lf": dict(terminator="lf"),
    "crlf": dict(terminator="crlf"),
    "tab": dict(terminator="tab"),
    "stx-etx": dict(terminator="etx"),
    "stx-etx-lrc": dict(terminator="etx", lrc=True),
    "etx-only": dict(terminator="etx", stx=False),
    "stx-cr": dict(terminator="cr", stx=True),
    "stx-cr-bcc": dict(terminator="cr", stx=True, lrc=True),
    "stx-crlf-bcc": dict(terminator="crlf", stx=True, lrc=True),
}


@pytest.mark.parametrize("name", SCANNER_FRAMINGS)
@pytest.mark.parametrize("given", [False, True])
def test_every_framing_in_random_chunks(serial_pair, name, given):
    kw = SCANNER_FRAMINGS[name]
    codes = [f"69012340{n:05d}" for n in range(40)] + ["]C10106901234000016\x1d21SN-7"]
    got, reader = listen(serial_pair, f"?terminator={kw['terminator']}" if given else "")
    try:
        sim = SimulatedSerialScanner(str(serial_pair.device_end), **kw)
        sim.scan_chunked(codes, random.Random(name))
        got.wait(lambda: len(got.scans) >= len(codes))
        sim.close()
    finally:
        reader.stop()
    assert [s.data for s in got.scans] == [*codes[:-1], "0106901234000016\x1d21SN-7"]
    assert "error" not in got.states


def test_a_frame_never_closed_is_reported_and_the_next_read_is_clean(serial_pair, caplog):
    got, reader = listen(serial_pair)
    try:
        sim = SimulatedSerialScanner(str(serial_pair.device_end), terminator="etx")
        sim.scan("0106901234000030")
        got.wait(lambda: len(got.scans) == 1)
        sim.write_raw(b"\x02010690123400")  # the ETX never comes
        got.wait(lambda: got.states[-1] == "error")
        sim.scan("0106901234000023")
        got.wait(lambda: len(got.scans) == 2)
        sim.close()
    finally:
        reader.stop()
    assert [s.data for s in got.scans] == ["0106901234000030", "0106901234000023"]
    assert got.states[-3:] == ["error", "connected", "stopped"]
    assert "read without its ETX dropped: '010690123400'" in caplog.text


@pytest.mark.parametrize(
    "options,words",
    [
        ("?terminater=etx", "unknown option 'terminater'"),
        ("?terminator=stx", "terminator=stx is not one of auto, cr, lf, crlf, tab, etx, none"),
        ("?idle_ms=fast", "idle_ms=fast is not a whole number"),
        ("?max_length=0", "max_length=0"),
        ("?dpi=300", "unknown option 'dpi'"),
    ],
)
def test_an_option_the_scanner_does_not_know_is_refused_by_name(serial_pair, options, words):
    with pytest.raises(DeviceUriError) as exc:
        SerialScannerReader(f"serial://{serial_pair.station_end}{options}", print)
    assert words in str(exc.value)


@pytest.mark.parametrize(
    "text,params",
    [
        ("serial:///dev/ttyACM0?terminator=etx", {"terminator": "etx"}),
        ("serial://COM3?terminator=auto&baud=115200", {"terminator": "auto", "baud": "115200"}),
        (
            "serial://usb/05E0:1200?serial=S123&timeout_ms=800&idle_ms=80&max_length=2048",
            {"serial": "S123", "timeout_ms": "800", "idle_ms": "80", "max_length": "2048"},
        ),
    ],
)
def test_scanner_options_that_are_known_are_taken(text, params):
    from station.drivers.uri import parse_uri

    assert parse_uri("scanner", text).params == params
    reader = SerialScannerReader(text, print)
    assert reader.framer.terminator == params.get("terminator", "auto")
