"""A Chinese postal address as one line of text, split the way the e-waybill
services take it: province, city, district, detail.

Orders often carry the address as one string (``浙江省杭州市西湖区文三路478号``).
The platforms ask for the parts separately. The rule (GB/T 2260 names):
a province ends in 省 / 自治区 / 特别行政区, or is one of the four municipalities
(北京市, 上海市, 天津市, 重庆市, whose city is the municipality itself); a city ends
in 市 / 自治州 / 地区 / 盟; a district ends in 区 / 县 / 旗 / 市 (a county-level
city). What follows is the detail.
"""

from __future__ import annotations

import re

from station.ewaybill.model import Address

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_PROVINCE = re.compile(r"^(.+?(?:省|自治区|特别行政区))")
_CITY = re.compile(r"^(.+?(?:自治州|地区|盟|市))")
_DISTRICT = re.compile(r"^(.+?(?:区|县|旗|市))")


def split_address(text: str) -> Address:
    """``text`` split into an Address. Raises ValueError when no province or
    municipality starts it, or when nothing is left for the detail (the platforms
    refuse an address without one)."""
    rest = "".join((text or "").split())
    province = next((m for m in MUNICIPALITIES if rest.startswith(m)), "")
    if province:
        city = province
        rest = rest[len(province) :]
        if rest.startswith(province[:-1] + "市辖区"):
            rest = rest[len(province) + 2 :]
    else:
        m = _PROVINCE.match(rest)
        if m is None:
            raise ValueError(f"no province at the start of the address {text!r}")
        province = m.group(1)
        rest = rest[len(province) :]
        m = _CITY.match(rest)
        if m is None:
            raise ValueError(f"no city after the province in the address {text!r}")
        city = m.group(1)
        rest = rest[len(city) :]
    m = _DISTRICT.match(rest)
    district = m.group(1) if m is not None and len(m.group(1)) <= 8 else ""
    detail = rest[len(district) :]
    if not detail:
        raise ValueError(f"no street or house in the address {text!r}")
    return Address(province, city, district, detail)
