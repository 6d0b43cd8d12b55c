"""Every table of the station.

Conventions:
- every business record carries ``uuid`` (text, unique), so records from
  many benches never collide at head office;
- times are naive UTC (``utcnow()``); the UI converts to local time;
- money is integer fen (1/100 CNY), weights are integer grams.

The schema itself is created by the numbered migrations in
``station.db.migrations``; a test checks that migrating an empty file gives
exactly the tables, columns and indexes declared here.
"""

from __future__ import annotations

import uuid as _uuid
from datetime import UTC, datetime

import peewee as pw


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(_uuid.uuid4())


class BaseModel(pw.Model):
    class Meta:
        legacy_table_names = False


class Record(BaseModel):
    """A business record: has a UUID and a creation time."""

    uuid = pw.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = pw.DateTimeField(default=utcnow)


class Meta(BaseModel):
    """Key/value facts about this database (bench id, demo flag)."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class Operator(Record):
    name = pw.CharField()
    role = pw.CharField()  # station.core.auth.Role
    badge_hash = pw.CharField(null=True, unique=True)  # station.core.auth.hash_badge
    pin_hash = pw.CharField()
    failed_attempts = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    active = pw.BooleanField(default=True)


class Supplier(Record):
    code = pw.CharField(unique=True)
    name = pw.CharField()
    aql = pw.FloatField(null=True)  # acceptance quality limit for this supplier


class Product(Record):
    sku = pw.CharField(unique=True)
    name = pw.CharField()
    unit = pw.CharField(default="pcs")
    weight_g = pw.IntegerField(null=True)
    track_lot = pw.BooleanField(default=False)
    track_expiry = pw.BooleanField(default=False)
    track_serial = pw.BooleanField(default=False)
    min_shelf_life_days = pw.IntegerField(null=True)
    stock_threshold = pw.IntegerField(null=True)
    aql = pw.FloatField(null=True)
    active = pw.BooleanField(default=True)
    weight_learned = pw.BooleanField(default=False)  # weight_g came from verified parcels
    # head office's picture: a URL or a path under its media (station.services.pictures)
    image = pw.TextField(null=True)
    # the shelf it is picked from (A-01-03): the pick list walks the shelves in this order
    location = pw.CharField(null=True)


class ProductBarcode(BaseModel):
    """A code that identifies a product: GTIN, the SKU's own barcode, a supplier code."""

    product = pw.ForeignKeyField(Product, backref="barcodes", on_delete="CASCADE")
    code = pw.CharField(unique=True)
    kind = pw.CharField(default="gtin")  # gtin | sku | supplier | other
    pack_qty = pw.IntegerField(default=1)  # units in the pack this code is on


class PurchaseOrder(Record):
    number = pw.CharField(unique=True)
    supplier = pw.ForeignKeyField(Supplier, backref="purchase_orders")
    status = pw.CharField(default="open")  # open | partial | received | closed | cancelled
    expected_at = pw.DateTimeField(null=True)


class PurchaseOrderLine(Record):
    purchase_order = pw.ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    line_no = pw.IntegerField()
    product = pw.ForeignKeyField(Product)
    qty_ordered = pw.IntegerField()
    unit_price_fen = pw.IntegerField(null=True)

    class Meta:
        indexes = ((("purchase_order", "line_no"), True),)


class Receipt(Record):
    number = pw.CharField(unique=True)
    purchase_order = pw.ForeignKeyField(PurchaseOrder, null=True, backref="receipts")
    supplier = pw.ForeignKeyField(Supplier, null=True)
    status = pw.CharField(default="open")  # open | closed
    operator = pw.ForeignKeyField(Operator, null=True)
    bench_id = pw.CharField()
    closed_at = pw.DateTimeField(null=True)


class ReceiptLine(Record):
    receipt = pw.ForeignKeyField(Receipt, backref="lines", on_delete="CASCADE")
    purchase_order_line = pw.ForeignKeyField(PurchaseOrderLine, null=True)
    product = pw.ForeignKeyField(Product, null=True)
    barcode = pw.CharField(null=True)
    qty = pw.IntegerField()
    lot = pw.CharField(null=True)
    expiry = pw.DateField(null=True)
    serial = pw.CharField(null=True)
    sscc = pw.CharField(null=True)
    status = pw.CharField(default="accepted")  # accepted | quarantine | rejected
    discrepancy = pw.CharField(null=True)  # over | short | wrong_item | damaged
    reason = pw.TextField(null=True)

    class Meta:
        indexes = ((("created_at",), False),)  # the day's figures


