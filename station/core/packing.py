"""Pack-out rules: what may go in the box, when it may close, what it should weigh.

Pure functions over plain data; the service reads and writes the database
around them. Every refusal is a code the UI turns into a loud red banner.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from station.core.scan import Outcome, Verdict


@dataclass(frozen=True)
class PackLine:
    line_id: int
    product_id: int
    sku: str
    name: str
    qty: int  # ordered
    packed: int = 0
    short: int = 0
    is_gift: bool = False
    track_serial: bool = False
    weight_g: int | None = None
    image: str | None = None  # the product's picture reference (station.services.pictures)

    @property
    def remaining(self) -> int:
        return self.qty - self.packed - self.short

    @property
    def done(self) -> bool:
        return self.remaining <= 0


@dataclass(frozen=True)
class ItemDecision:
    verdict: Verdict
    line: PackLine | None = None  # the line the units go on, when accepted


def place_item(
    lines: list[PackLine],
    product_id: int | None,
    qty: int = 1,
    *,
    serial: str | None = None,
    packed_serials: frozenset[str] = frozenset(),
    code: str = "",
) -> ItemDecision:
    """Which line a scanned item goes on, or why it may not go in the box at all."""
    if product_id is None:
        return ItemDecision(Verdict(Outcome.REFUSED, "unknown_code", {"code": code}))
    if qty < 1:
        return ItemDecision(Verdict(Outcome.REFUSED, "bad_quantity", {"qty": qty}))
    mine = [ln for ln in lines if ln.product_id == product_id]
    if not mine:
        return ItemDecision(Verdict(Outcome.REFUSED, "wrong_item", {"code": code}))
    open_lines = [ln for ln in mine if not ln.done]
    if not open_lines:
        name = mine[0].name
        return ItemDecision(Verdict(Outcome.REFUSED, "extra_unit", {"name": name}))
    line = open_lines[0]
    if qty > line.remaining:
        return ItemDecision(
            Verdict(
                Outcome.REFUSED,
                "too_many",
                {"name": line.name, "qty": qty, "remaining": line.remaining},
            )
        )
    if line.track_serial:
        if not serial:
            return ItemDecision(Verdict(Outcome.REFUSED, "serial_needed", {"name": line.name}))
        if qty != 1:
            return ItemDecision(
                Verdict(Outcome.REFUSED, "serial_one_at_a_time", {"name": line.name})
            )
        if serial in packed_serials:
            return ItemDecision(Verdict(Outcome.REFUSED, "serial_repeated", {"serial": serial}))
    after = replace(line, packed=line.packed + qty)
    code_ = "packed_line_done" if after.done else "packed"
    params = {"name": line.name, "packed": after.packed, "qty": line.qty}
    return ItemDecision(Verdict(Outcome.OK, code_, params), line)


def missing(lines: list[PackLine]) -> list[PackLine]:
    """Lines with units neither packed nor marked short."""
    return [ln for ln in lines if ln.remaining > 0]


def expected_weight(lines: list[PackLine], packaging_g: int) -> int | None:
    """Products plus packaging, in grams; None while any packed product's weight is unknown."""
    total = packaging_g
    for ln in lines:
        if ln.packed == 0:
            continue
        if ln.weight_g is None:
            return None
        total += ln.weight_g * ln.packed
    return total


def weight_ok(measured_g: int, expected_g: int, *, tolerance_pct: float, tolerance_g: int) -> bool:
    """Within the larger of a percentage and a fixed allowance (small parcels need the latter)."""
    allowed = max(expected_g * tolerance_pct / 100.0, tolerance_g)
    return abs(measured_g - expected_g) <= allowed


def learned_weight(
    lines: list[PackLine], measured_g: int, packaging_g: int
) -> tuple[int, int] | None:
    """(product_id, grams per unit) when exactly one packed product's weight is unknown."""
    unknown = [ln for ln in lines if ln.packed and ln.weight_g is None]
    if len({ln.product_id for ln in unknown}) != 1:
        return None
    known = sum(ln.weight_g * ln.packed for ln in lines if ln.packed and ln.weight_g is not None)
    units = sum(ln.packed for ln in unknown)
    each = round((measured_g - packaging_g - known) / units)
    return (unknown[0].product_id, each) if each > 0 else None
