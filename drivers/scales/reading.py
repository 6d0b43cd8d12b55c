"""One weight reading, in grams, with its stability; or why there is none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from drivers.errors import DeviceError

TO_GRAMS = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "mg": Decimal("0.001"),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}


class ScaleReplyError(DeviceError):
    """The scale sent something that is not a weight: never turned into a number."""

    code = "scale_garbled"


class ScaleNotReady(DeviceError):
    """Over- or underload, or busy: the scale answered but has no weight to give."""

    code = "scale_not_ready"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason  # overload | underload | busy


@dataclass(frozen=True)
class Weight:
    grams: Decimal
    stable: bool
    unit: str  # as the scale sent it
    net: bool = False
    raw: str = ""

    @property
    def whole_grams(self) -> int:
        return int(self.grams.to_integral_value())

    def to_dict(self) -> dict:
        return {"grams": str(self.grams), "stable": self.stable, "unit": self.unit, "net": self.net}


def to_grams(value: str, unit: str, raw: str) -> Decimal:
    unit_key = unit.strip().lower()
    if unit_key not in TO_GRAMS:
        raise ScaleReplyError(f"unknown weight unit {unit!r} in {raw!r}")
    try:
        number = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        raise ScaleReplyError(f"not a number: {value!r} in {raw!r}") from None
    if not number.is_finite():
        raise ScaleReplyError(f"not a finite number in {raw!r}")
    return number * TO_GRAMS[unit_key]
