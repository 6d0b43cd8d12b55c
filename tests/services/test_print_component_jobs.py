"""A closed parcel's e-waybill through the station's normal path (documents service,
print queue) to a platform's simulated print component, and the component's
failures to the bench's standby printer, for each platform."""

from __future__ import annotations

import dataclasses

import pytest

from station.db.models import AuditEntry, PrintJob
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.simulators.print_component import SimulatedPrintComponent, task_problems
from station.services.devices import bench_printers
from station.services.documents import DocumentError, DocumentService
from station.services.printing import PrinterPair, PrintService
from tests.drivers.test_print_component import CUSTOM_TEMPLATE, PRINT_DATA
from tests.services.test_packing import ean, open_order, outcomes, session

DIALECTS = ("cainiao", "pdd", "douyin")


@pytest.fixture(params=DIALECTS)
def language(request):
    return request.param


@pytest.fixture
def primary(language):
    with SimulatedPrintComponent(language, printers=("GP-1324D",)) as sim:
        yield sim


@pytest.fixture
def standby(language):
    with SimulatedPrintComponent(language, printers=("Deli DL-888T",)) as sim:
        yield sim


def closed_parcel(demo_services, number="2611230005"):
    svc = demo_services.packing
    order = open_order(svc, number)
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    return svc.close(order, session()).parcel


def bench(demo_services, printer: str, standby: str = "", template: str = CUSTOM_TEMPLATE):
    s = demo_services.settings
    return dataclasses.replace(
        s,
        devices=dataclasses.replace(
            s.devices, printer=printer, standby_printer=standby, document_printer=""
        ),
        printing=dataclasses.replace(
            s.printing, component_custom_template=template, no_progress_seconds=0.5
        ),
    )


def station(demo_services, tmp_path, settings, print_data):
    """The documents service and print queue as the station builds them."""
    docs = DocumentService(lambda: settings, print_data=print_data)

    def printers(role):
        return bench_printers(settings, tmp_path, role)

    return docs, PrintService(demo_services.store.db, "b1", printers, attempts=1)


def test_a_closed_parcel_reaches_the_component_as_the_protocol_expects(
    demo_services, tmp_path, language, primary
):
    parcel = closed_parcel(demo_services)
    data = PRINT_DATA[language]
    settings = bench(demo_services, primary.printer_uri("GP-1324D"))
    docs, queue = station(demo_services, tmp_path, settings, lambda p: data)
    (job,) = docs.print_parcel(parcel, queue, None)
    assert queue.run_once() == 1
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.language, job.printer_uri) == (
        "done",
        language,
        settings.devices.printer,
    )
    (task,) = primary.wait_for_tasks(1)
    assert task_problems(task) == []
    assert (task["cmd"], task["version"], task["task"]["printer"]) == ("print", "1.0", "GP-1324D")
    (document,) = task["task"]["documents"]
    assert document["documentID"] == parcel.tracking_number
    standard, custom = document["contents"]
    assert standard == data
    key = "templateUrl" if language == "pdd" else "templateURL"
    assert custom[key] == CUSTOM_TEMPLATE
    area = custom["data"]
    assert area["order"] == area["barcode"] == "2611230005"
    assert [(i["sku"], i["qty"]) for i in area["items"]] == [("SOCK-5P", 2)]
    assert area["parcel"] == "1/1"


def test_a_reprint_sends_the_same_print_data_again(demo_services, tmp_path, language, primary):
    parcel = closed_parcel(demo_services)
    settings = bench(demo_services, primary.printer_uri("GP-1324D"))
    docs, queue = station(demo_services, tmp_path, settings, lambda p: PRINT_DATA[language])
    (job,) = docs.print_parcel(parcel, queue, None)
    queue.run_once()
    queue.reprint(PrintJob.get_by_id(job.id), None)
    queue.run_once()
    first, again = primary.wait_for_tasks(2)
    assert first["task"]["documents"] == again["task"]["documents"]
    assert first["task"]["taskID"] != again["task"]["taskID"]


