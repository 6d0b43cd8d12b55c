"""Texts for the codes that the core and services return (they never return prose)."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from station.ui.messages_batches import BATCH_MESSAGES
from station.ui.messages_shipping import SHIPPING_MESSAGES

log = logging.getLogger(__name__)

CONTEXT = "Messages"

MESSAGES = {
    # scans
    "unknown_code": QT_TRANSLATE_NOOP("Messages", "Unknown code: {code}"),
    "found_product": QT_TRANSLATE_NOOP("Messages", "{name}"),
    "found_sales_order": QT_TRANSLATE_NOOP("Messages", "Order {code}"),
    "found_purchase_order": QT_TRANSLATE_NOOP("Messages", "Purchase order {code}"),
    "not_here_product": QT_TRANSLATE_NOOP("Messages", "Product {code}: open an order first"),
    "not_here_sales_order": QT_TRANSLATE_NOOP(
        "Messages", "{code} is a sales order: use Pack-out or Waybills"
    ),
    "not_here_purchase_order": QT_TRANSLATE_NOOP(
        "Messages", "{code} is a purchase order: use Goods-in"
    ),
    "order_held": QT_TRANSLATE_NOOP("Messages", "Order {number} is ON HOLD: {reason}"),
    "order_cancelled": QT_TRANSLATE_NOOP("Messages", "Order {number} is CANCELLED: {reason}"),
    "presale_waiting": QT_TRANSLATE_NOOP(
        "Messages", "Order {number} is a PRE-SALE order waiting for stock: {skus}"
    ),
    "double_read": QT_TRANSLATE_NOOP("Messages", "Read twice: {code} counted once"),
    "scanner_read_dropped": QT_TRANSLATE_NOOP(
        "Messages", "The scanner's read arrived incomplete and was not counted: scan again"
    ),
    "scan_ignored_locked": QT_TRANSLATE_NOOP("Messages", "Log in first"),
    "finish_dialog_first": QT_TRANSLATE_NOOP(
        "Messages", "Scan {code} not taken: answer the open window first"
    ),
    "no_permission": QT_TRANSLATE_NOOP("Messages", "{name} may not use {page}"),
    # operators
    "unknown_operator": QT_TRANSLATE_NOOP("Messages", "Choose your name first"),
    "unknown_badge": QT_TRANSLATE_NOOP("Messages", "This badge is not known"),
    "operator_inactive": QT_TRANSLATE_NOOP("Messages", "{name} is not active"),
    "operator_locked": QT_TRANSLATE_NOOP(
        "Messages", "{name} is locked until {until} after too many wrong PINs"
    ),
    "wrong_pin": QT_TRANSLATE_NOOP("Messages", "Wrong PIN (tries left: {attempts_left})"),
    "not_a_supervisor": QT_TRANSLATE_NOOP("Messages", "{name} is not a supervisor"),
    "badge_needs_pin": QT_TRANSLATE_NOOP(
        "Messages", "{name}: a supervisor's badge needs the PIN too; enter your PIN"
    ),
    "approval_needs_credentials": QT_TRANSLATE_NOOP(
        "Messages", "A supervisor must scan their badge or enter their PIN"
    ),
    "pin_not_digits": QT_TRANSLATE_NOOP("Messages", "A PIN is digits only"),
    "pin_length": QT_TRANSLATE_NOOP("Messages", "A PIN has 4 to 12 digits"),
    "pin_too_simple": QT_TRANSLATE_NOOP("Messages", "Choose a PIN that is not one digit repeated"),
    "logged_in": QT_TRANSLATE_NOOP("Messages", "Welcome, {name}"),
    "auto_locked": QT_TRANSLATE_NOOP("Messages", "Locked after {minutes} min without use"),
    "approved": QT_TRANSLATE_NOOP("Messages", "Approved by {name}"),
    "settings_saved": QT_TRANSLATE_NOOP("Messages", "Settings saved"),
    "tracking_file_unreadable": QT_TRANSLATE_NOOP(
        "Messages", "The tracking-number file cannot be read: {detail}"
    ),
    "sync_bad_answer": QT_TRANSLATE_NOOP(
        "Messages", "Head office sent an answer the station cannot read; nothing of it was kept"
    ),
    "sync.timeout": QT_TRANSLATE_NOOP("Messages", "Head office did not answer in time"),
    "sync.unreachable": QT_TRANSLATE_NOOP(
        "Messages", "Head office cannot be reached: check the network and the address"
    ),
    "sync.busy": QT_TRANSLATE_NOOP("Messages", "Head office is busy (HTTP {status})"),
    "sync_refused": QT_TRANSLATE_NOOP(
        "Messages", "Head office refused the records (HTTP {status}): {message}"
    ),
    "sync_error": QT_TRANSLATE_NOOP("Messages", "Head office sync failed"),
    "sync_token_refused": QT_TRANSLATE_NOOP(
        "Messages",
        "Head office refused this bench's token (HTTP {status}): nothing is sent until it is fixed",
    ),
    # head office's changes that were not applied here
    "conflict.barcode": QT_TRANSLATE_NOOP(
        "Messages", "barcode {barcode} belongs to another product here"
    ),
    "conflict.po_refused": QT_TRANSLATE_NOOP(
        "Messages", "purchase order {number} cannot be taken as it is"
    ),
    "conflict.po_differs": QT_TRANSLATE_NOOP(
        "Messages", "purchase order {number} differs from the one here"
    ),
    "conflict.unknown_sku": QT_TRANSLATE_NOOP("Messages", "order {number}: unknown SKU {skus}"),
    "conflict.order_status": QT_TRANSLATE_NOOP(
        "Messages", "order {number} is {theirs} at head office but {ours} here"
    ),
    "conflict.tracking": QT_TRANSLATE_NOOP("Messages", "{carrier} tracking numbers refused: {n}"),
    "conflict.routing": QT_TRANSLATE_NOOP("Messages", "{carrier} routing table refused"),
    "storage_full": QT_TRANSLATE_NOOP(
        "Messages", "NOT SAVED: the disk is full. Scan refused; free space or call IT"
    ),
    "storage_readonly": QT_TRANSLATE_NOOP(
        "Messages", "NOT SAVED: the data folder is read-only. Scan refused; call IT"
    ),
    "storage_io": QT_TRANSLATE_NOOP(
        "Messages", "NOT SAVED: the disk reported an error. Scan refused; call IT"
    ),
    "settings_invalid": QT_TRANSLATE_NOOP("Messages", "Settings not saved: {error}"),
    "settings.unreadable": QT_TRANSLATE_NOOP(
        "Messages", "Settings not saved: the settings file cannot be read; call IT"
    ),
    "settings.invalid": QT_TRANSLATE_NOOP(
        "Messages", "Settings not saved: the value of {key} cannot be used"
    ),
    "settings.company_prefix": QT_TRANSLATE_NOOP(
        "Messages", "Settings not saved: a GS1 company prefix has 6 to 12 digits, not {value}"
    ),
    "settings.cutoff": QT_TRANSLATE_NOOP(
        "Messages", "Settings not saved: the cut-off is a time (HH:MM), not {value}"
    ),
    "settings.pickups": QT_TRANSLATE_NOOP(
        "Messages",
        "Settings not saved: carriers' pickup times are CARRIER=HH:MM, separated by commas, "
        "not {value}",
    ),
    "settings.printer_dpi": QT_TRANSLATE_NOOP(
        "Messages", "Settings not saved: a label printer prints 203, 300 or 600 dpi, not {value}"
    ),
    "settings.printer_dpi_conflict": QT_TRANSLATE_NOOP(
        "Messages",
        "Settings not saved: the printer is set to {value} dpi but its address says dpi={address}",
    ),
    # pack-out
    "unknown_order": QT_TRANSLATE_NOOP("Messages", "No order {code}"),
    "order_opened": QT_TRANSLATE_NOOP("Messages", "Order {number}: scan the items"),
    "order_resumed": QT_TRANSLATE_NOOP("Messages", "Order {number} resumed"),
    "pack_started_by": QT_TRANSLATE_NOOP("Messages", "started by {name} at {time}"),
    # the check digit's expected and found digits come from the code itself (see
    # message()), never from the barcode library's English reason
    "bad_check_digit": QT_TRANSLATE_NOOP(
        "Messages",
        "MISREAD: {code}: its {what} check digit should be {expected}, the scanner read "
        "{found}. Scan it again",
    ),
    "bad_check_digit_unsaid": QT_TRANSLATE_NOOP(
        "Messages", "MISREAD: {code} fails its check digit. Scan it again"
    ),
    "already_packed": QT_TRANSLATE_NOOP("Messages", "Order {number} is PACKED ALREADY"),
    "already_shipped": QT_TRANSLATE_NOOP("Messages", "Order {number} is SHIPPED ALREADY"),
    "wrong_item": QT_TRANSLATE_NOOP(
        "Messages", "WRONG ITEM: {name} ({sku}, {code}) is not in this order"
    ),
    "extra_unit": QT_TRANSLATE_NOOP("Messages", "TOO MANY: {name} is complete"),
    "too_many": QT_TRANSLATE_NOOP("Messages", "TOO MANY: {qty} × {name}, only {remaining} left"),
    "bad_quantity": QT_TRANSLATE_NOOP("Messages", "Quantity {qty} is not possible"),
    "serial_needed": QT_TRANSLATE_NOOP("Messages", "{name}: scan the code with the serial number"),
    "serial_one_at_a_time": QT_TRANSLATE_NOOP(
        "Messages", "{name}: one unit a scan (serial numbers)"
    ),
    "serial_repeated": QT_TRANSLATE_NOOP("Messages", "Serial {serial} is packed already"),
    "packed": QT_TRANSLATE_NOOP("Messages", "{name}: {packed} of {qty}"),
    "packed_line_done": QT_TRANSLATE_NOOP("Messages", "{name}: {packed} of {qty} ✓"),
    "parcel_empty": QT_TRANSLATE_NOOP("Messages", "The parcel is empty"),
    "units_missing": QT_TRANSLATE_NOOP("Messages", "MISSING: {names}"),
    "short_too_many": QT_TRANSLATE_NOOP("Messages", "More short than missing"),
    "short_needs_supervisor": QT_TRANSLATE_NOOP("Messages", "Shipping short needs a supervisor"),
    "weight_off": QT_TRANSLATE_NOOP(
        "Messages", "WEIGHT: {measured} g, expected {expected} g. Check the parcel"
    ),
    "scale_empty": QT_TRANSLATE_NOOP("Messages", "Put the parcel on the scale"),
    "pool_empty": QT_TRANSLATE_NOOP("Messages", "No tracking numbers left for {carrier}"),
    "recipient_masked": QT_TRANSLATE_NOOP(
        "Messages",
        "Order {order}: the platform masked the recipient's name or address; "
        "it ships only with the platform's e-waybill, never a pool number",
    ),
    "parcel_count_needed": QT_TRANSLATE_NOOP(
        "Messages",
        "Order {order}: {carrier} numbers carry the order's parcel count; "
        "say how many parcels it will have (2 or more) to close this one",
    ),
    "parcel_count_final": QT_TRANSLATE_NOOP(
        "Messages", "Order {order}: this is its last parcel, so it has 1 parcel, not {count}"
    ),
    "parcel_count_changed": QT_TRANSLATE_NOOP(
        "Messages",
        "Order {order}: its labels give the parcel count as {count}, not {asked}; "
        "a supervisor voids its parcels to change the count",
    ),
    "parcel_count_short": QT_TRANSLATE_NOOP(
        "Messages",
        "Order {order}: its labels give the parcel count as {count} and this is parcel {n}; "
        "close it with another to follow, or a supervisor voids its parcels to pack it again",
    ),
    "parcel_count_last": QT_TRANSLATE_NOOP(
        "Messages",
        "Order {order}: this is parcel {count} of {count}, its last; close it as the last",
    ),
    "parcel_count_ask": QT_TRANSLATE_NOOP(
        "Messages", "Order {order} ({carrier}): how many parcels will it have in all?"
    ),
    "remark_not_acknowledged": QT_TRANSLATE_NOOP("Messages", "Read the remark first (R)"),
    "order_put_aside": QT_TRANSLATE_NOOP(
        "Messages", "Order {number} put aside: scan it again to go on"
    ),
    "complete_read_remark": QT_TRANSLATE_NOOP(
        "Messages", "Every unit is in: read the remark (R) and the parcel closes"
    ),
    "scale_failed": QT_TRANSLATE_NOOP("Messages", "Scale: {error}"),
    # a reading that is not a parcel's weight: never closed with (services.scale_worker.refusal)
    "scale_unsettled": QT_TRANSLATE_NOOP(
        "Messages", "The scale did not settle in {seconds} s: hold the parcel still and close again"
    ),
    "scale_overload": QT_TRANSLATE_NOOP(
        "Messages", "Scale OVERLOADED: the parcel is heavier than this scale weighs"
    ),
    "scale_underload": QT_TRANSLATE_NOOP(
        "Messages", "Scale UNDERLOAD: put the pan back, empty the scale and zero it"
    ),
    "scale_busy": QT_TRANSLATE_NOOP("Messages", "The scale is busy: close again"),
    "scale_tare_only": QT_TRANSLATE_NOOP(
        "Messages", "The scale sends only its tare, no weight: set it to send the weight"
    ),
    "scale_not_zeroed": QT_TRANSLATE_NOOP(
        "Messages", "The scale has not been zeroed since it was switched on: empty it and zero it"
    ),
    "scale_negative": QT_TRANSLATE_NOOP(
        "Messages", "The scale reads below zero ({grams} g): empty it and zero it"
    ),
    "scale_unit": QT_TRANSLATE_NOOP(
        "Messages", "The scale weighs in '{unit}': set it to g, kg, lb or oz"
    ),
    "scale_garbled": QT_TRANSLATE_NOOP(
        "Messages", "The scale sends garbage: check its protocol and speed in Settings"
    ),
    "scale_no_answer": QT_TRANSLATE_NOOP("Messages", "The scale does not answer"),
    "scale_offline": QT_TRANSLATE_NOOP("Messages", "The scale is not connected"),
    "label_failed": QT_TRANSLATE_NOOP("Messages", "Label not printed: {error}"),
    "label_no_glyph": QT_TRANSLATE_NOOP(
        "Messages",
        "Label not printed: {field} holds {codepoint} {char}, which no font on this computer has",
    ),
    "label_private_use_char": QT_TRANSLATE_NOOP(
        "Messages",
        "Label not printed: {field} holds {codepoint}, a private-use character that means "
        "nothing outside the program that wrote it",
    ),
    "label_damaged_char": QT_TRANSLATE_NOOP(
        "Messages",
        "Label not printed: {field} holds {codepoint}, a character lost before the text "
        "reached the station",
    ),
    "label_needs_shaping_char": QT_TRANSLATE_NOOP(
        "Messages",
        "Label not printed: {field} holds {codepoint} {char}, written right to left or "
        "joined to the letters beside it, which labels do not print",
    ),
    "label_text_too_long": QT_TRANSLATE_NOOP(
        "Messages",
        "Label not printed: {field} does not fit its place on the label, even at {size} pt",
    ),
    "pool_low": QT_TRANSLATE_NOOP("Messages", "{carrier} tracking numbers left: only {free}"),
    "void_needs_supervisor": QT_TRANSLATE_NOOP("Messages", "Voiding a waybill needs a supervisor"),
    "nothing_to_void": QT_TRANSLATE_NOOP("Messages", "This parcel has no waybill to void"),
    "parcel_voided": QT_TRANSLATE_NOOP(
        "Messages", "Waybill {tracking} voided: pack order {order} again"
    ),
    "voided_already": QT_TRANSLATE_NOOP(
        "Messages", "Waybill {tracking} is VOIDED already: nothing to void"
    ),
    "print.voided_waybill": QT_TRANSLATE_NOOP(
        "Messages", "Waybill {tracking} was VOIDED: a voided waybill is never printed again"
    ),
    "parcel_closed": QT_TRANSLATE_NOOP("Messages", "Parcel closed · {tracking}"),
    "reship_created": QT_TRANSLATE_NOOP("Messages", "reship {number} created"),
    # order states
    "order_status_new": QT_TRANSLATE_NOOP("Messages", "to pack"),
    "order_status_packing": QT_TRANSLATE_NOOP("Messages", "packing"),
    "order_status_packed": QT_TRANSLATE_NOOP("Messages", "packed"),
    "order_status_shipped": QT_TRANSLATE_NOOP("Messages", "shipped"),
    "order_status_held": QT_TRANSLATE_NOOP("Messages", "ON HOLD"),
    "order_status_cancelled": QT_TRANSLATE_NOOP("Messages", "cancelled"),
    # print job kinds
    "job_kind_waybill": QT_TRANSLATE_NOOP("Messages", "waybill"),
    "job_kind_packing_list": QT_TRANSLATE_NOOP("Messages", "packing list"),
    "job_kind_lpn": QT_TRANSLATE_NOOP("Messages", "pallet label"),
    "job_kind_test": QT_TRANSLATE_NOOP("Messages", "test label"),
    "job_kind_report": QT_TRANSLATE_NOOP("Messages", "report"),
    "job_kind_handover_sheet": QT_TRANSLATE_NOOP("Messages", "handover sheet"),
    # goods-in
    "receipt_opened": QT_TRANSLATE_NOOP("Messages", "Receiving against PO {number}"),
    "receipt_resumed": QT_TRANSLATE_NOOP(
        "Messages", "Receipt {receipt} resumed: receiving against PO {number}"
    ),
    "received": QT_TRANSLATE_NOOP("Messages", "{sku} ×{qty} received"),
    "received_lot": QT_TRANSLATE_NOOP("Messages", "lot {lot}"),
    "received_expiry": QT_TRANSLATE_NOOP("Messages", "expires {date}"),
    "received_over": QT_TRANSLATE_NOOP("Messages", "OVER the ordered quantity"),
    "quarantine_shelf_life": QT_TRANSLATE_NOOP(
        "Messages", "QUARANTINE: shelf life left {days} d, {minimum} d needed"
    ),
    "receipt_closed": QT_TRANSLATE_NOOP("Messages", "Receipt {number} closed, complete"),
    "receipt_closed_short": QT_TRANSLATE_NOOP(
        "Messages", "Receipt {number} closed; units still short: {n}"
    ),
    "plates_printed": QT_TRANSLATE_NOOP("Messages", "Putaway labels printed: {n}"),
    "presale_released": QT_TRANSLATE_NOOP(
        "Messages", "Pre-sale orders these goods release for packing: {n} ({orders})"
    ),
    "presale_would_release": QT_TRANSLATE_NOOP(
        "Messages", "Pre-sale orders released when this receipt closes: {n}"
    ),
    "discrepancy_report_printed": QT_TRANSLATE_NOOP(
        "Messages", "discrepancy report sent to the document printer"
    ),
    "replenish": QT_TRANSLATE_NOOP(
        "Messages", "REPLENISH {sku}: {got} received, threshold {threshold}"
    ),
    "severity_critical": QT_TRANSLATE_NOOP("Messages", "critical"),
    "severity_major": QT_TRANSLATE_NOOP("Messages", "major"),
    "severity_minor": QT_TRANSLATE_NOOP("Messages", "minor"),
    "inspection_accepted": QT_TRANSLATE_NOOP("Messages", "{sku}: lot ACCEPTED by inspection"),
    "inspection_rejected": QT_TRANSLATE_NOOP(
        "Messages", "{sku}: lot REJECTED by inspection, in quarantine"
    ),
    "inspection_held": QT_TRANSLATE_NOOP("Messages", "{sku}: lot HELD, in quarantine"),
    "inspect.nothing_received": QT_TRANSLATE_NOOP("Messages", "Nothing received to inspect {sku}"),
    "inspect.decided": QT_TRANSLATE_NOOP("Messages", "This inspection is decided: {result}"),
    "inspect.bad_severity": QT_TRANSLATE_NOOP("Messages", "Unknown defect class {severity}"),
    "inspect.no_code": QT_TRANSLATE_NOOP("Messages", "Give the defect code"),
    "inspect.bad_quantity": QT_TRANSLATE_NOOP(
        "Messages", "Defective units: {qty}, more than the sample of {sample} allows"
    ),
    "inspect.photo_type": QT_TRANSLATE_NOOP("Messages", "{name} is not a photo"),
    "inspect.photo_missing": QT_TRANSLATE_NOOP("Messages", "Photo {name} not found"),
    "inspect.photo_too_big": QT_TRANSLATE_NOOP("Messages", "Photo {name} is too big"),
    "inspect.unknown_aql": QT_TRANSLATE_NOOP("Messages", "AQL {aql} is not in the tables"),
    "inspect.unknown_level": QT_TRANSLATE_NOOP("Messages", "Inspection level {level} is not known"),
    "inspect.lot_too_small": QT_TRANSLATE_NOOP("Messages", "Lot of {lot} is too small"),
    "inspect.no_plan": QT_TRANSLATE_NOOP("Messages", "No sampling plan for {letter} at {aql}"),
    "receive.bad_company_prefix": QT_TRANSLATE_NOOP(
        "Messages", "GS1 company prefix {prefix} is not 6 to 12 digits"
    ),
    "receive.sscc_exhausted": QT_TRANSLATE_NOOP(
        "Messages", "No SSCC numbers left for prefix {prefix}"
    ),
    "receive.nothing_received": QT_TRANSLATE_NOOP("Messages", "Nothing received on {number}"),
    "receive.pallet_received": QT_TRANSLATE_NOOP("Messages", "Pallet {sscc} was received already"),
    "match.bad_row": QT_TRANSLATE_NOOP(
        "Messages", "Invoice line {line}: give the SKU, a quantity above 0 and a unit price"
    ),
    "match.empty": QT_TRANSLATE_NOOP("Messages", "The invoice has no lines"),
    "match.unreadable": QT_TRANSLATE_NOOP("Messages", "The invoice file cannot be read: {detail}"),
    "match.mismatches": QT_TRANSLATE_NOOP("Messages", "Lines that do not match: {n}"),
    "match.all_match": QT_TRANSLATE_NOOP("Messages", "Invoice, PO and receipts match"),
    "match.invoiced_more_than_received": QT_TRANSLATE_NOOP(
        "Messages", "invoiced more than received"
    ),
    "match.price_differs": QT_TRANSLATE_NOOP("Messages", "price differs from the PO"),
    "match.not_on_po": QT_TRANSLATE_NOOP("Messages", "not on the PO"),
    "match.received_not_invoiced": QT_TRANSLATE_NOOP("Messages", "received, not invoiced"),
    "receive.unknown_po": QT_TRANSLATE_NOOP("Messages", "No purchase order {barcode}"),
    "receive.po_not_open": QT_TRANSLATE_NOOP(
        "Messages", "Purchase order {number} is {status}: nothing more to receive"
    ),
    "receive.receipt_closed": QT_TRANSLATE_NOOP("Messages", "Receipt {number} is closed"),
    "receive.pallet_code": QT_TRANSLATE_NOOP(
        "Messages", "Pallet {sscc} is not announced for this PO: scan the cartons on it"
    ),
    "receive.unknown_barcode": QT_TRANSLATE_NOOP(
        "Messages", "Unknown barcode {barcode}: a supervisor can link it to a product"
    ),
    "receive.bad_quantity": QT_TRANSLATE_NOOP("Messages", "Quantity {qty} is not possible"),
    "receive.wrong_item": QT_TRANSLATE_NOOP(
        "Messages", "WRONG ITEM: {name} ({sku}) is not on this PO, recorded for the supplier"
    ),
    "receive.lot_required": QT_TRANSLATE_NOOP(
        "Messages", "{sku} needs its lot: scan the GS1 code with the lot (10)"
    ),
    "receive.expiry_required": QT_TRANSLATE_NOOP(
        "Messages", "{sku} needs its expiry date: scan the GS1 code with the expiry (17)"
    ),
    "receive.over_needs_supervisor": QT_TRANSLATE_NOOP(
        "Messages", "{sku}: {received} received, {ordered} ordered: a supervisor must approve"
    ),
    "receive.link_needs_supervisor": QT_TRANSLATE_NOOP(
        "Messages", "Only a supervisor can link a barcode"
    ),
    "receive.unknown_sku": QT_TRANSLATE_NOOP("Messages", "No product {sku}"),
    "receive.barcode_known": QT_TRANSLATE_NOOP("Messages", "Barcode {barcode} is known already"),
    "gs1.empty": QT_TRANSLATE_NOOP("Messages", "Empty scan"),
    "gs1.unreadable": QT_TRANSLATE_NOOP("Messages", "Barcode data not readable: {detail}"),
    "gs1.bad_gtin": QT_TRANSLATE_NOOP("Messages", "Bad GTIN: {detail}"),
    "gs1.bad_date": QT_TRANSLATE_NOOP("Messages", "Bad date in the barcode: {detail}"),
    "gs1.bad_sscc": QT_TRANSLATE_NOOP("Messages", "Bad SSCC: {detail}"),
    "gs1.expiry_disagrees": QT_TRANSLATE_NOOP(
        "Messages",
        "The barcode's expiry date (17) {expiry} and expiry date and time (7003) "
        "{expiry_time} are different days",
    ),
    "gs1.nothing_for_goods_in": QT_TRANSLATE_NOOP(
        "Messages", "Nothing to receive in this barcode: {detail}"
    ),
    # the GS1 Syntax Dictionary's rules for a whole element string
    # (station.core.gs1_syntax.validate; the command line's words are its ENGLISH)
    "gs1.unknown_ai": QT_TRANSLATE_NOOP("Messages", "({ai}) is not a GS1 Application Identifier"),
    "gs1.empty_value": QT_TRANSLATE_NOOP("Messages", "({ai}) has no value"),
    "gs1.too_long": QT_TRANSLATE_NOOP(
        "Messages",
        "({ai}) is {length} characters long, at most {max} are allowed: "
        "a group separator (FNC1) is missing after it",
    ),
    "gs1.too_short": QT_TRANSLATE_NOOP(
        "Messages", "({ai}) is {length} characters long, it needs {min}"
    ),
    "gs1.bad_character": QT_TRANSLATE_NOOP("Messages", "({ai}) may not contain “{char}”"),
    "gs1.check_digit": QT_TRANSLATE_NOOP("Messages", "({ai}) {value}: the check digit is wrong"),
    "gs1.no_such_date": QT_TRANSLATE_NOOP("Messages", "({ai}) {value} is not a date"),
    "gs1.day_zero": QT_TRANSLATE_NOOP(
        "Messages", "({ai}) {value}: day 00 is not allowed in this date"
    ),
    "gs1.bad_value": QT_TRANSLATE_NOOP("Messages", "({ai}) {value} is not a valid value"),
    "gs1.repeated_ai": QT_TRANSLATE_NOOP(
        "Messages", "({ai}) appears twice with different values: {first} and {second}"
    ),
    "gs1.exclusive": QT_TRANSLATE_NOOP(
        "Messages", "({ai}) and ({other}) may not appear in the same barcode"
    ),
    "gs1.missing_partner": QT_TRANSLATE_NOOP(
        "Messages", "({ai}) must come with {needs} in the same barcode"
    ),
    # dispatch (出库交接) and e-waybills (电子面单): station.ui.messages_shipping
    **SHIPPING_MESSAGES,
    # peak-day batches (波次): station.ui.messages_batches
    **BATCH_MESSAGES,
    # roles
    "role_packer": QT_TRANSLATE_NOOP("Messages", "Packer"),
    "role_receiver": QT_TRANSLATE_NOOP("Messages", "Receiver"),
    "role_supervisor": QT_TRANSLATE_NOOP("Messages", "Supervisor"),
    "role_admin": QT_TRANSLATE_NOOP("Messages", "Administrator"),
}


def _check_digit(params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A misread's words from the code itself: the digit expected and the digit read
    (a service's ``detail`` is the barcode library's English and is never shown)."""
    from station.services.barcode_info import check_digit_fault

    if all(k in params for k in ("what", "expected", "found")):
        return "bad_check_digit", params
    fault = check_digit_fault(str(params.get("code", "")))
    if fault is None:
        return "bad_check_digit_unsaid", params
    return "bad_check_digit", {**params, **fault.params()}


