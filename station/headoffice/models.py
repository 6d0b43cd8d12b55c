"""Head office's tables as the store reads and writes them (peewee models): benches,
received records, answered batches, master data for the benches, sites' badge
salts, audit anchors and the daily figures kept as records arrive. Their shape in
a database is made by the numbered migrations (station/headoffice/migrations);
tests/sync/test_headoffice_store.py checks the two agree."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee as pw


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(pw.Model):
    class Meta:
        legacy_table_names = False


class Bench(Base):
    bench_id = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)
    name = pw.CharField(default="")
    site = pw.CharField(default="")  # the warehouse it stands in: which operators it gets


class Received(Base):
    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    kind = pw.CharField()
    payload = pw.TextField()
    created_at = pw.CharField()
    received_at = pw.DateTimeField(default=now)
    via = pw.CharField(default="http")  # http | file
    at = pw.CharField(max_length=26, null=True)  # created_at as a UTC instant (tally.instant)


class Batch(Base):
    """An answered upload, kept by its bench and idempotency key so a retry gets the
    same answer (the key is the bench's own: migration m0004)."""

    key = pw.CharField()
    bench_id = pw.CharField()
    response = pw.TextField()
    received_at = pw.DateTimeField(default=now)

    class Meta:
        primary_key = pw.CompositeKey("bench_id", "key")


class MasterChange(Base):
    """Master data for the benches, in the order head office changed it (the cursor)."""

    id = pw.AutoField()
    kind = pw.CharField()  # product | sales_order | order_status | tracking_numbers | operator
    key = pw.CharField()
    payload = pw.TextField()
    changed_at = pw.DateTimeField(default=now)
    site = pw.CharField(default="")  # operators: only the benches of this site get it


class SiteSalt(Base):
    """The salt of a site's badge hashes (base64), made when its first badge is."""

    site = pw.CharField(primary_key=True)
    badge_salt = pw.CharField()


class AuditAnchor(Base):
    """A bench's audit-chain head as it sent it with an upload: entry ``seq`` has ``hash``.

    One row per (bench, seq) as first received; a later different hash for the
    same seq is kept too, as a conflict (the bench's chain was rewritten)."""

    id = pw.AutoField()
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    hash = pw.CharField(max_length=64)
    received_at = pw.DateTimeField(default=now)
    status = pw.CharField(default="stored")  # stored | mismatch (seq seen with another hash)


class DailyHour(Base):
    """A bench's figures of one UTC hour (``YYYY-MM-DDTHH``), added to as records arrive."""

    bench_id = pw.CharField()
    hour = pw.CharField(max_length=13, index=True)
    units_received = pw.BigIntegerField(default=0)
    lines_inspected = pw.BigIntegerField(default=0)
    scans = pw.BigIntegerField(default=0)

    class Meta:
        primary_key = pw.CompositeKey("bench_id", "hour")


class ParcelTally(Base):
    """A parcel a bench closed (by its record's UUID) and whether one voided it; a void
    that came first makes the row, with only ``voided`` set."""

    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField(null=True)
    at = pw.CharField(max_length=26, null=True, index=True)
    order_no = pw.CharField(null=True)
    voided = pw.BooleanField(default=False)


class BenchTally(Base):
    """A bench's newest record: its instant, its ``created_at`` as sent, when it came."""

    bench_id = pw.CharField(primary_key=True)
    last_at = pw.CharField(max_length=26, null=True)
    last_record_at = pw.CharField(null=True)
    last_received_at = pw.DateTimeField(null=True)


MODELS = [
    Bench,
    Received,
    Batch,
    MasterChange,
    SiteSalt,
    AuditAnchor,
    DailyHour,
    ParcelTally,
    BenchTally,
]
