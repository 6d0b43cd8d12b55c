"""``zpl+spool://NAME``: the bytes passed untouched to a named queue of the print system,
and the job's state read back from it, through a real private CUPS scheduler whose
raw queues send to simulated network printers (what reaches them is what the
queue printed)."""

import subprocess

import pytest

from station.db.models import AuditEntry, PrintJob
from station.drivers.errors import DeviceOffline, DeviceTimeout
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.transports.spool import (
    JOB_STATUS,
    CupsSpooler,
    JobState,
    Spooler,
    follow,
    windows_job_state,
)
from station.services.printing import PrinterPair, PrintService
from tests.cupsd import add_queue, needs_cupsd

# bytes a label printer takes that text tools would mangle: a graphic field's binary,
# a NUL, CR LF, UTF-8 Chinese, a high byte that is no UTF-8
LABEL = (
    b"^XA^CI28^FO20,20^A0N,30,30^FD\xe5\xbc\xa0\xe4\xbc\x9f 2611230001^FS\r\n"
    b"^FO20,80^GFB,8,8,1," + bytes(range(256)) + b"\x00\xff^FS\n^XZ"
)


def pending(queue: str) -> str:
    return subprocess.run(
        ["lpstat", "-W", "not-completed", "-o", queue], capture_output=True, text=True
    ).stdout


