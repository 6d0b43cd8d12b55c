"""A real, private CUPS scheduler for tests: ``cupsd`` on a socket in a temporary
folder, reached by the CUPS tools (and Qt's print support) through ``CUPS_SERVER``.

Use the ``cups`` fixture (import it into the test module) and ``add_queue``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

needs_cupsd = pytest.mark.skipif(
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


def point_libcups(server: str | None) -> None:
    """Tell this process's libcups (the one Qt's print support uses) which server to
    ask: it reads ``CUPS_SERVER`` once per thread and keeps it, so a second private
    scheduler in the same test run would otherwise not be seen. None: back to the
    environment's."""
    name = ctypes.util.find_library("cups")
    if name:
        ctypes.CDLL(name).cupsSetServer(server.encode() if server else None)


@pytest.fixture
def cups(monkeypatch):
    """The private scheduler's folder; ``CUPS_SERVER`` points at it for the test."""
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
        if proc.poll() is not None:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("cupsd could not start here")
        if time.monotonic() > end:
            proc.kill()
            proc.wait(5)
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("the private cupsd did not answer in 10 s")
        time.sleep(0.05)  # another process's socket coming up: nothing to wait on but polling
    point_libcups(str(sock))
    yield root
    point_libcups(None)
    proc.terminate()
    proc.wait(5)
    shutil.rmtree(root, ignore_errors=True)


def add_queue(name: str, target_uri: str) -> None:
    """A raw queue ``name`` whose backend sends every job, as it is, to the network
    printer at ``target_uri`` (``tcp://HOST:PORT``, e.g. a SimulatedLabelPrinter)."""
    host_port = target_uri.split("://", 1)[1]
    cmd = ["lpadmin", "-p", name, "-v", f"socket://{host_port}", "-E", "-m", "raw"]
    for _ in range(50):  # the scheduler answers lpstat a moment before it takes admin requests
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 0:
            return
        time.sleep(0.1)  # cupsd's admin side, another process: polled, bounded by the loop
    raise AssertionError(f"lpadmin failed: {r.stderr.strip()}")
