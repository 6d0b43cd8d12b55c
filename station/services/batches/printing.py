"""Print first (先打单): a batch's waybills taken ahead and printed in one job in
the pick list's walk, and one label of a batch printed again. Part of
:class:`station.services.batches.BatchService`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from station.db.audit import append_audit
from station.db.models import (
    Batch,
    BatchOrder,
    Operator,
    Parcel,
    PrintJob,
    SalesOrder,
)
from station.services.batches.errors import BatchError
from station.services.batches.hooks import STOPPED, TO_PACK, set_state
from station.services.stock import waiting_for_stock


@dataclass(frozen=True)
class PrintResult:
    job: PrintJob | None
    jobs: int
    labels: int


class BatchPrinting:
    """The printing part of :class:`~station.services.batches.BatchService`
    (its ``db``, ``bench_id``, ``settings`` and ``clock``, and its ``walk``)."""

    def print_waybills(
        self,
        number: str,
        operator: Operator | None,
        packing,
        documents,
        printing,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> PrintResult:
        """Print the batch's waybills in one job (module docstring). BatchError
        ``batch_unknown``; ``batch_printed_already`` (number) when its waybills were
        printed (reprint one label instead); ``batch_not_open`` (number, state);
        ``batch_no_label_printer``; ``batch_waybill_failed`` (order, code, params)
        when an order's number cannot be had: nothing is printed, the numbers taken
        stay with their parcels for the next try; ``batch_nothing_to_print`` when every
        order of it was packed, held or cancelled meanwhile (those are left out of the
        print: a packed one has its waybill, a held one must not ship)."""
        from station.services.packing import PackError

        batch = self.find(number)
        if batch.state != "open":
            if batch.printed_at is not None:
                raise BatchError("batch_printed_already", number=batch.number)
            raise BatchError("batch_not_open", number=batch.number, state=batch.state)
        language = documents.label_language()
        if not language:
            raise BatchError("batch_no_label_printer")
        # an order packed meanwhile has its waybill; one held or cancelled must not ship;
        # one turned pre-sale by a re-import waits for its goods (pack-out refuses it)
        walk = [
            t for t in self.walk(batch) if t[1].status in TO_PACK and not waiting_for_stock(t[1])
        ]
        if not walk:
            raise BatchError("batch_nothing_to_print", number=batch.number)
        total = len(walk)
        parcels = []
        offline = None  # head office did not answer: not asked again for this batch
        for i, (_bo, order, _sku, _loc) in enumerate(walk, 1):
            try:
                prepared = None
                has_number = (
                    Parcel.select()
                    .where(
                        (Parcel.sales_order == order.id)
                        & (Parcel.status == "open")
                        & Parcel.tracking_number.is_null(False)
                    )
                    .exists()
                )
                if not has_number:
                    prepared = self._prepared(packing, order, offline)
                    if prepared.kind == "offline":
                        offline = prepared
                parcels.append(packing.take_number_ahead(order, prepared))
            except PackError as exc:
                raise BatchError(
                    "batch_waybill_failed",
                    order=order.number,
                    reason=exc.code,
                    detail=json.dumps(dict(exc.params), ensure_ascii=False),
                ) from None
            if progress is not None:
                progress(i, 2 * total)
        labels = [(parcel, batch.number, n, total) for n, parcel in enumerate(parcels, 1)]
        payloads = documents.batch_waybills(labels, language)
        if progress is not None:
            progress(2 * total - 1, 2 * total)
        now = self.clock()
        with self.db.atomic():
            current = Batch.get_by_id(batch.id)
            if current.state != "open":  # printed meanwhile by another process
                raise BatchError("batch_printed_already", number=batch.number)
            BatchOrder.update(seq=0).where(BatchOrder.batch == batch.id).execute()  # left out
            for n, ((bo, _o, _s, _l), parcel) in enumerate(zip(walk, parcels, strict=True), 1):
                BatchOrder.update(seq=n, parcel=parcel.id, printed_at=now).where(
                    BatchOrder.id == bo.id
                ).execute()
            if language in ("zpl", "tspl"):
                jobs = [
                    printing.submit(
                        "batch_waybills",
                        b"".join(payloads),
                        language=language,
                        document_ref=batch.number,
                        operator=operator,
                    )
                ]
            else:  # a PDF or a platform's print component: one document per job
                jobs = [
                    printing.submit(
                        "batch_waybills",
                        payload,
                        language=language,
                        document_ref=f"{batch.number} {n}/{total}",
                        operator=operator,
                    )
                    for n, payload in enumerate(payloads, 1)
                ]
            set_state(
                self.bench_id,
                current,
                "printed",
                operator,
                now,
                waybills=[p.tracking_number for p in parcels],
            )
        if progress is not None:
            progress(2 * total, 2 * total)
        return PrintResult(jobs[0] if jobs else None, len(jobs), total)

    @staticmethod
    def _prepared(packing, order: SalesOrder, offline):
        """Where an order's number comes from, as the close asks it
        (``PackingService.prepare_waybill``); once head office has not answered
        within its timeout in this print, the rest of the batch is not asked again
        (500 orders would wait 500 timeouts): its fetched e-waybill, else the
        offline rules (the pool)."""
        from station.services.ewaybills import Prepared

        if offline is None:
            return packing.prepare_waybill(order, ahead=True)
        fetched = packing.waybills.fetched(order) if packing.waybills is not None else None
        return Prepared("platform", fetched) if fetched is not None else offline

    def reprint(
        self, number: str, seq: int, operator: Operator | None, documents, printing
    ) -> PrintJob:
        """One label of a printed batch again (``seq`` its n), the same number, the
        others not: an explicit reprint, audited. BatchError ``batch_unknown``,
        ``batch_not_printed`` (number), ``batch_no_label`` (number, seq, total),
        ``batch_label_not_to_ship`` (number, seq, order, status: held, cancelled or
        voided) for a label that must not go on a box any more,
        ``batch_no_label_printer``."""
        batch = self.find(number)
        if batch.printed_at is None:
            raise BatchError("batch_not_printed", number=batch.number)
        total = BatchOrder.select().where(BatchOrder.batch == batch.id).count()
        bo = BatchOrder.get_or_none((BatchOrder.batch == batch.id) & (BatchOrder.seq == seq))
        if bo is None or bo.parcel_id is None:
            raise BatchError("batch_no_label", number=batch.number, seq=seq, total=total)
        parcel = Parcel.get_by_id(bo.parcel_id)
        order = parcel.sales_order
        stopped = "voided" if parcel.status == "voided" else order.status
        if stopped in STOPPED or stopped == "voided":
            raise BatchError(
                "batch_label_not_to_ship",
                number=batch.number,
                seq=seq,
                order=order.number,
                status=stopped,
            )
        language = documents.label_language()
        if not language:
            raise BatchError("batch_no_label_printer")
        (payload,) = documents.batch_waybills([(parcel, batch.number, seq, total)], language)
        with self.db.atomic():
            job = printing.submit(
                "waybill",
                payload,
                language=language,
                document_ref=parcel.tracking_number,
                operator=operator,
            )
            append_audit(
                self.bench_id,
                "batch_label_reprinted",
                operator=operator,
                entity="batch",
                entity_uuid=batch.uuid,
                details={
                    "number": batch.number,
                    "seq": seq,
                    "tracking": parcel.tracking_number,
                    "order": parcel.sales_order.number,
                },
            )
        return job

    # --- the pick list ---
