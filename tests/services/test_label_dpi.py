"""The bench's label printer's resolution, from its address (``?dpi=``) or its
setting (``devices.printer_dpi``), reaches every label the bench prints: a
closed parcel's waybill through the print queue to a TCP printer on
127.0.0.1, putaway plates, test labels, the CLI."""

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from station.config import Settings, SettingsError
from station.core.scan import Scan
from station.db.models import Operator, Parcel, PrintJob
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.resources import read_json
from station.services.devices import bench_printers, make_printer
from station.services.documents import DocumentService, sample_waybill_fields
from station.services.operators import Session
from tests.barcodes import decode_zpl, render_zpl

SAMPLE = sample_waybill_fields()


def width(zpl: bytes) -> int:
    return int(re.search(rb"\^PW(\d+)", zpl).group(1))


def settings(**devices) -> Settings:
    return Settings().replace("devices", **devices)


@pytest.mark.parametrize(
    "devices,dpi",
    [
        ({}, 203),
        ({"printer": "zpl+tcp://10.0.0.5:9100"}, 203),
        ({"printer": "zpl+tcp://10.0.0.5:9100?dpi=300"}, 300),
        ({"printer": "zpl+tcp://10.0.0.5:9100", "printer_dpi": 600}, 600),
        ({"printer": "zpl+tcp://10.0.0.5:9100?dpi=600", "printer_dpi": 600}, 600),
        ({"printer": "tspl+serial:///dev/ttyUSB0?baud=9600&dpi=300"}, 300),
        ({"printer": "sim?dpi=600"}, 600),
        ({"printer": "zpl+usb:///dev/usb/lp0", "printer_dpi": 300}, 300),
    ],
)
def test_the_bench_label_printers_dpi(devices, dpi, tmp_path):
    s = settings(**devices)
    docs = DocumentService(lambda: s)
    assert docs.label_dpi() == dpi
    zpl = docs.render_waybill(SAMPLE, "zpl")
    assert width(zpl) == round(100 * dpi / 25.4)
    tspl = docs.render_labels("waybill_100x150", [SAMPLE], "tspl").decode(
        "latin-1"
    )  # BITMAP data is binary; commands are ASCII
    assert tspl.startswith("SIZE 100 mm,150 mm")  # TSPL sizes are millimetres
    if s.devices.printer:
        assert bench_printers(s, tmp_path, "label").primary.dpi == dpi


@pytest.mark.parametrize(
    "devices,code",
    [
        ({"printer_dpi": 250}, "settings.printer_dpi"),
        ({"standby_printer_dpi": 150}, "settings.printer_dpi"),
        ({"printer": "zpl+tcp://h?dpi=300", "printer_dpi": 203}, "settings.printer_dpi_conflict"),
        (
            {"standby_printer": "zpl+tcp://h?dpi=600", "standby_printer_dpi": 300},
            "settings.printer_dpi_conflict",
        ),
    ],
)
def test_a_dpi_setting_that_cannot_be_is_refused_with_its_key(devices, code):
    with pytest.raises(SettingsError) as exc:
        settings(**devices)
    assert exc.value.code == code and exc.value.key.endswith("_dpi")


@pytest.mark.parametrize("dpi", [300, 600])
@pytest.mark.parametrize("how", ["address", "setting"])
def test_a_closed_parcels_waybill_reaches_the_printer_laid_out_for_it(demo_services, dpi, how):
    """Pack-out to paper: close a parcel, print it through the queue to a TCP printer;
    the job, emulated at the printer's dpi, is 100x150 mm and its barcodes scan."""
    with SimulatedLabelPrinter() as sim:
        address, setting = (f"{sim.uri}?dpi={dpi}", 0) if how == "address" else (sim.uri, dpi)
        demo_services.settings = demo_services.settings.replace(
            "devices", printer=address, printer_dpi=setting, standby_printer="", document_printer=""
        )
        svc = demo_services.packing
        who = Session(Operator.get(Operator.name == "张伟"), "b")
        _, state = svc.open(Scan("2611230005"), who)
        ean = next(p for p in read_json("demo", "products.json") if p["sku"] == "SOCK-5P")
        code = ean["barcodes"][0]["code"]
        for n in range(2):
            at = datetime.now(UTC) + timedelta(seconds=n)
            svc.scan_item(state.order, Scan(code, at=at), who)
        result = svc.close(state.order, who, weight_g=470)
        parcel = Parcel.get_by_id(result.parcel.id)
        (job,) = demo_services.documents.print_parcel(parcel, demo_services.printing, who.operator)
        demo_services.printing.run_once()
        (sent,) = sim.wait_for_jobs(1)
    assert PrintJob.get_by_id(job.id).status == "done"
    (img,) = render_zpl(sent, dpi)
    assert round(img.width * 25.4 / dpi) == 100 and round(img.height * 25.4 / dpi) == 150
    assert decode_zpl(sent, dpi) == [
        sorted(
            [
                ("Code128", "2611230005"),
                ("Code128", result.tracking_number),
                ("QRCode", result.tracking_number),  # the waybill number as QR
            ]
        )
    ]


