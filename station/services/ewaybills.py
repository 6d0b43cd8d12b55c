"""The bench's e-waybills (电子面单): the ones head office fetched ahead with an order,
the ones asked of head office at close, and the parcels that closed offline and
wait for theirs.

The bench never speaks to a platform: head office holds the shops' authorisations
(station.headoffice.waybills). Rules (docs/ewaybill.md, "At the bench"):

- a parcel takes its order's fetched e-waybill first (so it prints during an
  outage);
- else, when head office can be reached, it asks for one (``/v1/waybills``);
  head office may answer that the shop or carrier uses the pool;
- when head office cannot be reached, the pool serves carriers that have numbers;
  for the others the parcel closes without a number and waits (``waiting``), and
  :meth:`BenchWaybills.resolve_waiting` (called by the sync loop) gets it and has it
  printed once the network is back;
- a platform's refusal (masked address, no balance) refuses the close with the
  platform's code and words.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import peewee as pw

from station.db import outbox
from station.db.audit import append_audit
from station.db.models import Ewaybill, Meta, PackedItem, Parcel, SalesOrder, SalesOrderLine
from station.sync.client import BadAnswer, HeadOfficeClient, Refused, Retryable, TokenRefused

log = logging.getLogger(__name__)

#: why a parcel's waybill waits (the screens translate these codes)
WAIT_UNREACHABLE = "ewaybill_wait_unreachable"  # head office could not be reached
WAIT_PLATFORM = "ewaybill_wait_platform"  # head office could not reach the platform
NO_SERVICE_RECHECK_S = 600.0  # a head office without e-waybills is asked again after this
NO_SERVICE_KEY = "ewaybill.no_service_until"  # meta: time.time() until which it is not asked


@dataclass
class Prepared:
    """What a parcel's close will use. ``kind``: ``platform`` (``ewaybill``, a row in
    state issued), ``pool`` (head office left it to the pool, or there is no head
    office), ``offline`` (no answer: the pool if it has numbers, else wait;
    ``reason`` a WAIT_ code), ``refused`` (``error``: the platform's refusal as
    head office relayed it: code, platform_code, platform_msg, sub_code, sub_msg,
    reason)."""

    kind: str
    ewaybill: Ewaybill | None = None
    reason: str = ""
    error: dict = field(default_factory=dict)


def request_for(order: SalesOrder, parcel_index: int, parcel: Parcel | None = None) -> dict:
    """The wire request for one parcel of ``order`` (station.headoffice.waybills)."""
    items: dict[str, int] = {}
    if parcel is not None:
        q = (
            PackedItem.select(PackedItem, SalesOrderLine)
            .join(SalesOrderLine)
            .where(PackedItem.parcel == parcel)
        )
        for it in q:
            name = it.sales_order_line.product.name.split(" · ")[0]
            items[name] = items.get(name, 0) + it.qty
    if not items:
        for ln in order.lines:
            name = ln.product.name.split(" · ")[0]
            items[name] = items.get(name, 0) + ln.qty
    req = {
        "order": order.number,
        "parcel": parcel_index,
        "parcels": 1,
        "shop": order.shop or "",
        "carrier": order.carrier or "",
        "buyer_name": order.buyer_name,
        "buyer_phone": order.buyer_phone or "",
        "address": order.address,
        "items": [{"name": n, "count": c} for n, c in items.items()],
    }
    if parcel is not None and parcel.weight_g:
        req["weight_g"] = parcel.weight_g
    return req


class BenchWaybills:
    """``client``: makes a head-office client (None when the bench has no head
    office: every parcel uses the pool, as before e-waybills). The client's timeout
    bounds how long a close waits for head office."""

    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        client: Callable[[], HeadOfficeClient | None] | None = None,
    ):
        self.db = db
        self.bench_id = bench_id
        self.client = client or (lambda: None)

    @staticmethod
    def _no_service() -> bool:
        """Head office said lately (NO_SERVICE_RECHECK_S) that it issues no
        e-waybills: kept in the database, so a restarted station knows it too."""
        row = Meta.get_or_none(Meta.key == NO_SERVICE_KEY)
        try:
            return row is not None and time.time() < float(row.value)
        except ValueError:
            return False

    def asks_head_office(self) -> bool:
        """Whether a close without a fetched e-waybill asks head office: the bench
        has one, and it has not said lately that it issues none."""
        if self._no_service():
            return False
        configured = getattr(self.client, "configured", None)
        if configured is not None:
            return configured()
        return self.client() is not None

    # --- what head office sent ---

    @staticmethod
    def store_fetched(order: SalesOrder, waybills: list, balance=None, low=False) -> int:
        """Keep the e-waybills head office sent with ``order`` (``ewaybills`` of a
        sales_order change). A number already here is not stored twice. ValueError /
        KeyError / TypeError for one that cannot be read."""
        n = 0
        for wb in waybills:
            code = str(wb["waybill_code"])
            if not code or Ewaybill.get_or_none(Ewaybill.waybill_code == code) is not None:
                continue
            Ewaybill.create(
                sales_order=order,
                parcel_index=int(wb.get("parcel", 1)),
                waybill_code=code,
                parent_code=str(wb.get("parent_waybill_code") or ""),
                routing=json.dumps(wb.get("routing") or {}, ensure_ascii=False),
                print_data=str(wb.get("print_data") or ""),
                print_sign=str(wb.get("print_sign") or ""),
                provider=str(wb.get("provider") or ""),
                carrier=str(wb.get("carrier") or order.carrier or ""),
                state="issued",
                balance=int(balance) if balance is not None else None,
                balance_low=bool(low),
            )
            n += 1
        return n

    @staticmethod
    def fetched(order: SalesOrder) -> Ewaybill | None:
        """The order's next e-waybill not yet on a parcel (the lowest parcel index)."""
        return (
            Ewaybill.select()
            .where((Ewaybill.sales_order == order) & (Ewaybill.state == "issued"))
            .order_by(Ewaybill.parcel_index, Ewaybill.id)
            .first()
        )

    @staticmethod
    def of_parcel(parcel: Parcel) -> Ewaybill | None:
        return (
            Ewaybill.select().where(Ewaybill.parcel == parcel).order_by(Ewaybill.id.desc()).first()
        )

    def print_data(self, parcel: Parcel) -> str | None:
        """The platform's print data of ``parcel``'s e-waybill, exactly as it came,
        as the JSON text of the component's standard content; None for a pool number
        (DocumentService's ``print_data`` hook). Cainiao and Pinduoduo send a JSON
        object, passed on as it is. Douyin sends the encrypted print data and its
        sign apart (``logistics.waybillApply``): both go, unaltered, as one content
        ``{"encryptedData", "signature"}`` (docs/print-components.md, "Not
        confirmed")."""
        ew = self.of_parcel(parcel)
        if ew is None or ew.state != "used" or not ew.print_data:
            return None
        if ew.print_sign and not _json_object(ew.print_data):
            return json.dumps(
                {"encryptedData": ew.print_data, "signature": ew.print_sign}, ensure_ascii=False
            )
        return ew.print_data

    # --- asking head office ---

    def _key(self, order: SalesOrder, parcel_index: int) -> str:
        return f"{self.bench_id}:{order.uuid}:{parcel_index}"

    def prepare(self, order: SalesOrder, parcel: Parcel) -> Prepared:
        """What closing ``parcel`` will use (module docstring for the rules). Asks
        head office when the order has no fetched e-waybill left; the number it
        gives is kept at once (state issued), so a close that fails afterwards (a
        weight off) uses it at the next try, never asking for a second."""
        ew = self.fetched(order)
        if ew is not None:
            return Prepared("platform", ew)
        client = None if self._no_service() else self.client()
        if client is None:
            return Prepared("pool")
        return self._ask(client, order, parcel.seq, parcel)

    def _ask(self, client, order: SalesOrder, index: int, parcel: Parcel | None) -> Prepared:
        try:
            return self._ask_with(client, order, index, parcel)
        finally:
            if getattr(self.client, "fresh", False):  # made for this question
                client.close()

    def _ask_with(self, client, order: SalesOrder, index: int, parcel) -> Prepared:
        try:
            (result,) = client.waybills(
                [request_for(order, index, parcel)], self._key(order, index)
            )
        except TokenRefused as exc:
            log.warning("e-waybill for %s not asked: %s", order.number, exc)
            return Prepared("offline", reason=WAIT_UNREACHABLE)
        except Refused as exc:  # a head office without e-waybills: the pool
            log.info("head office issues no e-waybills (%s): the pool serves", exc)
            if exc.status == 404:
                until = str(time.time() + NO_SERVICE_RECHECK_S)
                Meta.insert(key=NO_SERVICE_KEY, value=until).on_conflict_replace().execute()
            return Prepared("pool")
        except (Retryable, BadAnswer) as exc:
            log.info("e-waybill for %s: head office unreachable (%s)", order.number, exc)
            return Prepared("offline", reason=WAIT_UNREACHABLE)
        status = result.get("status")
        if status == "issued" and result.get("waybills"):
            with self.db.atomic():
                self.store_fetched(
                    order, result["waybills"], result.get("balance"), result.get("balance_low")
                )
            ew = self.fetched(order)
            if ew is not None:
                return Prepared("platform", ew)
            # numbers already here (a repeated answer): the one for this parcel
            code = result["waybills"][0]["waybill_code"]
            return Prepared("platform", Ewaybill.get(Ewaybill.waybill_code == code))
        if status == "refused":
            error = result.get("error") if isinstance(result.get("error"), dict) else {}
            if error.get("retryable"):
                return Prepared("offline", reason=WAIT_PLATFORM, error=error)
            return Prepared("refused", error=error)
        return Prepared("pool")

    # --- parcels that closed without a number ---

    def waiting(self) -> list[Ewaybill]:
        return list(Ewaybill.select().where(Ewaybill.state == "waiting").order_by(Ewaybill.id))

    def resolve_waiting(self, issued: Callable[[Parcel], None] = lambda p: None) -> int:
        """Ask head office for every parcel waiting for its e-waybill; each one
        answered gets its number (the parcel's tracking number, a ``parcel_waybill``
        record for head office) and ``issued(parcel)`` is called to print it. Stops at
        the first that cannot be asked (head office unreachable). A refusal stays
        waiting with the platform's reason. Returns how many got their number."""
        done = 0
        for row in self.waiting():
            client = self.client()
            if client is None:
                return done
            order = row.sales_order
            got = self._ask(client, order, row.parcel_index, row.parcel)
            if got.kind == "offline":
                return done
            if got.kind != "platform":
                reason = refusal_reason(got.error) if got.kind == "refused" else row.reason
                Ewaybill.update(reason=reason).where(Ewaybill.id == row.id).execute()
                continue
            parcel = Parcel.get_by_id(row.parcel_id)
            with self.db.atomic():
                ew = got.ewaybill
                Ewaybill.update(state="used", parcel=parcel).where(Ewaybill.id == ew.id).execute()
                Ewaybill.delete().where(Ewaybill.id == row.id).execute()
                Parcel.update(tracking_number=ew.waybill_code).where(
                    Parcel.id == parcel.id
                ).execute()
                outbox.enqueue(
                    self.bench_id,
                    "parcel_waybill",
                    f"{parcel.uuid}-waybill",
                    {
                        "parcel": parcel.uuid,
                        "order": order.number,
                        "tracking_number": ew.waybill_code,
                        "provider": ew.provider,
                        "carrier": ew.carrier,
                    },
                )
                append_audit(
                    self.bench_id,
                    "ewaybill_arrived",
                    entity="parcel",
                    entity_uuid=parcel.uuid,
                    details={"order": order.number, "tracking": ew.waybill_code},
                )
            done += 1
            try:
                issued(Parcel.get_by_id(parcel.id))
            except Exception:  # noqa: BLE001 - the number is kept; reprint from Waybills
                log.exception("the waybill of parcel %s could not be queued", parcel.uuid)
        return done

    # --- voiding ---

    def cancel(self, parcel: Parcel, reason: str) -> bool:
        """A voided parcel's platform e-waybill goes back to the platform: a
        ``ewaybill_cancel`` record in the outbox (its UUID fixed by the waybill, so
        it is sent once whatever happens), relayed by head office to the platform.
        False when the parcel has no platform e-waybill (a pool number). Call inside
        the void's transaction."""
        ew = self.of_parcel(parcel)
        if ew is None or ew.state != "used" or not ew.waybill_code:
            return False
        Ewaybill.update(state="cancel_pending").where(Ewaybill.id == ew.id).execute()
        outbox.enqueue(
            self.bench_id,
            "ewaybill_cancel",
            f"{ew.uuid}-cancel",
            {
                "waybill_code": ew.waybill_code,
                "provider": ew.provider,
                "carrier": ew.carrier,
                "parcel": parcel.uuid,
                "order": parcel.sales_order.number,
                "reason": reason,
            },
        )
        return True


def refusal_reason(error: dict) -> str:
    """A refusal kept as a waiting parcel's ``reason``: JSON of the stable code
    (``reason_code``) and the platform's name, code and words, as a refused close
    carries them (the screens translate the code and show the words)."""
    return json.dumps(
        {
            "reason_code": error.get("code", "ewaybill_refused"),
            "platform": error.get("platform", ""),
            "platform_code": error.get("sub_code") or error.get("platform_code", ""),
            "reason": error.get("reason", ""),
        },
        ensure_ascii=False,
    )


def cancels_acknowledged(record_uuids: list[str]) -> int:
    """Head office has the cancel records ``record_uuids`` (``<waybill uuid>-cancel``):
    their e-waybills are cancelled as far as the bench is concerned."""
    uuids = [u[: -len("-cancel")] for u in record_uuids if u.endswith("-cancel")]
    if not uuids:
        return 0
    return (
        Ewaybill.update(state="cancelled")
        .where(Ewaybill.uuid.in_(uuids) & (Ewaybill.state == "cancel_pending"))
        .execute()
    )


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False
