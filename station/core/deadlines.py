"""Dispatch deadlines and the money at risk when they are missed.

Defaults follow the Douyin shop rule: a seller who misses the promised
dispatch time pays the buyer 10% of the amount paid, at least 5 and at most
100 CNY. All three numbers are settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PenaltyRule:
    rate_pct: float = 10.0
    min_fen: int = 500
    max_fen: int = 10_000

    def at_risk(self, paid_fen: int) -> int:
        if paid_fen <= 0:
            return 0
        return int(min(self.max_fen, max(self.min_fen, round(paid_fen * self.rate_pct / 100))))


def urgency(promised: datetime | None, now: datetime, *, warn_before: timedelta) -> str:
    """'late', 'at_risk' (due within ``warn_before``), 'ok', or 'none' without a deadline."""
    if promised is None:
        return "none"
    if now >= promised:
        return "late"
    if promised - now <= warn_before:
        return "at_risk"
    return "ok"
