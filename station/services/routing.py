"""Routing data a waybill prints for a parcel: 三段码 route code, 大头笔 sortation
name, 集包地 consolidation code and name, and the parent waybill of a parcel
after an order's first.

A platform's e-waybill answer carries routing (``station.ewaybill.model.Routing``);
a pool carrier's number does not, so head office sends each pool carrier's
routing table down as master data (kind ``carrier_routing``, key the carrier
code): destination prefixes to routing. The table is kept whole in the
``meta`` table under ``routing:<CARRIER>`` (one JSON document a carrier, each
download replacing it), so the label of a parcel closed offline still has it.

``parcel_routing`` is the one look-up the waybill's fields use
(``DocumentService.waybill_fields``). When neither source knows a parcel's
destination its values are empty and the label prints nothing there, never a
guess.
"""

from __future__ import annotations

import json

from station.core.routing import ROUTING_FIELDS, Route, parse_routes, squeeze
from station.db.models import Meta, Parcel

__all__ = [
    "Route",
    "parcel_routing",
    "parent_tracking",
    "route_for",
    "routing_table",
    "save_routing_table",
]

KEY = "routing:{}"


def save_routing_table(carrier: str, rows) -> int:
    """Replace ``carrier``'s routing table with ``rows`` (``parse_routes``);
    the number of routes kept. Call inside the download's transaction."""
    routes = parse_routes(carrier, rows)
    doc = json.dumps([r.__dict__ for r in routes], ensure_ascii=False)
    Meta.insert(key=KEY.format(carrier.upper()), value=doc).on_conflict_replace().execute()
    return len(routes)


def routing_table(carrier: str) -> list[Route]:
    """``carrier``'s routing table as last downloaded; [] when there is none."""
    row = Meta.get_or_none(Meta.key == KEY.format((carrier or "").upper()))
    if row is None:
        return []
    return [Route(**r) for r in json.loads(row.value)]


def route_for(carrier: str, address: str) -> Route | None:
    """The route of the longest prefix ``address`` starts with (whitespace
    ignored), None when no prefix matches."""
    where = squeeze(address)
    best = None
    for r in routing_table(carrier):
        if where.startswith(r.prefix) and (best is None or len(r.prefix) > len(best.prefix)):
            best = r
    return best


def parent_tracking(parcel: Parcel) -> str:
    """The parent waybill of ``parcel``: the number of its order's first closed
    parcel when ``parcel`` is a later one, "" for the first (or only) parcel.

    Pool carriers: each child parcel takes its own number from the pool (the
    carriers the station's pools serve, SF, ZTO, YTO, Yunda, EMS, give a child
    a number of the same series) and its label names the parent; a platform's
    e-waybill gives the parent itself (``parcel_routing``)."""
    first = (
        Parcel.select()
        .where(
            (Parcel.sales_order == parcel.sales_order_id)
            & (Parcel.status == "closed")
            & Parcel.tracking_number.is_null(False)
        )
        .order_by(Parcel.seq)
        .first()
    )
    if first is None or first.id == parcel.id:
        return ""
    return first.tracking_number


def parcel_routing(parcel: Parcel) -> dict:
    """What a waybill prints about routing for ``parcel``: ``route_code``,
    ``sortation_name``, ``consolidation_code``, ``consolidation_name`` and
    ``parent_tracking``; each "" when not known. Today from the pool carrier's
    routing table (``route_for`` the order's carrier and address) and the
    order's first parcel; a platform e-waybill's routing answer takes
    precedence where the e-waybill service records one."""
    order = parcel.sales_order
    route = route_for(parcel.carrier or order.carrier or "", order.address)
    out = {name: getattr(route, name) if route else "" for name in ROUTING_FIELDS}
    out["parent_tracking"] = parent_tracking(parcel)
    return out
