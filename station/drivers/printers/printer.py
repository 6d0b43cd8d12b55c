"""A printer = a language (what bytes mean) + a transport (how they travel).

One ``Printer`` class serves every pairing (ZPL over TCP, TSPL over serial,
PDF to CUPS…); there is no class per pair. Constructing it touches nothing;
``print_job`` and ``status`` open the transport, and close it when done so a
printer that was switched off and on again is simply reconnected.
"""

from __future__ import annotations

import threading
import time

from station.drivers.errors import DeviceError, DeviceOffline, DeviceTimeout, DeviceUriError
from station.drivers.printers import pdf_test, png_test, tspl, zpl
from station.drivers.printers.status import NOT_ANSWERING, OFFLINE, PrinterStatus
from station.drivers.transports import Transport, transport_for
from station.drivers.transports.cups import CupsTransport
from station.drivers.transports.spool import CupsSpooler, SpoolTransport
from station.drivers.transports.system import SystemTransport
from station.drivers.uri import COMPONENT_PORTS, DEFAULT_DPI, DPIS, DeviceUri, parse_uri

EXTENSIONS = {"zpl": "zpl", "tspl": "tspl", "pdf": "pdf"}


class Printer:
    """``timeout``: the no-progress limit of a job, in seconds: ``print_job`` raises
    DeviceTimeout when the printer takes no byte for that long (see Deadline).

    ``dpi``: the print head's resolution, dots per inch (one of ``DPIS``): the
    address's ``dpi=`` option, else ``dpi`` given here (the bench's setting),
    else 203. Labels for this printer are laid out for it."""

    def __init__(
        self, uri: DeviceUri, transport: Transport, *, timeout: float = 10.0, dpi: int | None = None
    ):
        self.uri = uri
        self.language = uri.language
        self.transport = transport
        self.timeout = timeout
        self.dpi = uri.dpi or dpi or DEFAULT_DPI
        if self.dpi not in DPIS:
            raise DeviceUriError(f"{uri.text}: {self.dpi} dpi is not one of {DPIS}")
        self._lock = threading.Lock()  # one job or query at a time per printer

    @property
    def name(self) -> str:
        return self.uri.text

    @property
    def job_language(self) -> str:
        """The language of the jobs made for this printer: its own, except for a label
        printer reached through the system's graphics driver (``zpl+system://``),
        which is sent each label as an image, ``png`` (one dot a pixel at ``dpi``)."""
        if self.uri.transport == "system" and self.language != "pdf":
            return "png"
        return self.language

    def can_print(self, language: str) -> bool:
        """Whether a job in ``language`` means anything to this printer: a print
        component's data (cainiao, pdd, douyin) only to that component, never as
        bytes to a label printer, which would print it as text or garbage. A printer
        drawn by the system's driver takes PDF and label images, and nothing else
        (ZPL or TSPL to a graphics driver would print as text)."""
        if self.uri.transport == "system":
            return language in ("pdf", "png")
        return language not in COMPONENT_PORTS and language != "png"

    def print_job(self, data: bytes) -> None:
        """Send one job; raises DeviceOffline / DeviceTimeout when it did not go."""
        with self._lock:
            try:
                self.transport.open()
                self.transport.write(data, timeout=self.timeout)
            finally:
                self.transport.close()

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        """Ask the printer how it is (ZPL ``~HS``, TSPL ``<ESC>!?``).

        Never raises for a printer's fault; the answer tells them apart:
        the connection cannot be made: ``OFFLINE``; it opens but nothing comes
        back within ``timeout`` seconds (or the printer hangs up without a
        word): ``answer="none"`` (not answering); part of a reply, then
        silence: ``answer="incomplete"``; bytes that are not a reply:
        ``answer="garbled"``. None of these is ready."""
        if self.language == "pdf" or self.uri.transport in ("file", "cups", "spool", "system"):
            # one-way transports: a query sent through them would be printed as a job
            return self._passive_status()
        query, complete, parse = {
            "zpl": (zpl.STATUS_QUERY, zpl.host_status_complete, zpl.parse_host_status),
            "tspl": (tspl.STATUS_QUERY, lambda d: len(d) >= 1, tspl.parse_status_byte),
        }[self.language]
        reply = b""
        with self._lock:
            try:
                self.transport.open()
            except (DeviceOffline, DeviceTimeout):
                return OFFLINE
            try:
                self.transport.write(query, timeout=timeout)
                end = time.monotonic() + timeout
                while not complete(reply):
                    left = end - time.monotonic()
                    if left <= 0:
                        break
                    reply += self.transport.read(4096, timeout=left)
            except (DeviceOffline, DeviceTimeout):
                pass  # it took the connection, then did not take the query or hung up
            finally:
                self.transport.close()
        if not reply:
            return NOT_ANSWERING
        raw = reply.decode("ascii", errors="backslashreplace")
        try:
            return parse(reply)
        except zpl.StatusReplyIncomplete:
            return PrinterStatus(online=True, answer="incomplete", raw=raw)
        except DeviceError:
            return PrinterStatus(online=True, answer="garbled", raw=raw)

    def _passive_status(self) -> PrinterStatus:
        try:
            self.transport.open()
        except DeviceOffline:
            return OFFLINE
        if isinstance(self.transport, CupsTransport):
            state = self.transport.queue_state()
            return PrinterStatus(online=state != "disabled", known=state != "unknown", raw=state)
        if isinstance(self.transport, (SpoolTransport, SystemTransport)):
            spooler = self.transport.spooler
            if spooler.available() is not None:
                return PrinterStatus(online=True, known=False)
            try:
                if self.transport.printer not in spooler.printers():
                    return OFFLINE  # no printer of that name in the system
            except DeviceError:
                return OFFLINE  # the print system does not answer
            if isinstance(spooler, CupsSpooler):
                state = spooler.queue_state(self.transport.printer)
                online = state not in ("disabled", "missing")
                return PrinterStatus(online=online, known=state != "unknown", raw=state)
        return PrinterStatus(online=True, known=False)

    def test_label(self) -> bytes:
        title, lines, code = (
            "Station test label",
            ["打印测试 · 标签打印机", self.name],
            "STATION-TEST-123",
        )
        if self.job_language == "zpl":
            return zpl.test_label(title, lines, code, dpi=self.dpi)
        if self.language == "tspl" and self.job_language == "tspl":
            return tspl.test_label(title, lines, code, dpi=self.dpi)
        if self.job_language == "png":
            return png_test.test_label(title, lines, code, dpi=self.dpi)
        return pdf_test.test_page(title, [self.name], code)


def printer_for(uri: DeviceUri, *, timeout: float = 10.0, dpi: int | None = None) -> Printer:
    """The Printer for a parsed address: a ComponentPrinter for a platform's print
    component (``cainiao+ws://…``), else a Printer of its language and transport.
    ``dpi``: the resolution when the address has no ``dpi=`` (see ``Printer``)."""
    if uri.language in COMPONENT_PORTS:
        from station.drivers.printers.component import ComponentPrinter

        return ComponentPrinter(uri, transport_for(uri), timeout=timeout)
    transport = transport_for(uri, extension=EXTENSIONS[uri.language])
    return Printer(uri, transport, timeout=timeout, dpi=dpi)


def open_printer(text: str, *, timeout: float = 10.0, dpi: int | None = None) -> Printer:
    """A Printer from its address; ``sim`` is not handled here (see the simulators).
    ``dpi``: the resolution when the address has no ``dpi=`` (see ``Printer``)."""
    uri = parse_uri("printer", text)
    if uri.transport == "sim":
        raise DeviceError("the simulated printer is made by the station, not by open_printer")
    return printer_for(uri, timeout=timeout, dpi=dpi)