class AsnPallet(Record):
    """A pallet or carton the supplier announced (advance shipping notice) by its SSCC."""

    purchase_order = pw.ForeignKeyField(PurchaseOrder, backref="asn_pallets")
    asn_number = pw.CharField()
    sscc = pw.CharField(unique=True)
    received_at = pw.DateTimeField(null=True)


class AsnItem(Record):
    pallet = pw.ForeignKeyField(AsnPallet, backref="items", on_delete="CASCADE")
    product = pw.ForeignKeyField(Product)
    qty = pw.IntegerField()
    lot = pw.CharField(null=True)
    expiry = pw.DateField(null=True)


class Inspection(Record):
    receipt = pw.ForeignKeyField(Receipt, backref="inspections", on_delete="CASCADE")
    product = pw.ForeignKeyField(Product)
    lot = pw.CharField(null=True)
    lot_size = pw.IntegerField()
    aql = pw.FloatField()
    level = pw.CharField(default="II")
    code_letter = pw.CharField()
    sample_size = pw.IntegerField()
    accept_no = pw.IntegerField()
    reject_no = pw.IntegerField()
    result = pw.CharField(null=True)  # accepted | rejected | held
    operator = pw.ForeignKeyField(Operator, null=True)

    class Meta:
        indexes = ((("created_at",), False),)


class Defect(Record):
    inspection = pw.ForeignKeyField(Inspection, backref="defects", on_delete="CASCADE")
    code = pw.CharField()
    severity = pw.CharField()  # critical | major | minor
    qty = pw.IntegerField(default=1)
    note = pw.TextField(null=True)
    photo_path = pw.CharField(null=True)


class SalesOrder(Record):
    number = pw.CharField(unique=True)
    shop = pw.CharField(null=True)
    buyer_name = pw.CharField()
    buyer_phone = pw.CharField(null=True)
    address = pw.TextField()
    paid_fen = pw.IntegerField(default=0)
    order_type = pw.CharField(default="spot")  # spot | presale | custom
    promised_dispatch_at = pw.DateTimeField(null=True, index=True)
    seller_remark = pw.TextField(null=True)
    buyer_message = pw.TextField(null=True)
    carrier = pw.CharField(null=True)
    # new | packing | packed | shipped | held | cancelled
    status = pw.CharField(default="new", index=True)
    status_reason = pw.TextField(null=True)
    parent = pw.ForeignKeyField("self", null=True, backref="reships")
    reship_reason = pw.TextField(null=True)
    # from a marketplace export (docs/formats.md, "Orders: marketplace exports")
    platform = pw.TextField(null=True)  # douyin | taobao | pdd | jd | kuaishou
    sub_orders = pw.TextField(null=True)  # the platform's sub-order ids, comma-separated
    recipient_ext = pw.TextField(null=True)  # a virtual number's extension (分机号)
    # the carrier's service the export asks for (docs/formats.md, "Fields")
    service_type = pw.TextField(null=True)  # 快递产品类型: 标快, 特惠
    payment = pw.TextField(null=True)  # 寄付, 到付, 寄付月结
    insured_fen = pw.IntegerField(null=True)  # declared value (保价), fen

    @property
    def recipient_masked(self) -> bool:
        """Whether the platform masked this order's recipient (``王**``, ``****``
        in the address): it ships only with the platform's
        e-waybill (``station.core.privacy.recipient_masked``)."""
        from station.core.privacy import recipient_masked

        return recipient_masked(self.buyer_name, self.address)

    class Meta:
        indexes = (
            (("status", "promised_dispatch_at"), False),  # the backlog by deadline
            (("parent", "created_at"), False),  # the day's reships
        )


class OrderConflict(Record):
    """An order changed at the platform after it was packed here: the supervisor
    decides. ``detail`` is JSON: {field: [here, in the file]}; ``source`` the file."""

    sales_order = pw.ForeignKeyField(SalesOrder, backref="conflicts", on_delete="CASCADE")
    detail = pw.TextField()
    source = pw.TextField(null=True)
    resolved_at = pw.DateTimeField(null=True)


