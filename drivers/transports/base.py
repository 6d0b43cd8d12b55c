"""What every transport offers."""

from __future__ import annotations

import time
from typing import Protocol

CHUNK = 4096


class Transport(Protocol):
    name: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes, timeout: float = 10.0) -> None: ...

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes: ...


class Deadline:
    """Time left until a fixed moment, for loops over chunks."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end


class TransportBase:
    name = "transport"

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