# the fields of documents (label templates' {names}, the packing list's), as a
# packer knows them
FIELD_NAMES = {
    "recipient_name": QT_TRANSLATE_NOOP("Messages", "recipient's name"),
    "recipient_phone": QT_TRANSLATE_NOOP("Messages", "recipient's phone"),
    "recipient_address": QT_TRANSLATE_NOOP("Messages", "recipient's address"),
    "sender_name": QT_TRANSLATE_NOOP("Messages", "sender's name"),
    "sender_phone": QT_TRANSLATE_NOOP("Messages", "sender's phone"),
    "sender_address": QT_TRANSLATE_NOOP("Messages", "sender's address"),
    "contents": QT_TRANSLATE_NOOP("Messages", "contents"),
    "carrier_name": QT_TRANSLATE_NOOP("Messages", "carrier"),
    "order": QT_TRANSLATE_NOOP("Messages", "order number"),
    "tracking": QT_TRANSLATE_NOOP("Messages", "tracking number"),
    "buyer": QT_TRANSLATE_NOOP("Messages", "buyer"),
    "address": QT_TRANSLATE_NOOP("Messages", "address"),
    "remark": QT_TRANSLATE_NOOP("Messages", "remark"),
    "shop": QT_TRANSLATE_NOOP("Messages", "shop"),
    "name": QT_TRANSLATE_NOOP("Messages", "product name"),
    "route_code": QT_TRANSLATE_NOOP("Messages", "route code"),
    "sortation_name": QT_TRANSLATE_NOOP("Messages", "sortation name"),
    "consolidation": QT_TRANSLATE_NOOP("Messages", "consolidation point"),
    "parent_tracking": QT_TRANSLATE_NOOP("Messages", "parent waybill"),
    "service_type": QT_TRANSLATE_NOOP("Messages", "service"),
    "payment": QT_TRANSLATE_NOOP("Messages", "payment"),
    "insured": QT_TRANSLATE_NOOP("Messages", "insured value"),
}


