"""Head office's side of the shipment report (发货回传): the benches' ``shipment_report``
records kept per parcel and relayed to the platform once per order, and the
platform's word given back per record in the upload's acknowledgement.

The bench queues one record per parcel when a handover closes (record UUID
``<parcel>-ship``). Here:

- each record becomes a :class:`ShipmentRow` (``pending``), whatever batch or retry
  brings it; a row once ``accepted`` is never sent to the platform again, so a
  batch sent twice, or answered and lost, reports nothing twice;
- the order's first parcel (no ``parent_tracking_number``) is relayed through the
  shop's provider (:func:`station.ewaybill.shipment.report_shipment`); a child
  parcel of a multi-parcel order (子母件) is ``accepted`` with its parent's answer;
- every acknowledgement of a shipment record carries ``shipment``:
  ``{"status": "accepted"|"refused"|"pending"|"not_relayed", "reason", "code"}``.
  ``pending``: the platform could not be reached (or was busy); the bench keeps the
  record and sends it again later. ``refused`` carries the platform's reason;
  ``not_relayed``: head office cannot tell the platform (the shop has no platform
  authorisation here, :data:`NO_AUTHORISATION`, or its configuration lacks what
  the platform needs, such as Pinduoduo's ``logistics_id`` for the carrier). The
  bench parks both for a supervisor (the Sync page), and a record sent again after
  that is relayed again (a refused or unrelayed order was not shipped).

The routes come from head office's e-waybill configuration (:func:`config_routes`,
the same shops and carriers as ``station head-office --ewaybill-config``).

The HTTP handler only calls :meth:`ShipmentRelay.answer` after the store took the
batch; nothing here depends on http.server.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee as pw

from station.ewaybill.shipment import Shipment, ShipmentAnswer, report_shipment
from station.headoffice.models import Base, now
from station.headoffice.store import HeadOfficeStore

if TYPE_CHECKING:
    from station.headoffice.waybill_config import EwaybillConfig

log = logging.getLogger(__name__)
KIND = "shipment_report"
NO_AUTHORISATION = "shop has no platform authorisation"  # the reason a bench is given


class ShipmentRow(Base):
    """One parcel's shipment report as a bench sent it, and what the platform said."""

    uuid = pw.CharField(max_length=64, primary_key=True)
    bench_id = pw.CharField()
    order = pw.CharField(index=True)
    shop = pw.CharField(default="")
    carrier = pw.CharField()
    tracking = pw.CharField()
    parent_tracking = pw.CharField(default="")
    status = pw.CharField(default="pending")  # pending | accepted | refused | not_relayed
    reason = pw.TextField(default="")
    code = pw.CharField(default="")
    attempts = pw.IntegerField(default=0)
    relayed_at = pw.DateTimeField(null=True)
    received_at = pw.DateTimeField(default=now)

    class Meta:
        table_name = "shipment"


@dataclass(frozen=True)
class ShopRoute:
    """How one shop's shipments reach its platform: the provider (a
    ``station.ewaybill`` provider), and per carrier code of the bench (``ZTO``) the
    platform's carrier code and numeric id (Pinduoduo's ``logistics_id``)."""

    provider: object
    carriers: dict[str, tuple[str, int | None]]
    offline: bool = False  # TOP: the seller's own carrier contract


Routes = Callable[[str], "ShopRoute | None"]  # shop name -> its route, or None


def config_routes(config: EwaybillConfig | None, provider: Callable[[str], object]) -> Routes:
    """The routes of head office's e-waybill configuration (docs/ewaybill.md): an
    authorised shop's reports go through ``provider(shop)`` (the shop's provider,
    e.g. :meth:`WaybillDesk.provider`, shared with the e-waybills), each carrier
    named by its code at the shop's platform (``codes``, else ours) and its
    ``logistics_ids`` number there; a carrier not configured is sent under our
    code. A shop not in the configuration (or no configuration) has no route."""

    def route(shop: str) -> ShopRoute | None:
        auth = config.shops.get(shop) if config is not None else None
        if auth is None:
            return None
        carriers = {
            code: (rule.code_for(auth.platform), rule.logistics_id_for(auth.platform))
            for code, rule in config.carriers.items()
        }
        return ShopRoute(provider(shop), carriers)

    return route


