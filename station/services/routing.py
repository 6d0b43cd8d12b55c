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
(``DocumentService.waybill_fields``): a parcel printed on a platform e-waybill
reads the e-waybill's own routing answer and parent (``Ewaybill``, kept by
``station.services.ewaybills``); only a pool number reads the pool table. When
neither source knows a parcel's destination its values are empty and the label
prints nothing there, never a guess.
"""

from __future__ import annotations

import json

from station.core.routing import (
    ROUTING_FIELDS,
    SERVICE_FIELDS,
    Route,
    insured_text,
    one_line,
    parse_routes,
    parse_service,
    squeeze,
)
from station.core.tracking import split_child_number
from station.db.models import Ewaybill, Meta, Parcel, TrackingNumber

__all__ = [
    "Route",
    "carrier_service",
    "child_parent",
    "ewaybill_routing",
    "is_pool_number",
    "order_service",
    "parcel_ewaybill",
    "parcel_routing",
    "parent_tracking",
    "route_for",
    "routing_table",
    "save_carrier_service",
    "save_routing_table",
]

KEY = "routing:{}"
SERVICE_KEY = "carrier_service:{}"
#: fields parcel_routing gives beside the routing: the parent, and the carrier's service
EXTRA_FIELDS = ("parent_tracking", *SERVICE_FIELDS)


def save_routing_table(carrier: str, rows) -> int:
    """Replace ``carrier``'s routing table with ``rows`` (``parse_routes``);
    the number of routes kept. Call inside the download's transaction."""
    routes = parse_routes(carrier, rows)
    doc = json.dumps([r.__dict__ for r in routes], ensure_ascii=False)
    Meta.insert(key=KEY.format(carrier.upper()), value=doc).on_conflict_replace().execute()
    return len(routes)


def save_carrier_service(carrier: str, data) -> dict:
    """Keep ``carrier``'s default service as head office sent it with the
    carrier's routing table (``{"service_type", "payment"}``, ``parse_service``),
    replacing the one kept; None (not sent) removes it. Call inside the
    download's transaction. ``RoutingTableError`` for a value that cannot be
    printed: nothing is changed."""
    key = SERVICE_KEY.format(carrier.upper())
    service = parse_service(carrier, data)
    if data is None:
        Meta.delete().where(Meta.key == key).execute()
    else:
        doc = json.dumps(service, ensure_ascii=False)
        Meta.insert(key=key, value=doc).on_conflict_replace().execute()
    return service


def carrier_service(carrier: str) -> dict:
    """``carrier``'s default service (``service_type``, ``payment``; "" each when
    head office gave none)."""
    row = Meta.get_or_none(Meta.key == SERVICE_KEY.format((carrier or "").upper()))
    try:
        data = json.loads(row.value) if row is not None else {}
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    return {name: one_line(data.get(name, "")) for name in ("service_type", "payment")}


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


def parcel_ewaybill(parcel: Parcel) -> Ewaybill | None:
    """The platform e-waybill ``parcel`` was closed with: the one on the parcel
    (state ``used``) whose number is the parcel's tracking number; None for a
    pool number, a parcel still waiting for its e-waybill, or a voided one."""
    if not parcel.tracking_number:
        return None
    return (
        Ewaybill.select()
        .where(
            (Ewaybill.parcel == parcel.id)
            & (Ewaybill.state == "used")
            & (Ewaybill.waybill_code == parcel.tracking_number)
        )
        .order_by(Ewaybill.id.desc())
        .first()
    )


def is_pool_number(parcel: Parcel) -> bool:
    """Whether ``parcel``'s tracking number was taken from one of the bench's
    pools (a ``TrackingNumber`` on the parcel with that number), or is a JD
    child number ``P-n-N-`` of a pool number P on a parcel of the same order
    (``child_parent``)."""
    if not parcel.tracking_number:
        return False
    own = (
        TrackingNumber.select()
        .where(
            (TrackingNumber.parcel == parcel.id) & (TrackingNumber.number == parcel.tracking_number)
        )
        .exists()
    )
    return own or bool(child_parent(parcel))


def child_parent(parcel: Parcel) -> str:
    """The pool number P when ``parcel``'s number is JD's ``P-n-N-`` under a
    pool number P taken by a parcel of the same order
    (``PackClosing._child_suffix_number``); "" otherwise."""
    split = split_child_number(parcel.tracking_number or "")
    if split is None:
        return ""
    taken = (
        TrackingNumber.select()
        .join(Parcel)
        .where((TrackingNumber.number == split[0]) & (Parcel.sales_order == parcel.sales_order_id))
        .exists()
    )
    return split[0] if taken else ""


