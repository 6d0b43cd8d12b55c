"""The audit log: append-only, each entry's hash covers the one before it.

The database refuses UPDATE and DELETE on entries (triggers, migration 6), and
``meta.audit_head`` keeps the count and hash of the newest entry, written in
the same transaction: :func:`verify` finds an edited, deleted, reordered or
cut-off entry even when someone drops the triggers first."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from station.db.models import AuditEntry, Meta, Operator, utcnow


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
    head = Meta.get_or_none(Meta.key == HEAD)
    count = int(head.value.split(":", 1)[0]) + 1 if head else AuditEntry.select().count()
    Meta.insert(key=HEAD, value=f"{count}:{entry.hash}").on_conflict_replace().execute()
    return entry


HEAD = "audit_head"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""  # edited | deleted_or_reordered | cut_off


def verify() -> Verdict:
    """Check every entry against the one before it, and the newest against the head."""
    prev, n, last = "", 0, None
    for entry in AuditEntry.select().order_by(AuditEntry.id):
        n += 1
        if entry.prev_hash != prev:
            return Verdict(False, n, entry.id, "deleted_or_reordered")
        if entry.hash != _digest(entry, prev):
            return Verdict(False, n, entry.id, "edited")
        prev, last = entry.hash, entry
    head = Meta.get_or_none(Meta.key == HEAD)
    if head is not None:
        count, _, head_hash = head.value.partition(":")
        if int(count) != n or head_hash != prev:
            return Verdict(False, n, last.id if last else None, "cut_off")
    return Verdict(True, n)


def verify_chain() -> AuditEntry | None:
    """The first entry whose hash does not follow from the one before, or None."""
    prev = ""
    for entry in AuditEntry.select().order_by(AuditEntry.id):
        if entry.prev_hash != prev or entry.hash != _digest(entry, prev):
            return entry
        prev = entry.hash
    return None
