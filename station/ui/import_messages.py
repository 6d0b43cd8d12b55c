"""Texts for the refusal codes of the file imports (orders, purchase orders, ASN),
translated; the CLI's English ones are in station/cli_documents.py."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ImportMessages"

REASONS = {
    "rounded": QT_TRANSLATE_NOOP(
        "ImportMessages", "the spreadsheet rounded this {what}; export again as text"
    ),
    "error_cell": QT_TRANSLATE_NOOP(
        "ImportMessages",
        "the cell holds a spreadsheet error ({detail}), not a value; fix it in the sheet or "
        "export again",
    ),
    "too_narrow": QT_TRANSLATE_NOOP(
        "ImportMessages",
        "the column was too narrow when the sheet was saved ({detail}); widen it or export again",
    ),
    "bad_check_digit": QT_TRANSLATE_NOOP(
        "ImportMessages", "the check digit of this {what} is wrong: digits were lost or changed"
    ),
    "not_a_date": QT_TRANSLATE_NOOP("ImportMessages", "{detail} is no date between 2000 and 2099"),
    "missing": QT_TRANSLATE_NOOP("ImportMessages", "required value missing ({detail})"),
    "bad_quantity": QT_TRANSLATE_NOOP("ImportMessages", "not a whole quantity above 0 ({detail})"),
    "unknown_sku": QT_TRANSLATE_NOOP("ImportMessages", "no product with SKU {detail}"),
    "bad_amount": QT_TRANSLATE_NOOP("ImportMessages", "not an amount in CNY ({detail})"),
    "bad_time": QT_TRANSLATE_NOOP("ImportMessages", "not a date and time ({detail})"),
    "bad_gift": QT_TRANSLATE_NOOP("ImportMessages", "not yes or no ({detail})"),
    "bad_order_type": QT_TRANSLATE_NOOP(
        "ImportMessages", "order type is spot, presale or custom, not {detail}"
    ),
    "bad_order_number": QT_TRANSLATE_NOOP(
        "ImportMessages", "an order number is printable ASCII only ({detail})"
    ),
    "order_differs": QT_TRANSLATE_NOOP("ImportMessages", "rows of one order disagree ({detail})"),
    "no_carrier": QT_TRANSLATE_NOOP(
        "ImportMessages",
        "order {detail} has no carrier: the export names none and neither do the settings "
        "(Settings: Carrier by shop, Carrier of imported orders otherwise)",
    ),
    "no_such_order": QT_TRANSLATE_NOOP(
        "ImportMessages", "item of order {detail}, which is not in the orders file"
    ),
    "order_without_items": QT_TRANSLATE_NOOP(
        "ImportMessages", "order {detail} has no item in the items file"
    ),
    "unknown_format": QT_TRANSLATE_NOOP(
        "ImportMessages", "no import profile knows this header ({detail}); choose a profile"
    ),
    "unreadable": QT_TRANSLATE_NOOP("ImportMessages", "the file cannot be read: {detail}"),
    "empty": QT_TRANSLATE_NOOP("ImportMessages", "nothing to import: {detail}"),
}
WHAT = {
    "order_number": QT_TRANSLATE_NOOP("ImportMessages", "order number"),
    "sku": QT_TRANSLATE_NOOP("ImportMessages", "SKU"),
    "buyer_phone": QT_TRANSLATE_NOOP("ImportMessages", "phone number"),
    "": QT_TRANSLATE_NOOP("ImportMessages", "number"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def refusal_text(reason: str, detail: str, field: str = "") -> str:
    """A refused row's ``reason`` code in the current language, with its ``detail``
    (the cell as read) and what the ``field`` is; the code itself when it has no text."""
    template = REASONS.get(reason)
    if template is None:
        return f"{reason} {detail}".strip()
    what = _tr(WHAT.get(field, WHAT[""]))
    return _tr(template).format(detail=detail, what=what)