class SalesOrderLine(Record):
    sales_order = pw.ForeignKeyField(SalesOrder, backref="lines", on_delete="CASCADE")
    line_no = pw.IntegerField()
    product = pw.ForeignKeyField(Product)
    qty = pw.IntegerField()
    is_gift = pw.BooleanField(default=False)
    qty_short = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("sales_order", "line_no"), True),)


class Parcel(Record):
    sales_order = pw.ForeignKeyField(SalesOrder, backref="parcels", on_delete="CASCADE")
    seq = pw.IntegerField(default=1)
    status = pw.CharField(default="open")  # open | closed | voided
    weight_g = pw.IntegerField(null=True)
    expected_weight_g = pw.IntegerField(null=True)
    carrier = pw.CharField(null=True)
    tracking_number = pw.CharField(null=True, unique=True)
    operator = pw.ForeignKeyField(Operator, null=True)
    bench_id = pw.CharField()
    closed_at = pw.DateTimeField(null=True, index=True)


class Ewaybill(Record):
    """A platform e-waybill (电子面单) for one parcel of an order, as head office got
    it from the shop's platform: fetched ahead with the order, or asked at close.

    ``print_data`` is the platform's, exactly as it came (printed only by the
    platform's print component, never parsed and rebuilt); ``routing`` the JSON of
    三段码/大头笔/集包地. ``state``: ``issued`` (fetched, not yet on a parcel), ``used``
    (on ``parcel``), ``waiting`` (the parcel closed offline without one: no number
    yet, ``reason`` says why; asked again by the sync loop), ``cancel_pending`` (the
    parcel was voided: the cancel is in the outbox), ``cancelled``."""

    sales_order = pw.ForeignKeyField(SalesOrder, backref="ewaybills", on_delete="CASCADE")
    parcel_index = pw.IntegerField(default=1)
    waybill_code = pw.CharField(null=True, unique=True)
    parent_code = pw.CharField(default="")
    routing = pw.TextField(default="{}")
    print_data = pw.TextField(default="")
    print_sign = pw.TextField(default="")
    provider = pw.CharField(default="")  # cainiao | pdd | douyin
    carrier = pw.CharField(default="")
    state = pw.CharField(default="issued", index=True)
    parcel = pw.ForeignKeyField(Parcel, null=True, backref="ewaybills")
    reason = pw.TextField(null=True)
    balance = pw.IntegerField(null=True)  # the platform's balance when it was issued
    balance_low = pw.BooleanField(default=False)


class CarrierAccount(Record):
    """A carrier account whose tracking numbers were handed out in advance."""

    carrier = pw.CharField()  # SF, ZTO, YTO, JD, YD, EMS…
    name = pw.CharField()
    account_no = pw.CharField(default="")
    pattern = pw.CharField(default="")  # a regular expression every number matches
    check_rule = pw.CharField(default="none")  # station.core.tracking.RULES
    low_water = pw.IntegerField(default=50)  # warn when fewer free numbers remain

    class Meta:
        indexes = ((("carrier", "account_no"), True),)


class TrackingNumber(Record):
    account = pw.ForeignKeyField(CarrierAccount, backref="numbers")
    number = pw.CharField(unique=True)
    status = pw.CharField(default="free")  # free | used | void
    parcel = pw.ForeignKeyField(Parcel, null=True)
    taken_at = pw.DateTimeField(null=True)
    voided_at = pw.DateTimeField(null=True)
    void_reason = pw.TextField(null=True)

    class Meta:
        indexes = ((("account", "status"), False),)


class ScanEvent(Record):
    """Every scan, whatever became of it: the raw log a supervisor can replay."""

    raw = pw.TextField()
    data = pw.TextField()
    symbology = pw.CharField(default="")
    source = pw.CharField(default="")
    manual = pw.BooleanField(default=False)
    operator = pw.ForeignKeyField(Operator, null=True)
    bench_id = pw.CharField()
    context = pw.CharField(default="")  # the page / job: pack, receive, login...
    outcome = pw.CharField()  # station.core.scan.Outcome
    message = pw.CharField(default="")  # the verdict's code
    scanned_at = pw.DateTimeField(index=True)


