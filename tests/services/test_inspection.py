"""Inspection by sampling on a real receipt: plan, defects, verdict, quarantine."""

import json

import pytest

from station.db.models import OutboxRecord, Product, ReceiptLine
from station.services.inspection import InspectionError
from station.services.receiving import ReceivingService
from tests.services.test_receiving import TODAY, tea


@pytest.fixture
def received(demo_services):
    svc = ReceivingService(demo_services.store.db, "b1", today=lambda: TODAY)
    receipt = svc.open("PO-2611-001", None)
    svc.scan(receipt, tea(count=20))  # 240 TEA-100, lot L2611
    return receipt, Product.get(Product.sku == "TEA-100")


def test_plan_from_the_supplier_aql_and_a_clean_sample_accepts(demo_services, received):
    receipt, tea_product = received
    insp = demo_services.inspection.start(receipt, tea_product)
    # lot 240, level II -> G; the supplier's AQL 1.0 -> arrow down to H: n=50, Ac 1, Re 2
    assert (insp.lot_size, insp.code_letter, insp.sample_size) == (240, "G", 50)
    assert (insp.accept_no, insp.reject_no, insp.aql) == (1, 2, 1.0)
    demo_services.inspection.record_defect(insp, "SCRATCH", "minor")
    assert demo_services.inspection.decide(insp) == "accepted"
    assert {ln.status for ln in receipt.lines} == {"accepted"}
    sent = OutboxRecord.select().where(OutboxRecord.kind == "inspection").get()
    assert json.loads(sent.payload)["result"] == "accepted"


def test_reject_number_reached_rejects_and_quarantines(demo_services, received, tmp_path):
    receipt, tea_product = received
    photo = tmp_path / "dent.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    insp = demo_services.inspection.start(receipt, tea_product, aql=2.5)
    assert (insp.sample_size, insp.accept_no, insp.reject_no) == (32, 2, 3)
    d = demo_services.inspection.record_defect(insp, "DENT", "major", qty=2, photo=photo)
    stored = demo_services.data_dir.root / "photos" / d.photo_path
    assert stored.read_bytes() == photo.read_bytes()
    demo_services.inspection.record_defect(insp, "LABEL", "minor")
    assert demo_services.inspection.decide(insp) == "rejected"
    lines = list(ReceiptLine.select().where(ReceiptLine.receipt == receipt))
    assert {ln.status for ln in lines} == {"quarantine"}
    assert lines[0].reason.startswith("inspection_rejected:")
    with pytest.raises(InspectionError) as info:
        demo_services.inspection.record_defect(insp, "X", "minor")
    assert info.value.code == "inspect.decided"


def test_one_critical_defect_rejects_and_hold_is_kept(demo_services, received):
    receipt, tea_product = received
    insp = demo_services.inspection.start(receipt, tea_product, lot="L2611")
    demo_services.inspection.record_defect(insp, "MOULD", "critical")
    assert demo_services.inspection.decide(insp) == "rejected"
    second = demo_services.inspection.start(receipt, tea_product)
    assert demo_services.inspection.decide(second, hold=True) == "held"


def test_bad_input_is_refused_with_codes(demo_services, received, tmp_path):
    receipt, tea_product = received
    svc = demo_services.inspection
    insp = svc.start(receipt, tea_product)
    for kwargs, code in (
        ({"code": "X", "severity": "awful"}, "inspect.bad_severity"),
        ({"code": " ", "severity": "minor"}, "inspect.no_code"),
        ({"code": "X", "severity": "minor", "qty": 51}, "inspect.bad_quantity"),
        ({"code": "X", "severity": "minor", "photo": tmp_path / "a.exe"}, "inspect.photo_type"),
        ({"code": "X", "severity": "minor", "photo": tmp_path / "no.jpg"}, "inspect.photo_missing"),
    ):
        with pytest.raises(InspectionError) as info:
            svc.record_defect(insp, **kwargs)
        assert info.value.code == code
    honey = Product.get(Product.sku == "HONEY-500")
    with pytest.raises(InspectionError) as info:
        svc.start(receipt, honey)
    assert info.value.code == "inspect.nothing_received"
    with pytest.raises(InspectionError) as info:
        svc.start(receipt, tea_product, aql=3.3)
    assert info.value.code == "inspect.unknown_aql"
