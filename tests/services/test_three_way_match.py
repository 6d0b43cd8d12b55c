import json

import pytest

from station.db.models import OutboxRecord, PurchaseOrder
from station.services.receiving import ReceivingService
from station.services.three_way_match import MatchError, match, parse_invoice
from tests.services.test_receiving import TODAY, tea


@pytest.fixture
def po(demo_services):
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: TODAY)
    receipt = svc.open("PO-2611-001", None)
    svc.scan(receipt, tea(count=10))  # 120 of 240 tea at ¥68.00
    svc.close(receipt)
    return PurchaseOrder.get(PurchaseOrder.number == "PO-2611-001")


def test_matching_invoice_has_no_problems(demo_services, po):
    inv = parse_invoice(b"sku,qty,unit_price\nTEA-100,120,68.00\n")
    rows = match(demo_services.store.db, "b1", po, inv, "INV-1")
    by = {r.sku: r for r in rows}
    assert by["TEA-100"].problems == () and by["TEA-100"].received == 120
    assert by["HONEY-500"].problems == ()  # nothing received, nothing invoiced


def test_every_kind_of_mismatch(demo_services, po):
    csv_text = "sku,qty,unit_price\nTEA-100,240,70.00\nPEN-12,5,3.00\n"
    rows = match(demo_services.store.db, "b1", po, parse_invoice(csv_text.encode("gbk")), "INV-2")
    by = {r.sku: r.problems for r in rows}
    assert by == {
        "TEA-100": ("invoiced_more_than_received", "price_differs"),
        "HONEY-500": (),
        "PEN-12": ("not_on_po", "invoiced_more_than_received"),
    }
    sent = json.loads(
        OutboxRecord.select().where(OutboxRecord.kind == "invoice_match").get().payload
    )
    assert sent["invoice"] == "INV-2" and len(sent["rows"]) == 3


def test_received_but_not_invoiced(demo_services, po):
    rows = match(
        demo_services.store.db, "b1", po, parse_invoice(b"sku,qty,unit_price\nHONEY-500,1,35\n")
    )
    by = {r.sku: r.problems for r in rows}
    assert by["TEA-100"] == ("received_not_invoiced",)
    assert by["HONEY-500"] == ("invoiced_more_than_received",)


@pytest.mark.parametrize(
    "data, code",
    [
        (b"sku,qty,unit_price\n", "match.empty"),
        (b"sku,qty,unit_price\nTEA-100,abc,1\n", "match.bad_row"),
        (b"sku,qty,unit_price\n,1,1\n", "match.bad_row"),
        (b"sku,qty,unit_price\nTEA-100,1,-2\n", "match.bad_row"),
        (b"\xff\xfe\x00garbage\x81", "match.unreadable"),
    ],
)
def test_bad_invoice_files_are_refused(data, code):
    with pytest.raises(MatchError) as info:
        parse_invoice(data)
    assert info.value.code == code


def test_cli_import_invoice(tmp_path):
    import subprocess
    import sys

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    assert cli("demo").returncode == 0
    f = tmp_path / "inv.csv"
    f.write_text("sku,qty,unit_price\nTEA-100,10,68.00\n")
    r = cli("import", "invoice", str(f), "--po", "PO-2611-001", "--ref", "INV-9")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 1 and rows[-1] == {
        "purchase_order": "PO-2611-001",
        "lines": 2,
        "mismatches": 1,
    }
    assert rows[0]["problems"] == ["invoiced_more_than_received"]  # nothing received yet
    r = cli("import", "invoice", str(f), "--po", "PO-NOPE")
    assert r.returncode == 2 and "no purchase order" in r.stderr
