"""What the station understands from a scan, explained (``station barcode parse``).

GS1 data is read by biip and checked whole by the GS1 Barcode Syntax Dictionary
(:func:`station.services.gs1.check_element_string`); the answer names the
symbology, the GTIN and its check digit verdict, every GS1 element with its
meaning, or why the data is refused (``refused``, English, and for a whole-string
rule ``rule``: its code and parameters). A GS1 Digital Link URI is described by the
element string it carries (``digital_link``), as goods-in reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from biip import BiipException, ParseConfig, parse

from station.core.barcodes import gs1_check_digit
from station.core.gs1_syntax import Gs1Refused
from station.core.wedge_text import GS
from station.drivers.scanners.aim import split_symbology
from station.services.gs1 import (
    bracketed_elements,
    check_element_string,
    digital_link_elements,
    is_web_address,
)

# what a GS1 Application Identifier's number is, for the numbers with a check digit
_CHECKED_AI = {"00": "SSCC", "01": "GTIN", "02": "GTIN"}


def describe(raw: str, *, gs_standin: str = "") -> dict[str, Any]:
    text = raw.replace(gs_standin, GS) if gs_standin else raw
    symbology, data = split_symbology(text)
    out: dict[str, Any] = {"input": raw, "symbology": symbology or None, "data": data}
    if not data:
        return {**out, "ok": False, "refused": "empty"}
    if is_web_address(data):  # a QR code's link: GS1 data only as a Digital Link
        linked = digital_link_elements(data)
        if linked is None:
            return {**out, "ok": False, "refused": "a web address, not a GS1 Digital Link URI"}
        inner = describe("]C1" + linked)
        return {**inner, **out, "digital_link": linked}
    bracketed = bracketed_elements(data)
    if bracketed is not None:  # (01)…(10)…: the element string it shows
        return {**describe("]C1" + bracketed), **out, "element_string": bracketed}
    separators = [GS] + ([gs_standin] if gs_standin else [])
    try:
        result = parse(text, config=ParseConfig(separator_chars=separators))
    except BiipException as exc:
        refused = str(exc)
    except (ValueError, IndexError) as exc:
        # biip 5.2 raises IndexError on a lone "]" (a cut-off symbology identifier)
        refused = f"not barcode data: {exc or type(exc).__name__}"
    else:
        refused = None
    if refused is not None:
        rule = _whole_string_rule(text, None)
        if rule is not None:
            return {**out, "ok": False, "refused": rule.english(), "rule": _rule(rule)}
        return {**out, "ok": False, "refused": refused}
    if result.gtin is not None:
        out["gtin"] = {
            "value": result.gtin.value,
            "format": result.gtin.format.name,
            "prefix": result.gtin.prefix.usage if result.gtin.prefix else None,
            "check_digit_ok": True,
        }
    elif result.gtin_error:
        out["gtin_error"] = result.gtin_error
    if result.sscc is not None:
        out["sscc"] = result.sscc.value
    elif result.sscc_error and "gtin" not in out:
        out["sscc_error"] = result.sscc_error
    if result.gs1_message is not None:
        elements = []
        for e in result.gs1_message.element_strings:
            item = {"ai": e.ai.ai, "meaning": e.ai.description, "value": e.value}
            if e.date is not None:
                item["date"] = e.date.isoformat()
            if e.decimal is not None:
                item["decimal"] = str(e.decimal)
            if e.gtin_error or e.sscc_error:
                item["error"] = e.gtin_error or e.sscc_error
            elements.append(item)
        out["gs1"] = elements
    elif result.gs1_message_error:
        out["gs1_error"] = result.gs1_message_error
    element_errors = [e["error"] for e in out.get("gs1", []) if "error" in e]
    understood = "gtin" in out or "sscc" in out or bool(out.get("gs1"))
    out["ok"] = understood and not element_errors
    rule = _whole_string_rule(text, result)
    if rule is not None:
        out["rule"] = _rule(rule)
    if not out["ok"] or rule is not None:
        # The likeliest reading of the data explains the refusal first.
        if data.isdigit() and len(data) in (8, 12, 13, 14):
            order = ("gtin_error", "gs1_error", "sscc_error")
        elif data.isdigit() and len(data) == 18:
            order = ("sscc_error", "gs1_error", "gtin_error")
        else:
            order = ("gs1_error", "gtin_error", "sscc_error")
        reasons = element_errors + [out[k] for k in order if out.get(k)]
        out["refused"] = reasons[0] if reasons else "not a GTIN, SSCC or GS1 element string"
        if rule is not None and "check digit" not in out["refused"].lower():
            # the whole-string rule names the fault; a misread check digit says more
            out["refused"] = rule.english()
        out["ok"] = False
    return out


def _rule(exc: Gs1Refused) -> dict[str, Any]:
    return {"code": exc.code, **exc.params}


def _whole_string_rule(text: str, result) -> Gs1Refused | None:
    """The GS1 Syntax Dictionary's refusal of ``text`` as a whole, or None."""
    try:
        check_element_string(text, result)
    except Gs1Refused as exc:
        return exc
    return None


def check_digit_refusal(raw: str, *, gs_standin: str = "") -> str | None:
    """Why a code that matched nothing is a misread, or None: the refusal
    ``station barcode parse`` gives when the code fails a GS1 check digit (GTIN,
    SSCC, or one inside a GS1 element string). A code that is simply not known
    (a supplier's own label, a typo of an order number) gives None."""
    if not raw.strip():
        return None
    result = describe(raw.strip(), gs_standin=gs_standin)
    refused = result.get("refused") or ""
    if result["ok"] or "check digit" not in refused.lower():
        return None
    return refused


@dataclass(frozen=True)
class CheckDigitFault:
    """A GS1 check digit that does not add up, as data (the words are the UI's).

    ``what``: "GTIN", "SSCC", or "AI (nnn)" for another GS1 element with a check
    digit; ``value``: the number as read; ``expected``: the digit (0-9) its other
    digits give (GS1 General Specifications 7.9, mod-10); ``found``: its last digit
    as read."""

    what: str
    value: str
    expected: str
    found: str

    def params(self) -> dict[str, str]:
        return {"what": self.what, "expected": self.expected, "found": self.found}


def check_digit_fault(raw: str, *, gs_standin: str = "") -> CheckDigitFault | None:
    """The check digit that makes ``raw`` a misread, as data, or None where
    :func:`check_digit_refusal` gives None (the code is not a misread, or not one this
    can say more of): the number that fails, the digit expected and the digit read."""
    if check_digit_refusal(raw, gs_standin=gs_standin) is None:
        return None
    result = describe(raw.strip(), gs_standin=gs_standin)
    failing = [
        (_CHECKED_AI.get(e["ai"], f"AI ({e['ai']})"), e["value"])
        for e in result.get("gs1", [])
        if "check digit" in e.get("error", "").lower()
    ]
    data = result.get("data") or ""
    if not failing and data.isdigit():
        failing = [("SSCC" if len(data) == 18 else "GTIN", data)]
    for what, value in failing:
        if len(value) >= 2 and value.isascii() and value.isdigit():
            expected = str(gs1_check_digit(value[:-1]))
            if expected != value[-1]:
                return CheckDigitFault(what, value, expected, value[-1])
    return None
