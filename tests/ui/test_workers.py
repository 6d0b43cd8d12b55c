"""Work off the GUI thread (station.ui.workers): the answer comes back on the GUI
thread, errors too; nothing runs for a page closed meanwhile; and no Qt object is
made per call (one dispatcher carries every answer)."""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QWidget

from station.ui import workers


def test_a_result_and_an_error_come_back_on_the_gui_thread(qtbot):
    page = QWidget()
    seen: list = []
    gui = QThread.currentThread()

    def on_result(value):
        seen.append(("result", value, QThread.currentThread() is gui))

    def on_error(exc):
        seen.append(("error", str(exc), QThread.currentThread() is gui))

    def fails():
        raise ValueError("no paper")

    workers.run_in_background(page, lambda: 6 * 7, on_result, print)
    workers.run_in_background(page, fails, print, on_error)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert sorted(seen) == [("error", "no paper", True), ("result", 42, True)]


def test_nothing_runs_for_a_page_closed_before_the_answer(qtbot):
    page = QWidget()
    seen: list = []
    release = threading.Event()
    done = workers.gui_callback(page, seen.append, seen.append)
    other = QWidget()
    after: list = []
    later = workers.gui_callback(other, after.append, after.append)

    def answer():
        release.wait(10)
        done("late", None)
        later("after", None)

    t = threading.Thread(target=answer)
    t.start()
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page))
    release.set()
    qtbot.waitUntil(lambda: after == ["after"])  # answers behind it still come
    t.join(10)
    assert seen == []


def test_no_qt_object_is_made_per_call(qtbot):
    page = QWidget()
    seen: list = []
    workers.gui_callback(page, seen.append, seen.append)  # the dispatcher exists now

    def qobjects() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, QObject))

    before = qobjects()
    threads = []
    for i in range(200):
        done = workers.gui_callback(page, seen.append, seen.append)
        threads.append(threading.Thread(target=done, args=(i, None)))
    assert qobjects() <= before  # 200 callbacks waiting, no object of Qt's for them
    for t in threads:
        t.start()
    qtbot.waitUntil(lambda: len(seen) == 200)
    for t in threads:
        t.join(10)
    assert sorted(seen) == list(range(200))
    assert qobjects() <= before
