"""Master data down from head office, by cursor, each page in one transaction.

Products (with their barcodes and picture references), new sales orders, order holds and
cancellations, purchase orders, tracking numbers, operators and head office's stock
figures. Head office's word wins for
master data, except where the bench has already acted: an order cancelled or
held at head office after it was packed here is not changed; the conflict
is recorded, shown on the Sync page and reported back to head office.
After the master data, the products' pictures the cache lacks are fetched
(``station.sync.pictures``), on the same thread: never the GUI's.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

import peewee as pw

from station.core.auth import hash_badge
from station.core.routing import RoutingTableError
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    Meta,
    Operator,
    Product,
    ProductBarcode,
    SalesOrder,
    SalesOrderLine,
    new_uuid,
)
from station.services.dispatch.intercepts import (
    INTERCEPT_STATUSES,
    lift_intercepts,
    note_master_pulled,
    record_intercept,
)
from station.services.ewaybills import BenchWaybills
from station.services.operators import OperatorService
from station.services.order_import.carriers import set_head_office_carrier
from station.services.po_import import import_purchase_orders
from station.services.routing import save_carrier_service, save_routing_table
from station.services.stock import StockService
from station.services.tracking_pool import TrackingPool
from station.sync.client import BadAnswer, HeadOfficeClient
from station.sync.pictures import PictureFetcher, PictureRound

log = logging.getLogger(__name__)
CURSOR_KEY = "master_cursor"
ACTED = ("packing", "packed", "shipped")


class Conflict(str):
    """A change from head office not applied here. The English text is what the outbox
    record and the log keep; ``code`` and ``params`` let the screens say it in the
    operator's language (``station.ui.messages``)."""

    code: str
    params: dict

    def __new__(cls, code: str, text: str, **params) -> Conflict:
        obj = super().__new__(cls, text)
        obj.code, obj.params = code, params
        return obj


@dataclass
class DownloadResult:
    applied: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cursor: int = 0
    pictures: PictureRound | None = None


