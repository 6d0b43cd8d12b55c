"""Keyboard-wedge scanners told apart from people typing, by inter-key timing."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station.ui.scan_bus import ScanBus
from station.ui.wedge import WedgeFilter
from tests.ui.conftest import scan_keys


class FakeClock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


@pytest.fixture
def setup(qtbot, qapp):
    bus = ScanBus()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    wedge = WedgeFilter(bus, max_gap_ms=30, min_length=4)
    qapp.installEventFilter(wedge)
    yield bus, edit, wedge
    qapp.removeEventFilter(wedge)


@pytest.mark.parametrize("delay", [-1, 1, 3, 5])
def test_scanner_burst_goes_to_the_bus_not_the_field(qtbot, setup, delay):
    bus, edit, _ = setup
    entered = []
    edit.returnPressed.connect(lambda: entered.append(True))
    with qtbot.waitSignal(bus.scanned, timeout=2000) as blocker:
        scan_keys(qtbot, edit, "6901234000016", delay=delay)
    assert blocker.args[0].data == "6901234000016"
    assert blocker.args[0].source == "wedge"
    assert edit.text() == ""
    assert entered == []


def test_characters_that_keyboard_layouts_mangle_arrive_intact(qtbot, setup):
    bus, edit, _ = setup
    code = 'AB-12/3"x@Y'
    with qtbot.waitSignal(bus.scanned, timeout=2000) as blocker:
        scan_keys(qtbot, edit, code)
    assert blocker.args[0].data == code


def test_two_scans_back_to_back_stay_two(qtbot, setup):
    bus, edit, _ = setup
    got = []
    bus.scanned.connect(lambda s: got.append(s.data))
    scan_keys(qtbot, edit, "2611230001")
    scan_keys(qtbot, edit, "2611230002")
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got == ["2611230001", "2611230002"]
    assert edit.text() == ""


def test_human_typing_reaches_the_field(qtbot, setup):
    bus, edit, _ = setup
    with qtbot.assertNotEmitted(bus.scanned, wait=100):
        qtbot.keyClicks(edit, "abc9", delay=80)
        qtbot.waitUntil(lambda: edit.text() == "abc9")


def test_short_fast_entry_with_enter_is_a_scan_slow_is_typing(qtbot, setup):
    """Two characters and Enter at scanner speed are a (short) scan, never keys for a
    field or a hotkey; a person typing them is slower than the gap and types."""
    bus, edit, wedge = setup
    clock = FakeClock()
    wedge.clock = clock
    got, entered = [], []
    bus.scanned.connect(lambda s: got.append(s.data))
    edit.returnPressed.connect(lambda: entered.append(edit.text()))
    for ch in "12":
        qtbot.keyClick(edit, ch)
        clock.t += 0.004
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert got == ["12"] and edit.text() == "" and entered == []
    for ch in "12":
        qtbot.keyClick(edit, ch)
        clock.t += 0.15  # a person
    qtbot.waitUntil(lambda: edit.text() == "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert got == ["12"] and entered == ["12"]


def test_command_keys_pass_at_once(qtbot, setup):
    bus, edit, _ = setup
    edit.setText("hello")
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert edit.selectedText() == "hello"


def test_timing_decided_by_the_clock(qtbot, qapp, setup):
    """Same keys, same order: slow gaps are typing, fast gaps a scan."""
    bus, edit, wedge = setup
    clock = FakeClock()
    wedge.clock = clock
    got = []
    bus.scanned.connect(lambda s: got.append(s.data))
    for ch in "7788":
        qtbot.keyClick(edit, ch)
        clock.t += 0.2  # a person: 200 ms between keys
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert got == [] and edit.text() == "7788"
    edit.clear()
    for ch in "7788":
        qtbot.keyClick(edit, ch)
        clock.t += 0.004  # a scanner: 4 ms
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert got == ["7788"] and edit.text() == ""


def test_prefix_suffix_and_gs_standin_are_undone(qtbot, setup):
    from station.core.wedge_text import WedgeFormat

    bus, edit, wedge = setup
    wedge.text_format = WedgeFormat(prefix="#", suffix="!", gs_standin="^]")
    with qtbot.waitSignal(bus.scanned, timeout=2000) as blocker:
        scan_keys(qtbot, edit, "#]C1010690123400001610LOT7^]17261231!")
    scan = blocker.args[0]
    assert scan.symbology == "GS1_128"
    assert scan.data == "010690123400001610LOT7\x1d17261231"