def parent_tracking(parcel: Parcel) -> str:
    """The parent waybill of a pool-numbered ``parcel``: the number of its
    order's first closed parcel when ``parcel`` is a later one and that first
    number is a pool number too; "" for the first (or only) parcel, and when the
    first parcel went on a platform e-waybill (a pool number is no child of a
    platform's number).

    Pool carriers: each child parcel takes its own number from the pool (the
    carriers the station's pools serve, SF, ZTO, YTO, Yunda, EMS, give a child
    a number of the same series) and its label names the parent; a platform's
    e-waybill gives the parent itself (``parcel_routing``). JD's pool
    numbers name their parent in themselves (``P-n-N-``): every parcel's
    parent is P, the first's included, when the order has several (``P-1-1-``
    has none) (``child_parent``)."""
    parent = child_parent(parcel)
    if parent:
        return parent if split_child_number(parcel.tracking_number)[2] > 1 else ""
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
    if first is None or first.id == parcel.id or not is_pool_number(first):
        return ""
    return first.tracking_number


def ewaybill_routing(ewaybill: Ewaybill) -> dict:
    """The routing answer kept with ``ewaybill`` (``Ewaybill.routing``, the JSON
    head office relayed from the platform: ``station.ewaybill.model.Routing``, and
    the service head office kept with it: ``service_type``, ``payment``,
    ``insured``): each of ``ROUTING_FIELDS`` and ``SERVICE_FIELDS`` as one line
    of text, "" where the answer has none or a value that is not text (an
    unreadable answer prints nothing, never a guess)."""
    try:
        data = json.loads(ewaybill.routing or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return {name: one_line(data.get(name)) for name in (*ROUTING_FIELDS, *SERVICE_FIELDS)}


def order_service(order, carrier: str) -> dict:
    """The service a pool-numbered waybill of ``order`` prints: the order's own
    (its export's product, payment and insured value) where it has one, else the
    carrier's default from head office (``carrier_service``); the insured value
    only ever from the order (a declared value belongs to one order)."""
    default = carrier_service(carrier)
    return {
        "service_type": one_line(order.service_type or "") or default["service_type"],
        "payment": one_line(order.payment or "") or default["payment"],
        "insured": insured_text(order.insured_fen),
    }


def parcel_routing(parcel: Parcel) -> dict:
    """What a waybill prints about routing for ``parcel``: ``route_code``,
    ``sortation_name``, ``consolidation_code``, ``consolidation_name``,
    ``parent_tracking``, ``service_type``, ``payment`` and ``insured``; each ""
    when not known.

    - a parcel on a platform e-waybill (``parcel_ewaybill``): the e-waybill's
      routing answer and its parent waybill code (子母件), nothing else: where
      the platform keeps routing inside encrypted print data the fields stay
      empty, and the pool table (drawn up for the pool carriers' own sorting)
      is not asked;
    - a pool number (``is_pool_number``): the carrier's routing table
      (``route_for`` the order's carrier and address), the order's first
      parcel as parent (``parent_tracking``), and the service of the order or
      the carrier's default (``order_service``);
    - any other number (one that is neither): nothing.

    A platform e-waybill's ``service_type``, ``payment`` and ``insured`` are
    those head office kept with it (the platform's answer, else head office's
    rule for the carrier); the order's export values are not printed there,
    since the platform was not asked for them (docs/formats.md, "Fields")."""
    out = {name: "" for name in (*ROUTING_FIELDS, *EXTRA_FIELDS)}
    ew = parcel_ewaybill(parcel)
    if ew is not None:
        out.update(ewaybill_routing(ew))
        parent = (ew.parent_code or "").strip()
        out["parent_tracking"] = "" if parent == parcel.tracking_number else parent
        return out
    if not is_pool_number(parcel):
        return out
    order = parcel.sales_order
    carrier = parcel.carrier or order.carrier or ""
    route = route_for(carrier, order.address)
    if route is not None:
        out.update({name: getattr(route, name) for name in ROUTING_FIELDS})
    out["parent_tracking"] = parent_tracking(parcel)
    out.update(order_service(order, carrier))
    return out
