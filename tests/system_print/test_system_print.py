"""``pdf+system://NAME`` and ``zpl+system://NAME``: documents drawn by Qt's print support
on a printer of the system's print system, here a private CUPS scheduler whose raw
queues send what Qt made (a PDF) to a simulated network printer. What comes out is
rasterised and its barcodes decoded."""

import io
import subprocess
import sys
import threading

import pytest
from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from station.config import Settings
from station.db.models import PrintJob
from station.drivers.errors import DeviceOffline
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.transports import system
from station.services.documents import DocumentService, sample_waybill_fields
from station.services.printing import PrinterPair, PrintService
from station.system_print import install, printer_names, split_pngs
from tests.barcodes import decode_pdf
from tests.cupsd import add_queue, needs_cupsd

pytestmark = needs_cupsd


@pytest.fixture
def renderer(qapp):
    install()
    yield
    system.set_system_renderer(None)


A4 = (210 * mm, 297 * mm)
WAYBILL = (100 * mm, 150 * mm)


def pdf_pages(codes: list[str], sizes=(A4,)) -> bytes:
    """A PDF of one page per code, each with that Code 128; page n of size sizes[n]
    (the last size for the rest)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n, code in enumerate(codes):
        c.setPageSize(sizes[min(n, len(sizes) - 1)])
        code128.Code128(code, barHeight=15 * mm, barWidth=0.4 * mm).drawOn(c, 15 * mm, 40 * mm)
        c.showPage()
    c.save()
    return buf.getvalue()


def run(fn, arg, failed: list) -> None:
    try:
        fn(arg)
    except Exception as exc:  # reported to the test's thread
        failed.append(exc)


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", "-"], input=pdf, capture_output=True)
    sizes = []
    for line in out.stdout.decode().splitlines():
        if " size:" in line and line.startswith("Page"):
            w, h = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append((round(float(w) / 72 * 25.4), round(float(h) / 72 * 25.4)))
    return sizes


def test_a_pdf_of_several_pages_comes_out_with_every_barcode_on_its_paper(cups, renderer):
    with SimulatedLabelPrinter() as sim:
        add_queue("Office_A4", sim.uri)
        assert "Office_A4" in printer_names()
        printer = open_printer("pdf+system://Office_A4", timeout=20)
        printer.print_job(pdf_pages(["SO2611230001", "SO2611230002"], sizes=(WAYBILL, A4)))
        (out,) = sim.wait_for_jobs(1, timeout=20)
        assert out.startswith(b"%PDF")
        assert page_sizes_mm(out) == [(100, 150), (210, 297)]
        assert decode_pdf(out, dpi=203) == [
            [("Code128", "SO2611230001")],
            [("Code128", "SO2611230002")],
        ]


def test_a_label_image_prints_at_its_size_through_a_graphics_driver(cups, renderer):
    with SimulatedLabelPrinter() as sim:
        add_queue("Gprinter_GP1324D", sim.uri)
        printer = open_printer("zpl+system://Gprinter_GP1324D?dpi=203", timeout=20)
        assert printer.job_language == "png"
        assert not printer.can_print("zpl") and printer.can_print("png")
        label = printer.test_label()
        # two labels, one job, printed from another thread, as the print queue's spooler does
        failed = []
        worker = threading.Thread(target=lambda: run(printer.print_job, label + label, failed))
        worker.start()
        worker.join(30)
        assert failed == []
        (out,) = sim.wait_for_jobs(1, timeout=20)
        assert page_sizes_mm(out) == [(100, 150), (100, 150)]
        assert decode_pdf(out, dpi=203) == [[("Code128", "STATION-TEST-123")]] * 2


def test_a_missing_printer_or_a_stopped_queue_fails_the_job(cups, renderer):
    missing = open_printer("pdf+system://No_Such_Printer")
    assert missing.status().online is False
    with pytest.raises(DeviceOffline, match="No_Such_Printer"):
        missing.print_job(pdf_pages(["X1"]))
    with SimulatedLabelPrinter() as sim:
        add_queue("Office_A4", sim.uri)
        subprocess.run(["cupsdisable", "-r", "toner empty", "Office_A4"], check=True)
        printer = open_printer("pdf+system://Office_A4", timeout=10)
        with pytest.raises(DeviceOffline, match="stopped"):
            printer.print_job(pdf_pages(["X2"]))
        pending = subprocess.run(
            ["lpstat", "-W", "not-completed", "-o", "Office_A4"], capture_output=True, text=True
        )
        assert pending.stdout == ""


def test_without_the_print_support_the_printer_says_so():
    system.set_system_renderer(None)
    with pytest.raises(DeviceOffline, match="print support"):
        open_printer("pdf+system://Office_A4").print_job(b"%PDF-1.4")


def test_label_images_are_split_whole_and_broken_ones_refused():
    from station.drivers.errors import DeviceError
    from station.drivers.printers.png_test import test_label

    a, b = test_label("A", [], "A1", dpi=203), test_label("B", ["二"], "B2", dpi=300)
    assert split_pngs(a + b + a) == [a, b, a]
    for bad in (a[:-5], a + b"junk", b"GIF89a", a + b[:20]):
        with pytest.raises(DeviceError):
            split_pngs(bad)


def test_the_cli_prints_a_test_label_on_a_system_printer(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("Label_1", sim.uri)
        r = subprocess.run(
            [sys.executable, "-m", "station", "devices", "test-label"]
            + ["--printer", "tspl+system://Label_1?dpi=300"],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        (out,) = sim.wait_for_jobs(1, timeout=20)
    assert page_sizes_mm(out) == [(100, 150)]
    assert decode_pdf(out, dpi=300) == [[("Code128", "STATION-TEST-123")]]
    r = subprocess.run(
        [sys.executable, "-m", "station", "devices", "test-label"]
        + ["--printer", "pdf+system://Not There"],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0 and "Not There" in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_a_waybill_for_a_graphics_driver_label_printer_goes_through_the_print_queue(
    cups, renderer, store, clock
):
    """The bench's label printer is ``zpl+system://``: the waybill is made as an image at
    its dpi, queued as a ``png`` job and printed by the print queue; the standby, a
    ZPL printer, may not take it (a label image sent as ZPL would print as garbage)."""
    fields = sample_waybill_fields()
    with SimulatedLabelPrinter() as sim, SimulatedLabelPrinter() as zpl_standby:
        add_queue("Xprinter_XP420B", sim.uri)
        address = "zpl+system://Xprinter_XP420B?dpi=300"
        docs = DocumentService(lambda: Settings().replace("devices", printer=address))
        assert docs.label_language() == "png"
        label = docs.render_waybill(fields, "png")
        two = docs.render_labels("waybill_100x150", [fields, fields], "png")
        assert split_pngs(two) == [label, label]

        def pair(role):
            return PrinterPair(
                open_printer(address, timeout=20), open_printer(zpl_standby.uri, timeout=2)
            )

        ps = PrintService(store.db, "b1", pair, clock=clock, attempts=1)
        job = ps.submit("waybill", label, language="png", document_ref=fields["tracking"])
        assert ps.run_once() == 1
        (out,) = sim.wait_for_jobs(1, timeout=20)
        assert PrintJob.get_by_id(job.id).status == "done"
        assert page_sizes_mm(out) == [(100, 150)]
        assert ("Code128", fields["tracking"]) in decode_pdf(out, dpi=300)[0]
        # the bench's printer gone: the job may not go to the ZPL standby
        subprocess.run(["lpadmin", "-x", "Xprinter_XP420B"], check=True)
        job = ps.submit("waybill", label, language="png", document_ref=fields["tracking"])
        ps.run_once()
        job = PrintJob.get_by_id(job.id)
        assert job.status == "failed" and "png" in job.error
        assert zpl_standby.wait_for_jobs(0) == []