class ShipmentRelay:
    """``routes``: the shop's route to its platform (head office holds the shops'
    authorisations, :func:`config_routes`), None for a shop with none here (its
    reports are answered ``not_relayed``, :data:`NO_AUTHORISATION`)."""

    def __init__(self, store: HeadOfficeStore, routes: Routes):
        self.store = store
        self.routes = routes
        self._lock = threading.Lock()  # one relay at a time: no order reported twice
        store.db.bind([ShipmentRow])  # its table: head office's migration m0003

    def answer(self, bench_id: str, records: list, response: dict) -> dict:
        """Take the batch's shipment records (the store has acknowledged them), relay
        what is due and add each one's ``shipment`` to its acknowledgement."""
        # a refused record's uuid may be any JSON value (a list, an object): only text
        # names a record the store acknowledged
        ours = {
            r["uuid"]: r
            for r in records
            if isinstance(r, dict)
            and r.get("kind") == KIND
            and isinstance(r.get("uuid"), str)
            and isinstance(r.get("payload"), dict)
        }
        if not ours:
            return response
        acks = {
            a["uuid"]: a
            for a in response.get("acks", [])
            if isinstance(a, dict) and isinstance(a.get("uuid"), str)
        }
        with self._lock:
            for uuid, rec in ours.items():
                ack = acks.get(uuid)
                if ack is None or ack.get("status") == "rejected":
                    continue
                row = self._keep(bench_id, uuid, rec["payload"])
                if row.status != "accepted":
                    self._relay(row)
                    row = ShipmentRow.get_by_id(uuid)
                ack["shipment"] = {"status": row.status, "reason": row.reason, "code": row.code}
        return response

    def _keep(self, bench_id: str, uuid: str, p: dict) -> ShipmentRow:
        row = ShipmentRow.get_or_none(ShipmentRow.uuid == uuid)
        if row is None:
            ShipmentRow.insert(
                uuid=uuid,
                bench_id=bench_id,
                order=str(p.get("platform_order_id") or p.get("order") or ""),
                shop=str(p.get("shop") or ""),
                carrier=str(p.get("carrier") or ""),
                tracking=str(p.get("tracking_number") or ""),
                parent_tracking=str(p.get("parent_tracking_number") or ""),
            ).on_conflict_ignore().execute()
            row = ShipmentRow.get_by_id(uuid)
        return row

    def _relay(self, row: ShipmentRow) -> None:
        if row.parent_tracking:
            parent = (
                ShipmentRow.select()
                .where((ShipmentRow.order == row.order) & (ShipmentRow.parent_tracking == ""))
                .first()
            )
            if parent is not None and parent.status != "pending":
                self._set(row, parent.status, parent.reason, parent.code)
                return
            if parent is not None:
                self._relay(parent)
                parent = ShipmentRow.get_by_id(parent.uuid)
                if parent.status != "pending":
                    self._set(row, parent.status, parent.reason, parent.code)
                return
            # the parent's record has not come (yet): the child reports the order itself
        done = (
            ShipmentRow.select()
            .where(
                (ShipmentRow.order == row.order)
                & (ShipmentRow.status == "accepted")
                & (ShipmentRow.uuid != row.uuid)
            )
            .first()
        )
        if done is not None:  # the order went already, with another of its parcels
            self._set(row, "accepted", "", "")
            return
        route = self.routes(row.shop)
        if route is None:
            self._set(row, "not_relayed", NO_AUTHORISATION, "no_authorisation")
            log.info("shipment %s of shop %r: %s", row.order, row.shop, NO_AUTHORISATION)
            return
        carrier = row.carrier.upper()
        code, logistics_id = route.carriers.get(carrier, (row.carrier, None))
        shipment = Shipment(row.order, code, row.tracking, logistics_id, route.offline)
        try:
            answer: ShipmentAnswer = report_shipment(route.provider, shipment)
        except ValueError as exc:  # the configuration cannot say it (no logistics_id…)
            reason = f"carrier {carrier}: {exc} (head office's e-waybill configuration)"
            self._set(row, "not_relayed", reason, "configuration")
            log.warning("shipment %s of shop %r not relayed: %s", row.order, row.shop, reason)
            return
        if answer.retry:
            self._set(row, "pending", answer.reason, answer.code)
        elif answer.accepted:
            self._set(row, "accepted", "", "")
        else:
            self._set(row, "refused", answer.reason, answer.code)
        log.info("shipment %s %s: %s %s", row.order, row.tracking, answer, row.shop)

    @staticmethod
    def _set(row: ShipmentRow, status: str, reason: str, code: str) -> None:
        ShipmentRow.update(
            status=status,
            reason=reason,
            code=code,
            attempts=ShipmentRow.attempts + 1,
            relayed_at=now(),
        ).where(ShipmentRow.uuid == row.uuid).execute()

    def rows(self, status: str | None = None) -> list[dict]:
        """Every shipment head office holds (or those of ``status``), oldest first."""
        q = ShipmentRow.select().order_by(ShipmentRow.received_at, ShipmentRow.uuid)
        if status:
            q = q.where(ShipmentRow.status == status)
        return [json.loads(json.dumps(r.__data__, default=str)) for r in q]
