from datetime import datetime
from pathlib import Path

from station.db.backup import Backup
from station.db.models import OutboxRecord, Product
from station.db.store import EMPTY_FILE, DatabaseCorrupt, Store
from station.ui.recovery import apply_restore, build_report_box, build_restore_box


def test_box_offers_the_last_good_backup(qapp, tmp_path):
    backup = Backup(tmp_path / "b.sqlite3", datetime(2026, 11, 11, 3, 0), "daily")
    box, restore = build_restore_box(DatabaseCorrupt(Path("/x/s.sqlite3"), ["page 7 bad"], backup))
    assert restore is not None
    assert "2026-11-11 03:00" in box.text()
    assert "page 7 bad" in box.detailedText()


def test_without_a_backup_it_offers_a_rebuild_from_the_damaged_file(qapp):
    box, restore = build_restore_box(DatabaseCorrupt(Path("/x/s.sqlite3"), ["bad"], None))
    assert restore is not None and "damaged file" in restore.text()
    assert "/x/s.sqlite3" in box.text()


def test_an_empty_file_is_called_empty(qapp):
    box, _restore = build_restore_box(DatabaseCorrupt(Path("/x/s.sqlite3"), [EMPTY_FILE], None))
    assert "empty (0 bytes)" in box.text()


def _store_with_work(tmp_path):
    db, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    store = Store.open(db, backups, backup_interval=None)
    with store.db.atomic():
        for i in range(200):
            Product.create(sku=f"SKU-{i}", name="x" * 200)
    store.backup("daily")
    with store.db.atomic():
        for i in range(5):
            OutboxRecord.create(record_uuid=f"rec-{i}", bench_id="B1", kind="k", payload="{}")
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return db, backups


def test_restore_keeps_what_was_made_after_the_backup_and_says_so(qapp, tmp_path):
    db, backups = _store_with_work(tmp_path)
    with open(db, "r+b") as fh:  # the product table's pages overwritten
        fh.seek(20 * 4096)
        fh.write(b"\xff" * 4096 * 3)
    try:
        Store.open(db, backups, backup_interval=None)
    except DatabaseCorrupt as exc:
        report = apply_restore(exc, "B1", backups, None, tmp_path)
    else:
        raise AssertionError("damage not found")
    store = Store.open(db, backups, backup_interval=None)
    try:
        assert OutboxRecord.select().count() == 5  # made after the backup, salvaged
        assert Product.select().count() == 200  # from the backup where pages were lost
    finally:
        store.close()
    box = build_report_box(report)
    assert str(report.salvaged_rows) in box.text()
    assert report.report_file.exists()


def test_the_report_box_lists_losses(qapp, tmp_path):
    db, backups = _store_with_work(tmp_path)
    db.write_bytes(db.read_bytes()[: 4096 * 3])
    exc = DatabaseCorrupt(db, ["cut"], None)
    report = apply_restore(exc, "B1", backups, None, tmp_path)
    box = build_report_box(report)
    assert report.lost and str(report.report_file) in box.text()
    assert report.lost[0] in box.detailedText()


def test_the_recovery_runs_off_the_gui_thread_with_its_progress(qapp, tmp_path):
    from station.ui.recovery import run_recovery

    db, backups = _store_with_work(tmp_path)
    db.write_bytes(db.read_bytes()[: 4096 * 6])
    report = run_recovery(DatabaseCorrupt(db, ["cut"], None), "B1", backups, None, tmp_path)
    assert report.report_file.exists() and report.salvaged_rows > 0