@needs_cupsd
def test_raw_bytes_reach_the_printer_untouched_and_the_job_is_done(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("Zebra_ZT410", sim.uri)
        printer = open_printer("zpl+spool://Zebra_ZT410", timeout=15)
        printer.print_job(LABEL)
        # the write returned only once CUPS said the job was done
        job = printer.transport.last_job
        assert job and CupsSpooler().job_state("Zebra_ZT410", job).state == "done"
        second = printer.test_label()
        printer.print_job(second)
        assert sim.wait_for_jobs(2, timeout=15) == [LABEL, second]
        status = printer.status()
        assert (status.online, status.known) == (True, True)


@needs_cupsd
def test_a_stopped_queue_fails_the_job_and_withdraws_it(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("Label_1", sim.uri)
        subprocess.run(["cupsdisable", "-r", "paper jam", "Label_1"], check=True)
        printer = open_printer("tspl+spool://Label_1", timeout=5)
        with pytest.raises(DeviceOffline, match="stopped"):
            printer.print_job(b"SIZE 100 mm,150 mm\r\nCLS\r\nPRINT 1\r\n")
        assert pending("Label_1") == ""  # withdrawn: it will not come out later
        assert printer.status().online is False
        subprocess.run(["cupsenable", "Label_1"], check=True)
        assert sim.wait_for_jobs(0) == []


@needs_cupsd
def test_a_rejecting_queue_and_a_missing_printer_are_offline(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("Label_1", sim.uri)
        subprocess.run(["cupsreject", "Label_1"], check=True)
        with pytest.raises(DeviceOffline, match="Label_1"):
            open_printer("zpl+spool://Label_1").print_job(LABEL)
    missing = open_printer("zpl+spool://No_Such_Printer")
    assert missing.status().online is False
    with pytest.raises(DeviceOffline):
        missing.print_job(LABEL)


@needs_cupsd
def test_a_printer_that_never_takes_the_job_times_out_and_is_withdrawn(cups):
    with SimulatedLabelPrinter() as sim:
        dead = sim.uri  # nobody listens there once the block ends
    add_queue("Gone", dead)
    printer = open_printer("zpl+spool://Gone", timeout=1)
    with pytest.raises((DeviceTimeout, DeviceOffline)) as failed:
        printer.print_job(LABEL)
    # CUPS keeps trying the dead printer (the job "printing", unchanged) or stops the queue
    assert "withdrawn" in str(failed.value) or "stopped" in str(failed.value)
    assert pending("Gone") == ""


@needs_cupsd
def test_a_job_the_spooler_cannot_print_fails_over_to_the_standby(cups, store, clock):
    with SimulatedLabelPrinter() as first, SimulatedLabelPrinter() as second:
        add_queue("Bench_Zebra", first.uri)
        add_queue("Spare_Zebra", second.uri)
        subprocess.run(["cupsdisable", "Bench_Zebra"], check=True)
        primary, standby = "zpl+spool://Bench_Zebra", "zpl+spool://Spare_Zebra"

        def pair(role):
            return PrinterPair(open_printer(primary, timeout=5), open_printer(standby, timeout=5))

        ps = PrintService(store.db, "b1", pair, clock=clock, attempts=1)
        job = ps.submit("waybill", LABEL, language="zpl", document_ref="2611230001")
        assert ps.run_once() == 1
        assert second.wait_for_jobs(1, timeout=15) == [LABEL]
        job = PrintJob.get_by_id(job.id)
        assert (job.status, job.printer_uri, job.attempts) == ("done", standby, 1)
        entry = AuditEntry.get(AuditEntry.action == "print_failover")
        assert "stopped" in entry.details and primary in entry.details
        assert pending("Bench_Zebra") == ""  # no second copy waiting on the stopped queue
        assert first.wait_for_jobs(0) == []


@pytest.mark.parametrize(
    "bits, state",
    [
        ((), "queued"),
        (("paused",), "queued"),
        (("spooling",), "printing"),
        (("printing",), "printing"),
        (("printing", "paper_out"), "error"),
        (("offline",), "error"),
        (("error", "printing"), "error"),
        (("user_intervention",), "error"),
        (("blocked_devq",), "error"),
        (("printed",), "done"),
        (("printed", "deleting"), "done"),
        (("complete",), "done"),
        (("deleting",), "error"),  # cancelled in the queue before it printed
        (("deleted",), "error"),
    ],
)
def test_windows_job_status_bits(bits, state):
    status = 0
    for name in bits:
        status |= JOB_STATUS[name]
    got = windows_job_state(status)
    assert got.state == state
    assert all(name in got.detail for name in bits)


def test_windows_bits_are_the_winspool_values():
    # winspool.h: JOB_STATUS_PAUSED 0x1 … JOB_STATUS_RENDERING_LOCALLY 0x4000, one bit each
    assert sorted(JOB_STATUS.values()) == [1 << i for i in range(15)]
    assert (JOB_STATUS["printed"], JOB_STATUS["paper_out"], JOB_STATUS["complete"]) == (
        0x80,
        0x40,
        0x1000,
    )


class ScriptedSpooler(Spooler):
    """A print system that answers a fixed series of job states, one a poll (a Windows
    spooler's, which this machine has not); the clock moves 6 s a poll."""

    name = "scripted"

    def __init__(self, states):
        self.states = list(states)
        self.now = 0.0
        self.cancelled = []

    def job_state(self, printer, job_id):
        self.now += 6.0
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]

    def cancel(self, printer, job_id):
        self.cancelled.append(job_id)

    # following a job asks only for its state and cancels it: the rest never runs here
    def available(self):
        return None

    def printers(self):
        return ["Label"]

    def submit(self, printer, data, *, title, raw, timeout):
        raise AssertionError("a scripted spooler follows a job, it takes none")

    def job_ids(self, printer):
        return {"7"}


def scripted_follow(spooler, timeout=10.0):
    return follow(spooler, "Label", "7", timeout, clock=lambda: spooler.now, sleep=lambda s: None)


def test_a_long_job_that_keeps_printing_pages_is_never_cut_off():
    pages = [JobState("printing", f"Printing, {n}/6 pages") for n in range(6)]
    spooler = ScriptedSpooler([JobState("queued", "waiting"), *pages, JobState("done")])
    assert scripted_follow(spooler).state == "done"
    assert spooler.now > 10 * 3 and spooler.cancelled == []  # far longer than the limit


def test_a_job_stuck_without_progress_is_withdrawn():
    spooler = ScriptedSpooler([JobState("printing", "Printing, 2/6 pages")])
    with pytest.raises(DeviceTimeout, match="still printing after 10 s"):
        scripted_follow(spooler)
    assert spooler.cancelled == ["7"]


def test_a_job_in_error_is_withdrawn_at_once():
    spooler = ScriptedSpooler(
        [JobState("printing", "Printing, 0/1 pages"), windows_job_state(0x10 | 0x40)]
    )
    with pytest.raises(DeviceOffline, match="paper_out"):
        scripted_follow(spooler)
    assert spooler.cancelled == ["7"]
