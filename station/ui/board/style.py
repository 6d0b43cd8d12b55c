"""The board's type and colours, shared by its widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

TILE_COLOURS = ("#1565c0", "#6a1b9a", "#2e7d32", "#ef6c00")  # one per figure, in METRICS order
RED, ORANGE, GREEN = "#c62828", "#ef6c00", "#1b7f3b"


def set_font(widget: QWidget, size: float, bold: bool = False) -> None:
    """Give ``widget`` its type at ``size`` points (the board scales them for a wall)."""
    f = widget.font()
    f.setPointSizeF(size)
    f.setBold(bold)
    widget.setFont(f)


def hhmm(iso: str | None) -> str:
    """The ``HH:MM`` of an ISO time as written (local to the bench); "—" for none."""
    return iso[11:16] if iso else "—"
