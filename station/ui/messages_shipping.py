"""The texts of the shipping side's message codes, part of
:data:`station.ui.messages.MESSAGES`: dispatch and handovers (出库交接), e-waybills
(电子面单) and what to do about a refusal. Looked up with
:func:`station.ui.messages.message`, translated in the "Messages" context like
every other message."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

SHIPPING_MESSAGES = {
    # dispatch (出库交接)
    "handover_opened": QT_TRANSLATE_NOOP(
        "Messages", "Handover {number} open for {carrier}: scan the parcels"
    ),
    "handover_open": QT_TRANSLATE_NOOP(
        "Messages", "Handover {number} for {carrier} is still open: close it first"
    ),
    "no_carrier": QT_TRANSLATE_NOOP("Messages", "Choose a carrier first"),
    "dispatch_unknown_code": QT_TRANSLATE_NOOP(
        "Messages", "{code} is neither a waybill of this bench nor a carrier's bag"
    ),
    "dispatch_open_first": QT_TRANSLATE_NOOP(
        "Messages", "Open a handover first: scan the carrier's bag or choose the carrier"
    ),
    "dispatch_voided": QT_TRANSLATE_NOOP("Messages", "REFUSED: waybill {tracking} was voided"),
    "dispatch_not_closed": QT_TRANSLATE_NOOP(
        "Messages", "REFUSED: the parcel of order {order} is not closed yet"
    ),
    "dispatch_intercepted": QT_TRANSLATE_NOOP(
        "Messages", "PULL THIS PARCEL OUT: order {order} is {status} {reason}"
    ),
    "dispatch_other_carrier": QT_TRANSLATE_NOOP(
        "Messages", "WRONG CARRIER: {tracking} goes with {carrier}, this bag is {bag}"
    ),
    "dispatch_already_in": QT_TRANSLATE_NOOP(
        "Messages", "{tracking} is already in this handover: counted once"
    ),
    "dispatch_handed_over": QT_TRANSLATE_NOOP(
        "Messages", "REFUSED: {tracking} was handed over already (handover {number})"
    ),
    "dispatch_taken": QT_TRANSLATE_NOOP("Messages", "{tracking} in: {n} of {total}"),
    "dispatch_not_in": QT_TRANSLATE_NOOP("Messages", "{tracking} is not in handover {number}"),
    "undo_needs_supervisor": QT_TRANSLATE_NOOP(
        "Messages", "Only a supervisor can take a parcel out of a handover"
    ),
    "intercepted_in_handover": QT_TRANSLATE_NOOP(
        "Messages",
        "INTERCEPTED after it was scanned in: take {trackings} out of the bag before closing",
    ),
    "handover_empty": QT_TRANSLATE_NOOP(
        "Messages", "Handover {number} is empty: scan the parcels first"
    ),
    "parcels_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Packed parcels not scanned: {n}. Closing without them needs a supervisor",
    ),
    "handover_closed": QT_TRANSLATE_NOOP(
        "Messages", "Handover {number} closed, parcels: {n}. The sheet is printing"
    ),
    "handover_closed_not_printed": QT_TRANSLATE_NOOP(
        "Messages",
        "Handover {number} closed, parcels: {n}. No document printer: the sheet was not printed",
    ),
    "dispatch_choose_parcel": QT_TRANSLATE_NOOP(
        "Messages", "Choose the parcel to take out in the list first"
    ),
    "dispatch_undone": QT_TRANSLATE_NOOP("Messages", "{tracking} taken out of the handover"),
    "dispatch_no_sheet": QT_TRANSLATE_NOOP("Messages", "No handover closed yet on this screen"),
    "handover_sheet_printed": QT_TRANSLATE_NOOP(
        "Messages", "The sheet of handover {number} went to the printer"
    ),
    "intercept_held": QT_TRANSLATE_NOOP("Messages", "ON HOLD"),
    "intercept_cancelled": QT_TRANSLATE_NOOP("Messages", "CANCELLED"),
    "intercept_refunded": QT_TRANSLATE_NOOP("Messages", "REFUNDED"),
    # e-waybills (电子面单): where the number came from, refusals and what to do
    "waybill_source_platform": QT_TRANSLATE_NOOP("Messages", "platform e-waybill ({provider})"),
    "waybill_source_pool": QT_TRANSLATE_NOOP("Messages", "pool number"),
    "ewaybill_asking": QT_TRANSLATE_NOOP("Messages", "Asking head office for the e-waybill…"),
    "ewaybill_ask_failed": QT_TRANSLATE_NOOP(
        "Messages", "The e-waybill could not be asked for: {error}. Close again"
    ),
    "ewaybill_wait_unreachable": QT_TRANSLATE_NOOP(
        "Messages",
        "No e-waybill yet: head office unreachable. The label prints by itself when the "
        "network is back",
    ),
    "ewaybill_wait_platform": QT_TRANSLATE_NOOP(
        "Messages",
        "No e-waybill yet: the platform does not answer head office. The label prints by "
        "itself when it does",
    ),
    "ewaybill_waiting_count": QT_TRANSLATE_NOOP(
        "Messages", "{n} closed parcel(s) wait for their e-waybill: {reason}"
    ),
    "ewaybill_refused": QT_TRANSLATE_NOOP(
        "Messages", "E-waybill refused by {platform}: {what} · “{reason}” [{platform_code}]"
    ),
    "ewaybill_balance_low": QT_TRANSLATE_NOOP(
        "Messages",
        "E-waybill balance low: {balance} left. Top up the shop's e-waybill account at the "
        "platform (or ask head office to) before it runs out",
    ),
    "ewaybill_bad_signature": QT_TRANSLATE_NOOP(
        "Messages", "head office's app secret for this shop is wrong"
    ),
    "ewaybill_token_expired": QT_TRANSLATE_NOOP("Messages", "the shop's authorisation has expired"),
    "ewaybill_no_balance": QT_TRANSLATE_NOOP("Messages", "no e-waybill balance left"),
    "ewaybill_address_refused": QT_TRANSLATE_NOOP(
        "Messages", "the carrier does not deliver to this address"
    ),
    "ewaybill_masked_address_refused": QT_TRANSLATE_NOOP(
        "Messages", "the address is masked and the platform's reference is missing"
    ),
    "ewaybill_rate_limited": QT_TRANSLATE_NOOP("Messages", "too many requests, try again"),
    "ewaybill_platform_unreachable": QT_TRANSLATE_NOOP("Messages", "the platform does not answer"),
    "ewaybill_bad_request": QT_TRANSLATE_NOOP("Messages", "the request was incomplete"),
    "ewaybill_unknown_waybill": QT_TRANSLATE_NOOP("Messages", "the number is not known"),
    "ewaybill_not_supported": QT_TRANSLATE_NOOP("Messages", "not possible for this provider"),
    "ewaybill_todo_ewaybill_no_balance": QT_TRANSLATE_NOOP(
        "Messages",
        "What to do: top up the shop's e-waybill account at the platform (or ask head "
        "office to), then close again. Put the order aside meanwhile (Esc)",
    ),
    "ewaybill_todo_ewaybill_masked_address_refused": QT_TRANSLATE_NOOP(
        "Messages",
        "What to do: ask head office to send the order again with the platform's recipient "
        "reference (OAID or ciphertext), then close again. Put the order aside meanwhile (Esc)",
    ),
    "ewaybill_todo_ewaybill_address_refused": QT_TRANSLATE_NOOP(
        "Messages",
        "What to do: ask head office to choose another carrier or correct the address, then "
        "close again. Put the order aside meanwhile (Esc)",
    ),
    "ewaybill_todo_authorisation": QT_TRANSLATE_NOOP(
        "Messages",
        "What to do: ask head office to renew the shop's authorisation, then close again. "
        "Put the order aside meanwhile (Esc)",
    ),
    "ewaybill_todo_other": QT_TRANSLATE_NOOP(
        "Messages", "What to do: put the order aside (Esc) and tell head office the reason"
    ),
}
