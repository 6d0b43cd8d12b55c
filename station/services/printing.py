"""The print queue: every job recorded, retried, failed over, never replayed by surprise.

Jobs live in the database (``print_job``), so nothing is lost across a
restart. A spooler thread, the printers' one owner, prints them in order:

- a job that waited longer than ``stale_after`` (a printer that was off for
  an hour) is **held** until an operator confirms it: a stale waybill printed
  twice is a duplicate shipment;
- a job the station was printing when it stopped is held too (it may or may
  not have come out);
- a failed job is retried up to ``attempts`` times on its printer, then sent
  to the bench's standby printer; if that fails too it is marked failed,
  visible, for the operator to retry;
- a reprint is a new job pointing at the original, with the same bytes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw

from station.core.errors import CodedError
from station.db.audit import append_audit
from station.db.models import Operator, PrintJob, TrackingNumber, utcnow
from station.drivers.errors import DeviceError
from station.drivers.printers.printer import Printer
from station.drivers.printers.status import PrinterStatus

log = logging.getLogger(__name__)

ACTIVE = ("queued", "printing")


class PrintRefused(CodedError):
    """A job that may not print; ``code``/``params`` for the UI."""


def voided_waybill(job: PrintJob) -> bool:
    """A waybill whose tracking number was voided: it is never printed again (a voided
    number on a parcel would ship it under a number the carrier has cancelled)."""
    if job.kind != "waybill" or not job.document_ref:
        return False
    tn = TrackingNumber.get_or_none(TrackingNumber.number == job.document_ref)
    return tn is not None and tn.status == "void"


# what a print job is: each has its name on the Waybills page's print jobs
# (station.ui.messages "job_kind_<kind>")
JOB_KINDS = (
    "waybill",
    "packing_list",
    "lpn",
    "test",
    "report",
    "handover_sheet",
    "batch_waybills",
    "pick_list",
)


def same_layout(primary: Printer | None, standby: Printer) -> bool:
    """True when a job made for ``primary`` prints right on ``standby``: the same
    language of jobs (``Printer.job_language``: a label image for one reached through
    the system's graphics driver) and, for labels, the same resolution (a 203-dpi
    label on a 300-dpi printer comes out at two thirds of its size)."""
    if primary is None:
        return True
    if primary.job_language != standby.job_language:
        return False
    return primary.job_language == "pdf" or primary.dpi == standby.dpi


@dataclass
class PrinterPair:
    """A bench's printer for one role, and its standby."""

    primary: Printer | None
    standby: Printer | None = None


