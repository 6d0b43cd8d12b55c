"""End to end under a real X server: the real station, keys typed by ``xdotool key``.

``xdotool key`` presses Shift around every capital and Ctrl with ] for the
group separator through the X server's XTEST extension, as a USB wedge
scanner's keyboard reports reach the PC; ``xdotool type`` is not used, since
its pauses are no scanner's. The station runs as its own process
(``main.py --demo``) on a private Xvfb display; what it did is read from its
database afterwards.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (./quickstart.sh installs them)",
)


def _keys(text: str) -> list[str]:
    """xdotool key names for a code: capitals as shift+letter, GS as ctrl+bracketright."""
    names = {"-": "minus", "\x1d": "ctrl+bracketright", "/": "slash", ".": "period"}
    out = []
    for ch in text:
        if ch in names:
            out.append(names[ch])
        elif ch.isupper():
            out.append(f"shift+{ch.lower()}")
        else:
            out.append(ch)
    return out


class Bench:
    """Xvfb, the station on it, and xdotool to type into it."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        # Xvfb picks a free display itself and writes its number when it is ready:
        # two test processes starting one at the same moment never take the same one
        ready_r, ready_w = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(ready_w), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(ready_w,),
        )
        os.close(ready_w)
        with os.fdopen(ready_r, "rb") as ready:
            if not select.select([ready], [], [], 30)[0]:
                raise AssertionError("Xvfb did not start in 30 s")
            number = ready.readline().strip()
        assert number.isdigit(), f"Xvfb did not start: {number!r}"
        self.display = f":{number.decode()}"
        self.env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        self.env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", LANG="C.UTF-8")
        self.data = tmp / "data"
        self.out = open(tmp / "station.out", "wb")  # noqa: SIM115 - closed in close()
        self.app = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--demo", "--data-dir", str(self.data)],
            cwd=ROOT,
            env=self.env,
            stdout=self.out,
            stderr=subprocess.STDOUT,
        )
        self.window = self._wait(self._find_window, "the station's window", timeout=60)
        self.xdo("windowfocus", "--sync", self.window)

    def _find_window(self) -> str | None:
        r = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Station"],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        ids = r.stdout.split()
        return ids[0] if ids else None

    def _wait(self, probe, what, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = probe()
            if got:
                return got
            if getattr(self, "app", None) is not None and self.app.poll() is not None:
                self.out.flush()
                out = (self.tmp / "station.out").read_text(errors="replace")
                raise AssertionError(f"the station stopped: {out[-2000:]}")
            time.sleep(0.1)  # polls another process's database: no Qt event to wait on here
        raise AssertionError(f"{what} did not come in {timeout} s")

    def xdo(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def scan(self, code: str) -> None:
        """One scan at scanner speed: 5 ms between keys, Enter at the end."""
        self.xdo("key", "--delay", "5", *_keys(code), "Return")

    def press(self, *keys: str) -> None:
        """Keys a person presses, 150 ms apart (slower than any scanner)."""
        self.xdo("key", "--delay", "150", *keys)

    def query(self, sql: str, *args):
        db = sqlite3.connect(f"file:{self.data / 'station.sqlite3'}?mode=ro", uri=True)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def wait_for(self, sql: str, *args, timeout=20.0):
        return self._wait(lambda: self.query(sql, *args), sql, timeout)

    def answered(self) -> list[str]:
        """The data of every scan the station has answered, in order (its log's
        "scan answered" lines: written after each answer, on the GUI thread)."""
        return [
            line.rsplit(": ", 1)[-1]
            for f in sorted(self.data.rglob("station.log"))
            for line in f.read_text(errors="replace").splitlines()
            if "scan answered" in line
        ]

    def wait_answered(self, code: str, times: int = 1, timeout=20.0) -> list[str]:
        """Wait until the station has answered ``times`` scans of ``code``; every key
        sent before the last of them has been handled by then (the X server delivers
        keys in order). Returns every answered scan's data."""

        def done():
            answered = self.answered()
            return answered if answered.count(code) >= times else None

        return self._wait(done, f"{times} answers to {code}", timeout)

    def windows_named(self, name: str) -> list[str]:
        r = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", name],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        return r.stdout.split()

    def close(self) -> None:
        for p in (self.app, self.xvfb):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.out.close()


@pytest.fixture
def bench(tmp_path):
    b = Bench(tmp_path)
    yield b
    b.close()


@pytest.mark.timeout(180)
def test_scans_with_capitals_and_gs_chords_arrive_whole_at_the_real_station(bench):
    # the badge at the login screen (the PIN field has the focus)
    bench.scan("OP-0001")
    bench.wait_for("SELECT 1 FROM audit_entry WHERE action = 'login'")
    # pack-out: the order, then a SKU code with capitals that is not in it
    bench.scan("2611230002")
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = '2611230002'")
    bench.scan("SOCK-5P")
    bench.wait_for("SELECT 1 FROM scan_event WHERE data = 'SOCK-5P'")
    rows = bench.query("SELECT data, outcome FROM scan_event WHERE context = 'pack'")
    assert [r[0] for r in rows] == ["2611230002", "SOCK-5P"]
    assert rows[1][1] == "refused"  # a wrong item, refused loudly
    assert bench.windows_named("approval|Ship without") == []  # no ship-short dialog
    assert bench.query("SELECT SUM(failed_attempts) FROM operator") == [(0,)]
    # log out (Ctrl+L), the receiver's badge, goods-in (F2), a PO, a GS1 code with
    # a capital in its lot and GS typed as Ctrl+]
    bench.press("ctrl+l")
    bench.scan("OP-0002")
    bench.wait_for(
        "SELECT 1 FROM audit_entry a JOIN operator o ON o.id = a.operator_id "
        "WHERE a.action = 'login' AND o.name = '李娜'"
    )
    bench.press("F2")  # the X server keeps the order: F2 is handled before the scan
    bench.scan("PO-2611-001")
    bench.wait_for("SELECT 1 FROM receipt")
    bench.scan(
        "00069012340000000030" + "0216901234000044" + "17271130" + "10LOT7" + "\x1d" + "3712"
    )
    got = bench.wait_for("SELECT lot, qty FROM receipt_line WHERE lot = 'LOT7'")
    assert got == [("LOT7", 144)]  # 12 cartons of 12
    assert bench.query("SELECT status FROM receipt") == [("open",)]  # not closed short
    po = bench.query(
        "SELECT p.number FROM receipt r JOIN purchase_order p ON p.id = r.purchase_order_id"
    )
    assert po == [("PO-2611-001",)]
