"""The outbox to head office: every record exactly once, whatever fails on the way.

Records go in order, in batches. A batch's idempotency key is made from its
record UUIDs, so a batch sent again after a lost answer gets the same answer.
A record is marked acknowledged only when head office says it has it
(stored, or a duplicate of what it has); head office stores by UUID, so a
record sent twice is kept once. Network faults, 5xx and 429 are retried
with exponential backoff and jitter (``Retry-After`` honoured); a record
head office refuses is parked with the reason for a supervisor, never
retried blindly and never dropped.

Only a refusal of the record itself parks it: a ``rejected`` acknowledgement,
or a 4xx for a batch narrowed down (halved, and halved again) to that one
record. A refused token (401, 403) or an address with no upload service
(404, 405) is the bench's set-up, not the records': the drain stops, says
so, and every record stays pending, to go once the set-up is right.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC

import peewee as pw

from station.db.audit import audit_head_wire
from station.db.models import OutboxRecord, utcnow
from station.sync.client import HeadOfficeClient, Refused, Retryable, SyncError, TokenRefused

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    acked: int = 0
    parked: int = 0
    batches: int = 0
    error: str = ""  # English, for the log
    error_code: str = ""  # the same fault as a code for the screens (SyncError.code)
    error_params: dict = field(default_factory=dict)
    error_stage: str = ""  # upload | master (the master-data pull that follows)
    retry_in: float | None = None  # seconds, when the drain stopped on a retryable fault
    token_refused: bool = False  # head office refused the bench's token (401/403): nothing sent
    downloaded: object = None  # DownloadResult of the master-data pull that followed

    @property
    def done(self) -> bool:
        return not self.error

    def fault(self, exc: SyncError, stage: str) -> None:
        """Record what went wrong, in English for the log and as a code for the screens."""
        self.error = f"master data: {exc}" if stage == "master" else str(exc)
        self.error_code, self.error_params, self.error_stage = exc.code, dict(exc.params), stage


def batch_key(bench_id: str, uuids: list[str]) -> str:
    return hashlib.sha256((bench_id + "\n" + "\n".join(uuids)).encode()).hexdigest()


def as_wire(rec: OutboxRecord) -> dict:
    return {
        "uuid": rec.record_uuid,
        "seq": rec.id,
        "kind": rec.kind,
        "payload": json.loads(rec.payload),
        # UTC, said so (head office refuses a time without its offset)
        "created_at": rec.created_at.replace(tzinfo=UTC).isoformat(),
    }


class Backoff:
    """Exponential with full jitter, bounded; a server's Retry-After wins when longer."""

    def __init__(self, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None):
        self.base, self.cap = base, cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next(self, retry_after: float | None = None) -> float:
        self.failures += 1
        delay = self.rng.uniform(0, min(self.cap, self.base * 2 ** (self.failures - 1)))
        return max(delay, min(retry_after or 0.0, self.cap))

    def reset(self) -> None:
        self.failures = 0