class PackedItem(Record):
    parcel = pw.ForeignKeyField(Parcel, backref="items", on_delete="CASCADE")
    sales_order_line = pw.ForeignKeyField(SalesOrderLine, backref="packed")
    qty = pw.IntegerField(default=1)
    serial = pw.CharField(null=True)
    scan_event = pw.ForeignKeyField(ScanEvent, null=True)


class PrintJob(Record):
    kind = pw.CharField()  # station.services.printing.JOB_KINDS
    document_ref = pw.CharField(default="")  # order number, receipt number...
    printer_uri = pw.CharField()
    language = pw.CharField()  # zpl | tspl | pdf
    payload = pw.BlobField()
    # queued | printing | done | failed | held | cancelled
    status = pw.CharField(default="queued", index=True)
    attempts = pw.IntegerField(default=0)
    error = pw.TextField(null=True)
    operator = pw.ForeignKeyField(Operator, null=True)
    printed_at = pw.DateTimeField(null=True)
    reprint_of = pw.ForeignKeyField("self", null=True)
    # stale (waited too long) | interrupted (the station stopped mid-print)
    held_reason = pw.CharField(null=True)
    confirmed_by = pw.ForeignKeyField(Operator, null=True)
    role = pw.CharField(default="label")  # label | document: which printer of the bench


class AuditEntry(Record):
    """Who did what, with whose approval. Append-only, each entry hashed onto the last."""

    operator = pw.ForeignKeyField(Operator, null=True)
    approved_by = pw.ForeignKeyField(Operator, null=True)
    bench_id = pw.CharField()
    action = pw.CharField()
    entity = pw.CharField(default="")
    entity_uuid = pw.CharField(default="")
    details = pw.TextField(default="{}")  # JSON
    prev_hash = pw.CharField(default="")
    hash = pw.CharField()

    class Meta:
        indexes = ((("created_at",), False),)


class OutboxRecord(BaseModel):
    """A record waiting to reach head office. ``id`` is the bench's sequence number."""

    id = pw.AutoField()
    record_uuid = pw.CharField(max_length=36, unique=True)
    bench_id = pw.CharField()
    kind = pw.CharField()
    payload = pw.TextField()  # JSON
    created_at = pw.DateTimeField(default=utcnow)
    state = pw.CharField(default="pending", index=True)  # pending | acked | parked
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(null=True)
    acked_at = pw.DateTimeField(null=True)


class Handover(Record):
    """A carrier handover (出库交接): parcels scanned into one carrier's bag or cage,
    closed with the sheet the courier signs. ``number`` is the sheet's barcode."""

    number = pw.CharField(unique=True)
    carrier = pw.CharField()
    bag_code = pw.CharField(default="")  # the bag, cage or manifest barcode scanned to open it
    bench_id = pw.CharField()
    status = pw.CharField(default="open", index=True)  # open | closed | cancelled
    operator = pw.ForeignKeyField(Operator, null=True)
    approved_by = pw.ForeignKeyField(Operator, null=True)  # parcels left out: a supervisor
    # head office could not be reached when it opened: intercepts may be missing
    offline = pw.BooleanField(default=False)
    master_synced_at = pw.DateTimeField(null=True)  # the last master data pulled before it
    closed_at = pw.DateTimeField(null=True)


class HandoverParcel(Record):
    """A parcel scanned into a handover; ``undone`` when a supervisor took it back out."""

    handover = pw.ForeignKeyField(Handover, backref="parcels", on_delete="CASCADE")
    parcel = pw.ForeignKeyField(Parcel, backref="handovers")
    status = pw.CharField(default="in")  # in | undone
    scanned_at = pw.DateTimeField()
    undone_by = pw.ForeignKeyField(Operator, null=True)


class Intercept(Record):
    """An order cancelled, refunded or held at the platform or head office after this
    bench packed it (拦截). ``state``: ``packed`` (its parcel is here: pull it out),
    ``handed_over`` (it arrived after the parcel left), ``lifted`` (head office let the
    order go again), ``pulled`` (the parcel was taken out at the dispatch scan)."""

    sales_order = pw.ForeignKeyField(SalesOrder, backref="intercepts")
    status = pw.CharField()  # held | cancelled | refunded
    reason = pw.TextField(default="")
    state = pw.CharField(index=True)
    arrived_at = pw.DateTimeField()
    pulled_at = pw.DateTimeField(null=True)


