"""Dispatch (出库交接): parcels scanned into a carrier's bag or cage, the handover
closed with the sheet the courier signs, and the shipment report (发货回传) of each
parcel queued for head office in the same transaction.

Rules (issue 18, ../shared/BRIEF.md "Dispatch"):
- one open handover per bench, for one carrier; opened by the carrier's bag, cage or
  manifest barcode (``<CARRIER>-…`` or ``<CARRIER>:…``, :func:`bag_carrier`) or by
  choosing the carrier;
- a parcel is taken only when closed, of the handover's carrier, not voided, not
  already handed over, and its order not intercepted (:mod:`.intercepts`);
- closing with packed parcels of that carrier left out needs a supervisor, and the
  sheet lists them; nothing is reported for a parcel that was not handed over;
- a parcel scanned into the wrong bag comes out only with a supervisor, audited;
- a handover opened by mistake is cancelled only while it holds no parcel (take
  them out first), audited; it is then ``cancelled`` and never reported;
- a bag code of a carrier of which no parcel is packed here opens nothing and says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw

from station.core.errors import CodedError
from station.core.scan import Outcome, Scan, Verdict
from station.db import outbox
from station.db.audit import append_audit
from station.db.models import (
    AuditEntry,
    Handover,
    HandoverParcel,
    Intercept,
    Operator,
    Parcel,
    SalesOrder,
    utcnow,
)
from station.services.approvals import require_approver
from station.services.dispatch.intercepts import master_pulled_at, open_intercept
from station.services.operators import Session
from station.services.scans import record_scan

# master data is pulled at least every minute while online (the upload loop's 30 s
# round, and once more when a handover opens): older than this, head office is away
MASTER_FRESH = timedelta(minutes=2)
_BAG = re.compile(r"^([A-Za-z]{2,8})[-:](\S+)$")


class DispatchError(CodedError):
    """A dispatch step refused; ``code``/``params`` for the UI."""


def _verdict(outcome: str, code: str, params: dict | None = None) -> Verdict:
    return Verdict(Outcome(outcome), code, params or {})


@dataclass(frozen=True)
class WaitingParcel:
    """A closed parcel of the carrier not (yet) in any handover."""

    tracking: str
    order: str
    weight_g: int | None
    closed_at: datetime


@dataclass(frozen=True)
class SheetLine:
    tracking: str
    order: str
    weight_g: int | None


@dataclass
class HandoverView:
    """What the Dispatch page and the sheet show of a handover."""

    handover: Handover
    lines: list[SheetLine]
    waiting: list[WaitingParcel]

    @property
    def scanned(self) -> int:
        return len(self.lines)

    @property
    def expected(self) -> int:
        return len(self.lines) + len(self.waiting)


def bag_carrier(code: str, carriers: set[str]) -> str | None:
    """The carrier a bag, cage or manifest barcode belongs to: ``YTO-BAG-0193`` or
    ``SF:CAGE7`` is the carrier's code (one of ``carriers``, upper case), a ``-`` or
    ``:`` and the rest. None for anything else."""
    m = _BAG.match(code.strip())
    if m and m.group(1).upper() in carriers:
        return m.group(1).upper()
    return None


def known_carriers() -> set[str]:
    """The carrier codes a bag code may start with although no parcel of that
    carrier is packed here (the carriers documents are printed for)."""
    from station.services.documents import CARRIER_NAMES

    return set(CARRIER_NAMES)


class DispatchService:
    """Handovers on one bench; ``clock`` gives naive UTC."""

    def __init__(self, db: pw.Database, bench_id: str, *, clock=utcnow):
        self.db = db
        self.bench_id = bench_id
        self.clock = clock

    # --- what is here ---

    def carriers(self) -> set[str]:
        """Carriers of the parcels packed here (upper case)."""
        return {
            (c or "").upper() for (c,) in Parcel.select(Parcel.carrier).distinct().tuples() if c
        }

    def current(self) -> Handover | None:
        """This bench's open handover, if any."""
        return (
            Handover.select()
            .where((Handover.bench_id == self.bench_id) & (Handover.status == "open"))
            .order_by(Handover.id.desc())
            .first()
        )

    def waiting(self, carrier: str) -> list[WaitingParcel]:
        """Closed parcels of ``carrier`` in no handover, oldest first; parcels of
        intercepted orders are not waiting (they must not leave)."""
        handed = HandoverParcel.select(HandoverParcel.parcel).where(HandoverParcel.status == "in")
        stopped = Intercept.select(Intercept.sales_order).where(
            Intercept.state.in_(("packed", "pulled"))
        )
        q = (
            Parcel.select(Parcel, SalesOrder)
            .join(SalesOrder)
            .where(
                (Parcel.status == "closed")
                & (pw.fn.UPPER(Parcel.carrier) == carrier.upper())
                & Parcel.id.not_in(handed)
                & Parcel.sales_order.not_in(stopped)
            )
            .order_by(Parcel.closed_at, Parcel.id)
        )
        return [
            WaitingParcel(p.tracking_number, p.sales_order.number, p.weight_g, p.closed_at)
            for p in q
        ]

    def view(self, handover: Handover) -> HandoverView:
        """The handover's parcels (in scan order) and what is still waiting. For a closed
        handover, ``waiting`` is what it left out (named in its record)."""
        handover = Handover.get_by_id(handover.id)
        lines = [
            SheetLine(p.tracking_number, p.sales_order.number, p.weight_g)
            for p in Parcel.select(Parcel, SalesOrder)
            .join(SalesOrder)
            .switch(Parcel)
            .join(HandoverParcel)
            .where((HandoverParcel.handover == handover) & (HandoverParcel.status == "in"))
            .order_by(HandoverParcel.scanned_at, HandoverParcel.id)
        ]
        if handover.status == "open":
            waiting = self.waiting(handover.carrier)
        else:
            waiting = self._left_out(handover)
        return HandoverView(handover, lines, waiting)

    def _left_out(self, handover: Handover) -> list[WaitingParcel]:
        entry = (
            AuditEntry.select()
            .where(
                (AuditEntry.action == "handover_closed") & (AuditEntry.entity_uuid == handover.uuid)
            )
            .first()
        )
        if entry is None:
            return []
        out = []
        for tracking in json.loads(entry.details).get("missing", []):
            p = Parcel.get_or_none(Parcel.tracking_number == tracking)
            if p is not None:
                out.append(WaitingParcel(tracking, p.sales_order.number, p.weight_g, p.closed_at))
        return out

    # --- opening ---

    def stale(self) -> bool:
        """Master data (and with it the intercepts) was not pulled within MASTER_FRESH:
        head office has been unreachable, or sync is not set up."""
        pulled = master_pulled_at()
        return pulled is None or self.clock() - pulled > MASTER_FRESH

    def open(
        self, carrier: str, session: Session, *, bag_code: str = "", offline: bool | None = None
    ) -> Handover:
        """Open a handover for ``carrier``. ``offline``: head office could not be
        reached (None: judged by :meth:`stale`), so intercepts may be missing; the
        sheet says so. DispatchError ``handover_open`` when one is open already,
        ``no_carrier`` for an empty carrier."""
        carrier = (carrier or "").strip().upper()
        if not carrier:
            raise DispatchError("no_carrier")
        with self.db.atomic():
            open_one = self.current()
            if open_one is not None:
                raise DispatchError(
                    "handover_open", number=open_one.number, carrier=open_one.carrier
                )
            now = self.clock()
            # short enough for the courier to read out and for a Code 128 on the sheet
            stem = f"HO{now:%Y%m%d}-{self.bench_id[:4].upper()}-"
            n = Handover.select().where(Handover.number.startswith(stem)).count() + 1
            handover = Handover.create(
                number=f"{stem}{n:03d}",
                carrier=carrier,
                bag_code=bag_code,
                bench_id=self.bench_id,
                operator=session.operator,
                offline=self.stale() if offline is None else offline,
                master_synced_at=master_pulled_at(),
                created_at=now,
            )
            append_audit(
                self.bench_id,
                "handover_opened",
                operator=session.operator,
                entity="handover",
                entity_uuid=handover.uuid,
                details={"number": handover.number, "carrier": carrier, "bag": bag_code},
            )
        return handover

    # --- scanning ---

    def scan(self, scan: Scan | str, session: Session) -> Verdict:
        """One scan at dispatch, logged with its verdict (context ``dispatch``) in the
        same transaction: a bag code opens a handover when none is open; a waybill
        goes into the open one or is refused with the reason. An intercepted order's
        parcel is refused with ``Outcome.ALARM`` and its intercept marked ``pulled``."""
        if isinstance(scan, str):
            scan = Scan(scan, manual=True)
        with self.db.atomic():
            verdict = self._scan(scan.data.strip(), session)
            record_scan(
                scan,
                verdict,
                bench_id=self.bench_id,
                context="dispatch",
                operator=session.operator,
            )
        return verdict

    def _scan(self, code: str, session: Session) -> Verdict:
        handover = self.current()
        parcel = Parcel.get_or_none(Parcel.tracking_number == code)
        if parcel is None:
            carrier = bag_carrier(code, self.carriers())
            if carrier is not None and handover is None:
                h = self.open(carrier, session, bag_code=code)
                return _verdict("ok", "handover_opened", {"carrier": carrier, "number": h.number})
            if carrier is not None:
                return _verdict(
                    "refused",
                    "handover_open",
                    {"number": handover.number, "carrier": handover.carrier},
                )
            other = bag_carrier(code, known_carriers())
            if other is not None:  # a real carrier's bag, but nothing of theirs to hand over
                return _verdict(
                    "refused", "dispatch_no_carrier_parcels", {"carrier": other, "code": code}
                )
            return _verdict("refused", "dispatch_unknown_code", {"code": code})
        if handover is None:
            return _verdict("refused", "dispatch_open_first", {"tracking": code})
        return self._take(handover, parcel, session)

    def _take(self, handover: Handover, parcel: Parcel, session: Session) -> Verdict:
        order = parcel.sales_order
        p = {"tracking": parcel.tracking_number, "order": order.number}
        if parcel.status == "voided":
            return _verdict("refused", "dispatch_voided", p)
        if parcel.status != "closed":
            return _verdict("refused", "dispatch_not_closed", p)
        ic = open_intercept(order.id)
        if ic is not None:
            if ic.state == "packed":
                Intercept.update(state="pulled", pulled_at=self.clock()).where(
                    Intercept.id == ic.id
                ).execute()
                append_audit(
                    self.bench_id,
                    "intercept_pulled",
                    operator=session.operator,
                    entity="parcel",
                    entity_uuid=parcel.uuid,
                    details={"order": order.number, "status": ic.status},
                )
            return _verdict(
                "alarm", "dispatch_intercepted", {**p, "status": ic.status, "reason": ic.reason}
            )
        if (parcel.carrier or "").upper() != handover.carrier:
            return _verdict(
                "refused",
                "dispatch_other_carrier",
                {**p, "carrier": parcel.carrier or "?", "bag": handover.carrier},
            )
        earlier = (
            HandoverParcel.select(HandoverParcel, Handover)
            .join(Handover)
            .where((HandoverParcel.parcel == parcel) & (HandoverParcel.status == "in"))
            .first()
        )
        if earlier is not None and earlier.handover_id == handover.id:
            return _verdict("warning", "dispatch_already_in", p)
        if earlier is not None:
            return _verdict(
                "refused", "dispatch_handed_over", {**p, "number": earlier.handover.number}
            )
        HandoverParcel.create(handover=handover, parcel=parcel, scanned_at=self.clock())
        scanned = (
            HandoverParcel.select()
            .where((HandoverParcel.handover == handover) & (HandoverParcel.status == "in"))
            .count()
        )
        return _verdict(
            "ok",
            "dispatch_taken",
            {**p, "n": scanned, "total": scanned + len(self.waiting(handover.carrier))},
        )

    # --- undo ---

    def undo(self, tracking: str, supervisor: Operator | None, reason: str = "") -> None:
        """Take a parcel back out of the open handover (scanned into the wrong bag):
        a supervisor's act, audited. DispatchError ``undo_needs_supervisor``,
        ``dispatch_open_first``, ``dispatch_not_in``."""
        approver = require_approver(supervisor, lambda: DispatchError("undo_needs_supervisor"))
        with self.db.atomic():
            handover = self.current()
            if handover is None:
                raise DispatchError("dispatch_open_first", tracking=tracking)
            row = (
                HandoverParcel.select()
                .join(Parcel)
                .where(
                    (HandoverParcel.handover == handover)
                    & (HandoverParcel.status == "in")
                    & (Parcel.tracking_number == tracking.strip())
                )
                .first()
            )
            if row is None:
                raise DispatchError("dispatch_not_in", tracking=tracking, number=handover.number)
            HandoverParcel.update(status="undone", undone_by=approver).where(
                HandoverParcel.id == row.id
            ).execute()
            append_audit(
                self.bench_id,
                "handover_parcel_undone",
                operator=approver,
                approved_by=approver,
                entity="handover",
                entity_uuid=handover.uuid,
                details={"tracking": tracking, "reason": reason, "number": handover.number},
            )

    # --- cancelling ---

    def cancel(self, session: Session) -> Handover:
        """Cancel the open handover while it holds no parcel (opened by mistake, by
        the wrong bag): it becomes ``cancelled``, audited, and nothing goes to head
        office. Returns the cancelled handover. DispatchError ``dispatch_open_first``,
        ``handover_not_empty`` (number, n) while parcels are in it: take them out
        first (:meth:`undo`, a supervisor's act)."""
        with self.db.atomic():
            handover = self.current()
            if handover is None:
                raise DispatchError("dispatch_open_first", tracking="")
            n = (
                HandoverParcel.select()
                .where((HandoverParcel.handover == handover) & (HandoverParcel.status == "in"))
                .count()
            )
            if n:
                raise DispatchError("handover_not_empty", number=handover.number, n=n)
            Handover.update(status="cancelled", closed_at=self.clock()).where(
                Handover.id == handover.id
            ).execute()
            append_audit(
                self.bench_id,
                "handover_cancelled",
                operator=session.operator,
                entity="handover",
                entity_uuid=handover.uuid,
                details={"number": handover.number, "carrier": handover.carrier},
            )
        return Handover.get_by_id(handover.id)

    # --- closing ---

    def close(self, session: Session, *, approved_by: Operator | None = None) -> HandoverView:
        """Close the open handover: one transaction that closes it, marks orders whose
        every parcel left as shipped, and queues the handover's record and one
        ``shipment_report`` per parcel for head office (record UUID ``<parcel>-ship``:
        one report per parcel, ever). DispatchError ``dispatch_open_first``,
        ``handover_empty``, ``intercepted_in_handover`` (trackings: an order intercepted
        after its parcel was scanned in; take it out first), ``parcels_missing`` (n)
        without a supervisor while packed parcels of the carrier are left out."""
        with self.db.atomic():
            handover = self.current()
            if handover is None:
                raise DispatchError("dispatch_open_first", tracking="")
            view = self.view(handover)
            if not view.lines:
                raise DispatchError("handover_empty", number=handover.number)
            # an intercept that came after its parcel went into the bag: it must not leave
            stopped = [
                ln.tracking
                for ln in view.lines
                if open_intercept(SalesOrder.get(SalesOrder.number == ln.order).id) is not None
            ]
            if stopped:
                raise DispatchError("intercepted_in_handover", trackings=", ".join(stopped))
            approver = None
            if view.waiting:
                approver = require_approver(
                    approved_by, lambda: DispatchError("parcels_missing", n=len(view.waiting))
                )
            now = self.clock()
            offline = handover.offline or self.stale()
            Handover.update(
                status="closed", closed_at=now, approved_by=approver, offline=offline
            ).where(Handover.id == handover.id).execute()
            parcels = list(
                Parcel.select(Parcel, SalesOrder)
                .join(SalesOrder)
                .switch(Parcel)
                .join(HandoverParcel)
                .where((HandoverParcel.handover == handover) & (HandoverParcel.status == "in"))
                .order_by(HandoverParcel.scanned_at, HandoverParcel.id)
            )
            for parcel in parcels:
                outbox.enqueue(
                    self.bench_id,
                    "shipment_report",
                    f"{parcel.uuid}-ship",
                    shipment_report(parcel, handover.number, now),
                )
            self._mark_shipped({p.sales_order_id for p in parcels})
            missing = [w.tracking for w in view.waiting]
            outbox.enqueue(
                self.bench_id,
                "handover_closed",
                handover.uuid,
                {
                    "number": handover.number,
                    "carrier": handover.carrier,
                    "bag": handover.bag_code,
                    "opened_at": handover.created_at.isoformat(),
                    "closed_at": now.isoformat(),
                    "parcels": [p.tracking_number for p in parcels],
                    "missing": missing,
                    "offline": offline,
                    "operator": session.operator.uuid,
                    "approved_by": approver.uuid if approver else None,
                },
            )
            append_audit(
                self.bench_id,
                "handover_closed",
                operator=session.operator,
                approved_by=approver,
                entity="handover",
                entity_uuid=handover.uuid,
                details={"number": handover.number, "count": len(parcels), "missing": missing},
            )
        return self.view(handover)

    @staticmethod
    def _mark_shipped(order_ids: set[int]) -> None:
        handed = HandoverParcel.select(HandoverParcel.parcel).where(HandoverParcel.status == "in")
        for order_id in order_ids:
            left = (
                Parcel.select()
                .where(
                    (Parcel.sales_order == order_id)
                    & (Parcel.status == "closed")
                    & Parcel.id.not_in(handed)
                )
                .count()
            )
            order = SalesOrder.get_by_id(order_id)
            if not left and order.status == "packed":
                SalesOrder.update(status="shipped").where(SalesOrder.id == order_id).execute()


