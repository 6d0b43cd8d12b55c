"""Pack-out: open an order, verify every unit, close parcels, ship short only with approval.

Each step is one transaction that also logs the scan and queues what head
office must know, so a power cut loses nothing and an interrupted pack
resumes where it stopped: the packed units are already on disk.

The rooms: ``state`` (the order's lines, the open parcel, ``PackState``,
``PackError``), ``verify`` (opening an order with the duplicate guard, scanning
items), ``close`` (closing a parcel: weight check, shorts, reship), ``void``
(voiding a waybill, putting an order aside, resuming after a stop).
:class:`PackingService` is all of them over one database and bench.
"""

from __future__ import annotations

import peewee as pw

from station.db.models import utcnow
from station.services.ewaybills import BenchWaybills
from station.services.packing.close import CloseResult, PackClosing
from station.services.packing.state import PackError, PackState, PackStateReader
from station.services.packing.verify import PICK_TICKET_PREFIXES, ItemCode, PackVerifying
from station.services.packing.void import PUT_ASIDE_KEY, PackVoiding
from station.services.tracking_pool import TrackingPool

__all__ = [
    "PICK_TICKET_PREFIXES",
    "PUT_ASIDE_KEY",
    "CloseResult",
    "ItemCode",
    "PackError",
    "PackState",
    "PackingService",
]


class PackingService(PackVerifying, PackClosing, PackVoiding, PackStateReader):
    """Pack-out on one bench: ``settings`` is called at each step for the current
    :class:`~station.config.PackingSettings`; ``clock`` gives naive UTC."""

    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        tracking: TrackingPool,
        settings: callable,
        *,
        clock=utcnow,
        waybills: BenchWaybills | None = None,
    ):
        self.db = db
        self.bench_id = bench_id
        self.tracking = tracking
        self.settings = settings  # () -> PackingSettings, read at each step
        self.clock = clock
        # the bench's e-waybills (fetched ahead, asked of head office); None: pool only
        self.waybills = waybills
