"""Inspection (质检) of a received lot by ISO 2859-1 single sampling.

``start`` takes the lot size from what the receipt holds of the product (and
lot), the AQL from the product, else the supplier, else the station's
default, and stores the plan: code letter, sample size, accept and reject
numbers. The inspector records defects by code and class; ``decide`` accepts
the lot when the major and minor defects found stay at or under the accept
number and no critical defect was found, rejects it otherwise, or holds it
when the inspector asks. A rejected or held lot's receipt lines go to
quarantine with the reason. Photos are copied into the data directory.
Every inspection is sent to head office.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import peewee as pw

from station.core.errors import CodedError
from station.core.sampling import SamplingError, plan
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import Defect, Inspection, Operator, Product, Receipt, ReceiptLine, new_uuid
from station.resources import read_json
from station.services.stock import StockService

SEVERITIES = ("critical", "major", "minor")
PHOTO_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".heic"}
PHOTO_MAX_BYTES = 25 * 1024 * 1024


class InspectionError(CodedError):
    pass


class InspectionService:
    def __init__(self, db: pw.Database, bench_id: str, photos: Path, default_aql: float = 2.5):
        self.db = db
        self.bench_id = bench_id
        self.photos = photos
        self.default_aql = default_aql
        self._tables = read_json("sampling", "iso2859_1.json")

    def _lines(self, receipt: Receipt, product: Product, lot: str | None):
        q = ReceiptLine.select().where(
            (ReceiptLine.receipt == receipt)
            & (ReceiptLine.product == product)
            & (ReceiptLine.purchase_order_line.is_null(False))
        )
        return q.where(ReceiptLine.lot == lot) if lot else q

    def start(
        self,
        receipt: Receipt,
        product: Product,
        *,
        lot: str | None = None,
        aql: float | None = None,
        level: str = "II",
        operator: Operator | None = None,
    ) -> Inspection:
        lot_size = sum(ln.qty for ln in self._lines(receipt, product, lot))
        if lot_size <= 0:
            raise InspectionError("inspect.nothing_received", sku=product.sku)
        supplier_aql = receipt.supplier.aql if receipt.supplier else None
        chosen = aql or product.aql or supplier_aql or self.default_aql
        try:
            p = plan(self._tables, lot_size, str(chosen), level)
        except SamplingError as exc:
            raise InspectionError(f"inspect.{exc.code}", **exc.params) from None
        with self.db.atomic():
            inspection = Inspection.create(
                receipt=receipt,
                product=product,
                lot=lot,
                lot_size=lot_size,
                aql=float(p.aql),
                level=level,
                code_letter=p.code_letter,
                sample_size=p.sample_size,
                accept_no=p.accept,
                reject_no=p.reject,
                operator=operator,
            )
            append_audit(
                self.bench_id,
                "inspection_started",
                operator=operator,
                entity="inspection",
                entity_uuid=inspection.uuid,
                details={"sku": product.sku, "lot": lot, "plan": p.to_dict()},
            )
        return inspection

    def record_defect(
        self,
        inspection: Inspection,
        code: str,
        severity: str,
        *,
        qty: int = 1,
        note: str = "",
        photo: Path | None = None,
    ) -> Defect:
        if inspection.result is not None:
            raise InspectionError("inspect.decided", result=inspection.result)
        if severity not in SEVERITIES:
            raise InspectionError("inspect.bad_severity", severity=severity)
        if not code.strip():
            raise InspectionError("inspect.no_code")
        found = sum(d.qty for d in inspection.defects)
        if qty <= 0 or found + qty > inspection.sample_size:
            raise InspectionError(
                "inspect.bad_quantity", qty=qty, sample=inspection.sample_size, found=found
            )
        stored = self._store_photo(photo) if photo is not None else None
        return Defect.create(
            inspection=inspection,
            code=code.strip(),
            severity=severity,
            qty=qty,
            note=note or None,
            photo_path=stored,
        )

    def _store_photo(self, photo: Path) -> str:
        if photo.suffix.lower() not in PHOTO_TYPES:
            raise InspectionError("inspect.photo_type", name=photo.name)
        try:
            size = photo.stat().st_size
        except OSError:
            raise InspectionError("inspect.photo_missing", name=photo.name) from None
        if size > PHOTO_MAX_BYTES:
            raise InspectionError("inspect.photo_too_big", name=photo.name)
        self.photos.mkdir(parents=True, exist_ok=True)
        target = self.photos / f"{new_uuid()}{photo.suffix.lower()}"
        shutil.copyfile(photo, target)
        return target.name

    @staticmethod
    def verdict(inspection: Inspection, *, hold: bool = False) -> str:
        """What ``decide`` would answer now, recording nothing: ``rejected`` with any
        critical defect or with the counted defects at the plan's reject number (ISO
        2859-1 single sampling), else ``held`` when asked to hold, else ``accepted``."""
        defects = list(inspection.defects)
        critical = sum(d.qty for d in defects if d.severity == "critical")
        counted = sum(d.qty for d in defects if d.severity != "critical")
        if critical or counted >= inspection.reject_no:
            return "rejected"
        return "held" if hold else "accepted"

    def decide(
        self, inspection: Inspection, *, hold: bool = False, operator: Operator | None = None
    ) -> str:
        """accepted | rejected | held; rejected and held lots go to quarantine."""
        if inspection.result is not None:
            raise InspectionError("inspect.decided", result=inspection.result)
        result = self.verdict(inspection, hold=hold)
        defects = list(inspection.defects)
        critical = sum(d.qty for d in defects if d.severity == "critical")
        counted = sum(d.qty for d in defects if d.severity != "critical")
        with self.db.atomic():
            inspection.result = result
            inspection.save()
            if result != "accepted":
                reason = f"inspection_{result}:{inspection.uuid}"
                for line in self._lines(inspection.receipt, inspection.product, inspection.lot):
                    line.status, line.reason = "quarantine", reason
                    line.save()
                # goods that released pre-sale orders are no longer stock: those they
                # no longer cover wait again (station.services.stock)
                StockService(self.db, self.bench_id).take_back(
                    [inspection.product_id], operator=operator, reason=f"inspection_{result}"
                )
            append_audit(
                self.bench_id,
                f"inspection_{result}",
                operator=operator,
                entity="inspection",
                entity_uuid=inspection.uuid,
                details={
                    "critical": critical,
                    "counted": counted,
                    "reject_no": inspection.reject_no,
                },
            )
            outbox.enqueue(
                self.bench_id,
                "inspection",
                inspection.uuid,
                {
                    "uuid": inspection.uuid,
                    "receipt": inspection.receipt.number,
                    "sku": inspection.product.sku,
                    "lot": inspection.lot,
                    "lot_size": inspection.lot_size,
                    "aql": inspection.aql,
                    "level": inspection.level,
                    "code_letter": inspection.code_letter,
                    "sample_size": inspection.sample_size,
                    "accept": inspection.accept_no,
                    "reject": inspection.reject_no,
                    "result": result,
                    "defects": [
                        {"code": d.code, "severity": d.severity, "qty": d.qty, "note": d.note}
                        for d in defects
                    ],
                },
            )
        return result
