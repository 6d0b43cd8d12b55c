"""Pre-allocated tracking numbers: imported, taken one at a time, never reused.

A number is taken inside the transaction that closes the parcel, so a
crash either keeps both or neither. A void (supervisor) retires the number
for good and reports it to head office; a reprint keeps it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import peewee as pw

from station.core.errors import CodedError
from station.core.tracking import RULES, check_number
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import CarrierAccount, Operator, Parcel, TrackingNumber, utcnow
from station.services.approvals import require_approver
from station.services.cells import CellDamage, clean_cell


class PoolError(CodedError):
    """A tracking-number pool refused; ``code``/``params`` for the UI."""


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, number, reason


class TrackingPool:
    def __init__(self, db: pw.Database, bench_id: str):
        self.db = db
        self.bench_id = bench_id

    def account(
        self,
        carrier: str,
        name: str = "",
        account_no: str = "",
        *,
        check_rule: str = "none",
        pattern: str = "",
        low_water: int = 50,
    ) -> CarrierAccount:
        if check_rule not in RULES:
            raise PoolError("unknown_rule", rule=check_rule)
        acc, _ = CarrierAccount.get_or_create(
            carrier=carrier.upper(),
            account_no=account_no,
            defaults=dict(
                name=name or carrier, check_rule=check_rule, pattern=pattern, low_water=low_water
            ),
        )
        return acc

    def import_numbers(self, account: CarrierAccount, text: str) -> ImportResult:
        """One number a line (or the first CSV column). All checked first; bad lines
        are listed and nothing is added unless every line is good."""
        result = ImportResult()
        good: list[str] = []
        seen: set[str] = set()
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise PoolError("tracking_file_unreadable", detail=str(exc)) from None
        for lineno, row in enumerate(rows, start=1):
            raw = row[0] if row else ""
            try:  # a sheet's damage: guards, full-width digits, rounded numbers
                number = clean_cell(raw, "id")
            except CellDamage as damage:
                result.rejected.append((lineno, raw, damage.code))
                continue
            if not number or number.lower() in ("number", "tracking_number", "运单号"):
                continue
            reason = check_number(number, account.check_rule, account.pattern)
            if reason is None and number in seen:
                reason = "repeated_in_file"
            if reason:
                result.rejected.append((lineno, number, reason))
                continue
            seen.add(number)
            good.append(number)
        if result.rejected:
            return result
        existing = {
            n
            for (n,) in TrackingNumber.select(TrackingNumber.number)
            .where(TrackingNumber.number.in_(good))
            .tuples()
        }
        with self.db.atomic():
            for number in good:
                if number in existing:
                    result.already += 1
                    continue
                TrackingNumber.create(account=account, number=number)
                result.added += 1
            if result.added:
                append_audit(
                    self.bench_id,
                    "tracking_numbers_imported",
                    entity="carrier_account",
                    entity_uuid=account.uuid,
                    details={"added": result.added, "carrier": account.carrier},
                )
        return result

    def free_count(self, account: CarrierAccount) -> int:
        return (
            TrackingNumber.select()
            .where((TrackingNumber.account == account) & (TrackingNumber.status == "free"))
            .count()
        )

    def running_low(self) -> list[tuple[CarrierAccount, int]]:
        low = []
        for acc in CarrierAccount.select():
            free = self.free_count(acc)
            if free <= acc.low_water:
                low.append((acc, free))
        return low

    def take(self, carrier: str, parcel: Parcel) -> TrackingNumber:
        """The next free number of the carrier, now used by ``parcel``; PoolError
        ``pool_empty`` when none is free.

        One UPDATE takes it: it moves the oldest free number to ``used`` only if it
        is still free, and the row it returns is the claim. Two writers (the
        window and a command, two processes) can never be given the same number,
        inside a transaction or not; a writer that lost the race on a number
        simply gets the next one."""
        oldest_free = (
            TrackingNumber.select(TrackingNumber.id)
            .join(CarrierAccount)
            .where((CarrierAccount.carrier == carrier.upper()) & (TrackingNumber.status == "free"))
            .order_by(TrackingNumber.id)
            .limit(1)
        )
        taken = list(
            TrackingNumber.update(status="used", parcel=parcel, taken_at=utcnow())
            .where((TrackingNumber.id == oldest_free) & (TrackingNumber.status == "free"))
            .returning(TrackingNumber.id)
            .execute()
        )
        if len(taken) != 1:
            # the subquery and the update are one statement, so an empty answer means
            # no number of this carrier was free
            raise PoolError("pool_empty", carrier=carrier)
        return TrackingNumber.get_by_id(taken[0].id)

    def void(self, number: str, supervisor: Operator, reason: str) -> TrackingNumber:
        require_approver(supervisor, lambda: PoolError("void_needs_supervisor"))
        tn = TrackingNumber.get_or_none(TrackingNumber.number == number)
        if tn is None:
            raise PoolError("unknown_tracking_number", number=number)
        if tn.status == "void":
            raise PoolError("already_void", number=number)
        with self.db.atomic():
            TrackingNumber.update(status="void", voided_at=utcnow(), void_reason=reason).where(
                TrackingNumber.id == tn.id
            ).execute()
            append_audit(
                self.bench_id,
                "tracking_number_voided",
                operator=supervisor,
                entity="tracking_number",
                entity_uuid=tn.uuid,
                details={"number": number, "reason": reason},
            )
            outbox.enqueue(
                self.bench_id,
                "tracking_void",
                tn.uuid,
                {"number": number, "reason": reason, "by": supervisor.uuid},
            )
        return TrackingNumber.get_by_id(tn.id)


def retire_found_in_use(bench_id: str, found: dict[str, str]) -> dict[str, str]:
    """Mark used every number of ``found`` (number -> where it was seen in use) that
    the pool still has as free: after a restore, a number printed on a waybill, sent to
    head office or named anywhere else is never given to a second parcel. Call inside a
    transaction. Returns the numbers changed, with where each was seen."""
    free = {
        n
        for (n,) in TrackingNumber.select(TrackingNumber.number)
        .where(TrackingNumber.number.in_(list(found)) & (TrackingNumber.status == "free"))
        .tuples()
    }
    retired = {n: found[n] for n in sorted(free)}
    if retired:
        TrackingNumber.update(status="used", taken_at=utcnow()).where(
            TrackingNumber.number.in_(list(retired)) & (TrackingNumber.status == "free")
        ).execute()
        append_audit(
            bench_id,
            "tracking_numbers_found_in_use",
            entity="tracking_number",
            details={"numbers": retired},
        )
    return retired
