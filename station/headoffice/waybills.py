"""Head office's e-waybill desk: the shops' authorisations, the waybills it asked
the platforms for (each kept, so asking again answers the same number), and the
cancels it relays.

The HTTP layer (station.headoffice.server) is a thin shell over :class:`WaybillDesk`;
the contract is in docs/headoffice-openapi.yaml (``/v1/waybills``,
``/v1/waybills/cancel``) and the configuration file in docs/ewaybill.md.

A request for a bench (wire shape, one per parcel or multi-parcel shipment)::

    {"order": "2611230003", "parcel": 1, "parcels": 1, "shop": "茶园直营店",
     "carrier": "ZTO", "buyer_name": "陈志强", "buyer_phone": "136****4410",
     "address": "广东省广州市天河区天河路385号", "recipient": {…optional…},
     "items": [{"name": "绿茶 250g", "count": 2}], "weight_g": 820,
     "platform_order_ids": ["…"]}

Its result: ``status`` ``issued`` (``waybills``: one, or one per parcel of a
multi-parcel shipment, each naming the parent), ``refused`` (``error``: the typed
code and the platform's own code and words; ``retryable`` when asking later can
help), or ``not_platform`` (the shop has no platform authorisation, or the carrier's
numbers come from the bench's pool: the bench uses its pool).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import peewee as pw

from station.ewaybill import (
    Address,
    EwaybillError,
    PackageItem,
    Recipient,
    WaybillProvider,
    WaybillRequest,
    provider_for,
)
from station.ewaybill.address import split_address
from station.ewaybill.errors import BadRequest, UnknownWaybill
from station.headoffice.waybill_config import (
    CarrierRule,
    EwaybillConfig,
    ShopAuth,
)

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Base(pw.Model):
    class Meta:
        legacy_table_names = False


class IssuedWaybill(_Base):
    """Every number head office asked a platform for, for which order and parcel."""

    id = pw.AutoField()
    order_number = pw.CharField(index=True)
    parcel = pw.IntegerField()  # 1-based: the parcel of the order it belongs to
    attempt = pw.IntegerField(default=0)  # how many earlier numbers of it were cancelled
    shop = pw.CharField()
    platform = pw.CharField()
    carrier = pw.CharField()
    waybill_code = pw.CharField(unique=True)
    parent_code = pw.CharField(default="")
    routing = pw.TextField(default="{}")
    print_data = pw.TextField(default="")
    print_sign = pw.TextField(default="")
    status = pw.CharField(default="issued")  # issued | cancelled
    bench_id = pw.CharField(default="")
    issued_at = pw.DateTimeField(default=_now)
    cancelled_at = pw.DateTimeField(null=True)


class OrderRecipient(_Base):
    """An order's recipient as head office has it from the platform (with the OAID or
    the platform's ciphertext), used instead of the masked text a bench holds."""

    order_number = pw.CharField(primary_key=True)
    recipient = pw.TextField()


class WaybillAnswer(_Base):
    """A bench's waybill request answered, by its bench and Idempotency-Key (the
    key is the bench's own: migration m0004)."""

    key = pw.CharField()
    bench_id = pw.CharField()
    response = pw.TextField()

    class Meta:
        primary_key = pw.CompositeKey("bench_id", "key")


DESK_MODELS = [IssuedWaybill, OrderRecipient, WaybillAnswer]


def error_wire(exc: Exception) -> dict:
    """A refusal as the bench gets it: the stable code and the platform's words."""
    if isinstance(exc, EwaybillError):
        return {
            "code": exc.code,
            "platform": exc.platform,
            "platform_code": exc.platform_code,
            "platform_msg": exc.platform_msg,
            "sub_code": exc.sub_code,
            "sub_msg": exc.sub_msg,
            "reason": exc.reason,
            "retryable": exc.retryable,
        }
    return {
        "code": "ewaybill_bad_request",
        "platform": "",
        "platform_code": "",
        "platform_msg": str(exc),
        "sub_code": "",
        "sub_msg": "",
        "reason": str(exc),
        "retryable": False,
    }


