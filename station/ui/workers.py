"""Slow work off the GUI thread, with the answer delivered back on it.

One dispatcher object, made on the GUI thread, carries every answer back: a
queued signal delivers a plain function to run there. No Qt object is made per
call, and no reference cycle holds one (a per-call QObject whose handler
referred back to it, deleted by ``deleteLater`` while the cycle waited for the
garbage collector, is the kind of object a collection on the GUI thread can
crash on)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot


class _Dispatcher(QObject):
    """Runs the functions sent with ``call`` on the thread it lives in (the GUI's)."""

    call = Signal(object)

    def __init__(self):
        super().__init__()
        self.call.connect(self._run)

    @Slot(object)
    def _run(self, deliver: Callable[[], None]) -> None:
        deliver()


_dispatcher: _Dispatcher | None = None


def _gui_dispatcher() -> _Dispatcher:
    """The dispatcher, made on first use (on the GUI thread: gui_callback is called there)."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
    return _dispatcher


def gui_callback(
    parent: QObject,
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> Callable[[Any, BaseException | None], None]:
    """A ``done(result, error)`` that may be called from any thread, once; the
    matching handler then runs on the GUI thread (at once when called there),
    unless ``parent`` is gone by then (a page closed meanwhile): then nothing runs.
    Call this on the GUI thread."""
    dispatcher = _gui_dispatcher()

    def done(result, error) -> None:
        def deliver() -> None:
            if not shiboken6.isValid(parent):
                return
            if error is not None:
                on_error(error)
            else:
                on_result(result)

        dispatcher.call.emit(deliver)

    return done


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
