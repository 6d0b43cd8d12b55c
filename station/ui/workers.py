"""Slow work off the GUI thread, with the answer delivered back on it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Bridge(QObject):
    done = Signal(object, object)  # result, exception


def gui_callback(
    parent: QObject,
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> Callable[[Any, BaseException | None], None]:
    """A ``done(result, error)`` that may be called from any thread, once; the
    matching handler then runs on the GUI thread."""
    bridge = _Bridge(parent)

    def finished(result, error):
        try:
            if error is not None:
                on_error(error)
            else:
                on_result(result)
        finally:
            bridge.deleteLater()

    bridge.done.connect(finished)
    return bridge.done.emit


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> threading.Thread:
    """Run ``work`` on a thread; ``on_result``/``on_error`` run later on the GUI thread."""
    done = gui_callback(parent, on_result, on_error)

    def run():
        try:
            result = work()
        except Exception as exc:  # handed to on_error on the GUI thread
            done(None, exc)
            return
        done(result, None)

    t = threading.Thread(target=run, name="background work", daemon=True)
    t.start()
    return t
