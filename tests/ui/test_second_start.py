"""A second start whose first station cannot come forward says who holds the folder."""

from __future__ import annotations

from station.instance_lock import EXIT_BUSY
from tests.test_instance_lock import end, holder_process


def test_a_folder_held_by_a_command_is_named_in_the_dialog(tmp_path, monkeypatch, qapp, capsys):
    from PySide6.QtWidgets import QMessageBox

    from station.app import run_gui

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[1:3]))
    holder = holder_process(tmp_path)  # a command-line import: no window to raise
    try:
        assert run_gui(data_dir=str(tmp_path)) == EXIT_BUSY
    finally:
        end(holder)
    title, text = shown[0]
    assert title == "Station is already running"
    assert f"process {holder.pid} (station import orders)" in text
    assert str(tmp_path) in text
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"process {holder.pid}" in err[0]
    assert not (tmp_path / "station.sqlite3").exists()  # nothing opened


def test_the_dialog_speaks_the_benchs_language(tmp_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from station.app import run_gui
    from station.config import Settings, save_settings

    save_settings(tmp_path / "settings.json", Settings().replace("bench", language="zh_CN"))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[1:3]))
    holder = holder_process(tmp_path)
    try:
        assert run_gui(data_dir=str(tmp_path)) == EXIT_BUSY
    finally:
        end(holder)
    title, text = shown[0]
    assert title == "工作站已在运行"
    assert f"进程 {holder.pid}（station import orders）" in text and str(tmp_path) in text
    assert qapp.translate("", "Station is already running") == "Station is already running"
