"""The audit log: append-only in the database, and any tampering found by verify."""

import json
import subprocess
import sys

import peewee as pw
import pytest

from station.db.audit import append_audit, verify, verify_chain
from station.db.models import AuditEntry


def entries(n):
    for i in range(n):
        append_audit("bench-1", f"action-{i}", details={"n": i})
    return list(AuditEntry.select().order_by(AuditEntry.id))


def untriggered(store):
    """What someone with the sqlite3 shell could do first."""
    store.db.execute_sql("DROP TRIGGER audit_entry_no_update")
    store.db.execute_sql("DROP TRIGGER audit_entry_no_delete")


def test_the_database_refuses_edits_and_deletes(store):
    e = entries(3)
    with pytest.raises(pw.IntegrityError, match="append-only"):
        store.db.execute_sql("UPDATE audit_entry SET action = 'x' WHERE id = ?", (e[1].id,))
    with pytest.raises(pw.IntegrityError, match="append-only"):
        store.db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (e[2].id,))
    assert verify().ok and verify().entries == 3


def test_an_edit_is_found(store):
    e = entries(5)
    untriggered(store)
    store.db.execute_sql("UPDATE audit_entry SET details = ? WHERE id = ?", ('{"n": 99}', e[2].id))
    v = verify()
    assert (v.ok, v.first_bad_id, v.reason) == (False, e[2].id, "edited")
    assert verify_chain().id == e[2].id


def test_a_deleted_entry_is_found(store):
    e = entries(4)
    untriggered(store)
    store.db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (e[1].id,))
    v = verify()
    assert (v.ok, v.first_bad_id, v.reason) == (False, e[2].id, "deleted_or_reordered")


def test_reordered_entries_are_found(store):
    e = entries(4)
    untriggered(store)
    # swap the contents of entries 1 and 2 (their ids keep the order)
    cols = "uuid, created_at, action, details, prev_hash, hash"
    a = store.db.execute_sql(f"SELECT {cols} FROM audit_entry WHERE id = ?", (e[1].id,)).fetchone()
    b = store.db.execute_sql(f"SELECT {cols} FROM audit_entry WHERE id = ?", (e[2].id,)).fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    store.db.execute_sql(
        "UPDATE audit_entry SET uuid = uuid || '-' WHERE id IN (?, ?)", (e[1].id, e[2].id)
    )
    store.db.execute_sql(f"UPDATE audit_entry SET {sets} WHERE id = ?", (*b, e[1].id))
    store.db.execute_sql(f"UPDATE audit_entry SET {sets} WHERE id = ?", (*a, e[2].id))
    v = verify()
    assert (v.ok, v.first_bad_id, v.reason) == (False, e[1].id, "deleted_or_reordered")


def test_the_newest_entries_cut_off_are_found(store):
    e = entries(4)
    untriggered(store)
    store.db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (e[3].id,))
    assert verify_chain() is None  # the chain alone cannot see it
    v = verify()
    assert (v.ok, v.reason, v.entries) == (False, "cut_off", 3)


def test_cli_audit_verify(store, data_dir):
    entries(3)
    args = [sys.executable, "-m", "station", "audit", "verify", "--data-dir", str(data_dir.root)]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True
    untriggered(store)
    store.db.execute_sql("UPDATE audit_entry SET action = 'x' WHERE id = 2")
    done = subprocess.run(args, capture_output=True, text=True)
    got = json.loads(done.stdout)
    assert done.returncode == 1 and (got["ok"], got["first_bad_id"], got["reason"]) == (
        False,
        2,
        "edited",
    )
