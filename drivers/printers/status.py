"""A printer's state as the station needs it, whatever the language."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PrinterStatus:
    online: bool = True
    paper_out: bool = False
    ribbon_out: bool = False
    head_open: bool = False
    paused: bool = False
    buffer_full: bool = False
    paper_jam: bool = False
    printing: bool = False
    known: bool = True  # False when the printer cannot report (file, CUPS raw)
    raw: str = ""

    @property
    def ready(self) -> bool:
        return self.online and not self.problems

    @property
    def problems(self) -> list[str]:
        """Codes of everything that stops printing, for the UI to translate."""
        flags = (
            ("paper_out", self.paper_out),
            ("ribbon_out", self.ribbon_out),
            ("head_open", self.head_open),
            ("paused", self.paused),
            ("buffer_full", self.buffer_full),
            ("paper_jam", self.paper_jam),
        )
        found = [name for name, on in flags if on]
        return (["offline"] if not self.online else []) + found

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ready"] = self.ready
        d["problems"] = self.problems
        return d


OFFLINE = PrinterStatus(online=False)
