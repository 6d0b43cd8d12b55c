"""Recovery's parts against real files: a failed recovery puts the damaged file
back; tracking numbers are found in every form a bench writes them."""

from __future__ import annotations

import sqlite3
import zlib

import pytest

from station.db.backup import Backup
from station.db.models import Product
from station.db.recovery import numbers_in_use, printed_fields, recover
from station.db.store import DatabaseCorrupt, Store


@pytest.mark.allow_error_logs
def test_a_recovery_that_fails_puts_the_damaged_file_back(tmp_path):
    db, backups = tmp_path / "s.sqlite3", tmp_path / "backups"
    store = Store.open(db, backups, backup_interval=None)
    with store.db.atomic():
        Product.create(sku="A", name="a")
    store.close()
    db.write_bytes(db.read_bytes()[:4096])  # cut short
    before = db.read_bytes()
    broken = tmp_path / "not-a-backup.sqlite3"
    broken.write_bytes(b"this is not a database" * 300)
    with pytest.raises(sqlite3.DatabaseError):
        recover(db, backups, backup=Backup(broken, broken_time(), "x"), bench_id="B1")
    assert db.read_bytes() == before  # back under its name, unchanged
    assert not list(tmp_path.glob("*.recovering*"))
    with pytest.raises(DatabaseCorrupt):  # and the next start finds the damage again
        Store.open(db, backups, backup_interval=None)


def broken_time():
    from datetime import datetime

    return datetime(2026, 11, 11, 3, 0)


FREE = {"SF1408000000123", "781200000045", "EE10000005CN", "4312000000077", "JDV200000000009"}


def _numbers(tmp_path, files: dict[str, bytes], rows: list[tuple[str, str, str]] = ()):
    con = sqlite3.connect(":memory:")
    con.executescript(
        "CREATE TABLE parcel (tracking_number TEXT);"
        "CREATE TABLE outbox_record (kind TEXT, state TEXT, payload TEXT);"
        "CREATE TABLE audit_entry (action TEXT, details TEXT);"
        "CREATE TABLE print_job (document_ref TEXT, payload BLOB);"
    )
    con.executemany("INSERT INTO outbox_record VALUES (?, ?, ?)", rows)
    out = tmp_path / "output"
    out.mkdir(exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return numbers_in_use(con, set(FREE), out)


def test_numbers_are_found_in_zpl_tspl_pdf_and_records(tmp_path):
    pdf = b"%PDF-1.4\n1 0 obj<</Filter/FlateDecode>>stream\n"
    pdf += zlib.compress(b"BT (JDV200000000009) Tj ET") + b"\nendstream\n"
    found = _numbers(
        tmp_path,
        {
            "a.zpl": b"^XA^FO10,10^BCN,100^FDSF1408000000123^FS^XZ",
            "b.tspl": b'BARCODE 10,10,"128",100,1,0,2,2,"781200000045"\r\nPRINT 1\r\n',
            "c.pdf": pdf,
        },
        [("tracking_void", "acked", '{"number": "EE10000005CN"}')],
    )
    assert set(found) == {"SF1408000000123", "781200000045", "JDV200000000009", "EE10000005CN"}
    assert found["EE10000005CN"].startswith("a tracking_void record")


def test_a_number_inside_a_longer_one_is_not_taken_for_it(tmp_path):
    found = _numbers(
        tmp_path,
        {"x.zpl": b"^FD14312000000077^FS ^FD43120000000771^FS ^GFA,0,0,0,F781200000045F"},
    )
    assert "4312000000077" not in found
    # hexadecimal image data bounded by letters is still taken: erring toward "used"
    assert "781200000045" in found


def test_printed_fields_per_language():
    assert printed_fields(b"^XA^FDW00040^FS^FD SF1 ^FS^XZ") >= {"W00040", "SF1"}
    assert "W00041" in printed_fields(b'TEXT 10,10,"3",0,1,1,"W00041"\r\n')
    assert "W00042" in printed_fields(b"BT /F1 9 Tf (W00042) Tj ET")
