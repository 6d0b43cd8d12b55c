"""The texts of the peak-day batches' message codes (波次, 先打单, 拣货单), part of
:data:`station.ui.messages.MESSAGES`, translated in the "Messages" context."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

BATCH_MESSAGES = {
    "batch_left": QT_TRANSLATE_NOOP("Messages", "Batch {batch}: {left} of {total} left"),
    "batch_preprinted": QT_TRANSLATE_NOOP("Messages", "waybill printed with the batch"),
    "batch_packed_all": QT_TRANSLATE_NOOP("Messages", "Batch {batch} is packed: every order done"),
    "batch_grouped": QT_TRANSLATE_NOOP("Messages", "New batches: {n}; orders in them: {orders}"),
    "batch_nothing_to_group": QT_TRANSLATE_NOOP("Messages", "No open order waits for a batch"),
    "batch_choose_first": QT_TRANSLATE_NOOP(
        "Messages", "Choose a batch in the list first, or scan its barcode"
    ),
    "batch_choose_order_first": QT_TRANSLATE_NOOP(
        "Messages", "Choose the order whose label is to be printed again in the batch's list"
    ),
    "batch_created": QT_TRANSLATE_NOOP("Messages", "Batch {batch} made; orders: {n}"),
    "batch_printed": QT_TRANSLATE_NOOP(
        "Messages", "Batch {batch}: waybills sent to the label printer: {n}"
    ),
    "batch_reprinted": QT_TRANSLATE_NOOP(
        "Messages", "Batch {batch}: label {seq} sent to the printer again"
    ),
    "batch_pick_list_printed": QT_TRANSLATE_NOOP(
        "Messages", "Batch {batch}: pick list sent to the document printer"
    ),
    "found_batch": QT_TRANSLATE_NOOP("Messages", "Batch {number}"),
    "batch_closed_done": QT_TRANSLATE_NOOP("Messages", "Batch {batch} closed"),
    "batch_dissolved": QT_TRANSLATE_NOOP(
        "Messages", "Batch {batch} dissolved: its orders wait for another batch"
    ),
    "batch_marked_picked": QT_TRANSLATE_NOOP("Messages", "Batch {batch} picked"),
    "batch_unknown": QT_TRANSLATE_NOOP("Messages", "No batch {number}"),
    "batch_printed_already": QT_TRANSLATE_NOOP(
        "Messages", "The waybills of batch {number} were printed already: reprint one label"
    ),
    "batch_not_open": QT_TRANSLATE_NOOP("Messages", "Batch {number} is {state}, not open"),
    "batch_no_label_printer": QT_TRANSLATE_NOOP(
        "Messages", "No label printer is set up: Settings, Devices"
    ),
    "batch_waybill_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Nothing printed: order {order} has no waybill number ({reason}). "
        "Take it out of the batch or fix that first",
    ),
    "batch_order_not_open": QT_TRANSLATE_NOOP(
        "Messages", "Order {number} is {status}: only open orders go in a batch"
    ),
    "batch_nothing_to_print": QT_TRANSLATE_NOOP(
        "Messages", "Batch {number}: no order of it is left to pack"
    ),
    "batch_not_printed": QT_TRANSLATE_NOOP(
        "Messages", "The waybills of batch {number} are not printed yet"
    ),
    "batch_no_label": QT_TRANSLATE_NOOP(
        "Messages", "Batch {number} has no label {seq} (it has {total})"
    ),
    "batch_label_not_to_ship": QT_TRANSLATE_NOOP(
        "Messages",
        "Batch {number}, label {seq}: order {order} must not ship ({status}); "
        "its label is not printed again",
    ),
    "batch_state": QT_TRANSLATE_NOOP("Messages", "Batch {number} is {state}: not possible now"),
    "batch_no_orders": QT_TRANSLATE_NOOP("Messages", "Choose the orders first"),
    "batch_unknown_order": QT_TRANSLATE_NOOP("Messages", "No order {number}"),
    "batch_order_taken": QT_TRANSLATE_NOOP(
        "Messages", "Order {number} is in batch {batch} already"
    ),
    "batch_too_many": QT_TRANSLATE_NOOP(
        "Messages", "Orders chosen: {n}; a batch takes at most {max}"
    ),
    "batch_no_document_printer": QT_TRANSLATE_NOOP(
        "Messages", "No document printer is set up: Settings, Devices"
    ),
    "waybill_unavailable": QT_TRANSLATE_NOOP(
        "Messages", "Order {order}: no waybill number can be had now (head office away, pool empty)"
    ),
    "job_kind_batch_waybills": QT_TRANSLATE_NOOP("Messages", "batch waybills"),
    "job_kind_pick_list": QT_TRANSLATE_NOOP("Messages", "pick list"),
    "batch_state_open": QT_TRANSLATE_NOOP("Messages", "open"),
    "batch_state_printed": QT_TRANSLATE_NOOP("Messages", "waybills printed"),
    "batch_state_picked": QT_TRANSLATE_NOOP("Messages", "picked"),
    "batch_state_packed": QT_TRANSLATE_NOOP("Messages", "packed"),
    "batch_state_closed": QT_TRANSLATE_NOOP("Messages", "closed"),
    "batch_state_cancelled": QT_TRANSLATE_NOOP("Messages", "cancelled"),
    "batch_rule_single": QT_TRANSLATE_NOOP("Messages", "single item"),
    "batch_rule_multi": QT_TRANSLATE_NOOP("Messages", "shared SKU"),
    "batch_rule_mixed": QT_TRANSLATE_NOOP("Messages", "mixed"),
    "batch_rule_manual": QT_TRANSLATE_NOOP("Messages", "by hand"),
}
