"""Printers against a real TCP listener on 127.0.0.1 and real pseudo-terminals."""

import threading

import pytest
import serial

from station.drivers.errors import DeviceOffline, DeviceTimeout
from station.drivers.printers import open_printer
from station.drivers.printers.status import PrinterStatus
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.transports.base import Deadline


@pytest.fixture
def zpl_printer():
    with SimulatedLabelPrinter(language="zpl") as sim:
        yield sim


def test_job_bytes_arrive_exactly(zpl_printer):
    printer = open_printer(zpl_printer.uri)
    job = printer.test_label()
    printer.print_job(job)
    assert zpl_printer.wait_for_jobs(1) == [job]
    # non-ASCII text as ^FH hex of its UTF-8 bytes: 打 is E6 89 93
    assert b"^FH^FD_E6_89_93_E5_8D_B0" in job and job.startswith(b"^XA")


def test_large_job_is_sent_whole_in_chunks(zpl_printer):
    job = b"^XA" + bytes(range(32, 127)) * 20000 + b"^XZ"  # ~1.9 MB graphic-sized job
    open_printer(zpl_printer.uri).print_job(job)
    assert zpl_printer.wait_for_jobs(1)[0] == job


@pytest.mark.parametrize(
    "flags",
    [
        {},
        {"paper_out": True},
        {"ribbon_out": True},
        {"head_open": True},
        {"paused": True},
        {"buffer_full": True},
    ],
)
def test_zpl_status_states(zpl_printer, flags):
    zpl_printer.status = PrinterStatus(**flags)
    status = open_printer(zpl_printer.uri).status()
    assert status.online
    assert status.problems == list(flags)
    assert zpl_printer.jobs == []  # a status query is not a job


@pytest.mark.parametrize("flags", [{}, {"paper_out": True, "head_open": True}, {"paper_jam": True}])
def test_tspl_status_states(flags):
    with SimulatedLabelPrinter(language="tspl", status=PrinterStatus(**flags)) as sim:
        status = open_printer(sim.uri).status()
    assert status.online and sorted(status.problems) == sorted(flags)


def test_printer_that_is_off_is_offline_at_once():
    """A refused connection is 'offline' straight away, not a wait for a limit: with a
    limit of ten minutes, the answer is DeviceOffline (the suite's timeout guards)."""
    with SimulatedLabelPrinter() as sim:
        uri = sim.uri
    printer = open_printer(uri, timeout=600)
    assert printer.status(timeout=600).online is False
    with pytest.raises(DeviceOffline):
        printer.print_job(b"^XA^XZ")


def test_printer_that_accepts_but_never_reads_does_not_hang_us():
    """The job fails once the printer took nothing for the no-progress limit, and the
    error says how far it got; the suite's timeout is the hang guard."""
    with SimulatedLabelPrinter(never_read=True) as sim:
        printer = open_printer(sim.uri, timeout=1.5)
        with pytest.raises(DeviceTimeout, match=r"took no data for 1.5 s \(\d+ of 8000000 "):
            printer.print_job(b"X" * 8_000_000)
        # the connection opens, nothing answers: "not answering", not "offline"
        status = printer.status(timeout=0.5)
        assert status.online and status.problems == ["not_answering"] and not status.ready


def test_the_no_progress_limit_restarts_whenever_the_device_takes_bytes():
    """A printer that reads a little every 20 s (printing a large graphic between)
    never trips a 30 s limit, however long the job; 30 s of nothing does."""
    now = [1000.0]
    deadline = Deadline(30, clock=lambda: now[0])
    for _ in range(10):  # 200 s in all, more than six times the limit
        now[0] += 20
        assert not deadline.expired() and deadline.left() == pytest.approx(10)
        deadline.restart()
    now[0] += 29.5
    assert not deadline.expired()
    now[0] += 1
    assert deadline.expired() and deadline.left() == 0


def test_usb_line_printer_device(serial_pair):
    """A /dev/usb/lp-style device file: here one end of a pty pair."""
    printer = open_printer(f"zpl+usb://{serial_pair.station_end}")
    job = printer.test_label()
    with serial.Serial(str(serial_pair.device_end), timeout=2) as device:
        printer.print_job(job)
        got = b""
        while len(got) < len(job):
            chunk = device.read(len(job) - len(got))
            assert chunk, "the job did not arrive"
            got += chunk
    assert got == job


def test_serial_printer_status(serial_pair):
    """A TSPL printer on a serial line answers <ESC>!? with its status byte."""
    heard = []
    # The printer's end is open before the station speaks: opening a serial
    # port empties its input buffer, which would swallow an early query.
    device = serial.Serial(str(serial_pair.device_end), timeout=3)

    def printer_side():
        with device:
            got = b""
            while b"\x1b!?" not in got:
                chunk = device.read(1)
                if not chunk:
                    return
                got += chunk
            heard.append(got)
            device.write(b"\x04")  # out of paper

    t = threading.Thread(target=printer_side)
    t.start()
    status = open_printer(f"tspl+serial://{serial_pair.station_end}?baud=9600").status(timeout=2)
    t.join(5)
    assert heard == [b"\x1b!?"]
    assert status.paper_out and status.problems == ["paper_out"]


def test_folder_printer_writes_one_file_per_job(tmp_path):
    printer = open_printer(f"pdf+file://{tmp_path / 'out'}")
    page = printer.test_label()
    printer.print_job(page)
    printer.print_job(page)
    files = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(files) == 2 and files[0].read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "out").glob(".job-*"))  # no half-written files
    assert printer.status().online


def test_folder_printer_whose_folder_cannot_be_made_is_offline(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    printer = open_printer(f"zpl+file://{blocker}/jobs")
    with pytest.raises(DeviceOffline):
        printer.print_job(b"^XA^XZ")
    assert printer.status().online is False