class Uploader:
    def __init__(
        self, db: pw.Database, bench_id: str, client: HeadOfficeClient, *, batch_size: int = 500
    ):
        self.db = db
        self.bench_id = bench_id
        self.client = client
        self.batch_size = batch_size
        self.backoff = Backoff()
        self.waiting = 0  # shipment reports of the last batch the platform has yet to answer

    def pending(self) -> int:
        return OutboxRecord.select().where(OutboxRecord.state == "pending").count()

    def drain(self, progress: Callable[[int, int], None] = lambda done, total: None) -> DrainResult:
        """Send until the outbox is empty or head office cannot take more right now."""
        result = DrainResult()
        total = self.pending()
        while True:
            batch = list(
                OutboxRecord.select()
                .where(OutboxRecord.state == "pending")
                .order_by(OutboxRecord.id)
                .limit(self.batch_size)
            )
            if not batch:
                self.backoff.reset()
                return result
            self.waiting = 0
            try:
                self._send(batch, result)
            except TokenRefused as exc:
                # said by the caller (red in the window, one line from the CLI); the log
                # file keeps it too, below the console's level so the CLI's line stays one
                log.info("%s: nothing sent, %d records kept to send", exc, self.pending())
                result.fault(exc, "upload")
                result.token_refused = True
                return result
            except Retryable as exc:
                self._note(batch, str(exc))
                result.fault(exc, "upload")
                result.retry_in = self.backoff.next(exc.retry_after)
                return result
            except Refused as exc:  # 404/405: no upload service at this address
                log.error("head office: %s; nothing sent, records kept", exc)
                result.fault(exc, "upload")
                return result
            if self.waiting:
                # shipment reports head office could not yet hand to the platform: the
                # same batch would come back pending at once; try again after a pause
                result.retry_in = self.backoff.next()
                return result
            self.backoff.reset()
            progress(result.acked + result.parked, total)

    def _send(self, batch: list[OutboxRecord], result: DrainResult) -> None:
        """Upload ``batch``; a 4xx for the batch is narrowed down by halves until
        it is one record's, and only that record is parked. A refused token,
        404/405 and retryable faults are raised (nothing of them is a record's)."""
        uuids = [r.record_uuid for r in batch]
        try:
            acks = self.client.upload(
                self.bench_id,
                [as_wire(r) for r in batch],
                batch_key(self.bench_id, uuids),
                anchor=audit_head_wire(),
            )
        except TokenRefused:
            raise
        except Refused as exc:
            if exc.status in (404, 405):
                raise
            if len(batch) > 1:
                half = len(batch) // 2
                self._send(batch[:half], result)
                self._send(batch[half:], result)
                return
            self._park(batch, str(exc))
            result.parked += 1
            result.fault(exc, "upload")
            return
        acked, parked = self._apply(batch, acks)
        result.acked += acked
        result.parked += parked
        result.batches += 1

    def _apply(self, batch: list[OutboxRecord], acks: list[dict]) -> tuple[int, int]:
        """Mark what head office acknowledged. A shipment report's acknowledgement also
        carries the platform's word (``shipment``): ``refused`` parks the record with
        the platform's reason for a supervisor, ``not_relayed`` (head office cannot
        tell the platform: the shop has no platform authorisation there) parks it
        with ``not relayed: <reason>``, ``pending`` (the platform was not reached)
        keeps it to send again; ``self.waiting`` counts those."""
        by_uuid = {a.get("uuid"): a for a in acks if isinstance(a, dict)}
        ok, refused, platform_refused, not_relayed, waiting = [], [], [], [], []
        for r in batch:
            ack = by_uuid.get(r.record_uuid, {})
            ship = ack.get("shipment") if r.kind == "shipment_report" else None
            if ack.get("status") == "rejected":
                refused.append((r, ack))
            elif ack.get("status") not in ("stored", "duplicate"):
                continue
            elif isinstance(ship, dict) and ship.get("status") == "refused":
                platform_refused.append((r, ship))
            elif isinstance(ship, dict) and ship.get("status") == "not_relayed":
                not_relayed.append((r, ship))
            elif isinstance(ship, dict) and ship.get("status") == "pending":
                waiting.append((r, ship))
            else:
                ok.append(r.id)
        with self.db.atomic():
            if ok:
                OutboxRecord.update(state="acked", acked_at=utcnow(), last_error=None).where(
                    OutboxRecord.id.in_(ok)
                ).execute()
                cancels = [
                    r.record_uuid for r in batch if r.id in ok and r.kind == "ewaybill_cancel"
                ]
                if cancels:
                    from station.services.ewaybills import cancels_acknowledged

                    cancels_acknowledged(cancels)
            for rec, ack in refused:
                OutboxRecord.update(
                    state="parked", last_error=f"refused by head office: {ack.get('reason', '')}"
                ).where(OutboxRecord.id == rec.id).execute()
            for rec, ship in platform_refused:
                OutboxRecord.update(
                    state="parked",
                    last_error=f"refused by the platform: {ship.get('reason', '')}",
                ).where(OutboxRecord.id == rec.id).execute()
            for rec, ship in not_relayed:
                OutboxRecord.update(
                    state="parked", last_error=f"not relayed: {ship.get('reason', '')}"
                ).where(OutboxRecord.id == rec.id).execute()
            for rec, ship in waiting:
                OutboxRecord.update(
                    last_error=f"waiting for the platform: {ship.get('reason', '')}",
                    attempts=OutboxRecord.attempts + 1,
                ).where(OutboxRecord.id == rec.id).execute()
        self.waiting += len(waiting)
        return len(ok), len(refused) + len(platform_refused) + len(not_relayed)

    def _park(self, batch: list[OutboxRecord], reason: str) -> None:
        with self.db.atomic():
            OutboxRecord.update(
                state="parked", last_error=reason, attempts=OutboxRecord.attempts + 1
            ).where(OutboxRecord.id.in_([r.id for r in batch])).execute()
        log.error("head office refused %d records: %s", len(batch), reason)

    def _note(self, batch: list[OutboxRecord], error: str) -> None:
        with self.db.atomic():
            OutboxRecord.update(last_error=error, attempts=OutboxRecord.attempts + 1).where(
                OutboxRecord.id.in_([r.id for r in batch]), OutboxRecord.state == "pending"
            ).execute()
        log.warning("upload to head office failed, will retry: %s", error)

    def release_parked(self) -> int:
        """A supervisor has looked: send the parked records again."""
        with self.db.atomic():
            return (
                OutboxRecord.update(state="pending").where(OutboxRecord.state == "parked").execute()
            )


