"""The goods-in reading of a GS1 barcode (GS1-128, DataMatrix, QR), done by biip.

Elements read: GTIN (01) or contained GTIN (02), batch/lot (10), expiry (17,
day 00 meaning the month's last day), serial (21), count (37), SSCC (00) and
net weight in kg (310x). Variable-length elements end at the real group
separator (ASCII 29) or at the character the scanner is set to send in its
place. Anything else, a plain EAN, or garbage is answered by ``read``: a
``Gs1Read`` or a ``Gs1Refused`` with a code, never another exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from biip import BiipException, ParseConfig, parse

from drivers.scanners.aim import split_symbology
from station.core.errors import CodedError
from station.core.wedge_text import GS


class Gs1Refused(CodedError):
    pass


@dataclass(frozen=True)
class Gs1Read:
    gtin: str | None = None  # GTIN-14 as printed (01 or 02)
    contained: bool = False  # the GTIN came from AI 02 (content of a logistic unit)
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None
    count: int | None = None
    sscc: str | None = None
    net_kg: Decimal | None = None

    @property
    def gtin13(self) -> str | None:
        """The GTIN without the leading zero that pads a GTIN-13 to 14 digits."""
        if self.gtin and len(self.gtin) == 14 and self.gtin.startswith("0"):
            return self.gtin[1:]
        return self.gtin


def read(raw: str, *, gs_standin: str = "") -> Gs1Read:
    text = raw.replace(gs_standin, GS) if gs_standin else raw
    _, data = split_symbology(text)
    if not data.strip():
        raise Gs1Refused("gs1.empty")
    try:
        result = parse(text, config=ParseConfig(separator_chars=[GS]))
    except BiipException as exc:
        raise Gs1Refused("gs1.unreadable", detail=str(exc)) from None
    except (ValueError, IndexError) as exc:  # biip 5.2: IndexError on a lone "]"
        raise Gs1Refused("gs1.unreadable", detail=str(exc) or type(exc).__name__) from None
    if result.gs1_message is None:
        if result.gtin is not None:  # a plain EAN-13/UPC/GTIN-14
            return Gs1Read(gtin=result.gtin.value.zfill(14))
        if result.sscc is not None:
            return Gs1Read(sscc=result.sscc.value)
        detail = result.gs1_message_error or result.gtin_error or "not GS1 data"
        raise Gs1Refused("gs1.unreadable", detail=detail)
    fields: dict = {}
    for element in result.gs1_message.element_strings:
        ai = element.ai.ai
        if ai in ("01", "02"):
            if element.gtin is None:
                raise Gs1Refused("gs1.bad_gtin", detail=element.gtin_error or element.value)
            fields["gtin"], fields["contained"] = element.value, ai == "02"
        elif ai == "10":
            fields["lot"] = element.value
        elif ai == "17":
            if element.date is None:
                raise Gs1Refused("gs1.bad_date", detail=element.value)
            fields["expiry"] = element.date
        elif ai == "21":
            fields["serial"] = element.value
        elif ai == "37":
            fields["count"] = int(element.value)
        elif ai == "00":
            if element.sscc is None:
                raise Gs1Refused("gs1.bad_sscc", detail=element.sscc_error or element.value)
            fields["sscc"] = element.value
        elif ai.startswith("310") and element.decimal is not None:
            fields["net_kg"] = element.decimal
    if not fields:
        raise Gs1Refused("gs1.nothing_for_goods_in", detail=result.gs1_message.value)
    return Gs1Read(**fields)
