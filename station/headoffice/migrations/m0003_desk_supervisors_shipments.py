"""The tables head office's other rooms used to make for themselves when they
started: supervisors' tokens (station.headoffice.access), the e-waybill desk's
numbers, recipients and answers (station.headoffice.waybills) and the shipment
reports relayed to the platforms (station.headoffice.shipments). A database that
has them already (made by those rooms before this step) keeps them as they are."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee as pw


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Base(pw.Model):
    class Meta:
        legacy_table_names = False


class Supervisor(_Base):
    name = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)


class IssuedWaybill(_Base):
    id = pw.AutoField()
    order_number = pw.CharField(index=True)
    parcel = pw.IntegerField()
    attempt = pw.IntegerField(default=0)
    shop = pw.CharField()
    platform = pw.CharField()
    carrier = pw.CharField()
    waybill_code = pw.CharField(unique=True)
    parent_code = pw.CharField(default="")
    routing = pw.TextField(default="{}")
    print_data = pw.TextField(default="")
    print_sign = pw.TextField(default="")
    status = pw.CharField(default="issued")
    bench_id = pw.CharField(default="")
    issued_at = pw.DateTimeField(default=_now)
    cancelled_at = pw.DateTimeField(null=True)


class OrderRecipient(_Base):
    order_number = pw.CharField(primary_key=True)
    recipient = pw.TextField()


class WaybillAnswer(_Base):
    key = pw.CharField(primary_key=True)
    bench_id = pw.CharField()
    response = pw.TextField()


class ShipmentRow(_Base):
    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField()
    order = pw.CharField(index=True)
    shop = pw.CharField(default="")
    carrier = pw.CharField()
    tracking = pw.CharField()
    parent_tracking = pw.CharField(default="")
    status = pw.CharField(default="pending")
    reason = pw.TextField(default="")
    code = pw.CharField(default="")
    attempts = pw.IntegerField(default=0)
    relayed_at = pw.DateTimeField(null=True)
    received_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "shipment"


MODELS = [Supervisor, IssuedWaybill, OrderRecipient, WaybillAnswer, ShipmentRow]


def upgrade(db: pw.Database) -> None:
    with db.bind_ctx(MODELS):
        db.create_tables(MODELS, safe=True)
