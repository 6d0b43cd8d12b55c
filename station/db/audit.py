"""The audit log: append-only, each entry's hash covers the one before it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from station.db.models import AuditEntry, Operator, utcnow


def _digest(entry: AuditEntry, prev_hash: str) -> str:
    body = [
        prev_hash,
        entry.uuid,
        entry.created_at.isoformat(),
        entry.operator.uuid if entry.operator_id else "",
        entry.approved_by.uuid if entry.approved_by_id else "",
        entry.bench_id,
        entry.action,
        entry.entity,
        entry.entity_uuid,
        entry.details,
    ]
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append_audit(
    bench_id: str,
    action: str,
    *,
    operator: Operator | None = None,
    approved_by: Operator | None = None,
    entity: str = "",
    entity_uuid: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry. Call inside the transaction of the change it records."""
    last = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    prev = last.hash if last else ""
    entry = AuditEntry(
        created_at=utcnow(),
        operator=operator,
        approved_by=approved_by,
        bench_id=bench_id,
        action=action,
        entity=entity,
        entity_uuid=entity_uuid,
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        prev_hash=prev,
    )
    entry.hash = _digest(entry, prev)
    entry.save(force_insert=True)
    return entry


def verify_chain() -> AuditEntry | None:
    """The first entry whose hash does not follow from the one before, or None."""
    prev = ""
    for entry in AuditEntry.select().order_by(AuditEntry.id):
        if entry.prev_hash != prev or entry.hash != _digest(entry, prev):
            return entry
        prev = entry.hash
    return None
