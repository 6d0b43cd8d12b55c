"""One weight reading, in grams, with its stability; or why there is none.

The rule every weighing follows (see docs/scales.md): a reading is the
parcel's weight only if the scale says it is **stable**, in a **known unit**
and **within range** (not over- or underloaded, not negative). The drivers
turn a scale's words into a :class:`Weight` or one of the errors below; the
pack-out weight check asks :func:`parcel_grams` for the weight it may use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from station.drivers.errors import DeviceError

# Units converted to grams exactly, by definition: the kilogram and gram (SI), the
# international avoirdupois pound of 1959 (0.45359237 kg exactly) and its ounce
# (1/16 lb). Spelled as scales send them; "Mg" or "LBS." are not guessed at.
TO_GRAMS = {
    "g": Decimal(1),
    "G": Decimal(1),
    "kg": Decimal(1000),
    "KG": Decimal(1000),
    "Kg": Decimal(1000),
    "mg": Decimal("0.001"),
    "lb": Decimal("453.59237"),
    "LB": Decimal("453.59237"),
    "lbs": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
    "OZ": Decimal("28.349523125"),
}
UNITS_SHOWN = "g, kg, lb, oz"  # what to set the scale to, in messages


class ScaleReplyError(DeviceError):
    """The scale sent something that is not a weight: never turned into a number."""

    code = "scale_garbled"


class ScaleUnitError(ScaleReplyError):
    """The scale weighs in a unit the station does not convert (carats, pieces,
    newtons, taels, troy ounces…): the scale's unit setting is wrong. ``unit`` is
    the unit as the scale sent it."""

    code = "scale_unit"

    def __init__(self, unit: str, raw: str):
        super().__init__(
            f"the scale weighs in {unit!r}, not a unit for parcels: set it to {UNITS_SHOWN}"
            f" ({raw!r})"
        )
        self.unit = unit


class ScaleNotReady(DeviceError):
    """The scale answered but has no weight to give: ``reason`` is ``overload``,
    ``underload``, ``busy`` (MT-SICS ``S I``), ``unsettled`` (still moving when the
    time limit passed), ``negative`` (a stable weight below zero) or ``tare_only``
    (a continuous indicator streaming its tare and no weight)."""

    code = "scale_not_ready"

    def __init__(self, reason: str, message: str, grams: Decimal | None = None):
        super().__init__(message)
        self.reason = reason
        self.grams = grams  # the reading, for ``negative``


class ScaleUnsettled(ScaleNotReady):
    """Only moving readings until the time limit: "the scale did not settle".
    ``last`` is the last (unstable) reading, when there was one."""

    code = "scale_unsettled"

    def __init__(self, seconds: float | None, last: Weight | None = None):
        shown = f" (last: {last.grams.normalize():f} g, moving)" if last is not None else ""
        within = f" in {seconds:g} s" if seconds is not None else ""
        super().__init__("unsettled", f"the scale did not settle{within}{shown}")
        self.seconds = seconds
        self.last = last


@dataclass(frozen=True)
class Weight:
    """A reading: ``grams`` (exact Decimal, converted from ``unit``), whether the
    scale called it stable, the unit as sent, net (after tare) or gross, and the
    line it came from."""

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


def parcel_grams(weight: Weight) -> int:
    """The whole grams a parcel weighs by ``weight``, or why it cannot be used.

    Raises :class:`ScaleUnsettled` for a reading the scale did not call stable,
    :class:`ScaleNotReady` (``negative``) for a stable reading below zero, and
    :class:`ScaleUnitError` for a unit outside :data:`TO_GRAMS`. Overload and
    underload never reach a Weight (the drivers raise them). Zero is returned
    as it is: "put the parcel on the scale" is the caller's to say.
    """
    if weight.unit not in TO_GRAMS:
        raise ScaleUnitError(weight.unit, weight.raw)
    if not weight.stable:
        raise ScaleUnsettled(None, weight)
    if weight.grams < 0:
        raise ScaleNotReady(
            "negative",
            f"the scale reads {weight.grams.normalize():f} g, below zero: empty it and zero it",
            grams=weight.grams,
        )
    return weight.whole_grams


def to_grams(value: str, unit: str, raw: str) -> Decimal:
    """``value`` in ``unit`` as exact grams. Raises ScaleUnitError for a unit not
    in :data:`TO_GRAMS`, ScaleReplyError for a value that is not a finite number."""
    unit_key = unit.strip()
    if unit_key not in TO_GRAMS:
        raise ScaleUnitError(unit_key, raw)
    try:
        number = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        raise ScaleReplyError(f"not a number: {value!r} in {raw!r}") from None
    if not number.is_finite():
        raise ScaleReplyError(f"not a finite number in {raw!r}")
    return number * TO_GRAMS[unit_key]
