"""The audit log becomes append-only in the database itself: an UPDATE or DELETE of
an entry is refused by a trigger, and the newest entry's hash is kept apart
(``meta.audit_head``) so that removing the last entries is seen too."""

STATEMENTS = [
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]


def upgrade(db) -> None:
    row = db.execute_sql("SELECT COUNT(*), MAX(id) FROM audit_entry").fetchone()
    count, last_id = row
    if not count:
        return
    (last_hash,) = db.execute_sql(
        "SELECT hash FROM audit_entry WHERE id = ?", (last_id,)
    ).fetchone()
    db.execute_sql(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)",
        (f"{count}:{last_hash}",),
    )
