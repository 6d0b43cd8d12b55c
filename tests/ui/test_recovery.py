from datetime import datetime
from pathlib import Path

from station.db.backup import Backup
from station.db.store import DatabaseCorrupt
from station.ui.recovery import build_restore_box


def test_box_offers_the_last_good_backup(qapp, tmp_path):
    backup = Backup(tmp_path / "b.sqlite3", datetime(2026, 11, 11, 3, 0), "daily")
    box, restore = build_restore_box(DatabaseCorrupt(Path("/x/s.sqlite3"), ["page 7 bad"], backup))
    assert restore is not None
    assert "2026-11-11 03:00" in box.text()
    assert "page 7 bad" in box.detailedText()


def test_without_a_backup_it_only_says_call_it(qapp):
    box, restore = build_restore_box(DatabaseCorrupt(Path("/x/s.sqlite3"), ["bad"], None))
    assert restore is None
    assert "/x/s.sqlite3" in box.text()
