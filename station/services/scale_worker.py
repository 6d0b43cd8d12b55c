"""The thread that owns the bench's scale: weighs on request, checks it now and then.

Whoever needs a weight (settings test, pack-out weight check) asks this
worker; only its thread talks to the scale, so two readings never
interleave on the serial line. Between requests it checks the scale every
``check_every`` seconds and reports ``ok`` / ``offline`` / ``garbled`` /
``wrong_unit`` / ``unsettled`` / ``not_ready``.

A weighing waits up to ``settle_seconds`` (devices.scale_settle_seconds) for a
stable weight; a moving one is never handed out (see station/drivers/scales/scale.py).
:func:`refusal` turns what went wrong into a message code and its parameters.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from station.drivers.errors import DeviceError, DeviceOffline, DeviceTimeout
from station.drivers.scales.reading import (
    ScaleNotReady,
    ScaleReplyError,
    ScaleUnitError,
    ScaleUnsettled,
    Weight,
)
from station.drivers.scales.scale import SETTLE_SECONDS

log = logging.getLogger(__name__)


def state_of(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, DeviceOffline | DeviceTimeout):
        return "offline"
    if isinstance(exc, ScaleUnitError):
        return "wrong_unit"
    if isinstance(exc, ScaleReplyError):
        return "garbled"
    if isinstance(exc, ScaleUnsettled):
        return "unsettled"
    if isinstance(exc, ScaleNotReady):
        return "not_ready"
    return "error"


def refusal(exc: BaseException) -> tuple[str, dict]:
    """Why a weighing gave no parcel weight, as a message code and its parameters:
    ``scale_unsettled`` (seconds), ``scale_overload``, ``scale_underload``,
    ``scale_busy``, ``scale_not_zeroed``, ``scale_negative`` (grams), ``scale_unit`` (unit),
    ``scale_garbled``, ``scale_no_answer``, ``scale_offline``; anything else
    ``scale_failed`` (error)."""
    if isinstance(exc, ScaleUnitError):
        return "scale_unit", {"unit": exc.unit}
    if isinstance(exc, ScaleReplyError):
        return "scale_garbled", {}
    if isinstance(exc, ScaleUnsettled):
        return "scale_unsettled", {"seconds": f"{exc.seconds:g}" if exc.seconds else "?"}
    if isinstance(exc, ScaleNotReady):
        grams = "" if exc.grams is None else f"{exc.grams.to_integral_value():f}"
        return f"scale_{exc.reason}", {"grams": grams}
    if isinstance(exc, DeviceTimeout):
        return "scale_no_answer", {}
    if isinstance(exc, DeviceOffline):
        return "scale_offline", {}
    return "scale_failed", {"error": str(exc)}


class ScaleWorker:
    def __init__(
        self,
        make_scale: Callable[[], object],
        on_state: Callable[[str, str], None] = lambda state, detail: None,
        *,
        check_every: float = 15.0,
        settle_seconds: float = SETTLE_SECONDS,
    ):
        self.make_scale = make_scale
        self.on_state = on_state
        self.check_every = check_every
        self.settle_seconds = settle_seconds
        self._requests: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.state = ""

    def start(self) -> ScaleWorker:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="scale", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._requests.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def weigh(
        self,
        on_done: Callable[[Weight | None, BaseException | None], None],
        *,
        stable: bool = True,
        timeout: float | None = None,
    ) -> None:
        """Ask for a weight; ``on_done(weight, error)`` is called on the scale thread.
        With ``stable`` only a stable weight comes back, waited for up to ``timeout``
        seconds (default: the worker's ``settle_seconds``); else the error says why."""
        self._requests.put((on_done, stable, self.settle_seconds if timeout is None else timeout))

    def _report(self, exc: BaseException | None) -> None:
        state = state_of(exc)
        if state != self.state:
            self.state = state
            self.on_state(state, str(exc) if exc else "")

    def _run(self) -> None:
        scale = None
        try:
            scale = self.make_scale()
        except DeviceError as exc:
            self._report(exc)
        while not self._stop.is_set():
            try:
                request = self._requests.get(timeout=self.check_every)
            except queue.Empty:
                request = "check"
            if request is None or scale is None:
                if request not in (None, "check"):
                    request[0](None, DeviceOffline("no usable scale is set up"))
                continue
            on_done, stable, timeout = ("check", False, 1.0) if request == "check" else request
            try:
                weight = scale.weigh(stable=stable, timeout=timeout)
            except DeviceError as exc:
                self._report(exc)
                if not isinstance(exc, ScaleNotReady | ScaleUnitError):
                    scale.close()  # reopened on the next reading: a re-plugged scale comes back
                if on_done != "check":
                    on_done(None, exc)
                continue
            self._report(None)
            if on_done != "check":
                on_done(weight, None)
        if scale is not None:
            scale.close()
