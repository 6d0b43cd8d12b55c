"""The print queue against real TCP printers on 127.0.0.1."""

from datetime import timedelta

import pytest

from station.config import PrintingSettings, Settings
from station.db.models import AuditEntry, PrintJob
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.services.operators import OperatorService
from station.services.printing import PrinterPair, PrintService, Spooler

JOB = b"^XA^FO50,50^A0N,40,40^FDSO 2611230001^FS^XZ\n"


@pytest.fixture
def packer(store):
    return OperatorService(store.db, "b1").create("张伟", "packer", "1357")


@pytest.fixture
def primary():
    with SimulatedLabelPrinter() as sim:
        yield sim


@pytest.fixture
def standby():
    with SimulatedLabelPrinter() as sim:
        yield sim


def dead_printer_uri():
    with SimulatedLabelPrinter() as sim:
        return sim.uri  # closed when the block ends: nobody listens there


def service(store, clock, primary_uri, standby_uri=None, **kw):
    def pair(role):
        return PrinterPair(
            open_printer(primary_uri, timeout=1) if primary_uri else None,
            open_printer(standby_uri, timeout=1) if standby_uri else None,
        )

    return PrintService(store.db, "b1", pair, clock=clock, **kw)


def test_job_prints_and_is_recorded(store, clock, primary, packer):
    ps = service(store, clock, primary.uri)
    job = ps.submit("waybill", JOB, language="zpl", document_ref="2611230001", operator=packer)
    assert ps.run_once() == 1
    assert primary.wait_for_jobs(1) == [JOB]
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.printer_uri, job.operator.name) == ("done", primary.uri, "张伟")
    assert job.printed_at == clock.now


def test_failed_printer_fails_over_to_standby(store, clock, standby):
    dead = dead_printer_uri()
    ps = service(store, clock, dead, standby.uri, attempts=2)
    job = ps.submit("waybill", JOB, language="zpl", document_ref="2611230002")
    ps.run_once()
    assert standby.wait_for_jobs(1) == [JOB]
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.printer_uri, job.attempts) == ("done", standby.uri, 2)
    entry = AuditEntry.get(AuditEntry.action == "print_failover")
    assert dead in entry.details and standby.uri in entry.details


def test_both_printers_down_is_a_visible_failure_then_retry(store, clock, packer):
    dead = dead_printer_uri()
    ps = service(store, clock, dead, dead_printer_uri())
    job = ps.submit("waybill", JOB, language="zpl", document_ref="2611230003")
    ps.run_once()
    job = PrintJob.get_by_id(job.id)
    assert job.status == "failed" and job.error
    assert ps.waiting() == [job]
    with SimulatedLabelPrinter() as back:
        ps2 = service(store, clock, back.uri)
        ps2.retry(job, packer)
        ps2.run_once()
        assert back.wait_for_jobs(1) == [JOB]
    assert PrintJob.get_by_id(job.id).status == "done"


def test_a_job_that_waited_too_long_is_held_until_confirmed(store, clock, primary, packer):
    ps = service(store, clock, primary.uri, stale_after=timedelta(minutes=30))
    job = ps.submit("waybill", JOB, language="zpl", document_ref="2611230004")
    clock.now += timedelta(hours=1)  # the printer was off for an hour
    ps.run_once()
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.held_reason) == ("held", "stale")
    assert primary.jobs == []
    ps.confirm(job, packer)
    ps.run_once()
    assert primary.wait_for_jobs(1) == [JOB]
    job = PrintJob.get_by_id(job.id)
    assert job.status == "done" and job.confirmed_by.name == "张伟"
    assert AuditEntry.get(AuditEntry.action == "print_confirmed").operator.name == "张伟"


def test_jobs_survive_a_restart_and_an_interrupted_one_is_held(store, clock, primary):
    ps = service(store, clock, primary.uri)
    waiting = ps.submit("waybill", JOB, language="zpl", document_ref="A")
    caught = ps.submit("waybill", JOB, language="zpl", document_ref="B")
    PrintJob.update(status="printing").where(PrintJob.id == caught.id).execute()  # crash mid-print
    # the station starts again
    ps2 = service(store, clock, primary.uri)
    assert ps2.recover() == 1
    ps2.run_once()
    assert PrintJob.get_by_id(waiting.id).status == "done"
    caught = PrintJob.get_by_id(caught.id)
    assert (caught.status, caught.held_reason) == ("held", "interrupted")
    assert primary.wait_for_jobs(1) == [JOB]


