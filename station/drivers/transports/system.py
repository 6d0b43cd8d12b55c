"""``pdf+system://NAME`` (and ``zpl``/``tspl+system://`` for a label printer with only a
graphics driver): the document is drawn by the operating system's driver for that
printer, at its own resolution and paper size.

Drawing needs Qt's print support, and the drivers never import Qt; so the drawing
is done by a *system renderer* that the program registers at start
(``station.system_print.install()``, called by the window and by the CLI): a
callable ``render(printer_name, kind, data, title)`` that raises ``DeviceOffline``
when the printer is not there. ``kind`` is ``"pdf"`` (``data``: a PDF, every page)
or ``"png"`` (``data``: one or more label images, PNGs one after another, each
with its resolution recorded). Without a renderer, ``open()`` says so.

After the renderer has handed the job to the print system, the job is found in
its queue (the id the queue had not known before) and followed like a spooled
job (``station.drivers.transports.spool.follow``): an error there fails the job.
"""

from __future__ import annotations

from collections.abc import Callable

from station.drivers.errors import DeviceOffline
from station.drivers.transports.base import TransportBase
from station.drivers.transports.spool import Spooler, follow, system_spooler

SystemRenderer = Callable[[str, str, bytes, str], None]
_renderer: SystemRenderer | None = None


def set_system_renderer(renderer: SystemRenderer | None) -> None:
    """Register the callable that draws a document on a system printer (None: none)."""
    global _renderer
    _renderer = renderer


def system_renderer() -> SystemRenderer | None:
    return _renderer


class SystemTransport(TransportBase):
    """``kind``: ``pdf`` or ``png``, what the bytes written are (see the module)."""

    def __init__(
        self,
        printer: str,
        kind: str,
        *,
        spooler: Spooler | None = None,
        title: str = "Station",
    ):
        if kind not in ("pdf", "png"):
            raise ValueError(f"a system printer draws pdf or png, not {kind!r}")
        self.printer = printer
        self.kind = kind
        self.spooler = spooler or system_spooler()
        self.title = title
        self.name = f"system://{printer}"
        self.last_job: str | None = None

    def open(self) -> None:
        if _renderer is None:
            raise DeviceOffline(
                f"{self.name}: the system's printers are drawn by the station's print "
                "support (Qt), which this program did not load"
            )

    def close(self) -> None:
        pass

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        renderer = _renderer
        if renderer is None:
            self.open()
            return
        watch = self.spooler.available() is None
        before = self.spooler.job_ids(self.printer) if watch else set()
        renderer(self.printer, self.kind, data, self.title)
        if not watch:
            return  # the print system took it; it tells nothing more here
        new = self.spooler.job_ids(self.printer) - before
        if not new:
            return  # already printed and forgotten, or a queue that keeps no history
        self.last_job = max(new, key=lambda j: int(j) if j.isdigit() else 0)
        follow(self.spooler, self.printer, self.last_job, timeout)

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        return b""