class PrintService:
    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        printers: Callable[[str], PrinterPair],
        *,
        stale_after: timedelta = timedelta(minutes=30),
        attempts: int = 2,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.db = db
        self.bench_id = bench_id
        self.printers = printers  # role -> PrinterPair, read at each job (settings may change)
        self.stale_after = stale_after
        self.attempts = attempts
        self.clock = clock
        self.wake = threading.Event()
        self.changed: Callable[[PrintJob], None] = lambda job: None

    # --- asking for prints ---

    def submit(
        self,
        kind: str,
        payload: bytes,
        *,
        language: str,
        document_ref: str = "",
        role: str = "label",
        operator: Operator | None = None,
        reprint_of: PrintJob | None = None,
    ) -> PrintJob:
        """Queue one print job of ``kind`` (one of :data:`JOB_KINDS`; ValueError for
        another, so every job on the Waybills page has a name people read)."""
        if kind not in JOB_KINDS:
            raise ValueError(f"unknown print job kind {kind!r}: one of {', '.join(JOB_KINDS)}")
        pair = self.printers(role)
        uri = pair.primary.name if pair.primary else ""
        with self.db.atomic():
            job = PrintJob.create(
                kind=kind,
                document_ref=document_ref,
                printer_uri=uri,
                language=language,
                payload=payload,
                role=role,
                operator=operator,
                reprint_of=reprint_of,
                created_at=self.clock(),
            )
            if reprint_of is not None:
                append_audit(
                    self.bench_id,
                    "reprint",
                    operator=operator,
                    entity="print_job",
                    entity_uuid=job.uuid,
                    details={"of": reprint_of.uuid, "document": document_ref},
                )
        self.wake.set()
        return job

    def reprint(self, job: PrintJob, operator: Operator | None) -> PrintJob:
        """The same bytes again, as a new job. Raises PrintRefused for a voided waybill."""
        self._refuse_voided(job)
        return self.submit(
            job.kind,
            bytes(job.payload),
            language=job.language,
            document_ref=job.document_ref,
            role=job.role,
            operator=operator,
            reprint_of=job,
        )

    def confirm(self, job: PrintJob, operator: Operator) -> bool:
        """An operator says a held job should print after all. False when the job was
        no longer held (another hand got to it first): nothing changes then."""
        return self._resume(job, operator, "print_confirmed", "held")

    def retry(self, job: PrintJob, operator: Operator) -> bool:
        """A failed job goes back in the queue; False when it was no longer failed."""
        return self._resume(job, operator, "print_retry", "failed")

    @staticmethod
    def _refuse_voided(job: PrintJob) -> None:
        if voided_waybill(job):
            raise PrintRefused("print.voided_waybill", tracking=job.document_ref)

    def _resume(self, job: PrintJob, operator: Operator, action: str, was: str) -> bool:
        """Held or failed job back in the queue; False when it was no longer ``was``.
        Raises PrintRefused for a voided waybill."""
        self._refuse_voided(job)
        with self.db.atomic():
            moved = (
                PrintJob.update(status="queued", attempts=0, error=None, confirmed_by=operator)
                .where((PrintJob.id == job.id) & (PrintJob.status == was))
                .execute()
            )
            if moved != 1:
                return False
            append_audit(
                self.bench_id,
                action,
                operator=operator,
                entity="print_job",
                entity_uuid=job.uuid,
                details={"document": job.document_ref, "was": job.held_reason or was},
            )
        self.wake.set()
        return True

    def cancel(self, job: PrintJob, operator: Operator) -> bool:
        """Cancel a job that is not printing or printed (queued, held or failed); False
        when it had already been taken by the spooler or finished."""
        with self.db.atomic():
            moved = (
                PrintJob.update(status="cancelled")
                .where((PrintJob.id == job.id) & PrintJob.status.in_(["queued", "held", "failed"]))
                .execute()
            )
            if moved != 1:
                return False
            append_audit(
                self.bench_id,
                "print_cancelled",
                operator=operator,
                entity="print_job",
                entity_uuid=job.uuid,
                details={"document": job.document_ref},
            )
        return True

    def recent(self, limit: int = 30) -> list[PrintJob]:
        return list(PrintJob.select().order_by(PrintJob.id.desc()).limit(limit))

    def waiting(self) -> list[PrintJob]:
        """Jobs that need a person: held or failed."""
        return list(
            PrintJob.select().where(PrintJob.status.in_(["held", "failed"])).order_by(PrintJob.id)
        )

    # --- the spooler's side ---

    def recover(self) -> int:
        """At start-up: jobs caught mid-print may have printed; hold them for a person.

        Only right in the one process that has the data folder to itself
        (``station.instance_lock``): a job another live spooler is printing
        would be held too."""
        with self.db.atomic():
            return (
                PrintJob.update(status="held", held_reason="interrupted")
                .where(PrintJob.status == "printing")
                .execute()
            )

    def run_once(self) -> int:
        """Print every queued job, oldest first. Returns how many this spooler handled
        (printed, failed or held as stale); jobs another spooler took are not counted."""
        handled = 0
        while (job := self._claim()) is not None:
            if job.status == "printing":
                self._print(job)
            handled += 1
        return handled

    def _claim(self) -> PrintJob | None:
        """Take the oldest queued job for this spooler, or None when none is left.

        The claim is one UPDATE that moves the job out of ``queued`` only if it
        is still queued, checked by its row count: of two spoolers (two
        processes, or two threads) that saw the same job, exactly one gets
        the row; the other goes on to the next job. A job that waited longer
        than ``stale_after`` is claimed into ``held`` instead of ``printing``.
        """
        after_id = 0
        while True:
            job = (
                PrintJob.select()
                .where((PrintJob.status == "queued") & (PrintJob.id > after_id))
                .order_by(PrintJob.id)
                .first()
            )
            if job is None:
                return None
            stale = job.confirmed_by_id is None and self.clock() - job.created_at > self.stale_after
            fields = {"status": "held", "held_reason": "stale"} if stale else {"status": "printing"}
            taken = (
                PrintJob.update(**fields)
                .where((PrintJob.id == job.id) & (PrintJob.status == "queued"))
                .execute()
            )
            if taken != 1:  # another spooler took it between the look and the claim
                after_id = job.id
                continue
            for k, v in fields.items():
                setattr(job, k, v)
            self.changed(job)
            if stale:
                log.warning(
                    "print job %s for %s held: waited since %s",
                    job.id,
                    job.document_ref,
                    job.created_at,
                )
            return job

    def _set(self, job: PrintJob, **fields) -> None:
        """Record the progress of a job this spooler claimed (it alone moves it now)."""
        for k, v in fields.items():
            setattr(job, k, v)
        moved = (
            PrintJob.update(**fields)
            .where((PrintJob.id == job.id) & (PrintJob.status == "printing"))
            .execute()
        )
        if moved != 1:  # taken out of this spooler's hands (held by a restart elsewhere)
            log.warning("print job %s was no longer printing when it became %s", job.id, fields)
        self.changed(job)

    def _print(self, job: PrintJob) -> None:
        if voided_waybill(job):  # voided while it waited: it never comes out
            self._set(job, status="cancelled", error="waybill voided")
            log.warning("print job %s for %s cancelled: waybill voided", job.id, job.document_ref)
            return
        pair = self.printers(job.role)
        error = ""
        for printer in [pair.primary] * self.attempts + [pair.standby]:
            if printer is None:
                continue
            if not printer.can_print(job.language):
                error = f"{printer.name}: cannot print a {job.language} job"
                log.warning("print job %s is %s: not for %s", job.id, job.language, printer.name)
                continue
            if printer is pair.standby and not same_layout(pair.primary, printer):
                # a label laid out for the bench's printer would come out wrong here
                error = (
                    f"{printer.name}: the standby printer is {printer.language} at "
                    f"{printer.dpi} dpi, the label was made for {pair.primary.language} "
                    f"at {pair.primary.dpi} dpi"
                )
                log.warning("print job %s not sent to the standby: %s", job.id, error)
                continue
            try:
                printer.print_job(bytes(job.payload))
            except DeviceError as exc:
                error = f"{printer.name}: {exc}"
                self._set(job, attempts=job.attempts + 1, error=error)
                log.warning("print job %s failed on %s: %s", job.id, printer.name, exc)
                continue
            with self.db.atomic():
                if pair.primary is None or printer.name != pair.primary.name:
                    append_audit(
                        self.bench_id,
                        "print_failover",
                        entity="print_job",
                        entity_uuid=job.uuid,
                        details={"from": job.printer_uri, "to": printer.name, "error": error},
                    )
                self._set(
                    job,
                    status="done",
                    printer_uri=printer.name,
                    printed_at=self.clock(),
                    error=None,
                )
            return
        self._set(job, status="failed", error=error or "no printer configured for this bench")


