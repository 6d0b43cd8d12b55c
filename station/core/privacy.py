"""The recipient's privacy on what the station prints.

Since the platforms' privacy rules (Taobao/Tmall, Pinduoduo and Douyin mask the
buyer's data in order exports and hand out virtual numbers), a waybill or a
packing list shows a recipient's phone masked: the first three and the last
four digits of a mobile number (``138****1234``, the form the platforms' own
standard waybill templates print), the area code and the last four digits of
a landline (``0571-****6666``).

A virtual number (隐私号, a platform's privacy number) comes with an
extension: ``18412345678-1234`` or ``18412345678转1234``. It is printed in full
with its extension (``18412345678转1234``): masking it would leave the courier
nothing to call, and it is not the buyer's own number.

An order whose recipient the platform has already masked (``王**``, ``****``
in the address) cannot be delivered from what the station
has: only the platform's e-waybill, which carries the real recipient inside
its encrypted print data, can ship it (``recipient_masked``).
"""

from __future__ import annotations

import re

__all__ = ["mask_phone", "recipient_masked", "virtual_number"]

_SEP = r"\s*(?:-|—|－|转|轉|#|,|，|ext\.?|EXT\.?|x)\s*"
_VIRTUAL = re.compile(rf"(?:\+?86[\s-]?)?(1\d{{10}}){_SEP}(\d{{3,6}})")
_MOBILE = re.compile(r"(\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})")
_LANDLINE = re.compile(r"(\(?0\d{2,3}\)?[\s-]?)(\d{3,4})[\s-]?(\d{4})")
# a name masked by a platform: a character then two or more asterisks (王**, 欧阳**),
# or asterisks only
_MASKED_NAME = re.compile(r"^\s*\S{0,3}\*{2,}\s*$")
_MASKED_ADDRESS = re.compile(r"\*{4,}")


def virtual_number(phone: str) -> tuple[str, str] | None:
    """(number, extension) of a virtual number with its extension
    (``18412345678-1234``, ``18412345678转1234``, ``18412345678#1234``), None for
    any other phone."""
    m = _VIRTUAL.fullmatch((phone or "").strip())
    return (m.group(1), m.group(2)) if m else None


def mask_phone(phone: str | None) -> str:
    """``phone`` as a label prints it: a mobile number ``138****1234`` (with its
    ``+86`` kept), a landline ``0571-****6666``, a virtual number in full with
    its extension (``18412345678转1234``), a phone already masked (holding ``*``)
    as it is, anything else with every digit but the last four masked. None
    and "" give ""."""
    p = (phone or "").strip()
    if not p or "*" in p:
        return p
    virtual = virtual_number(p)
    if virtual:
        return f"{virtual[0]}转{virtual[1]}"
    m = _MOBILE.fullmatch(p)
    if m:
        return f"{m.group(1) or ''}{m.group(2)}****{m.group(4)}"
    m = _LANDLINE.fullmatch(p)
    if m:
        return f"{m.group(1)}{'*' * len(m.group(2))}{m.group(3)}"
    digits = sum(c.isdigit() for c in p)
    keep, out = 4, []
    for c in reversed(p):
        if c.isdigit():
            out.append(c if keep > 0 else "*")
            keep -= 1
        else:
            out.append(c)
    return "".join(reversed(out)) if digits > 4 else "*" * len(p)


def recipient_masked(name: str | None, address: str | None) -> bool:
    """Whether a platform masked this recipient before the order reached the
    station: a name of asterisks after at most three characters (``王**``,
    ``欧阳**``, ``**``), or four or more asterisks in the address
    (``北京市朝阳区****``). Such an order can ship only with the platform's
    e-waybill. A masked phone alone (``138****1234``, common in exports whose
    name and address are whole) does not make a recipient masked: a courier
    reaches the address, and the e-waybill carries the number."""
    if _MASKED_NAME.match(name or ""):
        return True
    return bool(_MASKED_ADDRESS.search(address or ""))
