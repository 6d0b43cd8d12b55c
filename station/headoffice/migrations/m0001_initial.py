"""Head office's tables as the versions before numbered migrations made them: a
database made by one of those is brought to this shape (the columns added since
its first version, ``site`` of benches and of master data, are added)."""

from __future__ import annotations

import peewee as pw


class _Base(pw.Model):
    class Meta:
        legacy_table_names = False


class Bench(_Base):
    bench_id = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)
    name = pw.CharField(default="")
    site = pw.CharField(default="")


class Received(_Base):
    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    kind = pw.CharField()
    payload = pw.TextField()
    created_at = pw.CharField()
    received_at = pw.DateTimeField()
    via = pw.CharField(default="http")


class Batch(_Base):
    key = pw.CharField(primary_key=True)
    bench_id = pw.CharField()
    response = pw.TextField()
    received_at = pw.DateTimeField()


class MasterChange(_Base):
    id = pw.AutoField()
    kind = pw.CharField()
    key = pw.CharField()
    payload = pw.TextField()
    changed_at = pw.DateTimeField()
    site = pw.CharField(default="")


class SiteSalt(_Base):
    site = pw.CharField(primary_key=True)
    badge_salt = pw.CharField()


class AuditAnchor(_Base):
    id = pw.AutoField()
    bench_id = pw.CharField(index=True)
    seq = pw.IntegerField()
    hash = pw.CharField(max_length=64)
    received_at = pw.DateTimeField()
    status = pw.CharField(default="stored")


MODELS = [Bench, Received, Batch, MasterChange, SiteSalt, AuditAnchor]
ADDED_COLUMNS = [(Bench, "site"), (MasterChange, "site")]


def upgrade(db: pw.Database) -> None:
    from playhouse.migrate import SchemaMigrator, migrate

    with db.bind_ctx(MODELS):
        db.create_tables(MODELS, safe=True)
        migrator = SchemaMigrator.from_database(db)
        for model, name in ADDED_COLUMNS:
            table = model._meta.table_name
            if name not in {c.name for c in db.get_columns(table)}:
                migrate(migrator.add_column(table, name, model._meta.fields[name]))