@pytest.mark.parametrize("fault", ["fail_with", "refuse_with", "drop", "silent", "not_running"])
def test_a_component_failure_moves_the_job_to_the_standby_printer(
    demo_services, tmp_path, language, primary, standby, fault
):
    if fault == "not_running":
        primary.stop()
    elif fault in ("fail_with", "refuse_with"):
        setattr(primary, fault, "缺纸")
    else:
        setattr(primary, fault, True)
    parcel = closed_parcel(demo_services)
    settings = bench(
        demo_services, primary.printer_uri("GP-1324D"), standby.printer_uri("Deli DL-888T")
    )
    docs, queue = station(demo_services, tmp_path, settings, lambda p: PRINT_DATA[language])
    (job,) = docs.print_parcel(parcel, queue, None)
    queue.run_once()
    job = PrintJob.get_by_id(job.id)
    assert (job.status, job.printer_uri) == ("done", settings.devices.standby_printer)
    assert primary.printed == []
    (task,) = standby.wait_for_tasks(1)
    assert task["task"]["printer"] == "Deli DL-888T"
    assert task["task"]["documents"][0]["contents"][0] == PRINT_DATA[language]
    entry = AuditEntry.get(AuditEntry.action == "print_failover")
    assert settings.devices.printer in entry.details
    if fault in ("fail_with", "refuse_with"):
        assert "缺纸" in entry.details


def test_a_component_job_never_goes_to_a_label_printer(demo_services, tmp_path, primary):
    primary.fail_with = "缺纸"
    with SimulatedLabelPrinter() as label:
        parcel = closed_parcel(demo_services)
        settings = bench(demo_services, primary.printer_uri("GP-1324D"), label.uri)
        docs, queue = station(
            demo_services, tmp_path, settings, lambda p: PRINT_DATA[primary.language]
        )
        (job,) = docs.print_parcel(parcel, queue, None)
        queue.run_once()
        job = PrintJob.get_by_id(job.id)
        assert job.status == "failed" and "cannot print" in job.error
        assert label.jobs == []


def test_a_label_printer_job_never_goes_to_a_component(demo_services, primary):
    dead = SimulatedLabelPrinter()
    dead_uri = dead.uri
    dead.stop()  # nobody listens there: the standby would be next
    queue = PrintService(
        demo_services.store.db,
        "b1",
        lambda role: PrinterPair(
            open_printer(dead_uri, timeout=1), open_printer(primary.printer_uri("GP-1324D"))
        ),
        attempts=1,
    )
    job = queue.submit("waybill", b"^XA^XZ\n", language="zpl", document_ref="X1")
    queue.run_once()
    assert PrintJob.get_by_id(job.id).status == "failed"
    assert primary.tasks == []


def test_a_parcel_without_print_data_says_so(demo_services, tmp_path, language, primary):
    parcel = closed_parcel(demo_services)
    settings = bench(demo_services, primary.printer_uri("GP-1324D"))
    for print_data in (None, lambda p: None, lambda p: "not json", lambda p: "[1]"):
        docs, queue = station(demo_services, tmp_path, settings, print_data)
        with pytest.raises(DocumentError) as refused:
            docs.print_parcel(parcel, queue, None)
        assert refused.value.code == "no_print_data"
        assert refused.value.params["tracking"] == parcel.tracking_number
    assert PrintJob.select().count() == 0 and primary.tasks == []


def test_without_a_custom_template_the_standard_area_prints_alone(
    demo_services, tmp_path, language, primary
):
    parcel = closed_parcel(demo_services)
    settings = bench(demo_services, primary.printer_uri("GP-1324D"), template="")
    docs, queue = station(demo_services, tmp_path, settings, lambda p: PRINT_DATA[language])
    docs.print_parcel(parcel, queue, None)
    queue.run_once()
    (task,) = primary.wait_for_tasks(1)
    assert task["task"]["documents"][0]["contents"] == [PRINT_DATA[language]]
