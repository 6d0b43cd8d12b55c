"""What every transport offers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

CHUNK = 4096


class Transport(Protocol):
    name: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        """Send all of ``data``; DeviceTimeout when the device took no byte for
        ``timeout`` seconds (a no-progress limit, not a limit on the whole job)."""
        ...

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes: ...


class Deadline:
    """Time left until a moment ``seconds`` ahead, for loops over chunks.

    ``restart()`` moves the moment ``seconds`` ahead again: a write calls it
    whenever the device takes bytes, which makes the deadline a *no-progress*
    limit. A job fails only when the device took nothing for that long, however
    long the whole job takes (a label printer stops reading for seconds while
    it prints a large graphic, then reads on). ``clock`` is for tests."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def restart(self) -> None:
        self.end = self.clock() + self.seconds

    def left(self) -> float:
        return max(0.0, self.end - self.clock())

    def expired(self) -> bool:
        return self.clock() >= self.end


class TransportBase:
    name = "transport"

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
