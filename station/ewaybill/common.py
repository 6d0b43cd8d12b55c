"""Shapes shared by the Cainiao and Pinduoduo cloud-print APIs (the Pinduoduo API
copies Cainiao's, with ``wp_code`` for ``cp_code``), and reading routing data out
of plain print data."""

from __future__ import annotations

import json

from station.ewaybill.model import Address, Party, Recipient, Routing, WaybillRequest


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


def unwrap_list(value, item_key: str) -> list:
    """TOP's JSON wraps a list in an object named after its type
    (``{"waybill_cloud_print_response": [...]}``); simplified JSON does not."""
    if isinstance(value, dict):
        value = value.get(item_key, [])
    return value if isinstance(value, list) else []


def by_call(batch) -> dict[tuple, list[WaybillRequest]]:
    """Requests grouped by what one call shares: the carrier and the sender."""
    groups: dict[tuple, list[WaybillRequest]] = {}
    for r in batch:
        groups.setdefault((r.carrier_code, r.sender), []).append(r)
    return groups
