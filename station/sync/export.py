"""Offline for days: the outbox to a file carried to head office on a USB stick.

Head office imports the file with the same rule as the HTTP path (one copy
per UUID), so a record that travels both ways is still kept once; when the
bench is back online its upload of the same records is answered
"duplicate" and they are marked acknowledged. The file carries the audit
chain's head (``anchor``) too, which head office keeps as from an upload.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

from station.db.audit import audit_head_wire
from station.db.models import OutboxRecord, utcnow
from station.sync.uploader import as_wire

FORMAT = "station-outbox/1"


def export_outbox(
    path: Path, bench_id: str, since: datetime | None = None, *, include_acked: bool = False
) -> int:
    q = OutboxRecord.select().order_by(OutboxRecord.id)
    if not include_acked:
        q = q.where(OutboxRecord.state != "acked")
    if since is not None:
        q = q.where(OutboxRecord.created_at >= since)
    records = [as_wire(r) for r in q]
    body = {
        "format": FORMAT,
        "bench_id": bench_id,
        "exported_at": utcnow().isoformat(),
        "records": records,
        "anchor": audit_head_wire(),
    }
    tmp = path.with_suffix(path.suffix + ".partial")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False)
    tmp.replace(path)
    return len(records)


def read_export(path: Path) -> dict:
    """The export file's content; ValueError naming the file when it is not one."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            body = json.load(fh)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} is not a readable outbox export ({exc})") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ValueError(f"{path} is not a station outbox export")
    if not isinstance(body.get("records"), list):
        raise ValueError(f"{path} has no list of records")
    return body
