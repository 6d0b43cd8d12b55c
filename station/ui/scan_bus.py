"""One scan bus: every scan from every scanner, as a Qt signal on the GUI thread.

Scanners publish (the wedge filter, serial readers through a queued
connection, the demo panel); the main window routes each scan to the page in
front, or to an open approval dialog, or to the login screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from station.core.scan import Scan


class ScanBus(QObject):
    scanned = Signal(object)  # station.core.scan.Scan

    def publish(self, scan: Scan) -> None:
        self.scanned.emit(scan)
