from station.db.audit import append_audit, verify_chain
from station.db.models import AuditEntry


def test_chain_verifies_and_catches_an_edit(store):
    for n in range(5):
        append_audit("bench-1", f"action-{n}", details={"n": n})
    assert verify_chain() is None
    target = AuditEntry.select().order_by(AuditEntry.id)[2]
    store.db.execute_sql(
        "UPDATE audit_entry SET details = ? WHERE id = ?", ('{"n": 99}', target.id)
    )
    assert verify_chain().id == target.id


def test_chain_catches_a_deleted_entry(store):
    for n in range(4):
        append_audit("bench-1", f"action-{n}")
    second = AuditEntry.select().order_by(AuditEntry.id)[1]
    store.db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (second.id,))
    assert verify_chain() is not None
