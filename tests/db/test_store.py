import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from station.db.backup import latest_good_backup, list_backups, quick_check, restore_backup
from station.db.models import Product
from station.db.store import DatabaseCorrupt, Store


def pragma(store, name):
    return store.db.execute_sql(f"PRAGMA {name}").fetchone()[0]


def test_pragmas(store):
    assert pragma(store, "journal_mode") == "wal"
    assert pragma(store, "synchronous") == 2  # FULL
    assert pragma(store, "foreign_keys") == 1
    assert pragma(store, "busy_timeout") == 5000


def test_a_committed_record_survives_the_process_being_killed(tmp_path):
    """The station acknowledges after commit; SIGKILL right after must not lose it."""
    db = tmp_path / "s.sqlite3"
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from station.db.store import Store
        from station.db.models import Product
        store = Store.open(Path({str(db)!r}), Path({str(tmp_path / "b")!r}), backup_interval=None)
        with store.db.atomic():
            Product.create(sku="KILL-1", name="survivor")
        print("ack", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.strip() == "ack"
    store = Store.open(db, tmp_path / "b", backup_interval=None)
    try:
        assert Product.get(Product.sku == "KILL-1").name == "survivor"
    finally:
        store.close()


def _damage(path):
    """Overwrite pages in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(os.urandom(min(size - 4096, 4096 * 8)))


def test_damaged_database_is_detected_and_the_last_good_backup_offered(tmp_path):
    db, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    store = Store.open(db, backups)
    with store.db.atomic():
        for i in range(300):
            Product.create(sku=f"SKU-{i}", name="x" * 100)
    good = store.backup("manual")
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    _damage(db)
    assert quick_check(db)
    with pytest.raises(DatabaseCorrupt) as exc:
        Store.open(db, backups)
    assert exc.value.backup is not None and exc.value.backup.path == good.path

    kept = restore_backup(exc.value.backup.path, db)
    assert kept.exists()  # the damaged file is kept for IT
    store = Store.open(db, backups)
    try:
        assert Product.select().count() == 300
    finally:
        store.close()


def test_a_damaged_backup_is_skipped(tmp_path):
    db, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    store = Store.open(db, backups, backup_interval=None)
    with store.db.atomic():
        for i in range(300):
            Product.create(sku=f"SKU-{i}", name="y" * 100)
    older = store.backup("one")
    newer = store.backup("two")
    store.close()
    _damage(newer.path)
    assert latest_good_backup(backups).path == older.path


def test_backups_are_rotated(tmp_path):
    store = Store.open(tmp_path / "s.sqlite3", tmp_path / "b", backups_kept=3, backup_interval=None)
    try:
        for n in range(5):
            store.backup(f"n{n}")
    finally:
        store.close()
    assert [b.reason for b in list_backups(tmp_path / "b")] == ["n4", "n3", "n2"]


def test_daily_backup_only_when_due(tmp_path):
    for _ in range(3):
        Store.open(
            tmp_path / "s.sqlite3", tmp_path / "b", backup_interval=timedelta(hours=24)
        ).close()
    assert [b.reason for b in list_backups(tmp_path / "b")] == ["daily"]


def test_an_empty_file_is_damage_never_a_fresh_start(tmp_path):
    db, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    store = Store.open(db, backups)  # a first start: the file is made, with a daily backup
    store.close()
    db.write_bytes(b"")  # what a crash of the file system can leave
    for _ in range(2):  # and it stays so: opening never turns it into a new database
        with pytest.raises(DatabaseCorrupt) as exc:
            Store.open(db, backups)
        assert exc.value.problems == ["the database file is empty (0 bytes)"]
        assert exc.value.backup is not None
        assert db.stat().st_size == 0


def test_a_new_database_takes_its_name_only_when_whole(tmp_path):
    db = tmp_path / "s.sqlite3"
    Store.open(db, tmp_path / "b", backup_interval=None).close()
    assert not quick_check(db)
    assert not list(tmp_path.glob("*.creating*"))