def waybill_wire(row: IssuedWaybill) -> dict:
    return {
        "parcel": row.parcel,
        "waybill_code": row.waybill_code,
        "parent_waybill_code": row.parent_code,
        "routing": json.loads(row.routing or "{}"),
        "print_data": row.print_data,
        "print_sign": row.print_sign,
        "provider": row.platform,
        "carrier": row.carrier,
    }


class WaybillDesk:
    """Asks the platforms for the benches. ``db``: head office's database (a
    HeadOfficeStore's: its migrations make the desk's tables); ``providers``: make
    a provider for a shop (tests and demo mode may give their own; by default
    :func:`station.ewaybill.provider_for`)."""

    def __init__(
        self,
        db: pw.Database,
        config: EwaybillConfig,
        providers: Callable[[ShopAuth], WaybillProvider] | None = None,
    ):
        self.db = db
        self.config = config
        self._make = providers or (lambda auth: provider_for(auth.platform, auth.settings))
        self._providers: dict[str, WaybillProvider] = {}
        self._providers_lock = threading.Lock()  # the shipment relay shares the providers
        self._lock = threading.Lock()  # one issue at a time: a number is never asked twice
        db.bind(DESK_MODELS)  # its tables: head office's migration m0003

    def provider(self, shop: str) -> WaybillProvider:
        """The provider of an authorised shop (made once, kept); KeyError for a shop
        with no authorisation."""
        with self._providers_lock:
            if shop not in self._providers:
                self._providers[shop] = self._make(self.config.shops[shop])
            return self._providers[shop]

    def close(self) -> None:
        with self._providers_lock:
            for p in self._providers.values():
                p.close()
            self._providers.clear()

    # --- what the shop's platform knows of the recipient ---

    def remember_recipient(self, order_number: str, recipient: dict) -> None:
        """Keep the platform's recipient of an order (``oaid``, or ciphertext with
        ``encrypted``): a bench's request for it uses this, not the masked text."""
        OrderRecipient.insert(
            order_number=order_number, recipient=json.dumps(recipient, ensure_ascii=False)
        ).on_conflict_replace().execute()

    def _recipient(self, req: dict) -> Recipient:
        known = OrderRecipient.get_or_none(OrderRecipient.order_number == str(req["order"]))
        r = json.loads(known.recipient) if known else req.get("recipient")
        if isinstance(r, dict):
            if r.get("province"):
                address = Address(
                    str(r["province"]),
                    str(r.get("city", "")),
                    str(r.get("district", "")),
                    str(r.get("detail", "")),
                    str(r.get("town", "")),
                )
            else:
                address = split_address(str(r.get("address") or req.get("address") or ""))
            return Recipient(
                str(r.get("name") or req.get("buyer_name") or ""),
                address,
                mobile=str(r.get("mobile") or req.get("buyer_phone") or ""),
                phone=str(r.get("phone", "")),
                oaid=str(r.get("oaid", "")),
                encrypted=bool(r.get("encrypted", False)),
            )
        return Recipient(
            str(req.get("buyer_name") or ""),
            split_address(str(req.get("address") or "")),
            mobile=str(req.get("buyer_phone") or ""),
        )

    # --- issuing ---

    def route(self, req: dict) -> tuple[ShopAuth, CarrierRule] | None:
        """The shop authorisation and carrier rule a request goes by; None when the
        bench's pool serves it (no authorisation for the shop, or a pool carrier)."""
        auth = self.config.shops.get(str(req.get("shop") or ""))
        carrier = str(req.get("carrier") or "").upper()
        rule = self.config.carriers.get(carrier)
        if auth is None or rule is None or rule.provider != "platform":
            return None
        return auth, rule

    def issue(self, requests: list[dict], bench_id: str = "") -> list[dict]:
        """A result for each request, in order (module docstring for the shapes).
        A parcel head office already holds a number for answers that number again;
        the others are asked of their platform, ten a call, per shop."""
        with self._lock:
            results: list[dict | None] = [None] * len(requests)
            ask: dict[str, list[tuple[int, dict, WaybillRequest, CarrierRule]]] = {}
            for i, req in enumerate(requests):
                try:
                    order, parcel, parcels = _identity(req)
                except (KeyError, TypeError, ValueError) as exc:
                    results[i] = {
                        "status": "refused",
                        "error": error_wire(BadRequest("", "", str(exc))),
                    }
                    continue
                base = {"order": order, "parcel": parcel}
                routed = self.route(req)
                if routed is None:
                    results[i] = base | {"status": "not_platform"}
                    continue
                auth, rule = routed
                held = self._held(order, parcel, parcels)
                if held:
                    results[i] = base | {"status": "issued", "waybills": held}
                    continue
                try:
                    wr = self._request(req, auth, rule, order, parcel, parcels)
                except (KeyError, TypeError, ValueError) as exc:
                    results[i] = base | {
                        "status": "refused",
                        "error": error_wire(BadRequest(auth.platform, "request", str(exc))),
                    }
                    continue
                ask.setdefault(auth.shop, []).append((i, req, wr, rule))
            for shop, items in ask.items():
                auth = self.config.shops[shop]
                provider = self.provider(shop)
                answers = provider.request_waybills([wr for _, _, wr, _ in items])
                balances: dict[str, int | None] = {}
                for (i, req, wr, rule), answer in zip(items, answers, strict=True):
                    order, parcel, parcels = _identity(req)
                    base = {"order": order, "parcel": parcel}
                    if answer.waybills:
                        rows = self._keep(
                            auth, rule, order, parcel, parcels, answer.waybills, bench_id
                        )
                        results[i] = base | {
                            "status": "issued",
                            "waybills": [waybill_wire(r) for r in rows],
                        }
                        if answer.error is not None:  # issued, print data missing
                            results[i]["error"] = error_wire(answer.error)
                        if wr.carrier_code not in balances:
                            balances[wr.carrier_code] = self._balance(provider, wr.carrier_code)
                        if balances[wr.carrier_code] is not None:
                            results[i]["balance"] = balances[wr.carrier_code]
                            results[i]["balance_low"] = (
                                balances[wr.carrier_code] < self.config.low_balance
                            )
                    else:
                        log.info(
                            "e-waybill for order %s parcel %d refused: %s",
                            order,
                            parcel,
                            answer.error,
                        )
                        results[i] = base | {"status": "refused", "error": error_wire(answer.error)}
            return [r for r in results if r is not None]

    def _balance(self, provider: WaybillProvider, carrier_code: str) -> int | None:
        try:
            return provider.balance(carrier_code)
        except EwaybillError as exc:  # the number is issued; the balance is a nicety
            log.info("balance of %s not read: %s", carrier_code, exc)
            return None

    def _held(self, order: str, parcel: int, parcels: int) -> list[dict]:
        wanted = range(parcel, parcel + parcels)
        rows = list(
            IssuedWaybill.select()
            .where(
                (IssuedWaybill.order_number == order)
                & IssuedWaybill.parcel.in_(list(wanted))
                & (IssuedWaybill.status == "issued")
            )
            .order_by(IssuedWaybill.parcel)
        )
        if {r.parcel for r in rows} != set(wanted):
            return []
        return [waybill_wire(r) for r in rows]

    def _request(self, req, auth: ShopAuth, rule: CarrierRule, order, parcel, parcels):
        attempt = (
            IssuedWaybill.select()
            .where((IssuedWaybill.order_number == order) & (IssuedWaybill.parcel == parcel))
            .count()
        )
        object_id = f"{order}-{parcel}" + (f"-{attempt}" if attempt else "")
        items = tuple(
            PackageItem(str(it["name"]), int(it.get("count", it.get("qty", 1))))
            for it in req.get("items") or []
        ) or (PackageItem(str(order), 1),)
        return WaybillRequest(
            object_id=object_id,
            carrier_code=rule.code_for(auth.platform),
            sender=self.config.sender,
            recipient=self._recipient(req),
            order_ids=tuple(str(x) for x in req.get("platform_order_ids") or [order]),
            items=items,
            template_url=rule.template_for(auth.platform),
            weight_g=int(req["weight_g"]) if req.get("weight_g") else None,
            package_id=object_id,
            package_count=parcels,
            remark=str(req.get("remark", ""))[:200],
            order_fields=rule.order_fields_for(auth.platform),
        )

    def _keep(self, auth, rule, order, parcel, parcels, waybills, bench_id) -> list[IssuedWaybill]:
        attempt = (
            IssuedWaybill.select()
            .where((IssuedWaybill.order_number == order) & (IssuedWaybill.parcel == parcel))
            .count()
        )
        rows = []
        with self.db.atomic():
            for n, wb in enumerate(waybills[:parcels] if parcels > 1 else waybills[:1]):
                routing = {
                    "route_code": wb.routing.route_code,
                    "sortation_name": wb.routing.sortation_name,
                    "consolidation_code": wb.routing.consolidation_code,
                    "consolidation_name": wb.routing.consolidation_name,
                    # the platform's answer, else the carrier's rule (the account's)
                    "service_type": wb.service.service_type or rule.service_type,
                    "payment": wb.service.payment or rule.payment,
                    "insured": wb.service.insured,
                }
                row = IssuedWaybill.get_or_none(IssuedWaybill.waybill_code == wb.waybill_code)
                if row is None:
                    row = IssuedWaybill.create(
                        order_number=order,
                        parcel=parcel + n,
                        attempt=attempt,
                        shop=auth.shop,
                        platform=auth.platform,
                        carrier=rule.carrier,
                        waybill_code=wb.waybill_code,
                        parent_code=wb.parent_waybill_code,
                        routing=json.dumps(routing, ensure_ascii=False),
                        print_data=wb.print_data,
                        print_sign=wb.print_sign,
                        bench_id=bench_id,
                    )
                rows.append(row)
        return rows

    # --- cancelling ---

    def cancel(self, codes: list[str]) -> list[dict]:
        """Cancel each number at its platform: per number ``status`` ``cancelled``,
        ``already`` (cancelled before: nothing asked), ``unknown`` (not one head
        office issued) or ``refused`` with the error (``retryable``: ask again)."""
        out = []
        with self._lock:
            for code in codes:
                row = IssuedWaybill.get_or_none(IssuedWaybill.waybill_code == str(code))
                if row is None:
                    out.append(
                        {
                            "waybill_code": code,
                            "status": "unknown",
                            "error": error_wire(UnknownWaybill("", "", str(code))),
                        }
                    )
                    continue
                if row.status == "cancelled":
                    out.append({"waybill_code": code, "status": "already"})
                    continue
                try:
                    carrier = self.config.carriers.get(row.carrier, CarrierRule(row.carrier))
                    done = self.provider(row.shop).cancel(
                        carrier.code_for(row.platform), row.waybill_code
                    )
                except (EwaybillError, KeyError) as exc:
                    out.append(
                        {"waybill_code": code, "status": "refused", "error": error_wire(exc)}
                    )
                    continue
                IssuedWaybill.update(status="cancelled", cancelled_at=_now()).where(
                    IssuedWaybill.id == row.id
                ).execute()
                out.append(
                    {"waybill_code": code, "status": "already" if done.already else "cancelled"}
                )
        return out

    def relay_cancels(self, records: list[dict]) -> None:
        """Cancel at the platforms the numbers of newly stored ``ewaybill_cancel``
        records (a bench's void, through its outbox). A cancel the platform could not
        take now stays pending: :meth:`retry_cancels` asks again."""
        codes = [
            str(r["payload"].get("waybill_code"))
            for r in records
            if r.get("kind") == "ewaybill_cancel" and isinstance(r.get("payload"), dict)
        ]
        if codes:
            with self.db.atomic():
                IssuedWaybill.update(status="cancel_pending").where(
                    IssuedWaybill.waybill_code.in_(codes) & (IssuedWaybill.status == "issued")
                ).execute()
        self.retry_cancels()  # these, and any an earlier upload left pending

    def retry_cancels(self) -> int:
        """Ask again for every cancel still pending; returns how many went through."""
        pending = [
            r.waybill_code
            for r in IssuedWaybill.select(IssuedWaybill.waybill_code).where(
                IssuedWaybill.status == "cancel_pending"
            )
        ]
        if not pending:
            return 0
        IssuedWaybill.update(status="issued").where(
            IssuedWaybill.waybill_code.in_(pending)
        ).execute()
        done = 0
        for result in self.cancel(pending):
            if result["status"] == "refused" and result["error"]["retryable"]:
                IssuedWaybill.update(status="cancel_pending").where(
                    IssuedWaybill.waybill_code == result["waybill_code"]
                ).execute()
            else:
                done += 1
        return done

    # --- idempotent answers ---

    def answered(self, key: str, bench_id: str) -> dict | None:
        """The answer kept for bench ``bench_id``'s request ``key``, or None (another
        bench's answer under the same key is never this one's)."""
        row = WaybillAnswer.get_or_none(
            (WaybillAnswer.key == key) & (WaybillAnswer.bench_id == bench_id)
        )
        return json.loads(row.response) if row else None

    def keep_answer(self, key: str, bench_id: str, response: dict) -> None:
        """Keep an answer under its key when every result in it is settled (issued,
        or left to the pool). An answer with a refusal is not kept: asked again,
        after someone topped up the balance or head office got the platform's
        recipient reference, it is asked of the platform again."""
        if any(r.get("status") not in ("issued", "not_platform") for r in response["results"]):
            return
        WaybillAnswer.insert(
            key=key, bench_id=bench_id, response=json.dumps(response, ensure_ascii=False)
        ).on_conflict_ignore().execute()

    # --- fetching ahead ---

    def attach(self, payload: dict) -> dict:
        """A sales order about to go to the benches, with its e-waybills: asked now
        when its shop has a platform authorisation, so the bench prints during an
        outage. ``payload["parcels"]`` (default 1) numbers for a multi-parcel order.
        A refusal goes down as ``ewaybill_error`` (the bench asks again at close)."""
        return self.attach_many([payload])[0]

    def attach_many(self, payloads: list[dict]) -> list[dict]:
        """:meth:`attach` for many orders at once: the platforms are asked ten
        orders a call (per shop and carrier), not one."""
        out = [dict(p) for p in payloads]
        asks: list[tuple[int, dict]] = []
        for i, payload in enumerate(payloads):
            if isinstance(payload.get("recipient"), dict):
                self.remember_recipient(str(payload["number"]), payload["recipient"])
            req = {
                "order": payload["number"],
                "parcel": 1,
                "parcels": int(payload.get("parcels", 1) or 1),
                "shop": payload.get("shop"),
                "carrier": payload.get("carrier"),
                "buyer_name": payload.get("buyer_name"),
                "buyer_phone": payload.get("buyer_phone"),
                "address": payload.get("address"),
                "items": [
                    {"name": ln.get("name") or ln["sku"], "count": ln.get("qty", 1)}
                    for ln in payload.get("lines", [])
                ],
            }
            if self.route(req) is not None:
                asks.append((i, req))
        if not asks:
            return out
        results = self.issue([req for _, req in asks], bench_id="")
        for (i, _), result in zip(asks, results, strict=True):
            if result["status"] == "issued":
                out[i]["ewaybills"] = result["waybills"]
                if "balance" in result:
                    out[i]["ewaybill_balance"] = result["balance"]
                    out[i]["ewaybill_balance_low"] = result["balance_low"]
            else:
                out[i]["ewaybill_error"] = result.get("error")
        return out


def _identity(req: dict) -> tuple[str, int, int]:
    order = str(req["order"])
    parcel = int(req.get("parcel", 1))
    parcels = int(req.get("parcels", 1) or 1)
    if not order or parcel < 1 or not 1 <= parcels <= 50:
        raise ValueError("order, parcel ≥ 1 and parcels 1–50")
    return order, parcel, parcels
