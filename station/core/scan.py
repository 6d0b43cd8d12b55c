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


@dataclass(frozen=True)
class Scan:
    """One read of one barcode, from any scanner."""

    data: str
    symbology: str = ""
    source: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    manual: bool = False  # typed or clicked by a person, not read by a scanner


@dataclass(frozen=True)
class Verdict:
    """A use case's answer to a scan: outcome plus a message code the UI translates."""

    outcome: Outcome
    code: str
    params: dict = field(default_factory=dict)
