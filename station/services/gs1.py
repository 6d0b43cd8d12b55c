"""The goods-in reading of a GS1 barcode (GS1-128, DataMatrix, QR), done by biip.

Elements read: GTIN (01) or contained GTIN (02), batch/lot (10), expiry (17,
day 00 meaning the month's last day; or the day of an expiry date and time,
7003, which must agree with a 17 in the same string), serial (21), count (37), SSCC (00) and
net weight in kg (310x). Variable-length elements end at the real group
separator (ASCII 29) or at the character the scanner is set to send in its
place. Anything else, a plain EAN, or garbage is answered by ``read``: a
``Gs1Read`` or a ``Gs1Refused`` with a code, never another exception.

Before anything is read, GS1 data is checked whole by the GS1 Barcode Syntax
Dictionary (:mod:`station.core.gs1_syntax`): a lost separator, an AI twice with
different values, AIs that exclude each other or lack their partner, a date that
does not exist are refused with their own code, never read in part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qsl, unquote, urlsplit

from biip import BiipException, ParseConfig, parse

from station.core.barcodes import gtin_forms, natural_gtin
from station.core.gs1_syntax import Gs1Refused, load, validate
from station.core.wedge_text import GS
from station.drivers.scanners.aim import split_symbology

__all__ = ["Gs1Read", "Gs1Refused", "check_element_string", "read"]

# symbologies whose data is always GS1 element strings (ISO/IEC 15424 identifiers)
GS1_SYMBOLOGIES = ("GS1_128", "GS1_DATABAR", "GS1_DATAMATRIX", "GS1_QR_CODE", "GS1_DOTCODE")


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
    def gtin_forms(self) -> list[str]:
        """The GTIN at every length it may be stored as (14, 13, 12, 8 digits)."""
        return gtin_forms(self.gtin) if self.gtin else []

    @property
    def printed_gtin(self) -> str | None:
        """The GTIN at the length it is printed (EAN-8, UPC-A, EAN-13 or GTIN-14)."""
        return natural_gtin(self.gtin) if self.gtin else None

    @property
    def gtin13(self) -> str | None:
        """The GTIN without the leading zero that pads a GTIN-13 to 14 digits."""
        if self.gtin and len(self.gtin) == 14 and self.gtin.startswith("0"):
            return self.gtin[1:]
        return self.gtin


def _plain(data: str, result) -> bool:
    """Whether biip read the whole of ``data`` as a plain GTIN or SSCC (no AI in it)."""
    plain = {result.gtin.value if result.gtin else None, result.sscc.value if result.sscc else None}
    return data in plain


def check_element_string(text: str, result=None) -> None:
    """Check ``text`` (a scan, symbology identifier allowed, separators as ASCII 29)
    whole by the GS1 Barcode Syntax Dictionary when it is GS1 element strings: its
    symbology says GS1, or it starts with two digits and is not, all of it, a plain
    GTIN or SSCC (``result``: biip's reading of ``text``, parsed when not given).
    Raises :class:`Gs1Refused` with the rule's code (``gs1.too_long``,
    ``gs1.missing_partner``...; see :mod:`station.core.gs1_syntax.validate`);
    anything else passes untouched."""
    symbology, data = split_symbology(text)
    head = data.lstrip(GS)[:2]
    if not (head.isascii() and head.isdigit()):
        return
    if symbology not in GS1_SYMBOLOGIES:
        if result is None:
            try:
                result = parse(text, config=ParseConfig(separator_chars=[GS]))
            except (BiipException, ValueError, IndexError):
                result = None
        if result is not None and _plain(data, result):
            return
    validate(data)


def is_web_address(text: str) -> bool:
    """Whether a scan is an http(s) address (a QR code's link)."""
    return text.strip()[:8].lower().startswith(("http://", "https://"))


def digital_link_elements(text: str) -> str | None:
    """A GS1 Digital Link URI (``https://id.gs1.org/01/06901234000047/10/L1?17=270630``,
    any host and path prefix) as the element string it carries, separators as ASCII
    29; ``None`` when ``text`` is no such URI. The path's last pairs from a primary
    key (an AI the dictionary marks ``dlpkey``: 01, 00, 8003…) on are AI/value, each
    value percent-decoded; query parameters whose names are AIs are elements too,
    others (``linkType``…) are not data (GS1 Digital Link URI Syntax 1.4, 4 and 6).
    Convenience names (``/gtin/``) are not read: such a URI is no GS1 data here."""
    if not is_web_address(text):
        return None
    try:
        parts = urlsplit(text.strip())
    except ValueError:  # "http://[abc": not a URI at all
        return None
    if not parts.netloc:
        return None
    entries = load()
    segments = [unquote(seg) for seg in parts.path.split("/") if seg]
    for start in range(len(segments)):
        tail = segments[start:]
        key = entries.get(tail[0])
        if key is None or key.dlpkey is None or len(tail) % 2:
            continue
        if all(ai in entries for ai in tail[::2]):
            pairs = list(zip(tail[::2], tail[1::2], strict=True))
            break
    else:
        return None
    pairs += [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in entries]
    return GS.join(ai + value for ai, value in pairs)


_BRACKETED_AI = re.compile(r"\((\d{2,4})\)")


def bracketed_elements(text: str) -> str | None:
    """GS1 data in its human-readable form, ``(01)06901234000047(10)L1`` (General
    Specifications 4.15: each AI in brackets), as its element string with separators
    as ASCII 29; ``None`` when ``text`` does not start with a bracketed AI. Only a
    bracketed AI the dictionary defines starts an element: other brackets are the
    value's own characters (CSET 82 has them: ``(10)AB(C)`` is the lot ``AB(C)``)."""
    entries = load()
    text = text.strip()
    first = _BRACKETED_AI.match(text)
    if first is None or first.group(1) not in entries:
        return None
    starts = [m for m in _BRACKETED_AI.finditer(text) if m.group(1) in entries]
    pieces = []
    for m, nxt in zip(starts, [*starts[1:], None], strict=True):
        end = nxt.start() if nxt is not None else len(text)
        pieces.append(m.group(1) + text[m.end() : end])
    return GS.join(pieces)


def as_element_string(data: str) -> str | None:
    """The element string GS1 data written another way carries: a Digital Link URI
    (:func:`digital_link_elements`) or the bracketed form (:func:`bracketed_elements`);
    ``None`` for anything else."""
    return digital_link_elements(data) or bracketed_elements(data)


def read(raw: str, *, gs_standin: str = "") -> Gs1Read:
    """``raw`` (a scan; ``gs_standin`` the characters the scanner sends for the group
    separator) as what goods-in needs. Raises :class:`Gs1Refused`: ``gs1.empty``,
    ``gs1.unreadable`` (not GS1 data; ``detail`` is biip's English), a whole-string
    rule's code (see :func:`check_element_string`), ``gs1.expiry_disagrees`` (17 and
    7003 name different days) or ``gs1.nothing_for_goods_in``."""
    text = raw.replace(gs_standin, GS) if gs_standin else raw
    if not split_symbology(text)[1].strip():
        raise Gs1Refused("gs1.empty")
    linked = as_element_string(split_symbology(text)[1])
    if linked is not None:  # read and checked as the element string it carries
        text = "]C1" + linked
    elif is_web_address(split_symbology(text)[1]):
        raise Gs1Refused("gs1.unreadable", detail="a web address, not a GS1 Digital Link")
    try:
        result = parse(text, config=ParseConfig(separator_chars=[GS]))
    except BiipException as exc:
        result, failure = None, str(exc)
    except (ValueError, IndexError) as exc:  # biip 5.2: IndexError on a lone "]"
        result, failure = None, str(exc) or type(exc).__name__
    check_element_string(text, result)
    if result is None:
        raise Gs1Refused("gs1.unreadable", detail=failure)
    symbology, data = split_symbology(text)
    if symbology not in GS1_SYMBOLOGIES and _plain(data, result):
        # a GTIN-8/12/13/14 or SSCC whose first digits happen to be an AI (96385074,
        # 3712345678901): the product's number, as check_element_string passes it
        if result.gtin is not None and result.gtin.value == data:
            return Gs1Read(gtin=data.zfill(14))
        return Gs1Read(sscc=data)
    if result.gs1_message is None:
        if result.gtin is not None:  # a plain EAN-13/UPC/GTIN-14
            return Gs1Read(gtin=result.gtin.value.zfill(14))
        if result.sscc is not None:
            return Gs1Read(sscc=result.sscc.value)
        detail = result.gs1_message_error or result.gtin_error or "not GS1 data"
        raise Gs1Refused("gs1.unreadable", detail=detail)
    fields: dict = {}
    expiry_time: date | None = None
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
        elif ai == "7003":  # expiry date and time: the unit expires that day
            if element.date is None:
                raise Gs1Refused("gs1.bad_date", detail=element.value)
            expiry_time = element.date
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
    if expiry_time is not None:
        if fields.get("expiry", expiry_time) != expiry_time:
            raise Gs1Refused(
                "gs1.expiry_disagrees", expiry=fields["expiry"], expiry_time=expiry_time
            )
        fields["expiry"] = expiry_time
    if not fields:
        raise Gs1Refused("gs1.nothing_for_goods_in", detail=result.gs1_message.value)
    return Gs1Read(**fields)