class PresaleRelease(Record):
    """A pre-sale order (``SalesOrder.order_type == "presale"``) released for packing:
    the goods it waits for are here (``station.services.stock``). One an order; an
    order without one waits for stock (待备货). ``receipt`` is the goods-in receipt
    whose closing released it (None: released by ``station stock --release``)."""

    sales_order = pw.ForeignKeyField(
        SalesOrder, backref="presale_releases", unique=True, on_delete="CASCADE"
    )
    receipt = pw.ForeignKeyField(Receipt, null=True, backref="presale_releases")
    operator = pw.ForeignKeyField(Operator, null=True)


class StockLevel(BaseModel):
    """A product's stock at this bench, kept by the database itself: triggers on
    ``receipt_line``, ``packed_item``, ``parcel`` and ``sales_order_line`` change it in
    the transaction of every event (the pre-sale and stock migration). ``received``:
    units on receipt lines against a PO line with status ``accepted``; ``packed``:
    units packed in parcels that are not voided. ``station.services.stock`` reads it
    and can recount it from the events."""

    product = pw.ForeignKeyField(Product, primary_key=True, on_delete="CASCADE")
    received = pw.IntegerField(default=0)
    packed = pw.IntegerField(default=0)


class HeadOfficeStock(BaseModel):
    """Head office's stock figure of a SKU (master data kind ``stock``), shown beside
    the bench's own; ``as_of`` is head office's time of the figure (naive UTC),
    ``received_at`` when this bench got it."""

    sku = pw.CharField(primary_key=True)
    qty = pw.IntegerField()
    as_of = pw.DateTimeField(null=True)
    received_at = pw.DateTimeField(default=utcnow)


class Batch(Record):
    """A batch (波次) of open orders packed together on a peak day: their waybills
    printed first in one job, one pick list, each parcel verified by its waybill.
    ``number`` is its barcode (``BT`` + yymmdd + a four-digit count of the day,
    Code 128). ``state``: ``open`` -> ``printed`` (waybills printed) -> ``picked``
    -> ``packed`` (every order packed) -> ``closed``; ``cancelled`` for an open batch
    dissolved. ``rule``: what grouped it (``single``: single-item orders of ``sku``;
    ``multi``: multi-item orders sharing ``sku``; ``manual``)."""

    number = pw.CharField(unique=True)
    state = pw.CharField(default="open", index=True)
    rule = pw.CharField(default="manual")
    sku = pw.CharField(default="")
    carrier = pw.CharField(default="")
    deadline = pw.DateTimeField(null=True)  # the earliest promised dispatch of its orders
    bench_id = pw.CharField()
    operator = pw.ForeignKeyField(Operator, null=True)
    printed_at = pw.DateTimeField(null=True)
    picked_at = pw.DateTimeField(null=True)
    packed_at = pw.DateTimeField(null=True)
    closed_at = pw.DateTimeField(null=True)


class BatchOrder(BaseModel):
    """An order of a batch; an order is in one batch at most (a dissolved batch's rows
    are deleted). ``seq``: its place in the walk (1..N), fixed when the waybills print;
    ``parcel``: the parcel its pre-printed waybill belongs to; ``printed_at``: when
    that waybill was first printed."""

    batch = pw.ForeignKeyField(Batch, backref="orders", on_delete="CASCADE")
    sales_order = pw.ForeignKeyField(SalesOrder, unique=True)
    seq = pw.IntegerField(default=0)
    parcel = pw.ForeignKeyField(Parcel, null=True)
    printed_at = pw.DateTimeField(null=True)


ALL_MODELS: list[type[BaseModel]] = [
    Meta,
    Operator,
    Supplier,
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    AsnPallet,
    AsnItem,
    Inspection,
    Defect,
    SalesOrder,
    SalesOrderLine,
    OrderConflict,
    Parcel,
    Ewaybill,
    CarrierAccount,
    TrackingNumber,
    ScanEvent,
    PackedItem,
    PrintJob,
    AuditEntry,
    OutboxRecord,
    Handover,
    HandoverParcel,
    Intercept,
    PresaleRelease,
    StockLevel,
    HeadOfficeStock,
    Batch,
    BatchOrder,
]
