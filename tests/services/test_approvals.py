"""Every approved write checks its approver where the data is written: a packer
cannot approve their own exception through another path, nor can a supervisor
who is locked out, deactivated or not a stored operator at all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from station.core.scan import Scan
from station.db.models import AuditEntry, Operator, Product, utcnow
from station.services.packing import PackError
from station.services.receiving import ReceiveError, ReceivingService
from station.services.tracking_pool import PoolError
from tests.services.test_packing import ean, open_order, outcomes, session


def packer():
    return Operator.get(Operator.name == "张伟")


def not_approvers():
    """A packer, a fake 'supervisor' never stored, a locked and a deactivated one."""
    sup = Operator.get(Operator.name == "王芳")
    locked = Operator.create(
        name="锁定主管", role="supervisor", pin_hash="x", locked_until=utcnow() + timedelta(hours=1)
    )
    gone = Operator.create(name="离职主管", role="supervisor", pin_hash="x", active=False)
    return {
        "packer": packer(),
        "fake": Operator(name="假主管", role="supervisor", pin_hash="x"),
        "locked": locked,
        "inactive": gone,
        "supervisor": sup,
    }


@pytest.mark.parametrize("who", ["packer", "fake", "locked", "inactive"])
def test_packing_paths_refuse_a_non_approver(demo_services, who):
    svc = demo_services.packing
    bad = not_approvers()[who]
    # a duplicate: the override is ignored, the guard stands
    order = open_order(svc, "2611230005")
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    result = svc.close(order, session())
    verdict, state = svc.open(Scan("2611230005"), session(), override_by=bad)
    assert verdict.code == "already_packed" and state is None
    # a void
    with pytest.raises(PackError, match="void_needs_supervisor"):
        svc.void_parcel(result.parcel, bad, "torn")
    # a short shipment and an off weight
    order = open_order(svc, "2611230002")
    outcomes(svc, order, ean("CUP-350"), ean("CUP-350"), ean("TOWEL-M"))
    towel = next(ln for ln in svc.state(order).lines if ln.sku == "TOWEL-M")
    with pytest.raises(PackError, match="short_needs_supervisor"):
        svc.close(order, session(), shorts={towel.line_id: 1}, approved_by=bad)
    outcomes(svc, order, ean("TOWEL-M"))
    with pytest.raises(PackError, match="weight_off"):
        svc.close(order, session(), weight_g=2000, weight_approved_by=bad)
    # a tracking number voided
    with pytest.raises(PoolError, match="void_needs_supervisor"):
        demo_services.tracking.void(result.tracking_number, bad, "torn")
    assert not AuditEntry.select().where(AuditEntry.approved_by == bad.id).exists() or who == "fake"


@pytest.mark.parametrize("who", ["packer", "fake", "locked", "inactive"])
def test_receiving_paths_refuse_a_non_approver(demo_services, who):
    bad = not_approvers()[who]
    svc = ReceivingService(demo_services.store.db, demo_services.bench_id)
    receipt = svc.open("PO-2611-001", None)
    carton = "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L1\x1d37"
    svc.scan(receipt, carton + "20")  # all 240
    with pytest.raises(ReceiveError, match="over_needs_supervisor"):
        svc.scan(receipt, carton + "5", operator=packer(), approved_by=bad)
    with pytest.raises(ReceiveError, match="link_needs_supervisor"):
        svc.link_barcode("SUPPLIER-1", Product.get(Product.sku == "TEA-100"), approved_by=bad)


def test_a_real_supervisor_still_approves(demo_services):
    sup = not_approvers()["supervisor"]
    svc = ReceivingService(demo_services.store.db, demo_services.bench_id)
    receipt = svc.open("PO-2611-001", None)
    carton = "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L1\x1d37"
    svc.scan(receipt, carton + "20")
    got = svc.scan(receipt, carton + "5", operator=packer(), approved_by=sup)
    assert got.discrepancy == "over"
