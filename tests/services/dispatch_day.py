"""A bench's day up to dispatch: demo orders packed and closed through pack-out."""

from station.core.scan import Scan
from station.db.models import Operator, Parcel, SalesOrder
from station.resources import read_json
from station.services.operators import Session


def session(name="张伟") -> Session:
    return Session(Operator.get(Operator.name == name), "bench")


def supervisor() -> Operator:
    return Operator.get(Operator.name == "王芳")


def ean(sku: str) -> str:
    p = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return next(b["code"] for b in p["barcodes"] if b["kind"] == "gtin" and b["pack_qty"] == 1)


def pack(services, number: str) -> Parcel:
    """Open ``number``, scan every unit, acknowledge any remark, close the parcel."""
    svc = services.packing
    verdict, state = svc.open(Scan(number), session())
    assert state is not None, verdict
    order = state.order
    for line in state.lines:
        for _ in range(line.qty):
            v, _s = svc.scan_item(order, Scan(ean(line.sku)), session())
    if hasattr(svc, "acknowledge_remark") and order.seller_remark:
        svc.acknowledge_remark(order, session())
    result = svc.close(order, session())
    assert SalesOrder.get_by_id(order.id).status == "packed"
    return result.parcel
