"""The IT person's commands, run as a subprocess against simulated devices."""

import json
import subprocess
import sys

from station.drivers.printers.status import PrinterStatus
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.drivers.simulators.scale import SimulatedSerialScale
from station.drivers.simulators.serial_scanner import SimulatedSerialScanner
from station.drivers.simulators.vserial import VirtualSerialPair


def station(*args, stdin=None, timeout=20):
    r = subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
    )
    return r.returncode, [json.loads(line) for line in r.stdout.splitlines()], r.stderr


def test_test_label_and_print_file(tmp_path):
    with SimulatedLabelPrinter() as sim:
        rc, out, _ = station("devices", "test-label", "--printer", sim.uri)
        assert rc == 0 and out[0]["type"] == "printed"
        f = tmp_path / "label.zpl"
        f.write_bytes(b"^XA^FDhello^FS^XZ")
        rc, out, _ = station("devices", "print", "--printer", sim.uri, str(f))
        assert rc == 0 and out[0]["bytes"] == 17
        jobs = sim.wait_for_jobs(2)
    assert jobs[0].startswith(b"^XA") and jobs[1] == b"^XA^FDhello^FS^XZ"


def test_status_reports_problems_and_exit_code():
    with SimulatedLabelPrinter(language="tspl", status=PrinterStatus(ribbon_out=True)) as sim:
        rc, out, _ = station("devices", "status", "--printer", sim.uri)
    assert rc == 1 and out[0]["problems"] == ["ribbon_out"]


def test_bad_uri_is_a_json_error_with_exit_2():
    rc, out, stderr = station("devices", "status", "--printer", "epl+tcp://x")
    assert rc == 2 and out[0]["error"] == "device_uri" and "epl" in out[0]["message"]
    assert "Traceback" not in stderr


def test_listen_to_a_serial_scanner(tmp_path):
    with VirtualSerialPair(tmp_path / "tty") as pair:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "station",
                "devices",
                "listen",
                "--count",
                "2",
                "--seconds",
                "15",
                "--scanner",
                f"serial://{pair.station_end}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = json.loads(proc.stdout.readline())  # connected
        assert first == {"type": "state", "state": "connected", "detail": str(pair.station_end)}
        sim = SimulatedSerialScanner(str(pair.device_end))
        sim.scan("6901234000016")
        sim.scan("0106901234000016", aim="]C1")
        sim.close()
        out, _ = proc.communicate(timeout=15)
    scans = [json.loads(line) for line in out.splitlines() if '"scan"' in line]
    assert [s["data"] for s in scans] == ["6901234000016", "0106901234000016"]
    assert scans[1]["symbology"] == "GS1_128"
    assert scans[0]["understood"]["gtin"]["format"] == "GTIN_13"


def test_listen_to_a_wedge_scanner_on_stdin():
    rc, out, _ = station("devices", "listen", "--scanner", "wedge", stdin="2611230001\nABC\n")
    assert rc == 0 and [o["data"] for o in out] == ["2611230001", "ABC"]


def test_weigh(tmp_path):
    with VirtualSerialPair(tmp_path / "tty") as pair:
        sim = SimulatedSerialScale(str(pair.device_end), grams=1432).start()
        try:
            rc, out, _ = station(
                "devices", "weigh", "--scale", f"mtsics+serial://{pair.station_end}"
            )
        finally:
            sim.stop()
    assert rc == 0 and out[0]["grams"] == "1432.000" and out[0]["stable"] is True


def test_weigh_unplugged_scale(tmp_path):
    rc, out, _ = station("devices", "weigh", "--scale", f"mtsics+serial://{tmp_path}/gone")
    assert rc == 1 and out[0]["error"] == "device_offline"


def test_list_shows_configured_devices(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"version": 3, "devices": {"scanner": "wedge", "printer": "zpl+tcp://h"}})
    )
    (tmp_path / "station.sqlite3").touch()
    rc, out, _ = station("devices", "list", "--data-dir", str(tmp_path))
    configured = [o for o in out if o["type"] == "configured"]
    assert rc == 0
    assert {(c["role"], c["valid"]) for c in configured} == {("scanner", True), ("printer", True)}


