"""System print queues through a real, private CUPS scheduler.

The test starts its own ``cupsd`` on a socket in tmp_path, adds a queue that
sends to a simulated network printer, and prints through ``lp`` as the
station does.
"""

import subprocess

import pytest

from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from tests.cupsd import add_queue, needs_cupsd

pytestmark = needs_cupsd


def test_zpl_through_a_cups_queue(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("zebra", sim.uri)
        printer = open_printer("zpl+cups://zebra")
        job = printer.test_label()
        printer.print_job(job)
        assert sim.wait_for_jobs(1, timeout=15) == [job]
        assert printer.status().online
        printer.print_job(b"^XA^FDsecond^FS^XZ")
        # asking for the status never sends anything that would print
        assert sim.wait_for_jobs(2, timeout=15) == [job, b"^XA^FDsecond^FS^XZ"]


def test_pdf_through_a_cups_queue(cups):
    with SimulatedLabelPrinter() as sim:
        add_queue("office", sim.uri)
        printer = open_printer("pdf+cups://office")
        page = printer.test_label()
        printer.print_job(page)
        assert sim.wait_for_jobs(1, timeout=15)[0] == page


def test_disabled_queue_is_offline_and_unknown_queue_refused(cups):
    from station.drivers.errors import DeviceOffline

    with SimulatedLabelPrinter() as sim:
        add_queue("zebra", sim.uri)
        subprocess.run(["cupsdisable", "zebra"], check=True)
        assert open_printer("zpl+cups://zebra").status().online is False
    with pytest.raises(DeviceOffline):
        open_printer("zpl+cups://no_such_queue").print_job(b"^XA^XZ")
