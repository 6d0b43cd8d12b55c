"""Pack-out, opening and verifying: the order a scan names (with the duplicate
guard), and each scanned item checked against it and put in the open parcel."""

from __future__ import annotations

from dataclasses import dataclass, replace

import peewee as pw
from biip import BiipException, ParseConfig, parse

from station.core.barcodes import gtin_forms
from station.core.packing import place_item
from station.core.scan import Outcome, Scan, Verdict
from station.core.wedge_text import GS
from station.db.audit import append_audit
from station.db.models import Operator, PackedItem, Parcel, Product, SalesOrder, SalesOrderLine
from station.services.approvals import may_approve
from station.services.barcode_info import check_digit_refusal
from station.services.documents import read_batch_code
from station.services.gs1 import Gs1Refused, as_element_string, check_element_string
from station.services.lookup import identify
from station.services.operators import Session
from station.services.packing.state import PackState
from station.services.scans import record_scan
from station.services.stock import waiting_for_stock

PICK_TICKET_PREFIXES = ("PT-", "PT:")


@dataclass(frozen=True)
class ItemCode:
    product_id: int
    pack_qty: int


_ITEM_SQL = 'SELECT "product_id", "pack_qty" FROM "product_barcode" WHERE "code" = ?'


def _identify_item(db: pw.Database, data: str) -> tuple[ItemCode | None, str | None]:
    """The product a scan points at (with the pack quantity of that code), and the
    serial number it carries (GS1 AI 21). Plain SQL: this runs on every scan.

    GS1 data is checked whole first, as at goods-in
    (:func:`station.services.gs1.check_element_string`): a string the GS1 Syntax
    Dictionary refuses (two serials, a lost separator, a serial without its GTIN...)
    raises :class:`Gs1Refused`, never packs a unit read in part; a wrong check digit
    is left to the misread answer (``bad_check_digit``). A GS1 Digital Link URI or
    the bracketed form ``(01)…(21)…`` is read as the element string it carries."""
    row = db.execute_sql(_ITEM_SQL, (data,)).fetchone()
    linked = as_element_string(data) if row is None else None
    if linked is not None:  # a Digital Link QR, the bracketed form: its element string
        data = linked
    if row is not None or not data[:2].isdigit() or len(data) <= 14:
        return (ItemCode(*row) if row else None), None
    try:
        result = parse(data, config=ParseConfig(separator_chars=[GS]))
    except (BiipException, ValueError, IndexError):
        result = None
    try:
        check_element_string(data, result)
    except Gs1Refused as exc:
        if exc.code != "gs1.check_digit":
            raise
        return None, None
    if result is None or result.gs1_message is None:
        return None, None
    values = {e.ai.ai: e.value for e in result.gs1_message.element_strings}
    gtin = values.get("01") or values.get("02")
    if not gtin:
        return None, None
    for candidate in gtin_forms(gtin):  # stored as an EAN-8, UPC-A, EAN-13 or GTIN-14
        row = db.execute_sql(_ITEM_SQL, (candidate,)).fetchone()
        if row is not None:
            return ItemCode(*row), values.get("21")
    return None, None