@pytest.mark.parametrize("language", ["zpl", "tspl"])
@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_test_label_is_laid_out_for_the_printer(language, dpi):
    with SimulatedLabelPrinter(language=language) as sim:
        printer = open_printer(f"{sim.uri}?dpi={dpi}")
        printer.print_job(printer.test_label())
        (sent,) = sim.wait_for_jobs(1)
    if language == "zpl":
        # (its Chinese line is in the printer's font, which the emulator lacks: not decoded)
        assert width(sent) == round(100 * dpi / 25.4)
        assert int(re.search(rb"\^LL(\d+)", sent).group(1)) == round(150 * dpi / 25.4)
        assert int(re.search(rb"\^BY(\d+)", sent).group(1)) * 25.4 / dpi >= 0.25
    else:
        text = sent.decode("latin-1")  # BITMAP data is binary; commands are ASCII
        narrow = int(re.search(r'BARCODE \d+,\d+,"128",\d+,1,0,(\d+),', text).group(1))
        assert narrow * 25.4 / dpi >= 0.25


def test_the_standby_printer_of_another_dpi_gets_no_label(store, clock):
    """A label laid out for the bench's 203-dpi printer would come out at two thirds
    of its size on a 300-dpi standby: it is not sent there, and the job says why."""
    from station.services.printing import PrinterPair, PrintService

    with SimulatedLabelPrinter() as dead, SimulatedLabelPrinter() as standby:
        dead_uri = dead.uri
        dead.stop()
        for standby_dpi, sent in ((300, False), (203, True)):

            def pair(role, d=standby_dpi):
                return PrinterPair(
                    open_printer(dead_uri, timeout=1), open_printer(f"{standby.uri}?dpi={d}")
                )

            ps = PrintService(store.db, "b1", pair, clock=clock, attempts=1)
            job = ps.submit("waybill", b"^XA^XZ\n", language="zpl")
            ps.run_once()
            job = PrintJob.get_by_id(job.id)
            if sent:
                assert job.status == "done" and standby.wait_for_jobs(1)
            else:
                assert job.status == "failed" and "300 dpi" in job.error
                assert standby.jobs == []


def test_sim_printer_keeps_its_dpi(tmp_path):
    assert make_printer("sim?dpi=300", tmp_path).dpi == 300
    assert make_printer("sim", tmp_path, dpi=600).dpi == 600
    assert make_printer("sim", tmp_path).dpi == 203


def station(*args):
    return subprocess.run(
        [sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("dpi", ["300", "600"])
def test_cli_waybill_for_a_dpi(tmp_path, dpi):
    out = tmp_path / "w.zpl"
    r = station("label", "waybill", "--sample", "--format", "zpl", "--dpi", dpi, "-o", str(out))
    assert r.returncode == 0, r.stderr
    zpl = out.read_bytes()
    assert width(zpl) == round(100 * int(dpi) / 25.4)
    assert decode_zpl(zpl, int(dpi)) == [
        sorted(
            [
                ("Code128", SAMPLE["order"]),
                ("Code128", SAMPLE["tracking"]),
                ("QRCode", SAMPLE["qr"]),
            ]
        )
    ]


@pytest.mark.parametrize("dpi", ["250", "0", "high"])
def test_cli_refuses_an_unsupported_dpi_by_name(tmp_path, dpi):
    r = station("label", "waybill", "--sample", "--format", "zpl", "--dpi", dpi, "-o", "x.zpl")
    assert r.returncode == 2 and "--dpi" in r.stderr and "Traceback" not in r.stderr


def test_cli_refuses_an_unknown_printer_option_by_name():
    r = station("devices", "status", "--printer", "zpl+tcp://127.0.0.1:9?dip=300")
    assert r.returncode == 2 and "'dip'" in r.stdout and "Traceback" not in r.stderr
