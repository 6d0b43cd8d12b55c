"""Shapes shared by the Cainiao and Pinduoduo cloud-print APIs (the Pinduoduo API
copies Cainiao's, with ``wp_code`` for ``cp_code``), the provider both are built
on, and reading routing data out of plain print data."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable, Sequence

from station.ewaybill import errors as E
from station.ewaybill.base import HttpProvider, reads_answer
from station.ewaybill.model import (
    Address,
    CancelResult,
    Party,
    Recipient,
    Routing,
    Service,
    Subscription,
    Waybill,
    WaybillRequest,
    WaybillResult,
)


def address_dto(a: Address) -> dict:
    d = {"province": a.province, "city": a.city, "district": a.district, "detail": a.detail}
    if a.town:
        d["town"] = a.town
    return d


def party_dto(p: Party | Recipient) -> dict:
    d: dict = {"name": p.name, "address": address_dto(p.address)}
    if p.mobile:
        d["mobile"] = p.mobile
    if p.phone:
        d["phone"] = p.phone
    return d


def package_info(r: WaybillRequest) -> dict:
    d: dict = {"items": [{"name": i.name, "count": i.count} for i in r.items]}
    if r.package_id:
        d["id"] = r.package_id
    if r.weight_g is not None:
        d["weight"] = r.weight_g
    if r.volume_cm3 is not None:
        d["volume"] = r.volume_cm3
    if r.package_count > 1:
        d["total_packages_count"] = r.package_count
    return d


def routing_from_print_data(print_data: str) -> Routing:
    """Routing read from plain (unencrypted) cloud-print data: Cainiao's
    ``data.routingInfo`` {routeCode, sortation{name}, consolidation{code,name}}, or
    Pinduoduo's {threeSegmentCode, bigShotName}. Encrypted print data
    (``encryptedData``) has none readable: an empty Routing. The print data itself is
    never changed."""
    try:
        doc = json.loads(print_data)
    except (TypeError, ValueError):
        return Routing()
    data = doc.get("data") if isinstance(doc, dict) else None
    info = data.get("routingInfo") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return Routing()

    def sub(key: str, field: str) -> str:
        v = info.get(key)
        return str(v.get(field, "")) if isinstance(v, dict) else ""

    return Routing(
        route_code=str(info.get("routeCode") or info.get("threeSegmentCode") or ""),
        sortation_name=sub("sortation", "name") or str(info.get("bigShotName") or ""),
        consolidation_code=sub("consolidation", "code"),
        consolidation_name=sub("consolidation", "name"),
    )


def service_from_print_data(print_data: str) -> Service:
    """The service read from plain (unencrypted) cloud-print data: the standard
    templates' ``data.shippingOption`` object (``title``: the product as the
    template prints it, 标准快递; ``services``: value-added services, of which
    ``SVC-INSURE`` is insurance). Insurance is given as ``保价`` alone: the unit
    of its ``value`` is not in a public sample, so no amount is printed rather
    than a wrong one. A ``shippingOption`` that is not an object (the empty
    string of garrettzxd/print-demo's samples), encrypted print data, or
    anything unreadable: an empty Service. Payment is not part of the standard
    data (the account's contract decides it): head office's carrier rule gives
    it."""
    try:
        doc = json.loads(print_data)
    except (TypeError, ValueError):
        return Service()
    data = doc.get("data") if isinstance(doc, dict) else None
    option = data.get("shippingOption") if isinstance(data, dict) else None
    if not isinstance(option, dict):
        return Service()
    title = option.get("title")
    title = title.strip() if isinstance(title, str) and title.isprintable() else ""
    services = option.get("services")
    insured = isinstance(services, dict) and "SVC-INSURE" in services
    return Service(service_type=title, insured="保价" if insured else "")


def unwrap_list(value, item_key: str) -> list:
    """TOP's JSON wraps a list in an object named after its type
    (``{"waybill_cloud_print_response": [...]}``); simplified JSON does not."""
    if isinstance(value, dict):
        value = value.get(item_key, [])
    return value if isinstance(value, list) else []


def form_params(common: dict, api_params: dict) -> dict:
    """A gateway's form: the common parameters, then the API's own (objects as JSON
    text, strings as they are); the sign is added by the caller."""
    params = dict(common)
    for k, v in api_params.items():
        params[k] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return params


def by_call(batch) -> dict[tuple, list[WaybillRequest]]:
    """Requests grouped by what one call shares: the carrier and the sender."""
    groups: dict[tuple, list[WaybillRequest]] = {}
    for r in batch:
        groups.setdefault((r.carrier_code, r.sender), []).append(r)
    return groups


class CloudPrintProvider(HttpProvider):
    """The cloud-print calls as Cainiao and Pinduoduo share them: ``<prefix>.get``
    (``param_waybill_cloud_print_apply_new_request``), ``.cancel``, ``.update``
    (``param_waybill_cloud_print_update_request``) and ``.search``. A platform
    gives its ``method_prefix``, the name of its carrier field (``carrier_field``),
    its "already cancelled" sub code, its ``call`` and ``_trade_order``, and where
    its answers differ in shape, the readers below. Raises nothing from
    request_waybills (see WaybillProvider); the other calls raise EwaybillError."""

    method_prefix = ""
    carrier_field = ""
    already_cancelled = ""

    @abc.abstractmethod
    def _trade_order(self, r: WaybillRequest) -> dict:
        """One element of ``trade_order_info_dtos`` for ``r``."""

    def _modules(self, answer: dict) -> list:
        """The issued numbers (``modules``) of a get answer."""
        return answer.get("modules") or []

    def _module_carrier(self, module: dict, carrier: str) -> str:
        """The carrier code of one issued number (``carrier``: as asked)."""
        return carrier

    def _update_sender(self, sender: Party) -> dict:
        """The sender as the update request takes it."""
        return party_dto(sender)

    def _branches(self, answer: dict) -> Iterable[tuple[dict, dict]]:
        """(subscription column, branch account) pairs of a search answer."""
        for col in answer.get("waybill_apply_subscription_cols") or []:
            for b in col.get("branch_account_cols") or []:
                yield col, b

    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        results: dict[str, WaybillResult] = {r.object_id: WaybillResult(r) for r in batch}
        for (carrier, _sender), reqs in by_call(batch).items():
            apply = {
                self.carrier_field: carrier,
                "sender": party_dto(reqs[0].sender),
                "trade_order_info_dtos": [self._trade_order(r) for r in reqs],
                "need_encrypt": self.settings.need_encrypt,
            }
            answer = self.call(
                self.method_prefix + ".get", {"param_waybill_cloud_print_apply_new_request": apply}
            )
            for m in self._modules(answer):
                res = results.get(str(m.get("object_id", "")))
                if res is None or not m.get("waybill_code"):
                    continue
                print_data = str(m.get("print_data") or "")
                res.waybills.append(
                    Waybill(
                        platform=self.platform,
                        carrier_code=self._module_carrier(m, carrier),
                        object_id=res.request.object_id,
                        waybill_code=str(m.get("waybill_code") or ""),
                        parent_waybill_code=str(m.get("parent_waybill_code") or ""),
                        routing=routing_from_print_data(print_data),
                        service=service_from_print_data(print_data),
                        print_data=print_data,
                    )
                )
        for res in results.values():
            if not res.waybills:
                res.error = E.PlatformRefused(self.platform, "missing", "no waybill in the answer")
        return [results[r.object_id] for r in batch]

    @reads_answer
    def cancel(self, carrier_code: str, waybill_code: str, **kw) -> CancelResult:
        return self._cancel(
            self.method_prefix + ".cancel",
            {self.carrier_field: carrier_code, "waybill_code": waybill_code},
            waybill_code,
            self.already_cancelled,
        )

    @reads_answer
    def update(self, request: WaybillRequest, waybill_code: str) -> str:
        upd = {
            self.carrier_field: request.carrier_code,
            "waybill_code": waybill_code,
            "object_id": request.object_id,
            "template_url": request.template_url,
            "package_info": package_info(request),
            "recipient": party_dto(request.recipient),
            "sender": self._update_sender(request.sender),
        }
        answer = self.call(
            self.method_prefix + ".update", {"param_waybill_cloud_print_update_request": upd}
        )
        return str(answer.get("print_data") or "")

    @reads_answer
    def search(self, carrier_code: str = "") -> list[Subscription]:
        answer = self.call(
            self.method_prefix + ".search",
            {self.carrier_field: carrier_code} if carrier_code else {},
        )
        return [
            Subscription(
                carrier_code=str(col.get(self.carrier_field) or ""),
                branch_code=str(b.get("branch_code") or ""),
                branch_name=str(b.get("branch_name") or ""),
                quantity=int(b.get("quantity") or 0),
                allocated=int(b.get("allocated_quantity") or 0),
                cancelled=int(b.get("cancel_quantity") or 0),
            )
            for col, b in self._branches(answer)
        ]
