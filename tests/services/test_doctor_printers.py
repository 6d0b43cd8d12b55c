"""``station doctor`` lists the print system's printers and names each configured
printer address that points at one that is not there (a private CUPS scheduler)."""

import json
import subprocess
import sys

from station.config import Settings
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.paths import DataDir
from station.services.doctor import run_checks
from tests.cupsd import add_queue, needs_cupsd


def checks_of(tmp_path, **devices):
    settings = Settings().replace("devices", **devices)
    return {c.name: c for c in run_checks(DataDir(tmp_path / "bench"), settings, timeout=0.5)}


@needs_cupsd
def test_doctor_lists_the_printers_and_names_the_missing_one(cups, tmp_path):
    with SimulatedLabelPrinter() as sim:
        add_queue("Zebra_ZT410", sim.uri)
        add_queue("Office_A4", sim.uri)
        check = checks_of(
            tmp_path,
            printer="zpl+spool://Zebra_ZT410?dpi=300",
            standby_printer="tspl+system://Spare_Label",
            document_printer="pdf+cups://Office_A4",
        )["system_printers"]
    assert check.ok is False
    assert sorted(check.data["printers"]) == ["Office_A4", "Zebra_ZT410"]
    assert check.data["missing"] == {"standby_printer": "Spare_Label"}
    assert "Zebra_ZT410" in check.detail and "NOT FOUND: standby_printer 'Spare_Label'" in (
        check.detail
    )


@needs_cupsd
def test_doctor_is_content_when_every_system_printer_is_there(cups, tmp_path):
    with SimulatedLabelPrinter() as sim:
        add_queue("Zebra_ZT410", sim.uri)
        check = checks_of(
            tmp_path, printer="zpl+spool://Zebra_ZT410", document_printer="pdf+file:///tmp"
        )["system_printers"]
    assert (check.ok, check.data["missing"], check.data["printers"]) == (True, {}, ["Zebra_ZT410"])


def test_doctor_without_system_printers_configured_never_fails_on_them(tmp_path):
    check = checks_of(tmp_path, printer="zpl+tcp://127.0.0.1:9100")["system_printers"]
    assert check.ok is True and check.data["missing"] == {}


@needs_cupsd
def test_station_doctor_json_names_the_missing_printer(cups, tmp_path):
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "settings.json").write_text(
        json.dumps({"version": 2, "devices": {"document_printer": "pdf+system://HP LaserJet 400"}})
    )
    with SimulatedLabelPrinter() as sim:
        add_queue("Office_A4", sim.uri)
        r = subprocess.run(
            [sys.executable, "-m", "station", "doctor", "--json", "--data-dir", str(bench)],
            capture_output=True,
            text=True,
        )
    checks = {c["check"]: c for c in map(json.loads, r.stdout.splitlines())}
    printers = checks["system_printers"]
    assert printers["ok"] is False and r.returncode == 1
    assert printers["printers"] == ["Office_A4"]
    assert printers["missing"] == {"document_printer": "HP LaserJet 400"}
    assert "Traceback" not in r.stderr


def test_a_print_service_that_is_not_running_is_said_not_taken_for_no_printers(
    tmp_path, monkeypatch
):
    """``lpstat -e`` prints nothing, exit 0, both with no printers and with no
    scheduler to ask; the doctor must tell the second apart and say how to start it."""
    import shutil

    import pytest

    if shutil.which("lpstat") is None:
        pytest.skip("needs cups-client (./quickstart.sh installs it)")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd-here.sock"))
    wanted = checks_of(tmp_path, printer="zpl+spool://Zebra_ZT410")["system_printers"]
    assert wanted.ok is False
    assert "not running" in wanted.detail and "Zebra_ZT410" not in wanted.data["printers"]
    assert "needed by printer" in wanted.detail
    # nothing configured needs it: said, but not a failure
    calm = checks_of(tmp_path)["system_printers"]
    assert calm.ok is True and "not running" in calm.detail
