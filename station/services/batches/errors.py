"""The refusal of a batch step."""

from __future__ import annotations

from station.core.errors import CodedError


class BatchError(CodedError):
    """A batch step refused; ``code``/``params`` for the UI."""
