"""What one scan is, and the verdict the station gives it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime


class Outcome(enum.StrEnum):
    """The verdict on a scan; the UI shows a colour and plays a sound for each."""

    OK = "ok"
    REFUSED = "refused"
    WARNING = "warning"
    # an order intercepted after packing (拦截): pull the parcel out; its own sound
    ALARM = "alarm"


@dataclass(frozen=True)
class Scan:
    """One read of one barcode, from any scanner."""

    data: str
    symbology: str = ""
    source: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    manual: bool = False  # typed or clicked by a person, not read by a scanner
    raw: str = ""  # what the scanner sent, before prefix/suffix/separator clean-up
    terminated: bool = True  # ended by the scanner's Enter/Tab, not only by its pause


@dataclass(frozen=True)
class Verdict:
    """A use case's answer to a scan: outcome plus a message code the UI translates."""

    outcome: Outcome
    code: str
    params: dict = field(default_factory=dict)


class DoubleReadFilter:
    """One trigger reading the same label twice is one scan.

    A repeat of the same data from the same source within ``blank_ms`` is a
    double read: reported, never counted. A person needs about a second to
    scan the next unit, so the default stays well under that.
    """

    def __init__(self, blank_ms: int = 400):
        self.blank_ms = blank_ms
        self._last: dict[str, tuple[str, datetime]] = {}

    def is_double(self, scan: Scan) -> bool:
        previous = self._last.get(scan.source)
        self._last[scan.source] = (scan.data, scan.at)
        if previous is None or self.blank_ms <= 0:
            return False
        data, at = previous
        return data == scan.data and 0 <= (scan.at - at).total_seconds() * 1000 < self.blank_ms
