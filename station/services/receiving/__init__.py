"""Goods-in: receive a delivery against its purchase order, line by line.

A receipt is opened from a PO number (scanned or chosen); each scan is read
as GS1 data (lot, expiry, serial, count, SSCC), matched to a product by its
barcode and to the PO line, and written at once with its outbox entry. A
product that is not on the PO is recorded as a wrong item and refused; more
than ordered is recorded as over-receipt, and beyond the station's limit only
with a supervisor's approval; a tracked product needs its lot and expiry; a
remaining shelf life under the product's minimum sends the line to
quarantine with the reason. Closing the receipt records what is still short
and moves the PO to partial or received. Several receipts may serve one PO.

The rooms: ``receipts`` (opening, the lines as they stand, closing; ``LineState``,
``Received``, ``ReceiveError``), ``scanning`` (units, ASN pallets, linking unknown
barcodes), ``report`` (the supplier's discrepancy report), ``plates`` (SSCCs and
putaway plates). :class:`ReceivingService` is all of them over one database and bench.
"""

from __future__ import annotations

from datetime import date

import peewee as pw

from station.services.receiving.plates import PlateNumbering
from station.services.receiving.receipts import LineState, ReceiptKeeping, Received, ReceiveError
from station.services.receiving.report import DiscrepancyReporting
from station.services.receiving.scanning import UnitScanning

__all__ = ["LineState", "ReceiveError", "Received", "ReceivingService"]


class ReceivingService(UnitScanning, ReceiptKeeping, DiscrepancyReporting, PlateNumbering):
    """Goods-in on one bench: ``over_limit_pct`` of a line's ordered quantity may be
    received over without approval; ``gs_standin`` is the scanner's stand-in for GS;
    ``today`` gives the date shelf life is counted from."""

    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        *,
        over_limit_pct: float = 5.0,
        gs_standin: str = "",
        today=date.today,
    ):
        self.db = db
        self.bench_id = bench_id
        self.over_limit_pct = over_limit_pct
        self.gs_standin = gs_standin
        self.today = today
