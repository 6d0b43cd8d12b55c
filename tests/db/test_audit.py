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


# --- anchored outside the file -------------------------------------------------------


def rewrite_consistently(db, from_position: int, details: str = '{"n": -1}') -> None:
    """What someone who knows the scheme does: edit entry ``from_position`` (1 = the
    first), recompute every hash after it and store the new head; the chain and the
    head agree again."""
    from station.db.audit import HEAD, _digest
    from station.db.models import Meta

    db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    prev = rows[from_position - 2].hash if from_position > 1 else ""
    for n, entry in enumerate(rows, start=1):
        if n < from_position:
            continue
        if n == from_position:
            entry.details = details
        entry.prev_hash = prev
        entry.hash = _digest(entry, prev)
        AuditEntry.update(details=entry.details, prev_hash=prev, hash=entry.hash).where(
            AuditEntry.id == entry.id
        ).execute()
        prev = entry.hash
    Meta.update(value=f"{len(rows)}:{prev}").where(Meta.key == HEAD).execute()


def cut_tail_and_head(db, keep: int) -> None:
    """Delete every entry after the first ``keep`` and make the head say so."""
    from station.db.audit import HEAD
    from station.db.models import Meta

    db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    AuditEntry.delete().where(AuditEntry.id.in_([r.id for r in rows[keep:]])).execute()
    Meta.update(value=f"{keep}:{rows[keep - 1].hash}").where(Meta.key == HEAD).execute()


def test_a_consistent_rewrite_passes_alone_and_is_found_by_an_anchor(store):
    from station.db.audit import audit_head

    entries(6)
    anchor = audit_head()
    assert anchor.seq == 6
    for position in (1, 3, 6):  # the first, a middle one, the newest
        rewrite_consistently(store.db, position, f'{{"n": {-position}}}')
        assert verify().ok  # the file alone cannot tell
        v = verify([anchor])
        assert (v.ok, v.reason) == (False, "rewritten")
        assert "rewritten" in v.message and "6:" in v.message and "\n" not in v.message


def test_a_cut_tail_with_its_head_is_found_by_an_anchor(store):
    from station.db.audit import Anchor, audit_head

    entries(5)
    anchor = audit_head()
    cut_tail_and_head(store.db, 3)
    assert verify().ok
    v = verify([Anchor(anchor.seq, anchor.hash, "head_office")])
    assert (v.ok, v.reason, v.entries) == (False, "cut_off", 3)
    assert v.message == (
        f"audit log cut off: 3 entries, but head office's anchor {anchor.short} "
        "says there were at least 5"
    )


def test_entries_after_an_anchor_are_honest_growth(store):
    from station.db.audit import Anchor, audit_head

    entries(3)
    old = audit_head()
    entries(4)
    printed = Anchor(old.seq, old.hash[:16], "report")  # as printed: 16 hex digits
    v = verify([printed, audit_head()])
    assert v.ok and v.entries == 7 and "report 3:" in v.anchor


@pytest.mark.parametrize(
    "text",
    ["", "12", "12:", "x:abcdefabcdef", "12:abcdefabcde", "12:abcdefabcdeg", "-1:" + "a" * 16],
)
def test_a_malformed_anchor_is_refused_with_a_sentence(text):
    from station.db.audit import parse_anchor

    with pytest.raises(ValueError, match="SEQ:HASH as printed on the daily report"):
        parse_anchor(text)


def test_the_printed_anchor_file_never_goes_back(tmp_path):
    from datetime import datetime

    from station.db.audit import Anchor, load_printed_anchor, save_printed_anchor

    at = datetime(2026, 11, 30, 18, 0)
    assert load_printed_anchor(tmp_path) is None
    assert save_printed_anchor(tmp_path, Anchor(10, "a" * 64), at)
    assert not save_printed_anchor(tmp_path, Anchor(7, "b" * 64), at)  # would hide a cut
    assert load_printed_anchor(tmp_path) == Anchor(10, "a" * 64, "report")
    assert save_printed_anchor(tmp_path, Anchor(12, "c" * 64), at)
    assert load_printed_anchor(tmp_path).seq == 12
    (tmp_path / "audit-anchor.json").write_text("{broken")
    with pytest.raises(ValueError, match="cannot be read"):
        load_printed_anchor(tmp_path)
