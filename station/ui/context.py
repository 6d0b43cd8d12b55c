"""What every page is handed: the services, the feedback, the bus, the session."""

from __future__ import annotations

from dataclasses import dataclass, field

from station.app import Services
from station.services.operators import Session
from station.ui.feedback import Feedback
from station.ui.i18n import Translations
from station.ui.scan_bus import ScanBus


@dataclass
class UiContext:
    services: Services
    feedback: Feedback
    bus: ScanBus
    translations: Translations
    session: Session | None = None
    # dialogs that take scans while open (a supervisor's badge), innermost last
    scan_targets: list = field(default_factory=list)
    devices: object = None  # station.ui.devices.DeviceHub, set by the main window
    sync: object = None  # station.ui.sync_hub.SyncHub, set by the main window
    pictures: object = None  # station.ui.pictures.PictureBook, made on first use