class PackVerifying:
    """Opening an order and verifying its units. Part of
    :class:`station.services.packing.PackingService`."""

    # --- finding ---

    @staticmethod
    def find_order(code: str) -> SalesOrder | None:
        code = code.strip()
        for prefix in PICK_TICKET_PREFIXES:
            if code.upper().startswith(prefix):
                code = code[len(prefix) :]
        order = SalesOrder.get_or_none(SalesOrder.number == code)
        if order is not None:
            return order
        label = read_batch_code(code)
        if label is not None:  # a batch waybill's custom-area barcode
            from station.db.models import Batch, BatchOrder

            row = (
                BatchOrder.select(BatchOrder.sales_order)
                .join(Batch)
                .where(
                    (Batch.number == label[0])
                    & (BatchOrder.seq == label[1])
                    & Batch.printed_at.is_null(False)
                )
                .first()
            )
            if row is not None:
                return SalesOrder.get_by_id(row.sales_order_id)
        parcel = Parcel.get_or_none(Parcel.tracking_number == code)
        return parcel.sales_order if parcel is not None else None

    def is_item(self, code: str) -> bool:
        try:
            return _identify_item(self.db, code)[0] is not None
        except Gs1Refused:
            return False

    # --- opening ---

    def open(
        self,
        scan: Scan,
        session: Session,
        *,
        override_by: Operator | None = None,
    ) -> tuple[Verdict, PackState | None]:
        """Open the order a scan names. Already packed or shipped: refused, unless a
        supervisor overrides (audited): the guard against shipping an order twice."""
        if override_by is not None and may_approve(override_by) is None:
            override_by = None  # not someone who may approve: the guard stands
        with self.db.atomic():
            order = self.find_order(scan.data)
            verdict = self._open_verdict(order, scan, override_by)
            record_scan(
                scan, verdict, bench_id=self.bench_id, context="pack", operator=session.operator
            )
            if verdict.outcome is not Outcome.OK:
                return verdict, None
            first = order.status == "new"
            if order.id in self._put_aside():  # scanned again: no longer put aside
                self._set_put_aside(self._put_aside() - {order.id})
            if override_by is not None:
                append_audit(
                    self.bench_id,
                    "duplicate_override",
                    operator=session.operator,
                    approved_by=override_by,
                    entity="sales_order",
                    entity_uuid=order.uuid,
                    details={"number": order.number, "was": order.status},
                )
            if order.status != "packing":
                SalesOrder.update(status="packing").where(SalesOrder.id == order.id).execute()
            if first:
                append_audit(
                    self.bench_id,
                    "pack_started",
                    operator=session.operator,
                    entity="sales_order",
                    entity_uuid=order.uuid,
                    details={"number": order.number},
                )
            return verdict, self.state(order)

    @staticmethod
    def _open_verdict(order: SalesOrder | None, scan: Scan, override_by) -> Verdict:
        if order is None:
            kind = identify(scan.data).kind
            if kind in ("product", "purchase_order"):
                return Verdict(Outcome.WARNING, f"not_here_{kind}", {"code": scan.data})
            misread = check_digit_refusal(scan.data)
            if misread is not None:
                return Verdict(
                    Outcome.REFUSED, "bad_check_digit", {"code": scan.data, "detail": misread}
                )
            return Verdict(Outcome.REFUSED, "unknown_order", {"code": scan.data})
        if order.status in ("held", "cancelled"):
            return Verdict(
                Outcome.REFUSED,
                f"order_{order.status}",
                {"number": order.number, "reason": order.status_reason or ""},
            )
        if waiting_for_stock(order):
            # a pre-sale order whose goods are not here yet (待备货): released by goods-in
            needs = ", ".join(
                f"{ln.product.sku} ×{ln.qty}" for ln in order.lines.order_by(SalesOrderLine.line_no)
            )
            return Verdict(
                Outcome.REFUSED, "presale_waiting", {"number": order.number, "skus": needs}
            )
        if order.status in ("packed", "shipped") and override_by is None:
            return Verdict(Outcome.REFUSED, f"already_{order.status}", {"number": order.number})
        code = "order_resumed" if order.status == "packing" else "order_opened"
        return Verdict(Outcome.OK, code, {"number": order.number})

    # --- items ---

    def scan_item(
        self, state: PackState | SalesOrder, scan: Scan, session: Session, *, qty: int = 1
    ) -> tuple[Verdict, PackState]:
        """One scanned item against the open parcel: refused, or on disk, in one
        transaction. Give the current PackState (an order is looked up afresh)."""
        if isinstance(state, SalesOrder):
            state = self.state(state)
        with self.db.atomic():
            try:
                bc, serial = _identify_item(self.db, scan.data)
            except Gs1Refused as exc:
                refused = Verdict(Outcome.REFUSED, exc.code, dict(exc.params))
                record_scan(
                    scan, refused, bench_id=self.bench_id, context="pack", operator=session.operator
                )
                return refused, state
            units = qty * (bc.pack_qty if bc else 1)
            decision = place_item(
                state.lines,
                bc.product_id if bc else None,
                units,
                serial=serial,
                packed_serials=state.serials,
                code=scan.data,
            )
            decision = self._explained(decision, bc, scan.data)
            event = record_scan(
                scan,
                decision.verdict,
                bench_id=self.bench_id,
                context="pack",
                operator=session.operator,
            )
            if decision.line is not None:
                PackedItem.create(
                    parcel=state.parcel,
                    sales_order_line=decision.line.line_id,
                    qty=units,
                    serial=serial,
                    scan_event=event,
                )
        if decision.line is None:
            return decision.verdict, state
        return decision.verdict, state.after_packing(decision.line.line_id, units, serial)

    @staticmethod
    def _explained(decision, bc: ItemCode | None, data: str):
        """A refusal that says what was scanned: the product's name and SKU for a wrong
        item, the check-digit verdict (as ``station barcode parse`` gives it) for an
        unknown code that is a misread."""
        v = decision.verdict
        if v.code == "wrong_item" and bc is not None:
            product = Product.get_or_none(Product.id == bc.product_id)
            if product is not None:
                params = {**v.params, "name": product.name, "sku": product.sku}
                return replace(decision, verdict=Verdict(v.outcome, v.code, params))
        if v.code == "unknown_code" and bc is None:
            misread = check_digit_refusal(data)
            if misread is not None:
                params = {"code": data, "detail": misread}
                return replace(decision, verdict=Verdict(v.outcome, "bad_check_digit", params))
        return decision
