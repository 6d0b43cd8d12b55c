"""The handover sheet of a handover, from the database: what
``station.labels.handover_sheet`` draws, times in the bench's local zone."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from station.db.models import Handover, Operator
from station.labels.handover_sheet import HandoverSheetData, SheetParcel, render_handover_sheet
from station.services.dispatch import DispatchService

OFFLINE_NOTE = (
    "离线交接：开单时总部无法连接，拦截信息可能不全（最后同步 {synced}）。"
    "Opened while head office was unreachable: intercepts may be missing "
    "(master data last pulled {synced})."
)


def local_text(at: datetime | None, tz: tzinfo | None = None) -> str:
    """Naive UTC as local ``YYYY-MM-DD HH:MM``; None as a dash."""
    if at is None:
        return "—"
    return at.replace(tzinfo=UTC).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def sheet_data(
    svc: DispatchService, handover: Handover, bench_name: str, tz: tzinfo | None = None
) -> HandoverSheetData:
    """The sheet of ``handover`` (open or closed: an open one prints as it stands)."""
    from station.services.documents import CARRIER_NAMES

    view = svc.view(handover)
    h = view.handover
    approver = Operator.get_or_none(Operator.id == h.approved_by_id) if h.approved_by_id else None
    return HandoverSheetData(
        number=h.number,
        carrier=CARRIER_NAMES.get(h.carrier, h.carrier),
        bench=bench_name or h.bench_id,
        opened=local_text(h.created_at, tz),
        closed=local_text(h.closed_at, tz),
        parcels=[SheetParcel(ln.tracking, ln.order, ln.weight_g) for ln in view.lines],
        missing=[SheetParcel(w.tracking, w.order, w.weight_g) for w in view.waiting]
        if h.status == "closed"
        else [],
        approved_by=approver.name if approver else "",
        offline_note=OFFLINE_NOTE.format(synced=local_text(h.master_synced_at, tz))
        if h.offline
        else "",
        bag=h.bag_code,
    )


def handover_sheet(
    svc: DispatchService, handover: Handover, bench_name: str, tz: tzinfo | None = None
) -> bytes:
    """The sheet as PDF bytes (GlyphError for a character no font has)."""
    return render_handover_sheet(sheet_data(svc, handover, bench_name, tz))
