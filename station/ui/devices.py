"""The bench's devices, seen from the GUI: serial scanner, print spooler, scale.

Device I/O never runs on the GUI thread. The serial scanner has its own
reader thread; the printers belong to the spooler thread, which prints jobs
and asks the label printer for its status every ``PRINTER_POLL_S``; the
scale belongs to its worker thread, which weighs on request. Their
news reaches the GUI through Qt signals emitted from those threads (queued
across threads).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from station.core.scan import Scan
from station.drivers.errors import DeviceError, DeviceOffline
from station.drivers.printers.status import PrinterStatus
from station.drivers.scanners.serial_scanner import ScanRead, SerialScannerReader
from station.drivers.simulators.scale import InProcessScale
from station.drivers.uri import parse_uri
from station.services.devices import make_scale
from station.services.printing import Spooler
from station.services.scale_worker import ScaleWorker
from station.ui.scan_bus import ScanBus
from station.ui.workers import gui_callback

log = logging.getLogger(__name__)

PRINTER_POLL_S = 15.0


class DeviceHub(QObject):
    scan_read = Signal(object)  # Scan, from the reader thread
    scanner_state = Signal(str, str)  # state, detail
    scanner_read_dropped = Signal(str, str)  # reason, detail: a read cut off or garbled
    printer_state = Signal(object)  # PrinterStatus or None (no printer)
    print_job_changed = Signal(object)  # PrintJob, from the spooler thread
    # ok | offline | garbled | wrong_unit | unsettled | not_ready | error | none
    scale_state = Signal(str, str)

    def __init__(self, bus: ScanBus, services, parent: QObject | None = None):
        super().__init__(parent)
        self.bus = bus
        self.services = services
        self.scan_read.connect(bus.publish)
        self.reader: SerialScannerReader | None = None
        self.last_printer_status: PrinterStatus | None = None
        self.spooler: Spooler | None = None
        self.scale: ScaleWorker | None = None
        self.sim_scale: InProcessScale | None = None  # demo mode's scale, when configured

    def start(self) -> None:
        self.start_scanner()
        self.start_scale()
        if self.services.printing is not None:
            self.services.printing.changed = self.print_job_changed.emit
            self.spooler = Spooler(
                self.services.printing,
                status_every=PRINTER_POLL_S,
                on_status=self._on_printer_status,
            ).start()

    def start_scale(self) -> None:
        text = self.services.settings.devices.scale
        if not text:
            self.scale_state.emit("none", "")
            return
        try:
            uri = parse_uri("scale", text)
        except DeviceError as exc:
            self.scale_state.emit("error", str(exc))
            return
        self.sim_scale = make_scale(text) if uri.transport == "sim" else None
        factory = (lambda: self.sim_scale) if self.sim_scale else (lambda: make_scale(text))
        self.scale = ScaleWorker(
            factory,
            self.scale_state.emit,
            check_every=PRINTER_POLL_S,
            settle_seconds=self.services.settings.devices.scale_settle_seconds,
        ).start()

    def weigh(
        self, on_result, on_error, *, stable: bool = True, expected_g: int | None = None
    ) -> None:
        """A weight from the bench's scale; the handlers run on the GUI thread.

        ``expected_g`` only matters to the demo scale set to "auto"."""
        if self.scale is None:
            on_error(DeviceOffline("no scale is set up"))
            return
        if self.sim_scale is not None and self.sim_scale.auto:
            on_result(self.sim_scale.weigh(expected_g=expected_g))
            return
        self.scale.weigh(gui_callback(self, on_result, on_error), stable=stable)

    def _on_printer_status(self, status: PrinterStatus | None) -> None:  # spooler thread
        self.last_printer_status = status
        self.printer_state.emit(status)

    def start_scanner(self) -> None:
        text = self.services.settings.devices.scanner
        try:
            uri = parse_uri("scanner", text) if text else None
        except DeviceError as exc:
            self.scanner_state.emit("error", str(exc))
            return
        if uri is None or uri.transport != "serial":
            self.scanner_state.emit("ready" if uri else "none", text)
            return
        self.reader = SerialScannerReader(
            uri,
            self._on_read,
            self.scanner_state.emit,
            on_dropped=self.scanner_read_dropped.emit,
        ).start()

    def _on_read(self, read: ScanRead) -> None:  # reader thread
        self.scan_read.emit(
            Scan(data=read.data, symbology=read.symbology, source=read.source, at=read.at)
        )

    def stop(self) -> None:
        if self.reader is not None:
            self.reader.stop()
            self.reader = None
        if self.spooler is not None:
            self.spooler.stop()
            self.spooler = None
        if self.scale is not None:
            self.scale.stop()
            self.scale = None

    def restart(self) -> None:
        self.stop()
        self.start()
