"""Refusals the UI turns into translated text: a code and its parameters, no prose."""

from __future__ import annotations

from typing import Any


class CodedError(Exception):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params
