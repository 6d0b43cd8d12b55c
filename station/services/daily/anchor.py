"""The audit chain's head on the daily report: taken when the report is made, and
kept beside the database once it is on paper."""

from __future__ import annotations

from datetime import datetime

from station.db.audit import Anchor, audit_head, save_printed_anchor
from station.services.daily.figures import DayFigures


def _anchor() -> dict | None:
    head = audit_head()
    return {"seq": head.seq, "hash": head.hash, "short": head.short} if head else None


def keep_printed_anchor(data_root, figures: DayFigures) -> None:
    """The report's audit anchor is on paper now: keep it beside the database too
    (``audit-anchor.json``), for ``station audit verify`` offline. Raises OSError."""
    a = figures.audit_anchor
    if a:
        save_printed_anchor(
            data_root,
            Anchor(a["seq"], a["hash"], "report"),
            datetime.fromisoformat(figures.generated_at),
        )
