"""The page reader against real SQLite files damaged the ways disks damage them.

Each salvaged row is compared with the row SQLite itself stored before the damage:
a salvaged row is never garbage, and every row not salvaged is named."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from station.db.models import AuditEntry, OutboxRecord, Product
from station.db.salvage import read_damaged
from station.db.store import Store

PAGE = 4096


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A station database with a few thousand rows over a few hundred pages; some
    payloads span overflow pages."""
    folder = tmp_path_factory.mktemp("salvage")
    store = Store.open(folder / "s.sqlite3", folder / "b", backup_interval=None)
    with store.db.atomic():
        for i in range(1500):
            Product.create(sku=f"SKU-{i:05d}", name=f"品名 {i} " + "x" * (i % 90))
        for i in range(600):
            OutboxRecord.create(
                record_uuid=f"00000000-0000-4000-8000-{i:012d}",
                bench_id="B1",
                kind="parcel_closed",
                payload=json.dumps({"n": i, "pad": "y" * (50 if i % 50 else 9000)}),
            )
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return folder / "s.sqlite3"


def schema(path: Path) -> list[tuple[str, int, str]]:
    con = sqlite3.connect(path)
    try:
        return list(con.execute("SELECT name, rootpage, sql FROM sqlite_master WHERE type='table'"))
    finally:
        con.close()


def stored(path: Path, table: str, columns: list[str]) -> dict[int, tuple]:
    con = sqlite3.connect(path)
    try:
        cols = ",".join(f'"{c}"' for c in columns)
        return {r[0]: tuple(r[1:]) for r in con.execute(f'SELECT rowid, {cols} FROM "{table}"')}
    finally:
        con.close()


def check_against(original: Path, damaged: Path) -> dict[str, tuple[int, int]]:
    """Every salvaged row equals the original; returns per table (salvaged, original)."""
    got = read_damaged(damaged, schema(original))
    counts = {}
    for name, table in got.tables.items():
        if name.startswith("sqlite_"):
            continue
        before = stored(original, name, table.columns)
        for rowid, values in table.rows.items():
            assert before.get(rowid) == values, (name, rowid)
        missing = set(before) - set(table.rows)
        for rowid in missing:  # each row not salvaged is accounted for
            assert rowid in table.damaged_rows or any(
                (lo is None or lo <= rowid) and (hi is None or rowid <= hi)
                for lo, hi in table.lost_ranges
            ), (name, rowid)
        counts[name] = (len(table.rows), len(before))
    return counts


def test_a_sound_file_is_read_whole(source):
    counts = check_against(source, source)
    assert counts["product"] == (1500, 1500)
    assert counts["outbox_record"] == (600, 600)


@pytest.mark.parametrize("keep", [0.3, 0.55, 0.8])
def test_a_truncated_file_gives_every_row_before_the_cut(source, tmp_path, keep):
    damaged = tmp_path / "t.sqlite3"
    data = source.read_bytes()
    damaged.write_bytes(data[: int(len(data) * keep)])  # cut mid-page too
    counts = check_against(source, damaged)
    assert 0 < sum(s for s, _n in counts.values()) < sum(n for _s, n in counts.values())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_bytes_over_pages_never_give_garbage(source, tmp_path, seed):
    damaged = tmp_path / "p.sqlite3"
    shutil.copy(source, damaged)
    rng = random.Random(seed)
    pages = damaged.stat().st_size // PAGE
    with open(damaged, "r+b") as fh:
        for p in rng.sample(range(2, pages), 10):
            fh.seek(p * PAGE)
            fh.write(rng.randbytes(PAGE))
    counts = check_against(source, damaged)
    salvaged = sum(s for s, _n in counts.values())
    assert salvaged >= 0.8 * sum(n for _s, n in counts.values())


def test_a_destroyed_first_page_uses_the_backups_schema(source, tmp_path):
    damaged = tmp_path / "h.sqlite3"
    shutil.copy(source, damaged)
    with open(damaged, "r+b") as fh:
        fh.write(os.urandom(PAGE))
    got = read_damaged(damaged, schema(source))
    assert "the file header is damaged" in got.notes
    assert len(got.tables["product"].rows) == 1500


def test_leaves_under_a_destroyed_root_are_found_and_placed(source, tmp_path):
    damaged = tmp_path / "r.sqlite3"
    shutil.copy(source, damaged)
    root = dict((n, r) for n, r, _s in schema(source))["outbox_record"]
    with open(damaged, "r+b") as fh:
        fh.seek((root - 1) * PAGE)
        fh.write(os.urandom(PAGE))
    counts = check_against(source, damaged)
    table = read_damaged(damaged, schema(source)).tables["outbox_record"]
    assert counts["outbox_record"] == (600, 600)
    assert table.from_orphan_pages == 600


def test_rows_only_in_the_write_ahead_log_are_read(tmp_path):
    db = tmp_path / "w.sqlite3"
    store = Store.open(db, tmp_path / "b", backup_interval=None)
    store.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    with store.db.atomic():
        AuditEntry.insert(bench_id="B1", action="a", hash="h", uuid="u" * 36).execute()
    # copy file and log while the station still holds them open: the log is not merged
    shutil.copy(db, tmp_path / "copy.sqlite3")
    shutil.copy(f"{db}-wal", tmp_path / "copy.sqlite3-wal")
    store.close()
    got = read_damaged(tmp_path / "copy.sqlite3", schema(db))
    assert [r[6] for r in got.tables["audit_entry"].rows.values()] == ["a"]


def test_an_empty_file_is_read_as_nothing_without_error(tmp_path, source):
    empty = tmp_path / "e.sqlite3"
    empty.write_bytes(b"")
    got = read_damaged(empty, schema(source))
    assert got.rows == 0 and "the file is empty (0 bytes)" in got.notes