class Downloader:
    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        client: HeadOfficeClient,
        pictures: PictureFetcher | None = None,
    ):
        self.db = db
        self.bench_id = bench_id
        self.client = client
        self.pictures = pictures
        self.pool = TrackingPool(db, bench_id)

    @property
    def cursor(self) -> int:
        row = Meta.get_or_none(Meta.key == CURSOR_KEY)
        return int(row.value) if row else 0

    def pull(self) -> DownloadResult:
        """Apply head office's changes page by page, each page in one transaction; a
        page that cannot be understood is refused whole (BadAnswer), nothing of it kept."""
        result = DownloadResult(cursor=self.cursor)
        while True:
            page = self.client.master(result.cursor)
            if not isinstance(page, dict):
                raise BadAnswer("master data page is not a JSON object")
            changes, cursor = page.get("changes"), page.get("cursor")
            # a cursor is a whole number ≥ 0 (JSON true is not one, though Python says int)
            if not isinstance(changes, list) or type(cursor) is not int or cursor < 0:
                raise BadAnswer("master data page without a list of changes and a cursor")
            applied, conflicts, skipped = result.applied, len(result.conflicts), len(result.skipped)
            try:
                with self.db.atomic():
                    for change in changes:
                        self._apply(change, result)
                    result.cursor = cursor
                    Meta.insert(
                        key=CURSOR_KEY, value=str(result.cursor)
                    ).on_conflict_replace().execute()
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                result.applied = applied  # the page was rolled back: count none of it
                del result.conflicts[conflicts:], result.skipped[skipped:]
                raise BadAnswer(
                    f"a master data change could not be read ({type(exc).__name__}: {exc})"
                ) from None
            if not page.get("more"):
                break
        with self.db.atomic():
            note_master_pulled()  # the dispatch sheet says how fresh its intercepts are
        if self.pictures is not None:
            result.pictures = self.pictures.fetch(picture_references())
        return result

    def _apply(self, change: dict, result: DownloadResult) -> None:
        kind, p = change["kind"], change["payload"]
        handler = {
            "product": self._product,
            "sales_order": self._order,
            "order_status": self._status,
            "tracking_numbers": self._tracking,
            "operator": self._operator,
            "operator_roster": self._roster,
            "purchase_order": self._purchase_order,
            "carrier_routing": self._routing,
            "shop_carrier": self._shop_carrier,
            "stock": self._stock,
        }.get(kind)
        if handler is None:
            result.skipped.append(f"{change['id']}:{kind}")
            return
        note = handler(p)
        if note:
            result.conflicts.append(note)
            outbox.enqueue(
                self.bench_id,
                "conflict",
                new_uuid(),
                {"change": change["id"], "kind": kind, "key": change["key"], "conflict": note},
            )
            append_audit(
                self.bench_id, "sync_conflict", details={"change": change["id"], "conflict": note}
            )
        else:
            result.applied += 1

    @staticmethod
    def _stock(p: dict) -> None:
        """Head office's stock figure of a SKU ({"sku", "qty", "as_of"}), kept beside the
        bench's own (``station.services.stock``); refused whole when unreadable."""
        StockService.keep_head_office(p)

    def _shop_carrier(self, p: dict) -> None:
        """A shop's carrier for imported orders whose export names none
        (station.services.order_import.carriers); refused whole when not text."""
        shop, carrier = p["shop"], p.get("carrier") or ""
        if not isinstance(shop, str) or not isinstance(carrier, str):
            raise ValueError("a shop carrier's shop and carrier are text")
        set_head_office_carrier(shop, carrier)

    def _product(self, p: dict) -> str:
        fields = {
            k: p[k]
            for k in (
                "name",
                "unit",
                "weight_g",
                "track_lot",
                "track_expiry",
                "track_serial",
                "min_shelf_life_days",
                "stock_threshold",
                "aql",
                "active",
                "location",
            )
            if k in p
        }
        if "location" in fields and fields["location"] is not None:
            if not isinstance(fields["location"], str) or len(fields["location"]) > 40:
                raise ValueError("a product's location is text of at most 40 characters")
            fields["location"] = fields["location"].strip() or None
        if "image" in p:
            fields["image"] = _image_reference(p["image"])
        product = Product.get_or_none(Product.sku == p["sku"])
        if product is None:
            product = Product.create(sku=p["sku"], **fields)
        elif fields:
            Product.update(**fields).where(Product.id == product.id).execute()
        for bc in p.get("barcodes", []):
            existing = ProductBarcode.get_or_none(ProductBarcode.code == bc["code"])
            if existing is None:
                ProductBarcode.create(
                    product=product,
                    code=bc["code"],
                    kind=bc.get("kind", "gtin"),
                    pack_qty=bc.get("pack_qty", 1),
                )
            elif existing.product_id != product.id:
                return Conflict(
                    "conflict.barcode",
                    f"barcode {bc['code']} belongs to another product here",
                    barcode=bc["code"],
                )
        return ""

    def _purchase_order(self, p: dict) -> str:
        """Checked by the same rules as a purchase-order file; one already here stays."""
        data = json.dumps([p], ensure_ascii=False, default=str).encode()
        result = import_purchase_orders(self.db, self.bench_id, data, kind="json")
        number = p.get("number", "?")
        if result.rejected:
            r = result.rejected[0]
            return Conflict(
                "conflict.po_refused",
                f"purchase order {number}: {r.reason} {r.detail}".rstrip(),
                number=number,
                reason=r.reason,
            )
        if result.conflicts:
            return Conflict(
                "conflict.po_differs",
                f"purchase order {number} differs from the one here",
                number=number,
            )
        return ""

    def _order(self, p: dict) -> str:
        """A new sales order, with the e-waybills head office fetched ahead for it
        (``ewaybills``: kept as they came, print data unaltered)."""
        here = SalesOrder.get_or_none(SalesOrder.number == p["number"])
        if here is not None:
            if p.get("ewaybills") and here.status == "new":
                self._ewaybills(here, p)  # sent again with its numbers: keep them
            return ""  # orders already here are the bench's from now on
        products = {pr.sku: pr.id for pr in Product.select(Product.id, Product.sku)}
        missing = [ln["sku"] for ln in p.get("lines", []) if ln["sku"] not in products]
        if missing:
            return Conflict(
                "conflict.unknown_sku",
                f"order {p['number']}: unknown SKU {', '.join(missing)}",
                number=p["number"],
                skus=", ".join(missing),
            )
        due = p.get("promised_dispatch_at")
        order = SalesOrder.create(
            number=p["number"],
            shop=p.get("shop"),
            buyer_name=p["buyer_name"],
            buyer_phone=p.get("buyer_phone"),
            address=p["address"],
            paid_fen=p.get("paid_fen", 0),
            order_type=p.get("order_type", "spot"),
            carrier=p.get("carrier"),
            promised_dispatch_at=datetime.fromisoformat(due) if due else None,
            seller_remark=p.get("seller_remark"),
            buyer_message=p.get("buyer_message"),
            service_type=p.get("service_type") or None,
            payment=p.get("payment") or None,
            insured_fen=p.get("insured_fen"),
        )
        for n, ln in enumerate(p.get("lines", []), start=1):
            SalesOrderLine.create(
                sales_order=order,
                line_no=n,
                product=products[ln["sku"]],
                qty=ln["qty"],
                is_gift=ln.get("gift", False),
            )
        if p.get("ewaybills"):
            self._ewaybills(order, p)
        return ""

    @staticmethod
    def _ewaybills(order: SalesOrder, p: dict) -> None:
        waybills = p["ewaybills"]
        if not isinstance(waybills, list) or not all(isinstance(w, dict) for w in waybills):
            raise ValueError("an order's e-waybills are a list of objects")
        BenchWaybills.store_fetched(
            order, waybills, p.get("ewaybill_balance"), p.get("ewaybill_balance_low", False)
        )

    def _status(self, p: dict) -> str:
        order = SalesOrder.get_or_none(SalesOrder.number == p["number"])
        if order is None:
            return ""
        status, reason = p["status"], p.get("reason", "")
        if status in INTERCEPT_STATUSES and order.status in ACTED:
            # packed here: the parcel must be pulled out at dispatch (拦截), or, gone
            # already, the supervisor calls the carrier
            record_intercept(self.bench_id, order, status, reason)
            return Conflict(
                "conflict.order_status",
                f"order {order.number} is {status} at head office but {order.status} here",
                number=order.number,
                theirs=status,
                ours=order.status,
            )
        if order.status in ACTED:
            # the bench's progress stays; a hold or cancellation taken back lifts the intercept
            lift_intercepts(self.bench_id, order, status)
            return ""
        SalesOrder.update(status=status, status_reason=reason).where(
            SalesOrder.id == order.id
        ).execute()
        append_audit(
            self.bench_id,
            f"order_{status}_by_head_office",
            entity="sales_order",
            entity_uuid=order.uuid,
            details={"reason": reason},
        )
        return ""

    def _tracking(self, p: dict) -> str:
        account = self.pool.account(
            p["carrier"],
            p.get("name", ""),
            p.get("account_no", ""),
            check_rule=p.get("check_rule", "none"),
            pattern=p.get("pattern", ""),
        )
        result = self.pool.import_numbers(account, "\n".join(p["numbers"]))
        if result.rejected:
            first = result.rejected[0][2]
            return Conflict(
                "conflict.tracking",
                f"{len(result.rejected)} {p['carrier']} tracking numbers refused ({first})",
                n=len(result.rejected),
                carrier=p["carrier"],
            )
        return ""

    def _routing(self, p: dict) -> str:
        """A pool carrier's whole routing table ({"carrier", "routes": [{prefix,
        route_code, sortation_name, consolidation_code, consolidation_name}],
        "service": {service_type, payment}, the carrier's default service,
        optional}), replacing the one kept (``station.services.routing``); a table that cannot
        be read is a conflict naming its row, and the one kept stays."""
        carrier = str(p["carrier"]).upper()
        try:
            with self.db.atomic():
                save_routing_table(carrier, p["routes"])
                save_carrier_service(carrier, p.get("service"))
        except RoutingTableError as exc:
            return Conflict("conflict.routing", str(exc), carrier=carrier)
        return ""

    def _roster(self, p: dict) -> str:
        """Head office's list of this site's operators: any other operator held here
        is withdrawn (inactive, hashes blanked), audited with the count."""
        uuids = p["uuids"]
        if not isinstance(uuids, list) or not all(isinstance(u, str) for u in uuids):
            raise ValueError("an operator roster is a list of UUIDs")
        others = Operator.uuid.not_in(uuids) & (
            Operator.active | (Operator.pin_hash != "") | Operator.badge_hash.is_null(False)
        )
        n = Operator.update(active=False, pin_hash="", badge_hash=None).where(others).execute()
        if n:
            append_audit(self.bench_id, "operators_withdrawn", details={"count": n})
        return ""

    def _operator(self, p: dict) -> str:
        """Head office sends hashes only (``badge_hash``, ``pin_hash``); a clear
        ``badge_code`` from an older head office is hashed here, never stored."""
        op = Operator.get_or_none(Operator.uuid == p["uuid"])
        if op is None and p.get("active") is False and "name" not in p:
            return ""  # withdrawn from this site before it ever came here
        fields = {k: p[k] for k in ("name", "role", "badge_hash", "pin_hash", "active") if k in p}
        if p.get("badge_code"):
            salt = OperatorService(self.db, self.bench_id).badge_salt()
            fields["badge_hash"] = hash_badge(str(p["badge_code"]), salt)
        if op is None:
            Operator.create(uuid=p["uuid"], **fields)
        else:
            Operator.update(**fields).where(Operator.id == op.id).execute()
        return ""


def _image_reference(value) -> str | None:
    """A product's picture reference as head office sends it: a URL or a path under its
    media, or null (no picture). Anything else makes the page unreadable (ValueError)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value) > 2000:
        raise ValueError("a product's image is a URL or media path of at most 2000 characters")
    return value.strip()


def picture_references() -> dict[str, str]:
    """SKU → picture reference of every active product that has one."""
    return {
        sku: image
        for sku, image in Product.select(Product.sku, Product.image)
        .where(Product.image.is_null(False) & (Product.active == True))  # noqa: E712
        .tuples()
    }