def test_barcode_parse():
    rc, out, _ = station("barcode", "parse", "]C1010690123400001610LOT7|17261200", "--gs", "|")
    assert rc == 0
    elements = {e["ai"]: e for e in out[0]["gs1"]}
    assert elements["10"]["value"] == "LOT7"
    assert elements["17"]["date"] == "2026-12-31"  # day 00 is the month's last day
    rc, out, _ = station("barcode", "parse", "6901234000017")
    assert rc == 1 and "check digit" in out[0]["refused"]


def test_a_print_components_printers_status_and_a_document_printed(tmp_path):
    from station.drivers.simulators.print_component import SimulatedPrintComponent

    with SimulatedPrintComponent("douyin", printers=("GP-1324D", "汉印 N41")) as sim:
        rc, out, _ = station("devices", "printers", "--printer", sim.uri)
        assert rc == 0
        assert [(o["name"], o["default"]) for o in out] == [("GP-1324D", True), ("汉印 N41", False)]
        assert out[1]["uri"] == f"{sim.uri}?printer=汉印%20N41"
        rc, out, _ = station("devices", "status", "--printer", out[1]["uri"])
        assert rc == 0 and out[0]["online"] is True
        document = {"documentID": "YT1", "contents": [{"encryptedData": "x", "signature": "y"}]}
        f = tmp_path / "waybill.json"
        f.write_text(json.dumps(document), encoding="utf-8")
        rc, out, _ = station("devices", "print", "--printer", sim.printer_uri(), str(f))
        assert rc == 0 and out[0]["type"] == "printed"
        assert sim.printed == [document]
        sim.fail_with = "缺纸"
        rc, out, stderr = station("devices", "print", "--printer", sim.printer_uri(), str(f))
        assert rc == 1 and out[0]["error"] == "device_print_failed" and "缺纸" in out[0]["message"]
        assert "Traceback" not in stderr
    rc, out, _ = station("devices", "printers", "--printer", sim.uri)  # no longer running
    assert rc == 1 and out[0]["error"] == "device_offline"
    rc, out, _ = station("devices", "status", "--printer", sim.printer_uri())
    assert rc == 1 and out[0]["online"] is False
    rc, out, _ = station("devices", "printers", "--printer", "zpl+tcp://127.0.0.1:9100")
    assert rc == 2 and "not a print component" in out[0]["message"]


def test_listen_to_a_scanner_framing_reads_with_stx_etx(tmp_path):
    """Two STX … ETX reads with no CR, back to back: two scan lines (issue 14, part 2)."""
    with VirtualSerialPair(tmp_path / "tty") as pair:
        proc = subprocess.Popen(
            [sys.executable, "-m", "station", "devices", "listen", "--count", "3"]
            + ["--seconds", "15", "--scanner", f"serial://{pair.station_end}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert json.loads(proc.stdout.readline())["state"] == "connected"
        sim = SimulatedSerialScanner(str(pair.device_end))
        sim.write_raw(b"\x020106901234000030\x03\x020106901234000023\x03")
        sim.write_raw(b"\x02]d2010690123400001610LOT7\x1d17271231\x03\x41")  # with an LRC byte
        sim.close()
        out, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0
    scans = [json.loads(line) for line in out.splitlines() if '"scan"' in line]
    assert [(s["data"], s["symbology"]) for s in scans] == [
        ("0106901234000030", None),
        ("0106901234000023", None),
        ("010690123400001610LOT7\x1d17271231", "GS1_DATAMATRIX"),
    ]
    assert scans[0]["understood"]["gtin"]["value"] == "06901234000030"
    assert {s["framing"] for s in scans} == {"etx"}


def test_an_unknown_scanner_option_is_refused_by_name(tmp_path):
    for option, words in (
        ("terminater=etx", "unknown option 'terminater'"),
        ("terminator=stx", "terminator=stx is not one of"),
    ):
        rc, out, stderr = station(
            "devices", "listen", "--scanner", f"serial://{tmp_path}/tty?{option}"
        )
        assert rc == 2 and out[0]["error"] == "device_uri" and words in out[0]["message"]
        assert "Traceback" not in stderr


def test_list_names_the_option_a_configured_scanner_does_not_know(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"version": 3, "devices": {"scanner": "serial:///dev/ttyUSB0?terminater=etx"}})
    )
    (tmp_path / "station.sqlite3").touch()
    rc, out, _ = station("devices", "list", "--data-dir", str(tmp_path))
    scanner = next(o for o in out if o.get("role") == "scanner")
    assert rc == 0 and scanner["valid"] is False
    assert "unknown option 'terminater'" in scanner["message"]
