"""The imported tracking-number pool behind the provider interface: the offline
fallback for carriers that hand out number ranges.

A thin adapter over :class:`station.services.tracking_pool.TrackingPool`; its rules
are unchanged (a number is taken inside the caller's transaction, never reused; a
void needs a supervisor and reports to head office through the outbox). Pool
waybills have no platform print data: the station draws the label itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from station.db.models import CarrierAccount, Parcel, TrackingNumber
from station.ewaybill import errors as E
from station.ewaybill.base import WaybillProvider
from station.ewaybill.model import (
    CancelResult,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)
from station.services.tracking_pool import PoolError, TrackingPool


class PoolProvider(WaybillProvider):
    """``object_id`` of each request is the UUID of the parcel the number goes to."""

    platform = "pool"
    max_batch = 10

    def __init__(self, pool: TrackingPool):
        self.pool = pool

    def take(self, carrier_code: str, parcel: Parcel) -> Waybill:
        """The next free number of the carrier for ``parcel`` (the close path's call).
        Raises NoBalance when the pool has none free."""
        try:
            tn: TrackingNumber = self.pool.take(carrier_code, parcel)
        except PoolError as exc:
            raise E.NoBalance(self.platform, exc.code, exc.code, carrier=carrier_code) from None
        return Waybill(
            platform=self.platform,
            carrier_code=carrier_code.upper(),
            object_id=parcel.uuid,
            waybill_code=tn.number,
            source="pool",
        )

    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        results = []
        for r in batch:
            parcel = Parcel.get_or_none(Parcel.uuid == r.object_id)
            if parcel is None:
                results.append(
                    WaybillResult(
                        r, error=E.BadRequest(self.platform, "unknown_parcel", r.object_id)
                    )
                )
                continue
            try:
                results.append(WaybillResult(r, [self.take(r.carrier_code, parcel)]))
            except E.EwaybillError as exc:
                results.append(WaybillResult(r, error=exc))
        return results

    def cancel(
        self, carrier_code: str, waybill_code: str, *, approved_by=None, reason: str = "", **kw
    ) -> CancelResult:
        """Void the number (a supervisor's act: ``approved_by``); a second void answers
        ``already=True``."""
        try:
            self.pool.void(waybill_code, approved_by, reason)
        except PoolError as exc:
            if exc.code == "already_void":
                return CancelResult(waybill_code, already=True)
            if exc.code == "unknown_tracking_number":
                raise E.UnknownWaybill(self.platform, exc.code, waybill_code) from None
            raise E.PlatformRefused(self.platform, exc.code, exc.code) from None
        return CancelResult(waybill_code)

    def update(self, request: WaybillRequest, waybill_code: str) -> str:
        raise E.NotSupported(
            self.platform, "update", "a pool number has no platform data to update"
        )

    def search(self, carrier_code: str = "") -> list[Subscription]:
        q = CarrierAccount.select()
        if carrier_code:
            q = q.where(CarrierAccount.carrier == carrier_code.upper())
        return [
            Subscription(
                carrier_code=acc.carrier,
                branch_code=acc.account_no,
                branch_name=acc.name,
                quantity=self.pool.free_count(acc),
                allocated=TrackingNumber.select()
                .where((TrackingNumber.account == acc) & (TrackingNumber.status == "used"))
                .count(),
                cancelled=TrackingNumber.select()
                .where((TrackingNumber.account == acc) & (TrackingNumber.status == "void"))
                .count(),
            )
            for acc in q
        ]

    def balance(self, carrier_code: str) -> int:
        return sum(s.quantity for s in self.search(carrier_code))
