"""What one head-office process serves from (:class:`Office`: the store, the
e-waybill desk, the media folder, the counts its limits need) and the limits
themselves (:class:`Limits`; station.headoffice.api says what each one answers)."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from station.headoffice import access
from station.headoffice.bodies import MAX_VALUES
from station.headoffice.store import HeadOfficeStore

REFUSED_KEPT = 10_000  # keys of uploads refused for overload remembered (Office.refused)


@dataclass
class Limits:
    """What one head-office process takes (see the module's docstring)."""

    max_body: int = 16 * 1024 * 1024  # bytes as sent (compressed)
    max_inflated: int = 32 * 1024 * 1024  # bytes once decompressed
    body_timeout: float = 30.0  # seconds without a byte of the body
    max_depth: int = 64  # JSON nesting
    max_values: int = MAX_VALUES  # JSON values in a body (each costs memory once parsed)
    max_bodies: int = 128 * 1024 * 1024  # bytes of bodies (inflated) held at once -> 503
    per_bench: int = 4  # requests of one token at once -> 429
    max_inflight: int = 64  # requests being answered by this process -> 503
    send_timeout: float = 30.0  # seconds an answer may wait on a client that reads nothing
    retry_after: int = 2  # seconds, said with 429 and 503


class Office:
    """What the application serves from: the store, the e-waybill desk, the media
    folder, and the faults tests inject (``faults``: consumed one per upload —
    "500", "429:2", "http:403", "slow:3", "drop"; or ``fault_cycle``, one every
    ``fault_every`` uploads; ``refuse_batches_with``: record UUIDs whose batch
    gets a 422). ``shipments``: the relay of shipment reports
    (station.headoffice.shipments.ShipmentRelay), or None."""

    def __init__(
        self,
        store: HeadOfficeStore,
        *,
        media: Path | None = None,
        waybills=None,
        limits: Limits | None = None,
    ):
        self.store = store
        access.prepare(store)
        self.waybills = waybills  # WaybillDesk, when head office holds e-waybill authorisations
        if waybills is not None:
            store.waybills = waybills
        self.media = Path(media).resolve() if media else None  # served under /v1/media/
        self.limits = limits or Limits()
        self.faults: list[str] = []
        self.refuse_batches_with: set[str] = set()
        self.shipments = None
        self.fault_cycle: list[str] = []
        self.fault_every = 0
        self.uploads = 0
        self.upload_arrived = threading.Event()  # set at the first upload (for waiting on)
        self._fault_lock = threading.Lock()
        self.inflight = 0
        self.body_bytes = 0  # of the bodies being read or answered (api.read_body)
        self.per_token: dict[str, int] = {}
        self.refused_batches: OrderedDict[str, None] = OrderedDict()  # keys, oldest first
        # (bench, Idempotency-Key) -> (body's digest, its answer to come): api._one_batch
        self.batches_in_flight: dict[tuple[str, str], tuple[bytes, asyncio.Future]] = {}

    def refused(self, batch: str | None) -> None:
        """An upload under Idempotency-Key ``batch`` was refused for overload (503):
        when it comes back, it goes first (:meth:`comes_back`)."""
        if batch:
            self.refused_batches[batch] = None
            self.refused_batches.move_to_end(batch)
            while len(self.refused_batches) > REFUSED_KEPT:
                self.refused_batches.popitem(last=False)

    def comes_back(self, batch: str | None) -> bool:
        """Whether an upload refused for overload before is let in now, over
        ``max_inflight``: once, and while this process answers fewer than twice
        ``max_inflight`` requests. So a batch is refused once, not again and again
        while newer ones get the places freed (what its bench waits stays about
        one Retry-After more than its turn)."""
        if not batch or batch not in self.refused_batches:
            return False
        if self.inflight >= 2 * self.limits.max_inflight:
            return False
        del self.refused_batches[batch]
        return True

    def next_fault(self) -> str:
        with self._fault_lock:
            self.uploads += 1
            self.upload_arrived.set()
            if self.faults:
                return self.faults.pop(0)
            if self.fault_every and self.fault_cycle and self.uploads % self.fault_every == 0:
                return self.fault_cycle[(self.uploads // self.fault_every) % len(self.fault_cycle)]
            return ""