class UploadLoop:
    """The uploader on its own thread: drains, waits (backoff or interval), drains again."""

    def __init__(
        self,
        uploader: Uploader,
        interval: float = 30.0,
        on_result: Callable[[DrainResult], None] = lambda r: None,
        on_progress: Callable[[int, int], None] = lambda done, total: None,
        downloader=None,
        token_source: Callable[[], str] | None = None,
        after: Callable[[], None] | None = None,
    ):
        self.downloader = downloader  # master data pulled after each successful drain
        # then this (the parcels waiting for their e-waybill are asked for again)
        self.after = after
        # after a refused token, read it again before the next try: fixed, the records go
        self.token_source = token_source
        self.uploader = uploader
        self.interval = interval
        self.on_result = on_result
        self.on_progress = on_progress
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> UploadLoop:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="uploader", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        refused = False
        while not self._stop.is_set():
            self.wake.clear()
            try:
                if refused and self.token_source is not None:
                    try:
                        self.uploader.client.set_token(self.token_source())
                    except (OSError, ValueError) as exc:  # unreadable: the old one again
                        log.warning("the bench's token could not be read again: %s", exc)
                result = self.uploader.drain(self.on_progress)
                if result.done and self.downloader is not None:
                    try:
                        result.downloaded = self.downloader.pull()
                    except SyncError as exc:  # a page it cannot read (BadAnswer) too
                        result.fault(exc, "master")
                        result.token_refused = isinstance(exc, TokenRefused)
                        if isinstance(exc, Retryable) and exc.retry_after is not None:
                            # head office busy (429/503): asked again when it said, bounded
                            result.retry_in = min(exc.retry_after, self.uploader.backoff.cap)
                if result.done and self.after is not None:
                    self.after()
                refused = result.token_refused
            except Exception as exc:  # noqa: BLE001 - the loop outlives any one round
                # a fault nobody foresaw (a master-data change the database refuses):
                # logged with its traceback, and the next round tries again; the
                # records stay in the outbox, so nothing is lost by going on
                log.exception("upload round failed")
                result = DrainResult(
                    error=f"unexpected: {exc}", error_code="sync_error", retry_in=self.interval
                )
            finally:
                self.uploader.db.close()
            self.on_result(result)
            self.wake.wait(result.retry_in if result.retry_in is not None else self.interval)

    def stop(self, timeout: float = 20.0) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