def field_name(field: str) -> str:
    """``recipient_address`` as a packer calls it, in the current language; each
    part of ``sender_name/sender_address`` alike; an unknown name as it is."""
    return "/".join(
        QCoreApplication.translate(CONTEXT, FIELD_NAMES[part]) if part in FIELD_NAMES else part
        for part in field.split("/")
    )


def label_failure(exc: Exception) -> str:
    """The text for a label or document that could not be made: the error's own
    message when it carries a code (a character no font has, a text too long for
    its box: ``station.labels.glyphs``, ``station.labels.fit``), else
    ``label_failed`` with the error's text."""
    code = getattr(exc, "code", None)
    if code in MESSAGES:
        params = dict(getattr(exc, "params", None) or {})
        if "field" in params:
            params["field"] = field_name(params["field"])
        return message(code, params)
    return message("label_failed", {"error": str(exc)})


# the marketplaces' e-waybill services and print components by their names
# (station.ewaybill providers, station.drivers.uri COMPONENT_PORTS)
PLATFORM_NAMES = {
    "cainiao": QT_TRANSLATE_NOOP("Messages", "Cainiao"),
    "pdd": QT_TRANSLATE_NOOP("Messages", "Pinduoduo"),
    "douyin": QT_TRANSLATE_NOOP("Messages", "Douyin"),
    "kuaishou": QT_TRANSLATE_NOOP("Messages", "Kuaishou"),
    "jd": QT_TRANSLATE_NOOP("Messages", "JD"),
    "pool": QT_TRANSLATE_NOOP("Messages", "pool"),
}
_PLATFORM_PARAMS = ("platform", "provider")


