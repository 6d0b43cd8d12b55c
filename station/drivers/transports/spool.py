"""Printers of the operating system's print system, by name: the spooler takes a job,
and the station reads the job's state back from it.

Two spoolers, one interface (``Spooler``):

- ``CupsSpooler`` (Linux, macOS): ``lp -d NAME [-o raw]``, whose answer gives the
  job's id (``request id is NAME-12``); its state from ``lpstat -W not-completed``
  / ``-W completed`` and the queue's from ``lpstat -p``; ``cancel`` withdraws it;
  the printers from ``lpstat -e``.
- ``WindowsSpooler``: pywin32's ``win32print`` (OpenPrinter, StartDocPrinter with
  the ``RAW`` datatype, WritePrinter, EndDocPrinter); the job's state from
  ``GetJob``'s status bits (:func:`windows_job_state`); the printers from
  ``EnumPrinters``. Imported only on Windows, inside the functions that use it.

A job's state is one of ``JOB_STATES``: ``queued`` (waiting in the queue),
``printing`` (the spooler is sending it), ``error`` (the spooler or the printer
reports a fault: a stopped/disabled queue, paper out, offline…) or ``done`` (sent
whole, or gone from the queue). :func:`follow` waits on it so that the print queue
(``station.services.printing``) sees a job the spooler cannot print as a failed job,
which it retries and fails over like any other.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from station.drivers.errors import DeviceOffline, DeviceTimeout
from station.drivers.transports.base import Deadline, TransportBase

JOB_STATES = ("queued", "printing", "error", "done")


@dataclass(frozen=True)
class JobState:
    """A spooler's word on one job: ``state`` (one of ``JOB_STATES``) and, for the
    log and the operator, ``detail`` (the spooler's own text or status bits)."""

    state: str
    detail: str = ""


class Spooler(ABC):
    """What the station asks of a print system; see ``CupsSpooler``, ``WindowsSpooler``.
    Each print system implements every method."""

    name = "spooler"

    @abstractmethod
    def available(self) -> str | None:
        """None when the print system can be used here, else why not (for the operator)."""

    @abstractmethod
    def printers(self) -> list[str]:
        """The names of the printers (queues) this print system offers; DeviceOffline
        when the print system does not answer."""

    @abstractmethod
    def submit(self, printer: str, data: bytes, *, title: str, raw: bool, timeout: float) -> str:
        """Hand ``data`` to ``printer``'s queue; the job's id. DeviceOffline when refused."""

    @abstractmethod
    def job_ids(self, printer: str) -> set[str]:
        """The ids of every job the queue still knows (waiting, printing or finished)."""

    @abstractmethod
    def job_state(self, printer: str, job_id: str) -> JobState:
        """Where job ``job_id`` of ``printer`` stands now (``JobState.state`` one of
        ``JOB_STATES``)."""

    @abstractmethod
    def cancel(self, printer: str, job_id: str) -> None:
        """Withdraw job ``job_id`` from ``printer``'s queue (a job in error or stuck,
        before the print queue fails it over); nothing when it is gone already."""


def _run(cmd: list[str], timeout: float, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise DeviceTimeout(f"{cmd[0]} did not answer in {timeout:.0f} s") from exc
    except OSError as exc:
        raise DeviceOffline(f"{cmd[0]}: {exc}") from exc


def _text(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or b"").decode(errors="replace")


class CupsSpooler(Spooler):
    """CUPS through its command-line tools (cups-client); the server is CUPS's own
    choice (``CUPS_SERVER``, ``~/.cups/client.conf``)."""

    name = "CUPS"
    REQUEST_ID = re.compile(r"request id is (\S+)-(\d+)")

    def available(self) -> str | None:
        if shutil.which("lp") is None or shutil.which("lpstat") is None:
            return "CUPS is not installed here (no 'lp' command)"
        return None

    def printers(self) -> list[str]:
        if self.available():
            return []
        result = _run(["lpstat", "-e"], 5.0)
        names = [line.strip() for line in _text(result).splitlines() if line.strip()]
        if result.returncode != 0 and not names:
            why = result.stderr.decode(errors="replace").strip()
            if "no destinations" not in why.lower():
                raise DeviceOffline(f"CUPS: {why or f'lpstat exit {result.returncode}'}")
        # no printers, or no print service to ask: ``lpstat -e`` says nothing either
        # way, ``lpstat -r`` tells them apart
        if not names and "not running" in _text(_run(["lpstat", "-r"], 5.0)).lower():
            raise DeviceOffline(
                "CUPS: the print service (the scheduler, cupsd) is not running; "
                "start it (systemctl start cups) and its printers appear"
            )
        return names

    def submit(self, printer: str, data: bytes, *, title: str, raw: bool, timeout: float) -> str:
        cmd = ["lp", "-d", printer, "-t", title]
        if raw:
            cmd += ["-o", "raw"]
        result = _run(cmd, timeout, data)
        if result.returncode != 0:
            why = result.stderr.decode(errors="replace").strip() or f"lp exit {result.returncode}"
            raise DeviceOffline(f"{printer}: {why}")
        m = self.REQUEST_ID.search(_text(result))
        if not m:
            raise DeviceOffline(f"{printer}: lp gave no job id ({_text(result).strip()!r})")
        return m.group(2)

    def _jobs(self, printer: str, which: str) -> set[str]:
        result = _run(["lpstat", "-W", which, "-o", printer], 5.0)
        prefix = f"{printer}-"
        ids = set()
        for line in _text(result).splitlines():
            word = line.split(" ", 1)[0]
            if word.startswith(prefix) and word[len(prefix) :].isdigit():
                ids.add(word[len(prefix) :])
        return ids

    def job_ids(self, printer: str) -> set[str]:
        return self._jobs(printer, "all")

    def job_state(self, printer: str, job_id: str) -> JobState:
        if job_id in self._jobs(printer, "not-completed"):
            queue = _text(_run(["lpstat", "-p", printer], 5.0))
            first = queue.splitlines()[0] if queue else ""
            if "disabled" in first:
                # a stopped queue holds its jobs until someone starts it again
                reason = " ".join(line.strip() for line in queue.splitlines()[1:]).strip()
                return JobState("error", f"the queue is stopped: {reason or first.strip()}")
            if f"now printing {printer}-{job_id}" in first:
                return JobState("printing", first.strip())
            return JobState("queued", first.strip())
        return JobState("done")  # completed, or gone from the queue's history

    def cancel(self, printer: str, job_id: str) -> None:
        _run(["cancel", f"{printer}-{job_id}"], 5.0)

    def queue_state(self, printer: str) -> str:
        """'idle', 'printing', 'disabled', 'missing' or 'unknown', from ``lpstat -p``."""
        try:
            result = _run(["lpstat", "-p", printer], 3.0)
        except (DeviceOffline, DeviceTimeout):
            return "unknown"
        text = _text(result).lower()
        if result.returncode != 0 and not text:
            return "missing"
        for state in ("disabled", "printing", "idle"):
            if state in text:
                return state
        return "unknown"


# Windows spooler job status bits (winspool.h, JOB_STATUS_*), and what each means here.
JOB_STATUS = {
    "paused": 0x1,
    "error": 0x2,
    "deleting": 0x4,
    "spooling": 0x8,
    "printing": 0x10,
    "offline": 0x20,
    "paper_out": 0x40,
    "printed": 0x80,
    "deleted": 0x100,
    "blocked_devq": 0x200,
    "user_intervention": 0x400,
    "restart": 0x800,
    "complete": 0x1000,
    "retained": 0x2000,
    "rendering_locally": 0x4000,
}
_ERROR_BITS = ("error", "offline", "paper_out", "blocked_devq", "user_intervention")
_DONE_BITS = ("printed", "complete", "retained")
_PRINTING_BITS = ("spooling", "printing", "rendering_locally")


def windows_job_state(status: int) -> JobState:
    """A Windows job's ``Status`` bits (JOB_INFO_1/2, ``JOB_STATUS_*`` in winspool.h)
    as a ``JobState``: any of error, offline, paper out, blocked, user intervention
    is ``error``; printed, complete or retained is ``done``; deleted before it was
    printed (someone cancelled it in the queue) is ``error``, so it fails over;
    spooling, printing or rendering is ``printing``; anything else (none, paused,
    restart) is ``queued``."""
    names = [name for name, bit in JOB_STATUS.items() if status & bit]
    detail = ",".join(names) or "waiting"
    if any(n in names for n in _ERROR_BITS):
        return JobState("error", detail)
    if any(n in names for n in _DONE_BITS):
        return JobState("done", detail)
    if "deleted" in names or "deleting" in names:
        return JobState("error", f"{detail}: cancelled in the queue before it printed")
    if any(n in names for n in _PRINTING_BITS):
        return JobState("printing", detail)
    return JobState("queued", detail)


class WindowsSpooler(Spooler):
    """The Windows print spooler through pywin32 (``win32print``)."""

    name = "Windows spooler"

    def available(self) -> str | None:
        try:
            import win32print  # noqa: F401
        except ImportError:
            return "pywin32 is not installed (pip install pywin32)"
        return None

    def printers(self) -> list[str]:
        import win32print

        flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
        return [p["pPrinterName"] for p in win32print.EnumPrinters(flags, None, 4)]

    def submit(self, printer: str, data: bytes, *, title: str, raw: bool, timeout: float) -> str:
        import pywintypes
        import win32print

        datatype = "RAW" if raw else None
        try:
            handle = win32print.OpenPrinter(printer)
        except pywintypes.error as exc:
            raise DeviceOffline(f"{printer}: {exc.strerror}") from exc
        try:
            job = win32print.StartDocPrinter(handle, 1, (title, None, datatype))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except pywintypes.error as exc:
            raise DeviceOffline(f"{printer}: {exc.strerror}") from exc
        finally:
            win32print.ClosePrinter(handle)
        return str(job)

    def job_ids(self, printer: str) -> set[str]:
        import pywintypes
        import win32print

        try:
            handle = win32print.OpenPrinter(printer)
        except pywintypes.error:
            return set()
        try:
            return {str(j["JobId"]) for j in win32print.EnumJobs(handle, 0, 999, 1)}
        finally:
            win32print.ClosePrinter(handle)

    def job_state(self, printer: str, job_id: str) -> JobState:
        import pywintypes
        import win32print

        try:
            handle = win32print.OpenPrinter(printer)
        except pywintypes.error as exc:
            return JobState("error", exc.strerror)
        try:
            job = win32print.GetJob(handle, int(job_id), 1)
        except pywintypes.error:
            return JobState("done")  # printed and removed from the queue
        finally:
            win32print.ClosePrinter(handle)
        state = windows_job_state(int(job["Status"]))
        said = job.get("pStatus") or state.detail
        # pages printed so far: a long job moving on is progress (``follow``)
        pages = f"{job.get('PagesPrinted', 0)}/{job.get('TotalPages', 0)} pages"
        return JobState(state.state, f"{said}, {pages}")

    def cancel(self, printer: str, job_id: str) -> None:
        import pywintypes
        import win32print

        try:
            handle = win32print.OpenPrinter(printer)
            try:
                win32print.SetJob(handle, int(job_id), 0, None, win32print.JOB_CONTROL_DELETE)
            finally:
                win32print.ClosePrinter(handle)
        except pywintypes.error:
            pass  # already gone


def system_spooler() -> Spooler:
    """The print system of this computer: the Windows spooler on Windows, else CUPS."""
    return WindowsSpooler() if sys.platform == "win32" else CupsSpooler()


def follow(
    spooler: Spooler,
    printer: str,
    job_id: str,
    timeout: float,
    *,
    poll: float = 0.2,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> JobState:
    """Wait until the spooler says job ``job_id`` is done; return that state.

    ``error``: the job is withdrawn from the queue (so it does not come out later,
    after the print queue has sent it to the standby printer) and DeviceOffline is
    raised with the spooler's reason. ``timeout`` is a no-progress limit, as for
    every transport: each change of the job's state or of its detail (the
    Windows spooler's pages printed) starts it again; a job that stays queued or
    printing, unchanged, for that long is withdrawn and DeviceTimeout is raised."""
    deadline = Deadline(timeout, clock)
    last = None
    while True:
        state = spooler.job_state(printer, job_id)
        if state.state == "done":
            return state
        if state.state == "error":
            spooler.cancel(printer, job_id)
            raise DeviceOffline(f"{printer}: {spooler.name} reports job {job_id}: {state.detail}")
        if state != last:
            last = state
            deadline.restart()
        elif deadline.expired():
            spooler.cancel(printer, job_id)
            raise DeviceTimeout(
                f"{printer}: job {job_id} still {state.state} after {timeout:.0f} s "
                f"({state.detail or 'no word from the queue'}); withdrawn"
            )
        sleep(min(poll, max(0.01, deadline.left())))


class SpoolTransport(TransportBase):
    """``zpl+spool://NAME`` and friends: the job's bytes passed untouched to the named
    queue (``raw``), then followed until the spooler says it is done (``follow``)."""

    def __init__(self, printer: str, *, spooler: Spooler | None = None, title: str = "Station"):
        self.printer = printer
        self.spooler = spooler or system_spooler()
        self.title = title
        self.name = f"spool://{printer}"
        self.last_job: str | None = None

    def open(self) -> None:
        why = self.spooler.available()
        if why:
            raise DeviceOffline(f"{self.name}: {why}")

    def close(self) -> None:
        pass

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        job = self.spooler.submit(self.printer, data, title=self.title, raw=True, timeout=timeout)
        self.last_job = job
        follow(self.spooler, self.printer, job, timeout)

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        return b""
