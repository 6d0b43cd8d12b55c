"""A voided waybill is never printed again: not reprinted, not confirmed, not retried,
and a copy still waiting in the queue is cancelled instead of printed."""

from __future__ import annotations

import pytest

from station.db.models import Operator, PrintJob
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.services.printing import PrinterPair, PrintRefused, PrintService
from tests.services.test_packing import ean, open_order, outcomes, session


@pytest.fixture
def printer():
    with SimulatedLabelPrinter() as sim:
        yield sim


def closed_parcel(demo_services):
    svc = demo_services.packing
    order = open_order(svc, "2611230005")
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    result = svc.close(order, session())
    return result


@pytest.mark.parametrize("status", ["done", "held", "failed"])
def test_no_path_prints_a_voided_waybill(demo_services, printer, status):
    ps = PrintService(
        demo_services.store.db, "b1", lambda role: PrinterPair(open_printer(printer.uri))
    )
    result = closed_parcel(demo_services)
    job = ps.submit("waybill", b"^XA^XZ\n", language="zpl", document_ref=result.tracking_number)
    PrintJob.update(status=status).where(PrintJob.id == job.id).execute()
    job = PrintJob.get_by_id(job.id)
    sup = Operator.get(Operator.name == "王芳")
    demo_services.packing.void_parcel(result.parcel, sup, "torn")
    action = {"done": ps.reprint, "held": ps.confirm, "failed": ps.retry}[status]
    with pytest.raises(PrintRefused) as refused:
        action(job, sup)
    assert refused.value.code == "print.voided_waybill"
    assert ps.run_once() == 0 and printer.jobs == []
    assert PrintJob.select().count() == 1


def test_a_queued_copy_of_a_voided_waybill_is_cancelled_not_printed(demo_services, printer):
    ps = PrintService(
        demo_services.store.db, "b1", lambda role: PrinterPair(open_printer(printer.uri))
    )
    result = closed_parcel(demo_services)
    other = ps.submit("packing_list", b"%PDF", language="pdf", document_ref="2611230005")
    job = ps.submit("waybill", b"^XA^XZ\n", language="zpl", document_ref=result.tracking_number)
    demo_services.packing.void_parcel(result.parcel, Operator.get(Operator.name == "王芳"), "x")
    assert ps.run_once() == 2
    assert PrintJob.get_by_id(job.id).status == "cancelled"
    assert PrintJob.get_by_id(other.id).status == "done"  # only the voided number is stopped
    assert printer.wait_for_jobs(1) == [b"%PDF"]


def test_a_waybill_not_voided_reprints(demo_services, printer):
    ps = PrintService(
        demo_services.store.db, "b1", lambda role: PrinterPair(open_printer(printer.uri))
    )
    result = closed_parcel(demo_services)  # closed, not voided
    job = ps.submit("waybill", b"^XA^XZ\n", language="zpl", document_ref=result.tracking_number)
    ps.run_once()
    again = ps.reprint(PrintJob.get_by_id(job.id), None)
    ps.run_once()
    assert again.reprint_of_id == job.id and len(printer.wait_for_jobs(2)) == 2
