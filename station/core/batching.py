"""Peak-day batches (波次): the rules that group open orders, and the shelf walk.

Pure functions over plain tuples (no database): ``station.services.batches``
loads the open orders and writes what :func:`group_orders` answers. The rules
(issue 21, the ERP's 订单自动分组 / 发货单自动分组):

- orders of one carrier together (``by_carrier``), and due in the same window of
  ``deadline_minutes`` (0: no split by deadline);
- a line of quantity 0 is no goods: it makes no order multi-item nor anchors one;
- single-item orders (one unit of one SKU, 单品单件) together, one batch per SKU
  (``single_item``): the picker takes N of one SKU, each parcel is verified by one scan;
- multi-item orders by a SKU they share (``shared_skus``): each order goes with
  its SKU that most multi-item orders of its carrier and window have (ties: the
  lower SKU), so every order of such a batch holds that SKU; orders with the
  same SKUs sit next to each other;
- every batch at most ``max_orders`` orders, the earliest due first;
- with neither SKU rule, the orders of a carrier and window are one ``mixed`` group.

Every order given is in exactly one group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

EPOCH = datetime(2000, 1, 1)
_FAR = datetime.max


@dataclass(frozen=True, slots=True)
class OpenOrder:
    """An order to group: its id, carrier code, promised dispatch (naive UTC or
    None) and lines ``((sku, qty), …)``."""

    id: int
    carrier: str
    due: datetime | None
    lines: tuple[tuple[str, int], ...]

    @property
    def goods(self) -> tuple[tuple[str, int], ...]:
        """The lines with something to take: a line of quantity 0 is no goods (all of
        them when every line is 0, so the order is still grouped)."""
        goods = tuple(ln for ln in self.lines if ln[1] > 0)
        return goods or self.lines

    @property
    def single_item(self) -> bool:
        """One unit of one SKU (单品单件); lines of quantity 0 do not count."""
        goods = self.goods
        return len(goods) == 1 and goods[0][1] == 1


@dataclass(frozen=True)
class Rules:
    """The grouping rules (``station.config.BatchSettings``)."""

    max_orders: int = 50
    single_item: bool = True
    shared_skus: bool = True
    by_carrier: bool = True
    deadline_minutes: int = 0

    def __post_init__(self):
        if self.max_orders < 1:
            raise ValueError("max_orders must be at least 1")
        if self.deadline_minutes < 0:
            raise ValueError("deadline_minutes must be 0 (off) or more")


@dataclass
class Group:
    """One batch to make: ``rule`` single | multi | mixed; ``sku`` the SKU its orders
    share (single, multi); ``order_ids`` the earliest due first; ``deadline`` the
    earliest promised dispatch (None when no order has one)."""

    rule: str
    sku: str
    carrier: str
    deadline: datetime | None
    order_ids: list[int] = field(default_factory=list)


def _window(due: datetime | None, minutes: int) -> int:
    if not minutes:
        return 0
    if due is None:
        return 1 << 40  # no promise: after every window
    return int((due - EPOCH).total_seconds() // (minutes * 60))


def group_orders(orders: list[OpenOrder], rules: Rules) -> list[Group]:
    """The batches for ``orders`` by ``rules`` (module docstring), each at most
    ``rules.max_orders`` orders, earliest deadline first. Linear in the number of
    order lines apart from the sorts (100,000 orders: benchmarks/bench_batches.py)."""
    buckets: dict[tuple[str, int], list[OpenOrder]] = defaultdict(list)
    for o in orders:
        carrier = (o.carrier or "").upper() if rules.by_carrier else ""
        buckets[(carrier, _window(o.due, rules.deadline_minutes))].append(o)
    groups: list[Group] = []
    for (carrier, _), members in buckets.items():
        by_key: dict[tuple[str, str], list[OpenOrder]] = defaultdict(list)
        multi: list[OpenOrder] = []
        skus_of: dict[int, tuple[str, ...]] = {}  # a multi-item order's SKUs, sorted
        for o in members:
            goods = o.lines if len(o.lines) == 1 else o.goods
            if rules.single_item and len(goods) == 1 and goods[0][1] == 1:
                by_key[("single", goods[0][0])].append(o)
            else:
                multi.append(o)
                skus_of[o.id] = tuple(sorted({s for s, _ in goods}))
        if rules.shared_skus:
            popular: dict[str, int] = defaultdict(int)
            for o in multi:
                for sku in skus_of[o.id]:
                    popular[sku] += 1
            for o in multi:
                anchor = min(skus_of[o.id], key=lambda s: (-popular[s], s))
                by_key[("multi", anchor)].append(o)
        elif multi:
            by_key[("mixed", "")].extend(multi)
        for (rule, sku), group in by_key.items():
            if rule == "multi":
                # the same SKUs next to each other, then the earliest due
                group.sort(key=lambda o: (o.due or _FAR, skus_of[o.id], o.id))
            else:
                group.sort(key=lambda o: (o.due or _FAR, o.id))
            for i in range(0, len(group), rules.max_orders):
                part = group[i : i + rules.max_orders]
                dues = [o.due for o in part if o.due is not None]
                groups.append(
                    Group(rule, sku, carrier, min(dues) if dues else None, [o.id for o in part])
                )
    groups.sort(key=lambda g: (g.deadline or _FAR, g.carrier, g.rule, g.sku, g.order_ids[0]))
    return groups


_PART = re.compile(r"(\d+)")
#: full-width ASCII (U+FF01..U+FF5E, as a Chinese input method types it) to ASCII
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def shelf_key(location: str | None, sku: str = "") -> tuple:
    """Sort key of a shelf location in walking order: natural order (``A-2`` before
    ``A-10``), case-insensitive; full-width letters and digits read as their plain
    ones (``Ａ-１１`` is ``A-11``); a digit-like sign that is not a decimal digit
    (``①``, ``²``) is text, so a shelf name in any script sorts and never fails
    (``B1①`` < ``B1②`` < ``B2``); a product without a location comes after every
    shelf, by SKU."""
    text = (location or "").translate(_FULL_WIDTH).strip()
    if not text:
        return (1, (), sku)
    parts = tuple(
        (0, int(p), "") if p.isdecimal() else (1, 0, p.casefold()) for p in _PART.split(text) if p
    )
    return (0, parts, sku)
