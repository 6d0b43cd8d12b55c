"""One scan bus: every scan from every scanner, as a Qt signal on the GUI thread.

Scanners publish (the wedge filter, serial readers through a queued
connection, the demo panel); the main window routes each scan to the page in
front, or to an open approval dialog, or to the login screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from station.core.scan import DoubleReadFilter, Scan


class ScanBus(QObject):
    scanned = Signal(object)  # station.core.scan.Scan
    double_read = Signal(object)  # the same code again within the blanking time

    def __init__(self, blank_ms: int = 400, parent: QObject | None = None):
        super().__init__(parent)
        self.doubles = DoubleReadFilter(blank_ms)

    def publish(self, scan: Scan) -> None:
        if self.doubles.is_double(scan):
            self.double_read.emit(scan)
        else:
            self.scanned.emit(scan)
