"""The audit log: append-only, each entry's hash covers the one before it.

The database refuses UPDATE and DELETE on entries (triggers, migration 6), and
``meta.audit_head`` keeps the count and hash of the newest entry, written in
the same transaction: :func:`verify` finds an edited, deleted, reordered or
cut-off entry even when someone drops the triggers first.

That much someone with the file can still defeat by rewriting every hash and
the head together, or by cutting the newest entries and the head together.
So the head is also anchored outside the file: it goes to head office with
every upload, and is printed on the daily report (``SEQ:HASH``, the hash
shortened to 16 hex digits) and kept beside the database in
``audit-anchor.json``. :func:`verify` given such anchors checks that entry
number SEQ still exists and still has that hash (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
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


SHORT_HASH = 16  # hex digits of an anchor printed on paper (64 bits)
MIN_ANCHOR_HASH = 12  # the fewest hex digits accepted from a person (48 bits)
ANCHOR_FILE = "audit-anchor.json"  # in the data directory, beside the database


@dataclass(frozen=True)
class Anchor:
    """Entry number ``seq`` (1 = the first) of the chain has a hash starting with
    ``hash`` (64 hex digits, or at least 12 as printed). ``source`` says where
    it was kept: head_office | report | given."""

    seq: int
    hash: str
    source: str = "given"

    @property
    def short(self) -> str:
        """``SEQ:HASH`` as printed on the daily report."""
        return f"{self.seq}:{self.hash[:SHORT_HASH]}"

    @property
    def where(self) -> str:
        return {
            "head_office": "head office's anchor",
            "report": "the anchor of the last printed report",
            "given": "the anchor given",
        }.get(self.source, "the anchor")

    def to_wire(self) -> dict:
        return {"seq": self.seq, "hash": self.hash}


def parse_anchor(text: str, source: str = "given") -> Anchor:
    """``SEQ:HASH`` (as printed on the daily report) to an Anchor; ValueError with
    a sentence for a person when it is not one."""
    seq, sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if (
        not sep
        or not seq.strip().isdigit()
        or not MIN_ANCHOR_HASH <= len(digest) <= 64
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise ValueError(
            f"an anchor is SEQ:HASH as printed on the daily report, e.g. 1234:3fa9c2d1e0b4a7f6 "
            f"(at least {MIN_ANCHOR_HASH} hex digits), not {text!r}"
        )
    return Anchor(int(seq), digest, source)


def audit_head() -> Anchor | None:
    """The stored head (count and newest hash), or None before the first entry."""
    row = Meta.get_or_none(Meta.key == HEAD)
    if row is None:
        return None
    count, _, digest = row.value.partition(":")
    return Anchor(int(count), digest, "head")


def audit_head_wire() -> dict | None:
    """The head as it goes to head office with an upload: {"seq", "hash"} or None."""
    head = audit_head()
    return head.to_wire() if head else None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""  # edited | deleted_or_reordered | cut_off | rewritten
    anchor: str = ""  # the anchor that found it, or those checked: "head_office 120:3fa9…"
    message: str = ""  # one line for a person


def verify(anchors: list[Anchor] | tuple[Anchor, ...] = ()) -> Verdict:
    """Check every entry against the one before it, the newest against the stored
    head, and each anchor: entry ``seq`` must exist and have the anchor's hash.

    Reasons: ``edited`` (an entry does not hash to its stored hash),
    ``deleted_or_reordered`` (an entry does not follow the one before),
    ``cut_off`` (the head, or an anchor, names entries that are not there),
    ``rewritten`` (entry ``seq`` has another hash than the anchor kept outside)."""
    wanted = {a.seq for a in anchors}
    at: dict[int, AuditEntry] = {}
    prev, n, last = "", 0, None
    for entry in AuditEntry.select().order_by(AuditEntry.id):
        n += 1
        if entry.prev_hash != prev:
            return _verdict(False, n, entry.id, "deleted_or_reordered")
        if entry.hash != _digest(entry, prev):
            return _verdict(False, n, entry.id, "edited")
        if n in wanted:
            at[n] = entry
        prev, last = entry.hash, entry
    head = Meta.get_or_none(Meta.key == HEAD)
    if head is not None:
        count, _, head_hash = head.value.partition(":")
        if int(count) != n or head_hash != prev:
            return _verdict(False, n, last.id if last else None, "cut_off")
    for a in sorted(anchors, key=lambda a: a.seq):
        if a.seq == 0:
            continue
        if a.seq > n:
            return _verdict(False, n, None, "cut_off", a)
        if not at[a.seq].hash.startswith(a.hash.lower()):
            return _verdict(False, n, at[a.seq].id, "rewritten", a)
    return _verdict(True, n, anchors=anchors)


def _verdict(
    ok: bool,
    n: int,
    bad_id: int | None = None,
    reason: str = "",
    anchor: Anchor | None = None,
    anchors: list[Anchor] | tuple[Anchor, ...] = (),
) -> Verdict:
    if ok:
        if anchors:
            names = "; ".join(f"{a.where} {a.short}" for a in anchors)
            text = f"audit log ok: {n} entries, matching {names}"
        else:
            text = f"audit log ok: {n} entries (no anchor outside this file to compare with)"
        return Verdict(
            True, n, anchor=", ".join(f"{a.source} {a.short}" for a in anchors), message=text
        )
    if anchor is not None and reason == "cut_off":
        text = (
            f"audit log cut off: {n} entries, but {anchor.where} {anchor.short} says there "
            f"were at least {anchor.seq}"
        )
    elif anchor is not None:
        text = (
            f"audit log rewritten: entry {anchor.seq} does not match {anchor.where} {anchor.short}"
        )
    else:
        text = {
            "edited": f"audit log tampered: entry id {bad_id} was edited",
            "deleted_or_reordered": (
                f"audit log tampered: entries before id {bad_id} were deleted or reordered"
            ),
            "cut_off": f"audit log cut off: {n} entries, fewer than its stored head says",
        }[reason]
    where = f"{anchor.source} {anchor.short}" if anchor else ""
    return Verdict(False, n, bad_id, reason, where, text)


def save_printed_anchor(data_root: Path, anchor: Anchor, printed_at: datetime) -> bool:
    """Keep the anchor just printed on a report in ``data_root/audit-anchor.json``
    (written whole, then renamed in). One with a lower seq than the kept one does
    not replace it: that would hide a cut. True when written. Raises OSError."""
    path = Path(data_root) / ANCHOR_FILE
    try:
        kept = load_printed_anchor(data_root)
    except ValueError:
        kept = None
    if kept is not None and kept.seq > anchor.seq:
        return False
    tmp = path.with_name(path.name + ".tmp")
    body = {"seq": anchor.seq, "hash": anchor.hash, "printed_at": printed_at.isoformat()}
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(body, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return True


def load_printed_anchor(data_root: Path) -> Anchor | None:
    """The anchor of the last printed report, or None; ValueError when the file is
    there but unreadable."""
    path = Path(data_root) / ANCHOR_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or type(data.get("seq")) is not int:
        raise ValueError(f"{path} is not an audit anchor")
    return parse_anchor(f"{data['seq']}:{data.get('hash', '')}", "report")


def verify_chain() -> AuditEntry | None:
    """The first entry whose hash does not follow from the one before, or None."""
    prev = ""
    for entry in AuditEntry.select().order_by(AuditEntry.id):
        if entry.prev_hash != prev or entry.hash != _digest(entry, prev):
            return entry
        prev = entry.hash
    return None
