"""Each exception of the day is counted once, however many audit entries it leaves:
a day built through the services as the pages drive them (the supervisor approves on
the approval dialog's service, then the page's service does the act), read back from
the board's exceptions list and from ``station report daily --format json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from station.core.scan import Scan
from station.db.models import AuditEntry, Operator
from station.resources import read_json
from station.services.daily import day_figures
from station.services.operators import Session
from station.ui.board.exceptions import ExceptionsList


def op(name: str) -> Operator:
    return Operator.get(Operator.name == name)


def ean(sku: str) -> str:
    for p in read_json("demo", "products.json"):
        if p["sku"] == sku:
            return next(
                b["code"] for b in p["barcodes"] if b["kind"] == "gtin" and b["pack_qty"] == 1
            )
    raise KeyError(sku)


def approve(services, action: str, **audit) -> Operator:
    """What the approval dialog does when 王芳 picks her name and types her PIN."""
    return services.operators.approve(
        action, op("张伟"), supervisor_id=op("王芳").id, pin="9876", **audit
    )


def short_shipment(services, number: str) -> None:
    packing, me = services.packing, Session(op("张伟"), "bench")
    _, state = packing.open(Scan(number), me)
    order = state.order
    first = state.lines[0]
    packing.scan_item(order, Scan(ean(first.sku)), me)
    shorts = {ln.line_id: ln.remaining for ln in packing.state(order).lines if ln.remaining}
    sup = approve(services, "short_ship", entity="sales_order", entity_uuid=order.uuid)
    packing.close(order, me, shorts=shorts, short_reason="out_of_stock", approved_by=sup)


def report_json(services) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "station", "report", "daily", "--format", "json", "-o", "-"]
        + ["--data-dir", str(services.data_dir.root)],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_each_short_shipment_override_and_void_counts_once(qtbot, demo_services):
    s = demo_services
    short_shipment(s, "2611230006")  # 2 honey, 1 tea: one honey packed, the rest short
    assert AuditEntry.select().where(AuditEntry.action == "approved:short_ship").count() == 2

    # a weight override: the dialog's grant, then the close with the approver
    packing, me = s.packing, Session(op("张伟"), "bench")
    _, state = packing.open(Scan("2611230002"), me)
    for sku in ("CUP-350", "CUP-350", "TOWEL-M", "TOWEL-M"):
        packing.scan_item(state.order, Scan(ean(sku)), me)
    sup = approve(s, "weight_off")
    closed = packing.close(state.order, me, weight_g=1100, weight_approved_by=sup)

    # the waybill voided from the print queue: grant, then the parcel's void
    sup = approve(s, "void_waybill", entity="parcel", entity_uuid=closed.parcel.uuid)
    packing.void_parcel(closed.parcel, sup, "label smudged")

    # the packed order scanned again, packed again with a supervisor's approval
    sup = approve(s, "duplicate_override")
    _, again = packing.open(Scan("2611230006"), me, override_by=sup)
    assert again is not None

    # an over-receipt at goods-in: refused, approved, received
    receipt = s.receiving.open("PO-2611-001", op("李娜"))
    tea = "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L2611\x1d" + "37"
    s.receiving.scan(receipt, tea + "20", operator=op("李娜"))  # all 240 ordered
    sup = approve(s, "over_receipt", entity="receipt", entity_uuid=receipt.uuid)
    over = s.receiving.scan(receipt, tea + "2", operator=op("李娜"), approved_by=sup)
    assert over.discrepancy == "over"

    x = day_figures(date.today(), s.settings).exceptions
    # overrides: the weight, the duplicate, the over-receipt; each once
    assert (x.shorts, x.reships, x.overrides, x.voids) == (1, 1, 3, 1)

    board = ExceptionsList()
    qtbot.addWidget(board)
    board.resize(600, 900)
    board.show_exceptions(day_figures(date.today(), s.settings))
    shown = board.shown_texts()
    for text in ("Shorts shipped: 1", "Reships: 1", "Supervisor overrides: 3", "Voids: 1"):
        assert text in shown, shown

    got = report_json(s)["exceptions"]
    assert (got["shorts"], got["reships"], got["overrides"], got["voids"]) == (1, 1, 3, 1)


def test_two_short_shipments_count_two(demo_services):
    short_shipment(demo_services, "2611230006")
    short_shipment(demo_services, "2611230002")
    x = day_figures(date.today(), demo_services.settings).exceptions
    assert (x.shorts, x.reships, x.overrides) == (2, 2, 0)
    assert report_json(demo_services)["exceptions"]["shorts"] == 2
