"""A full disk or a read-only data folder mid-shift: scans are refused out loud with
a clear message, never acknowledged and then lost; when the disk is back, scans
are saved again."""

from __future__ import annotations

import os

import peewee as pw
import pytest

from station.db.models import ScanEvent
from station.ui.crash import CrashHandler
from station.ui.main_window import MainWindow
from tests.ui.conftest import login
from tests.ui.test_pack_flow import scan


def window(qtbot, services, translations):
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    login(w, "张伟", "1357")
    return w


def scans_kept() -> int:
    return ScanEvent.select().count()


@pytest.mark.allow_error_logs  # the refusal is logged for IT
def test_disk_full_refuses_loudly_and_keeps_every_acknowledged_scan(
    qtbot, demo_services, translations
):
    w = window(qtbot, demo_services, translations)
    db = demo_services.store.db
    try:
        db.execute_sql("PRAGMA max_page_count = 1")  # no page beyond what the file has
        refused = 0
        for n in range(3000):
            before = scans_kept()
            scan(w, f"NOSUCH{n:05d}")  # each scan is logged, whatever it is
            if "NOT SAVED" in w.banner.text():
                refused += 1
                assert scans_kept() == before  # nothing half-kept
                assert w.banner.outcome.value == "refused" and "disk is full" in w.banner.text()
                break
            assert scans_kept() == before + 1  # acknowledged means on disk
        assert refused == 1, "the disk never filled"
        db.execute_sql("PRAGMA max_page_count = 1073741823")  # space freed
        before = scans_kept()
        scan(w, "NOSUCH-AFTER")
        assert "NOT SAVED" not in w.banner.text() and scans_kept() == before + 1
    finally:
        w.shutdown()


@pytest.mark.allow_error_logs
def test_read_only_data_refuses_loudly(qtbot, demo_services, translations):
    w = window(qtbot, demo_services, translations)
    db = demo_services.store.db
    try:
        before = scans_kept()
        db.execute_sql("PRAGMA query_only = 1")
        scan(w, "2611230002")
        assert w.banner.outcome.value == "refused" and "read-only" in w.banner.text()
        db.execute_sql("PRAGMA query_only = 0")
        assert scans_kept() == before
        scan(w, "2611230002")
        assert "NOT SAVED" not in w.banner.text() and scans_kept() == before + 1
    finally:
        w.shutdown()


@pytest.mark.allow_error_logs
def test_a_storage_failure_elsewhere_gets_its_own_message(tmp_path):
    shown: list[str] = []
    handler = CrashHandler(tmp_path / "station.log", show=shown.append)
    handler(pw.OperationalError, pw.OperationalError("database or disk is full"), None)
    handler(OSError, OSError(28, "No space left on device"), None)
    handler(RuntimeError, RuntimeError("a bug"), None)
    assert "disk is full" in shown[0] and "disk is full" in shown[1]
    assert "Something went wrong" in shown[2]


def _mount(*args) -> bool:
    import subprocess

    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_data(tmp_path):
    """A data folder on a read-only mount, as a misconfigured share gives one."""
    import shutil

    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to make a read-only mount")
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    (src / "settings.json").write_text("{}")
    if not _mount("--bind", str(src), str(ro)):
        pytest.skip("mounts are not allowed here")
    if not _mount("-o", "remount,bind,ro", str(ro)):
        _mount_off(ro)
        pytest.skip("read-only remounts are not allowed here")
    yield ro
    _mount_off(ro)


def _mount_off(path) -> None:
    import subprocess

    subprocess.run(["umount", str(path)], capture_output=True)


def test_a_read_only_data_folder_stops_the_start_with_a_clear_message(
    read_only_data, monkeypatch, qapp
):
    from PySide6.QtWidgets import QMessageBox

    from station.app import run_gui
    from station.paths import DataDir

    assert "Read-only file system" in DataDir(read_only_data).write_problem()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    assert run_gui(data_dir=str(read_only_data)) == 4
    assert "cannot start" in shown[0] and "Read-only file system" in shown[0]
    assert "No scan would be kept" in shown[0]