class Spooler:
    """The thread that owns the bench's printers.

    It prints queued jobs as soon as they come (``wake``), and between jobs
    asks the label printer for its status every ``status_every`` seconds,
    reporting it to ``on_status`` (a PrinterStatus, or None with no printer).
    Nothing else talks to the printers, so a status query never interleaves
    with a job.
    """

    def __init__(
        self,
        service: PrintService,
        interval: float = 2.0,
        *,
        status_every: float = 15.0,
        on_status: Callable[[PrinterStatus | None], None] | None = None,
    ):
        self.service = service
        self.interval = interval
        self.status_every = status_every
        self.on_status = on_status
        self._last_status = float("-inf")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Spooler:
        self.service.recover()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="print spooler", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.service.wake.clear()
            try:
                self.service.run_once()
            except Exception:  # keep the spooler alive; the job stays in the database
                log.exception("print spooler failed; trying again")
            finally:
                self.service.db.close()
            if (
                self.on_status is not None
                and time.monotonic() - self._last_status >= self.status_every
            ):
                self._last_status = time.monotonic()
                self.on_status(self._status())
            self.service.wake.wait(self.interval)

    def _status(self) -> PrinterStatus | None:
        printer = self.service.printers("label").primary
        if printer is None:
            return None
        try:
            return printer.status()
        except DeviceError as exc:
            return PrinterStatus(online=False, raw=str(exc))

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self.service.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
