import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.db.models import PurchaseOrder, PurchaseOrderLine, Supplier
from station.services.po_import import import_purchase_orders

HEADER = "po_number,supplier_code,supplier_name,expected_at,sku,qty,unit_price\n"
ROWS = (
    "PO-T1,SUP-HZTEA,,2026-11-25 09:00,TEA-100,120,18.50\n"
    "PO-T1,SUP-HZTEA,,2026-11-25 09:00,HONEY-500,48,32.00\n"
    "PO-T2,SUP-NEW,宁波新供应商有限公司,,CUP-350,200,\n"
)


@pytest.fixture
def db(demo_services):
    return demo_services.store.db


def run(db, text, encoding="utf-8", **kw):
    return import_purchase_orders(db, "b1", text.encode(encoding), **kw)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding(db, encoding):
    result = run(db, HEADER + ROWS, encoding)
    assert result.ok and (result.orders, result.lines) == (2, 3), result.rejected
    po = PurchaseOrder.get(PurchaseOrder.number == "PO-T1")
    lines = po.lines.order_by(PurchaseOrderLine.line_no)
    assert [(ln.product.sku, ln.qty_ordered, ln.unit_price_fen) for ln in lines] == [
        ("TEA-100", 120, 1850),
        ("HONEY-500", 48, 3200),
    ]
    assert po.supplier.code == "SUP-HZTEA" and po.expected_at is not None
    new = PurchaseOrder.get(PurchaseOrder.number == "PO-T2")
    assert new.supplier.name == "宁波新供应商有限公司"
    assert new.lines.get().unit_price_fen is None


def test_reimport_adds_nothing_and_a_change_is_a_conflict(db):
    assert run(db, HEADER + ROWS).orders == 2
    before = PurchaseOrderLine.select().count()
    again = run(db, HEADER + ROWS)
    assert (again.orders, again.already, again.conflicts) == (0, 2, [])
    changed = run(db, HEADER + ROWS.replace("TEA-100,120", "TEA-100,999"))
    assert changed.conflicts == ["PO-T1"] and changed.already == 1
    assert PurchaseOrderLine.select().count() == before
    line = PurchaseOrder.get(PurchaseOrder.number == "PO-T1").lines.order_by(
        PurchaseOrderLine.line_no
    )[0]
    assert line.qty_ordered == 120  # never overwritten


def test_bad_rows_are_listed_and_nothing_is_imported(db):
    bad = (
        HEADER
        + ROWS
        + "PO-T3,SUP-NOPE,,,CUP-350,1,\n"
        + "PO-T4,SUP-YWDR,,,NO-SUCH,1,\n"
        + "PO-T5,SUP-YWDR,,,CUP-350,-2,\n"
        + "PO-T6,SUP-YWDR,,,CUP-350,1,abc\n"
        + "PO-T7,SUP-YWDR,,next week,CUP-350,1,\n"
        + "PO-T1,SUP-YWDR,,,CUP-350,1,\n"
        + ",SUP-YWDR,,,CUP-350,1,\n"
    )
    before = (PurchaseOrder.select().count(), Supplier.select().count())
    result = run(db, bad)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (5, "unknown_supplier"),
        (6, "unknown_sku"),
        (7, "bad_quantity"),
        (8, "bad_amount"),
        (9, "bad_time"),
        (10, "order_differs"),
        (11, "missing"),
    ]
    assert (PurchaseOrder.select().count(), Supplier.select().count()) == before


def test_json_file(db):
    data = [
        {
            "number": "PO-J1",
            "supplier_code": "SUP-SZDZ",
            "expected_at": "2026-11-26T10:00:00+08:00",
            "lines": [{"sku": "CUP-350", "qty": 12, "unit_price": "4.20"}],
        }
    ]
    result = run(db, json.dumps(data, ensure_ascii=False), kind="json")
    assert result.ok and result.orders == 1
    po = PurchaseOrder.get(PurchaseOrder.number == "PO-J1")
    assert po.expected_at.hour == 2  # stored in UTC
    assert run(db, '{"not": "a list"}', kind="json").rejected[0].reason == "unreadable"
    assert run(db, "[1]", kind="json").rejected[0].reason == "not_a_purchase_order"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_garbage_is_refused_never_a_crash(db, blob):
    for kind in ("csv", "json"):
        result = import_purchase_orders(db, "b1", blob, kind=kind)
        assert result.ok or result.orders == 0  # refused files write nothing
        assert all(r.reason for r in result.rejected)


def test_cli_import_purchase_orders(tmp_path):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    assert cli("demo").returncode == 0
    f = tmp_path / "po.csv"
    f.write_bytes((HEADER + ROWS).encode("gbk"))
    r = cli("import", "purchase-orders", str(f))
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout.splitlines()[-1])
    assert (summary["imported_orders"], summary["imported_lines"]) == (2, 3)
    assert summary["encoding"] == "gb18030"
    r = cli("import", "purchase-orders", str(f))
    assert json.loads(r.stdout.splitlines()[-1])["already_there"] == 2
    f.write_text(HEADER + "PO-X,SUP-HZTEA,,,NOPE,1,\n")
    r = cli("import", "purchase-orders", str(f))
    first = json.loads(r.stdout.splitlines()[0])
    assert r.returncode == 1
    assert (first["line"], first["column"], first["refused"], first["detail"]) == (
        2,
        "sku",
        "unknown_sku",
        "NOPE",
    )
