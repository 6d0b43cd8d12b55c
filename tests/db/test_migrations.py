"""Migrations: an empty file and every older version reach exactly the models' schema."""

import types

import peewee as pw
import pytest

from station.db import migrate as migrate_mod
from station.db.backup import list_backups
from station.db.migrate import Migration, MigrationError, all_migrations, current_version, migrate
from station.db.models import ALL_MODELS
from station.db.store import Store


def schema_of(db: pw.SqliteDatabase) -> dict:
    """Tables -> (columns with type/notnull/pk, foreign keys, indexes with columns/unique)."""
    out = {}
    for table in db.get_tables():
        if table in ("schema_version", "sqlite_sequence"):
            continue
        cols = db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
        fks = db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        idx = {}
        for row in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
            name, unique = row[1], row[2]
            if name.startswith("sqlite_autoindex"):
                continue
            cols_of = [r[2] for r in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()]
            idx[name] = (tuple(cols_of), unique)
        out[table] = (
            [(c[1], c[2], c[3], c[5]) for c in cols],
            sorted((f[2], f[3], f[4], f[6]) for f in fks),
            idx,
        )
    return out


def test_empty_database_migrates_to_the_models_schema(tmp_path):
    migrated = pw.SqliteDatabase(str(tmp_path / "m.sqlite3"))
    start, end = migrate(migrated)
    assert (start, end) == (0, len(all_migrations()))

    declared = pw.SqliteDatabase(str(tmp_path / "d.sqlite3"))
    with declared.bind_ctx(ALL_MODELS):
        declared.create_tables(ALL_MODELS)
    assert schema_of(migrated) == schema_of(declared)


@pytest.mark.parametrize("from_version", range(0, len(all_migrations())))
def test_every_older_version_reaches_the_latest(tmp_path, from_version):
    db = pw.SqliteDatabase(str(tmp_path / "old.sqlite3"))
    migrate(db, target=from_version)
    assert current_version(db) == from_version
    migrate(db)
    assert current_version(db) == len(all_migrations())


def test_migrating_twice_changes_nothing(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "x.sqlite3"))
    migrate(db)
    assert migrate(db) == (len(all_migrations()),) * 2


def test_a_database_from_a_newer_station_is_refused(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "x.sqlite3"))
    migrate(db)
    db.execute_sql('INSERT INTO schema_version VALUES (999, "2030-01-01")')
    with pytest.raises(MigrationError, match="newer than this station"):
        migrate(db)


def _extra(version, statements):
    module = types.ModuleType(f"m{version:04d}_extra")
    module.STATEMENTS = statements
    return Migration(version, module.__name__, module)


def test_failed_migration_rolls_back_whole(tmp_path, monkeypatch):
    db = pw.SqliteDatabase(str(tmp_path / "x.sqlite3"))
    migrate(db)
    n = len(all_migrations())
    real = all_migrations()
    broken = _extra(n + 1, ['ALTER TABLE "product" ADD COLUMN "colour" TEXT', "THIS IS NOT SQL"])
    monkeypatch.setattr(migrate_mod, "all_migrations", lambda: [*real, broken])
    with pytest.raises(pw.OperationalError):
        migrate(db)
    assert current_version(db) == n
    columns = [c.name for c in db.get_columns("product")]
    assert "colour" not in columns


def test_store_takes_a_backup_before_upgrading_an_existing_database(tmp_path, monkeypatch):
    path, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    Store.open(path, backups, backup_interval=None).close()
    assert list_backups(backups) == []
    real = all_migrations()
    n = len(real)
    extra = _extra(n + 1, ['ALTER TABLE "product" ADD COLUMN "colour" TEXT'])
    monkeypatch.setattr(migrate_mod, "all_migrations", lambda: [*real, extra])
    monkeypatch.setattr("station.db.store.migrate", migrate_mod.migrate)
    store = Store.open(path, backups, backup_interval=None)
    try:
        assert current_version(store.db) == n + 1
    finally:
        store.close()
    taken = list_backups(backups)
    assert [b.reason for b in taken] == [f"pre-migration-v{n}"]
    old = pw.SqliteDatabase(str(taken[0].path))
    assert current_version(old) == n  # the copy is of the database before the step


def test_version_1_records_survive_the_upgrade(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "v1.sqlite3"))
    migrate(db, target=1)
    db.execute_sql(
        "INSERT INTO print_job (uuid, created_at, kind, document_ref, printer_uri, language, "
        "payload, status, attempts) VALUES ('u1', '2026-11-11 08:00:00', 'waybill', 'SO1', "
        "'zpl+tcp://p:9100', 'zpl', X'5E58415E585A', 'queued', 0)"
    )
    migrate(db)
    row = db.execute_sql(
        "SELECT uuid, payload, role, held_reason, confirmed_by_id FROM print_job"
    ).fetchone()
    assert row == ("u1", b"^XA^XZ", "label", None, None)
