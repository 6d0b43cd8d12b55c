import pytest
from PySide6.QtCore import QTimer

from station.logs import setup_logging
from station.ui.crash import CrashHandler


@pytest.mark.allow_error_logs
@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_without_traceback(qtbot, tmp_path):
    log_path = setup_logging(tmp_path / "logs")
    shown = []
    handler = CrashHandler(log_path, show=shown.append).install()
    try:

        def broken_slot():
            raise ZeroDivisionError("bench exploded")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        handler.uninstall()
    assert handler.count == 1
    text = shown[0]
    assert "Traceback" not in text and "ZeroDivisionError" not in text
    assert str(log_path) in text
    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: bench exploded" in logged
    assert "broken_slot" in logged


@pytest.mark.allow_error_logs
def test_a_failing_dialog_does_not_loop(tmp_path):
    log_path = setup_logging(tmp_path / "logs")

    def show(_):
        raise RuntimeError("no display")

    handler = CrashHandler(log_path, show=show)
    try:
        raise ValueError("first")
    except ValueError as exc:
        handler(type(exc), exc, exc.__traceback__)
    assert "could not show the crash dialog" in log_path.read_text(encoding="utf-8")
