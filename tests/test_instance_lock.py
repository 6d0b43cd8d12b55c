"""One station per data folder: the lock, who holds it, and which commands need it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from station.cli import READ_ONLY, build_parser, needs_lock
from station.instance_lock import AlreadyRunning, InstanceLock, read_holder

ROOT = Path(__file__).resolve().parents[1]

HOLD = """
import sys
from station.instance_lock import InstanceLock
lock = InstanceLock(sys.argv[1], "station import orders").acquire()
print("held", flush=True)
sys.stdin.readline()
"""


def holder_process(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    proc.stdin.close()
    proc.stdout.close()


def test_a_second_lock_on_the_folder_is_refused_naming_the_holder(tmp_path):
    first = InstanceLock(tmp_path, "station gui").acquire()
    try:
        with pytest.raises(AlreadyRunning) as exc:
            InstanceLock(tmp_path, "station sync").acquire()
        holder = exc.value.holder
        assert (holder.pid, holder.command) == (os.getpid(), "station gui")
        assert f"process {os.getpid()} (station gui)" in str(exc.value)
        assert str(tmp_path) in str(exc.value)
        data = json.loads((tmp_path / "station.lock").read_text())
        assert set(data) == {"pid", "user", "host", "started", "command"}
    finally:
        first.release()
    again = InstanceLock(tmp_path, "station sync").acquire()  # free once released
    assert read_holder(tmp_path).command == "station sync"
    again.release()
    assert read_holder(tmp_path) is None  # released: nobody named


def test_other_folders_are_not_locked(tmp_path):
    with InstanceLock(tmp_path / "a", "station gui"), InstanceLock(tmp_path / "b", "station gui"):
        pass


def test_the_lock_of_a_killed_process_is_free_at_once(tmp_path):
    """SIGKILL leaves the file behind with the dead holder's details; the lock is the
    operating system's, so it went with the process."""
    proc = holder_process(tmp_path)
    try:
        with pytest.raises(AlreadyRunning) as exc:
            InstanceLock(tmp_path, "station gui").acquire()
        assert exc.value.holder.pid == proc.pid
        assert exc.value.holder.command == "station import orders"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        end(proc)
    assert read_holder(tmp_path).pid == proc.pid  # the file stayed…
    with InstanceLock(tmp_path, "station gui") as lock:  # …but locks nothing
        assert lock.held and read_holder(tmp_path).pid == os.getpid()


def test_a_half_written_holder_file_is_read_as_unknown_not_a_crash(tmp_path):
    (tmp_path / "station.lock").write_text('{"pid": 12')
    assert read_holder(tmp_path, attempts=2) is None
    assert "another process that is starting" in str(AlreadyRunning(tmp_path, None))


def _args(line: str):
    return build_parser().parse_args(line.split())


@pytest.mark.parametrize(
    "line",
    [
        "demo",
        "import orders x.csv",
        "import purchase-orders x.csv",
        "import asn x.json",
        "import invoice x.csv --po PO-1",
        "import tracking-numbers x.txt --carrier SF",
        "sync --once",
        "label lpn GR-1 -o x.pdf",
    ],
)
def test_commands_that_write_need_the_folder_to_themselves(line):
    assert needs_lock(_args(line))


@pytest.mark.parametrize(
    "line",
    [
        "gui",  # takes the lock itself
        "doctor",
        "audit verify",
        "label waybill --sample -o x.pdf",
        "label packing-list --sample -o x.pdf",
        "label discrepancy GR-1 -o x.pdf",
        "report daily -o -",
        "export -o x.json",
        "sampling --lot 500 --aql 1.0",
        "barcode parse 123",
        "head-office --port 1",
        "devices list",
        "devices print --printer zpl+tcp://127.0.0.1:9100 x.zpl",
    ],
)
def test_commands_that_only_read_run_beside_a_station(line, tmp_path, monkeypatch):
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    assert not needs_lock(_args(line))


def test_a_device_the_folders_station_uses_belongs_to_that_station(tmp_path, monkeypatch):
    from station.config import Settings, save_settings

    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    uri = "zpl+tcp://127.0.0.1:9100"
    save_settings(tmp_path / "settings.json", Settings().replace("devices", printer=uri))
    assert needs_lock(_args(f"devices test-label --printer {uri}"))
    assert needs_lock(_args(f"devices status --printer {uri}"))
    assert not needs_lock(_args("devices test-label --printer zpl+tcp://127.0.0.1:9101"))


def test_every_command_is_either_guarded_or_declared_read_only():
    """A new command is guarded unless someone declares it read-only: the table names
    only commands that exist."""
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert set(READ_ONLY) <= commands


def test_doctor_names_the_process_that_holds_the_folder(tmp_path):
    from station.config import Settings
    from station.paths import DataDir
    from station.services.doctor import run_checks

    dd = DataDir(tmp_path).ensure()
    proc = holder_process(tmp_path)
    try:
        check = run_checks(dd, Settings(), timeout=0.1)[0]
        assert check.ok and f"in use by process {proc.pid} (station import orders)" in check.detail
        assert check.data["in_use_by"]["pid"] == proc.pid
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        end(proc)
    check = run_checks(dd, Settings(), timeout=0.1)[0]
    assert "no station running on it" in check.detail and check.data["in_use_by"] is None
    with InstanceLock(tmp_path, "station gui"):  # the look took nothing
        pass
