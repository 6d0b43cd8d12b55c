"""Scanners: serial throughput and loss, scan-to-bus latency, wedge bursts.

- 1,000 serial scans back to back at 115200 baud over a socat null-modem:
  how many arrive (goal: all), and how fast; once ended by CR, once framed
  as STX … ETX with a block check byte and no CR (framing learned).
- Scan-to-bus latency, one scan at a time: from the write on the device end
  to the ScanBus slot on the GUI thread (reader thread + framing + queued
  signal), against a bare pyserial ``read_until`` of the same bytes.
  Goal: p99 under 5 ms and within 2x of the bare read.
- A wedge burst of 200 scans typed at scanner speed into a focused line
  edit: all reach the bus, none the field; cost per scan against the same
  keys typed into the field with no filter.
- 1,000 wedge scans as real scanners type them (Shift around capitals or
  held, Caps Lock on, AZERTY, AltGr, GS as Ctrl+] or Alt+0029, Tab or Ctrl+M
  at the end), codes with capitals and GS1 separators: scans whole / keys
  leaked into the field (goal 1,000 / 0).
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import serial

from benchmarks.common import Figure, percentile
from station.drivers.scanners.serial_scanner import SerialScannerReader
from station.drivers.simulators.vserial import VirtualSerialPair


def _codes(n: int) -> list[str]:
    return [f"69012340{i:05d}" for i in range(n)]


def serial_throughput(pair: VirtualSerialPair, n: int, framing: str = "cr") -> list[Figure]:
    """``framing``: ``cr`` (data CR) or ``etx`` (STX data ETX BCC), learned by the reader."""
    from station.drivers.simulators.serial_scanner import block_check

    def frame(code: bytes) -> bytes:
        if framing == "etx":
            return b"\x02" + code + b"\x03" + block_check(code + b"\x03")
        return code + b"\r"

    label = "" if framing == "cr" else " (STX/ETX)"
    got: list[str] = []
    done = threading.Event()

    def on_scan(read):
        got.append(read.data)
        if len(got) >= n:
            done.set()

    reader = SerialScannerReader(f"serial://{pair.station_end}?baud=115200", on_scan).start()
    try:
        while reader.state != "connected":
            time.sleep(0.01)
        dev = serial.Serial(str(pair.device_end), 115200)
        codes = _codes(n)
        t0 = time.perf_counter()
        dev.write(b"".join(frame(c.encode()) for c in codes))
        dev.flush()
        done.wait(30)
        elapsed = time.perf_counter() - t0
        dev.close()
    finally:
        reader.stop()
    lost = n - sum(1 for a, b in zip(got, codes, strict=False) if a == b)
    return [
        Figure(f"serial scans received of {n}{label}", len(got), "scans", goal=f"{n}, in order"),
        Figure(f"serial scans lost or changed{label}", lost, "scans", goal="0"),
        # a pseudo-terminal ignores the baud rate: a real 115200 line carries at most
        # 11,520 bytes/s, about 820 of these 14-byte scans a second
        Figure(
            f"serial scan rate over a pty (no baud limit){label}", len(got) / elapsed, "scans/s"
        ),
    ]


def latency(pair: VirtualSerialPair, n: int) -> list[Figure]:
    from PySide6.QtCore import QCoreApplication, QTimer

    from station.ui.devices import DeviceHub  # noqa: F401  (the same path the station uses)
    from station.ui.scan_bus import ScanBus

    app = QCoreApplication.instance() or QCoreApplication([])
    codes = _codes(n)
    bus = ScanBus(blank_ms=0)
    received = threading.Event()
    station_times: list[float] = []
    t_write = [0.0]

    def on_bus(scan):
        station_times.append(time.perf_counter() - t_write[0])
        received.set()

    bus.scanned.connect(on_bus)

    from PySide6.QtCore import QObject, Signal

    class Bridge(QObject):  # what DeviceHub does: a signal emitted on the reader thread
        scan = Signal(object)
        finished = Signal()

    bridge = Bridge()
    bridge.scan.connect(bus.publish)
    bridge.finished.connect(app.quit)
    from station.core.scan import Scan

    reader = SerialScannerReader(
        f"serial://{pair.station_end}?baud=115200",
        lambda r: bridge.scan.emit(Scan(r.data, r.symbology, r.source)),
    ).start()
    dev = serial.Serial(str(pair.device_end), 115200)

    def writer():
        while reader.state != "connected":
            time.sleep(0.01)
        for code in codes:
            received.clear()
            t_write[0] = time.perf_counter()
            dev.write(code.encode() + b"\r")
            received.wait(2)
            time.sleep(0.002)
        bridge.finished.emit()  # queued to the GUI thread

    t = threading.Thread(target=writer)
    QTimer.singleShot(0, t.start)
    app.exec()
    t.join()
    reader.stop()

    # baseline: the bare pyserial read of the same bytes
    raw_times: list[float] = []
    port = serial.Serial(str(pair.station_end), 115200, timeout=2)
    for code in codes:
        t0 = time.perf_counter()
        dev.write(code.encode() + b"\r")
        port.read_until(b"\r")
        raw_times.append(time.perf_counter() - t0)
    port.close()
    dev.close()
    ms = 1000.0
    return [
        Figure(
            "scan-to-bus latency p50",
            percentile(station_times, 50) * ms,
            "ms",
            percentile(raw_times, 50) * ms,
            "bare pyserial read_until",
        ),
        Figure(
            "scan-to-bus latency p99",
            percentile(station_times, 99) * ms,
            "ms",
            percentile(raw_times, 99) * ms,
            "bare pyserial read_until",
            "< 5 ms, < 2x",
        ),
    ]


def wedge_burst(n: int) -> list[Figure]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from station.ui.scan_bus import ScanBus
    from station.ui.wedge import WedgeFilter

    app = QApplication.instance() or QApplication([])
    codes = _codes(n)
    edit = QLineEdit()
    edit.show()
    edit.setFocus()

    def type_all():
        for code in codes:
            QTest.keyClicks(edit, code)
            QTest.keyClick(edit, Qt.Key.Key_Return)

    # baseline: the same keys into the field, no filter
    t0 = time.perf_counter()
    type_all()
    bare = time.perf_counter() - t0
    edit.clear()

    bus = ScanBus(blank_ms=0)
    got: list[str] = []
    bus.scanned.connect(lambda s: got.append(s.data))
    wedge = WedgeFilter(bus)
    app.installEventFilter(wedge)
    t0 = time.perf_counter()
    type_all()
    filtered = time.perf_counter() - t0
    app.removeEventFilter(wedge)
    return [
        Figure(f"wedge scans on the bus of {n}", len(got), "scans", goal=f"{n}"),
        Figure("wedge keys that reached the field", len(edit.text()), "chars", goal="0"),
        Figure(
            "wedge cost per scan",
            filtered / n * 1000,
            "ms",
            bare / n * 1000,
            "keys into a plain field",
        ),
    ]


def wedge_habits(n: int) -> list[Figure]:
    """``n`` scans through every habit of ``station.ui.wedge_sim.HABITS``, in turn."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    from station.ui.scan_bus import ScanBus
    from station.ui.wedge import WedgeFilter
    from station.ui.wedge_sim import GS, HABITS

    app = QApplication.instance() or QApplication([])
    edit = QLineEdit()
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    app.processEvents()
    bus = ScanBus(blank_ms=0)
    got: list[str] = []
    bus.scanned.connect(lambda s: got.append(s.data))
    wedge = WedgeFilter(bus)
    app.installEventFilter(wedge)
    habits = list(HABITS.values())
    sent = []
    t0 = time.perf_counter()
    for i in range(n):
        code = [f"SKU-{i:04d}X", f"0106901234{i:06d}" + f"10LOT{i % 97}A" + GS + "21SN-Q"][i % 2]
        sent.append(code)
        habits[i % len(habits)].scan(code)
        if i % 50 == 0:
            app.processEvents()
    app.processEvents()
    elapsed = time.perf_counter() - t0
    app.removeEventFilter(wedge)
    whole = sum(1 for a, b in zip(sent, got, strict=False) if a == b)
    return [
        Figure(
            f"wedge scans with capitals and GS chords, whole, of {n}", whole, "scans", goal=f"{n}"
        ),
        Figure(
            "wedge keys of those scans that reached the field", len(edit.text()), "chars", goal="0"
        ),
        Figure("wedge cost per scan, real scanner habits", elapsed / n * 1000, "ms"),
    ]


def run(quick: bool = False) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    figures = []
    with tempfile.TemporaryDirectory() as d, VirtualSerialPair(Path(d)) as pair:
        figures += serial_throughput(pair, 1000)
        figures += serial_throughput(pair, 1000, framing="etx")
        figures += latency(pair, 100 if quick else 500)
    figures += wedge_burst(200)
    figures += wedge_habits(1000)
    return figures