def test_reprint_is_a_new_job_with_the_same_bytes(store, clock, primary, packer):
    ps = service(store, clock, primary.uri)
    first = ps.submit("waybill", JOB, language="zpl", document_ref="2611230005")
    ps.run_once()
    again = ps.reprint(PrintJob.get_by_id(first.id), packer)
    ps.run_once()
    assert primary.wait_for_jobs(2) == [JOB, JOB]
    assert PrintJob.get_by_id(again.id).reprint_of_id == first.id
    assert AuditEntry.get(AuditEntry.action == "reprint").operator.name == "张伟"


def test_spooler_thread_prints_without_the_caller_waiting(store, primary):
    ps = PrintService(
        store.db, "b1", lambda role: PrinterPair(open_printer(primary.uri, timeout=1))
    )
    spooler = Spooler(ps, interval=0.2).start()
    try:
        for n in range(5):
            ps.submit("waybill", JOB + str(n).encode(), language="zpl", document_ref=f"S{n}")
        jobs = primary.wait_for_jobs(5)
    finally:
        spooler.stop()
    assert jobs == [JOB + str(n).encode() for n in range(5)]  # in order


def test_hung_printer_fails_over_in_bounded_time(store, clock, standby):
    """A printer that takes the connection and then no byte fails the try after the
    bench's no-progress limit (set small here), and the job goes to the standby.

    No wall-clock assertion: the bound is the limit itself, checked by the error it
    leaves, and the suite's timeout guards against a hang. The standby keeps the
    default limit, so a 6 MB job that a loaded machine sends slowly still goes whole."""
    limit = Settings().replace("printing", no_progress_seconds=0.5).printing.no_progress_seconds
    with SimulatedLabelPrinter(never_read=True) as hung:
        ps = PrintService(
            store.db,
            "b1",
            lambda role: PrinterPair(
                open_printer(hung.uri, timeout=limit),
                open_printer(standby.uri, timeout=PrintingSettings().no_progress_seconds),
            ),
            clock=clock,
            attempts=1,
        )
        big = b"^XA" + b"X" * 6_000_000 + b"^XZ"
        job = ps.submit("waybill", big, language="zpl", document_ref="BIG")
        assert ps.run_once() == 1
    assert standby.wait_for_jobs(1, timeout=60)[0] == big
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.printer_uri, job.attempts) == ("done", standby.uri, 1)
    failover = AuditEntry.get(AuditEntry.action == "print_failover")
    assert hung.uri in failover.details and "took no data for 0.5 s" in failover.details


def test_a_person_acts_only_on_the_job_as_it_still_is(store, clock, primary, packer):
    """Cancel, confirm and retry move a job only from the state the person saw: a job
    the spooler took meanwhile is neither cancelled under it nor queued again."""
    ps = service(store, clock, primary.uri)
    job = ps.submit("waybill", JOB, language="zpl", document_ref="SEEN-QUEUED")
    seen = PrintJob.get_by_id(job.id)  # the list on the screen
    ps.run_once()  # the spooler printed it meanwhile
    assert ps.cancel(seen, packer) is False
    assert ps.confirm(seen, packer) is False and ps.retry(seen, packer) is False
    assert PrintJob.get_by_id(job.id).status == "done"
    assert (
        not AuditEntry.select()
        .where(AuditEntry.action.in_(["print_cancelled", "print_confirmed", "print_retry"]))
        .exists()
    )
    assert primary.wait_for_jobs(1) == [JOB]
    other = ps.submit("waybill", JOB, language="zpl", document_ref="CANCEL-ME")
    assert ps.cancel(PrintJob.get_by_id(other.id), packer) is True
    assert ps.run_once() == 0 and PrintJob.get_by_id(other.id).status == "cancelled"
