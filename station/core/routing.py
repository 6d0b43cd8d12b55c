"""A pool carrier's routing table (destination prefix to 三段码 route code, 大头笔
sortation name, 集包地 consolidation code and name), as head office publishes
it (master data kind ``carrier_routing``): its rows read and checked. Kept and
looked up by ``station.services.routing``."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROUTING_FIELDS = ("route_code", "sortation_name", "consolidation_code", "consolidation_name")
#: the carrier's service a waybill prints: product (标快, 特惠), payment (寄付月结), 保价
SERVICE_FIELDS = ("service_type", "payment", "insured")


class RoutingTableError(ValueError):
    """A routing table that cannot be used; the message names the row and field."""


@dataclass(frozen=True)
class Route:
    """One row of a carrier's routing table: the destination ``prefix`` an
    address starts with (``四川省成都市都江堰市``) and what the label prints."""

    prefix: str
    route_code: str = ""
    sortation_name: str = ""
    consolidation_code: str = ""
    consolidation_name: str = ""


def squeeze(address: str) -> str:
    """An address for prefix matching: no whitespace (exports space the province,
    city and district apart, or not)."""
    return re.sub(r"\s+", "", address or "")


def parse_routes(carrier: str, rows) -> list[Route]:
    """The rows of a routing table as head office publishes them
    (``[{"prefix": …, "route_code": …, "sortation_name": …, "consolidation_code": …,
    "consolidation_name": …}]``). ``RoutingTableError`` naming the row for a row
    that is not an object, has no prefix, or a value that is not text; a prefix
    given twice is refused (which row would win is not for the station to guess)."""
    if not isinstance(rows, list):
        raise RoutingTableError(f"routing table of {carrier}: routes must be a list")
    out: dict[str, Route] = {}
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise RoutingTableError(f"routing table of {carrier}, row {n}: not an object")
        values = {}
        for name in ("prefix", *ROUTING_FIELDS):
            v = row.get(name, "")
            if not isinstance(v, str) or any(c < " " or c == "\x7f" for c in v):
                raise RoutingTableError(
                    f"routing table of {carrier}, row {n}: {name} must be text on one line"
                )
            values[name] = v.strip()
        prefix = squeeze(values.pop("prefix"))
        if not prefix:
            raise RoutingTableError(f"routing table of {carrier}, row {n}: no prefix")
        if prefix in out:
            raise RoutingTableError(
                f"routing table of {carrier}, row {n}: prefix {prefix} given twice"
            )
        out[prefix] = Route(prefix, **values)
    return list(out.values())


def one_line(value) -> str:
    """``value`` as one line of text, "" for anything else (not text, or a control
    character in it): what a routing or service value must be to be printed."""
    if not isinstance(value, str) or any(c < " " or c == "\x7f" for c in value):
        return ""
    return value.strip()


def insured_text(fen: int | None) -> str:
    """The insured value as a waybill prints it: ``保价 500元`` (whole yuan) or
    ``保价 12.50元`` (every character in GB2312, so a TSPL printer's own font
    prints it as text); "" for None or nothing declared (0 or less)."""
    if fen is None or fen <= 0:
        return ""
    yuan, cents = divmod(int(fen), 100)
    return f"保价 {yuan}元" if cents == 0 else f"保价 {yuan}.{cents:02d}元"


def parse_service(carrier: str, data) -> dict:
    """A carrier's default service as head office gives it
    (``{"service_type": "标快", "payment": "寄付月结"}``; either may be left out):
    both keys, "" where not given. ``RoutingTableError`` for a value that is not
    one line of text, or anything but an object (None: no default)."""
    if data is None:
        return {"service_type": "", "payment": ""}
    if not isinstance(data, dict):
        raise RoutingTableError(f"service of {carrier}: must be an object")
    out = {}
    for name in ("service_type", "payment"):
        v = data.get(name, "")
        if not isinstance(v, str) or any(c < " " or c == "\x7f" for c in v):
            raise RoutingTableError(f"service of {carrier}: {name} must be text on one line")
        out[name] = v.strip()
    return out