def shipment_report(parcel: Parcel, handover: str, at: datetime) -> dict:
    """The shipment report (发货回传) of one handed-over parcel, as head office relays it
    to the platform: platform order id, shop, carrier, tracking number and, for an
    order in several parcels (子母件), the parent number its label prints
    (:func:`station.services.routing.parcel_routing`: the platform e-waybill's
    parent, or a pool parcel's first sibling), so the platform and the carrier are
    told the same parent."""
    from station.services.routing import parcel_routing

    order = parcel.sales_order
    siblings = list(
        Parcel.select(Parcel.tracking_number, Parcel.seq)
        .where((Parcel.sales_order == order) & (Parcel.status == "closed"))
        .order_by(Parcel.seq, Parcel.id)
    )
    parent = parcel_routing(parcel).get("parent_tracking", "")
    return {
        "order": order.number,
        "order_uuid": order.uuid,
        "platform_order_id": order.number,
        "shop": order.shop or "",
        "carrier": (parcel.carrier or "").upper(),
        "tracking_number": parcel.tracking_number,
        "parent_tracking_number": parent if parent != parcel.tracking_number else "",
        "is_child": bool(parent) and parent != parcel.tracking_number,
        "parcels": len(siblings),
        "handover": handover,
        "handed_over_at": at.isoformat(),
    }