def platform_name(code: str) -> str:
    """A platform's name in the current language (``cainiao`` → Cainiao, 菜鸟);
    an unknown code as it is."""
    name = PLATFORM_NAMES.get((code or "").lower())
    return QCoreApplication.translate(CONTEXT, name) if name else code


def message(code: str, params: dict[str, Any] | None = None) -> str:
    """The text for a service's message ``code`` in the current language, its
    ``{name}`` fields filled from ``params``; the code itself when it has no text.
    A ``platform`` or ``provider`` parameter is shown by the platform's name."""
    if code == "bad_check_digit":
        code, params = _check_digit(params or {})
    if params and any(k in params for k in _PLATFORM_PARAMS):
        params = {
            k: platform_name(v) if k in _PLATFORM_PARAMS and isinstance(v, str) else v
            for k, v in params.items()
        }
    template = MESSAGES.get(code)
    if template is None:
        log.warning("no text for message code %r", code)
        return code
    text = QCoreApplication.translate(CONTEXT, template)
    try:
        return text.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        log.warning("message %r lacks parameters %r", code, params)
        return text


_AUTHORISATION = ("ewaybill_bad_signature", "ewaybill_token_expired")


def ewaybill_refusal(params: dict[str, Any]) -> tuple[str, str]:
    """A platform's e-waybill refusal for the packer: the line (our words for the
    code, then the platform's own words and code) and what to do about it."""
    code = str(params.get("reason_code") or "ewaybill_refused")
    what = message(code) if code in MESSAGES else code
    text = message("ewaybill_refused", {**params, "what": what})
    if code in _AUTHORISATION:
        todo = "ewaybill_todo_authorisation"
    elif f"ewaybill_todo_{code}" in MESSAGES:
        todo = f"ewaybill_todo_{code}"
    else:
        todo = "ewaybill_todo_other"
    return text, message(todo)


def waiting_reason(reason: str | None) -> str:
    """Why a closed parcel still waits for its e-waybill: a WAIT_ code, or a
    platform's refusal kept as JSON (station.services.ewaybills.refusal_reason)."""
    if reason and reason.startswith("{"):
        try:
            params = json.loads(reason)
        except ValueError:
            params = None
        if isinstance(params, dict):
            return ewaybill_refusal(params)[0]
    return message(reason or "ewaybill_wait_unreachable")
