"""System print queues through a real, private CUPS scheduler.

The test starts its own ``cupsd`` on a socket in tmp_path, adds a queue that
sends to a simulated network printer, and prints through ``lp`` as the
station does.
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter

pytestmark = pytest.mark.skipif(
    shutil.which("cupsd") is None, reason="CUPS is not installed (quickstart.sh installs it)"
)

CUPSD_CONF = """Listen {root}/cups.sock
LogLevel warn
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
"""
FILES_CONF = """ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/error_log
AccessLog {root}/access_log
PageLog {root}/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
"""


@pytest.fixture
def cups(monkeypatch):
    # CUPS backends run as the "lp" user: the scheduler's folders must be reachable
    # by it, which pytest's private tmp_path is not.
    root = Path(tempfile.mkdtemp(prefix="station-cups-"))
    root.chmod(0o755)
    for sub in ("spool", "tmp", "cache", "state", "ppd"):
        (root / sub).mkdir(parents=True)
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(root=root))
    (root / "cups-files.conf").write_text(FILES_CONF.format(root=root))
    proc = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sock = root / "cups.sock"
    monkeypatch.setenv("CUPS_SERVER", str(sock))
    end = time.monotonic() + 10
    while subprocess.run(["lpstat", "-r"], capture_output=True).returncode != 0:
        if time.monotonic() > end or proc.poll() is not None:
            proc.kill()
            pytest.fail("the private cupsd did not start")
        time.sleep(0.05)
    yield root
    proc.terminate()
    proc.wait(5)
    shutil.rmtree(root, ignore_errors=True)


def add_queue(name: str, target_uri: str) -> None:
    host_port = target_uri.split("://", 1)[1]
    cmd = ["lpadmin", "-p", name, "-v", f"socket://{host_port}", "-E", "-m", "raw"]
    for _ in range(50):  # the scheduler answers lpstat a moment before it takes admin requests
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"lpadmin failed: {r.stderr.strip()}")


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
