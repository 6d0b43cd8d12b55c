"""``station selftest`` from the sources: every check passes here, a folder with a
bench's real records is refused, and the built program's launcher sends a command
to the station command and anything else to the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station import launcher, selftest
from station.db.store import Store
from station.services.demo import write_demo_database

ROOT = Path(__file__).resolve().parent.parent


def test_every_check_passes_and_says_what_it_saw(tmp_path, qapp):
    lines: list[str] = []
    assert selftest.run(tmp_path / "bench", keep=True, out=lines.append) == 0, lines
    names = [name for name, _ in selftest.CHECKS]
    assert [ln.split(":")[0].split(None, 1)[1] for ln in lines[:-1]] == names
    assert lines[-1] == "selftest passed"
    out = tmp_path / "bench" / "output"
    assert (out / "selftest-waybill.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "selftest-waybill.png").read_bytes().startswith(b"\x89PNG")


def test_a_folder_with_a_benchs_records_is_left_alone(tmp_path, qapp):
    """A real database (not the demo's) in the folder given: refused, unchanged."""
    folder = tmp_path / "bench"
    folder.mkdir()
    store = Store.open(folder / "station.sqlite3", folder / "backups", backup_interval=None)
    store.close()
    before = (folder / "station.sqlite3").read_bytes()
    lines: list[str] = []
    assert selftest.run(folder, out=lines.append) == 1
    assert lines[-1].startswith("FAILED demo database:") and "not a demo" in lines[-1]
    assert (folder / "station.sqlite3").read_bytes() == before
    assert folder.exists()  # a folder given is never removed


def test_a_temporary_folder_is_removed_afterwards(tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR read again
    lines: list[str] = []
    assert selftest.run(out=lines.append) == 0, lines
    assert str(tmp_path) in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_the_command_never_uses_the_benchs_own_folder(tmp_path):
    """$STATION_DATA_DIR (the bench's folder) is not where the self-test writes."""
    bench = Path(os.environ["STATION_DATA_DIR"])
    write_demo_database(bench / "station.sqlite3", bench / "backups", "B1")
    before = (bench / "station.sqlite3").stat().st_mtime_ns
    r = subprocess.run(
        [sys.executable, "-m", "station", "selftest"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
        timeout=110,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert str(bench) not in r.stdout
    assert (bench / "station.sqlite3").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "argv,where",
    [
        ([], "window"),
        (["--demo"], "window"),
        (["--data-dir", "/tmp/x", "-platform", "offscreen"], "window"),
        (["selftest"], "command"),
        (["doctor", "--json"], "command"),
        (["--version"], "command"),
        (["-h"], "command"),
    ],
)
def test_the_launcher_sends_commands_to_the_command_and_the_rest_to_the_window(
    argv, where, monkeypatch
):
    seen = []
    import station.app
    import station.cli

    monkeypatch.setattr(station.cli, "main", lambda args: seen.append(("command", args)) or 0)
    monkeypatch.setattr(station.app, "run_gui", lambda **kw: seen.append(("window", kw)) or 0)
    assert launcher.main(argv) == 0
    assert [s[0] for s in seen] == [where]
    if where == "window":
        assert seen[0][1]["demo"] == ("--demo" in argv)
