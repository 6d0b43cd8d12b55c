"""Pack-out against the demo database: every rule through the service."""

import json

import pytest

from station.core.scan import Scan
from station.db.models import (
    AuditEntry,
    OutboxRecord,
    PackedItem,
    Parcel,
    Product,
    SalesOrder,
    TrackingNumber,
)
from station.resources import read_json
from station.services.operators import Session
from station.services.packing import PackError


@pytest.fixture
def svc(demo_services):
    return demo_services.packing


def session(name="张伟"):
    from station.db.models import Operator

    return Session(Operator.get(Operator.name == name), "bench")


def ean(sku, pack=1):
    for p in read_json("demo", "products.json"):
        if p["sku"] == sku:
            return next(
                b["code"] for b in p["barcodes"] if b["kind"] == "gtin" and b["pack_qty"] == pack
            )
    raise KeyError(sku)


def open_order(svc, number, who="张伟"):
    verdict, state = svc.open(Scan(number), session(who))
    assert state is not None, verdict
    return state.order


def outcomes(svc, order, *codes, qty=1):
    return [svc.scan_item(order, Scan(c), session(), qty=qty)[0].code for c in codes]


def test_happy_path_closes_with_a_tracking_number(svc):
    order = open_order(svc, "2611230002")  # 2 cups, 2 towels, YTO
    assert outcomes(svc, order, ean("CUP-350"), ean("TOWEL-M"), ean("CUP-350"), ean("TOWEL-M")) == [
        "packed",
        "packed",
        "packed_line_done",
        "packed_line_done",
    ]
    assert svc.state(order).complete
    result = svc.close(order, session())
    assert result.tracking_number.startswith("YT")
    assert SalesOrder.get_by_id(order.id).status == "packed"
    tn = TrackingNumber.get(TrackingNumber.number == result.tracking_number)
    assert tn.status == "used" and tn.parcel_id == result.parcel.id
    record = OutboxRecord.get(OutboxRecord.record_uuid == result.parcel.uuid)
    payload = json.loads(record.payload)
    assert payload["tracking_number"] == result.tracking_number
    assert sorted(i["sku"] for i in payload["items"]) == [
        "CUP-350",
        "CUP-350",
        "TOWEL-M",
        "TOWEL-M",
    ]


def test_wrong_item_and_extra_unit_refused_and_not_counted(svc):
    order = open_order(svc, "2611230002")
    assert outcomes(svc, order, ean("TEA-100")) == ["wrong_item"]
    assert outcomes(svc, order, ean("CUP-350"), ean("CUP-350"), ean("CUP-350")) == [
        "packed",
        "packed_line_done",
        "extra_unit",
    ]
    assert PackedItem.select().count() == 2


def test_carton_code_counts_its_pack_quantity_and_the_qty_key(svc):
    order = open_order(svc, "2611230010")  # 6 pens, 6 notebooks, 1 gift socks
    assert outcomes(svc, order, ean("PEN-12"), qty=6) == ["packed_line_done"]
    assert outcomes(svc, order, ean("NOTE-A5", pack=12)) == ["too_many"]  # a carton of 12 > 6
    assert outcomes(svc, order, ean("NOTE-A5"), qty=7) == ["too_many"]


def test_serial_numbers_from_gs1_codes(svc):
    order = open_order(svc, "2611230004")  # earbuds (serial-tracked), 2 cables, gift case
    gtin14 = "0" + ean("BUDS-X2")
    assert outcomes(svc, order, ean("BUDS-X2")) == ["serial_needed"]
    assert outcomes(svc, order, f"01{gtin14}21SN-0001") == ["packed_line_done"]
    assert PackedItem.get().serial == "SN-0001"


def test_held_cancelled_and_unknown_orders_refused(svc):
    for number, code in (
        ("2611230008", "order_held"),
        ("2611230009", "order_cancelled"),
        ("NOPE", "unknown_order"),
    ):
        verdict, state = svc.open(Scan(number), session())
        assert (verdict.code, state) == (code, None)


def test_an_order_is_never_packed_twice_without_a_supervisor(svc):
    order = open_order(svc, "2611230005")
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    tracking = svc.close(order, session()).tracking_number
    for code in ("2611230005", "PT-2611230005", tracking):  # order, pick ticket, tracking number
        verdict, state = svc.open(Scan(code), session())
        assert verdict.code == "already_packed" and state is None
    verdict, state = svc.open(Scan("2611230005"), session(), override_by=session("王芳").operator)
    assert state is not None
    entry = AuditEntry.get(AuditEntry.action == "duplicate_override")
    assert (entry.operator.name, entry.approved_by.name) == ("张伟", "王芳")


def test_short_shipment_needs_a_supervisor_and_makes_a_linked_reship(svc):
    order = open_order(svc, "2611230006")  # 2 honey, 1 tea
    outcomes(svc, order, ean("HONEY-500"))
    honey = next(ln for ln in svc.state(order).lines if ln.sku == "HONEY-500")
    tea = next(ln for ln in svc.state(order).lines if ln.sku == "TEA-100")
    with pytest.raises(PackError) as exc:
        svc.close(order, session())
    assert exc.value.code == "units_missing"
    shorts = {honey.line_id: 1, tea.line_id: 1}
    with pytest.raises(PackError, match="short_needs_supervisor"):
        svc.close(order, session(), shorts=shorts)
    with pytest.raises(PackError, match="short_needs_supervisor"):
        svc.close(order, session(), shorts=shorts, approved_by=session("张伟").operator)
    result = svc.close(
        order,
        session(),
        shorts=shorts,
        short_reason="out_of_stock",
        approved_by=session("王芳").operator,
    )
    reship = result.reship
    assert reship.parent_id == order.id and reship.number == "2611230006-R1"
    assert sorted((ln.product.sku, ln.qty) for ln in reship.lines) == [
        ("HONEY-500", 1),
        ("TEA-100", 1),
    ]
    assert OutboxRecord.get(OutboxRecord.kind == "reship_created").record_uuid == reship.uuid
    payload = json.loads(OutboxRecord.get(OutboxRecord.record_uuid == result.parcel.uuid).payload)
    assert payload["shorts"] == {"HONEY-500": 1, "TEA-100": 1}


def test_interrupted_pack_resumes_where_it_stopped(demo_services):
    svc = demo_services.packing
    order = open_order(svc, "2611230002")
    outcomes(svc, order, ean("CUP-350"))
    # the station restarts: a new service over the same database
    from station.app import build_services

    again = build_services(
        demo_services.data_dir, demo_services.settings, demo_services.store, demo=True
    )
    assert again.packing.interrupted().number == "2611230002"
    verdict, state = again.packing.open(Scan("2611230002"), session())
    assert verdict.code == "order_resumed"
    cup = next(ln for ln in state.lines if ln.sku == "CUP-350")
    assert cup.packed == 1


def test_weight_check(svc):
    order = open_order(svc, "2611230002")  # 2x280 + 2x120 + 60 packaging = 860 g
    outcomes(svc, order, ean("CUP-350"), ean("CUP-350"), ean("TOWEL-M"), ean("TOWEL-M"))
    assert svc.state(order).expected_g == 860
    with pytest.raises(PackError) as exc:
        svc.close(order, session(), weight_g=1100)
    assert exc.value.params == {"measured": 1100, "expected": 860}
    result = svc.close(order, session(), weight_g=1100, weight_approved_by=session("王芳").operator)
    assert result.parcel.weight_g == 1100
    assert AuditEntry.get(AuditEntry.action == "approved:weight_off").approved_by.name == "王芳"


def test_unknown_weight_is_learned_from_a_verified_parcel(svc):
    Product.update(weight_g=None).where(Product.sku == "SOCK-5P").execute()
    order = open_order(svc, "2611230005")  # 2 socks
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    assert svc.state(order).expected_g is None
    result = svc.close(order, session(), weight_g=60 + 2 * 205)
    assert result.learned[1] == 205
    socks = Product.get(Product.sku == "SOCK-5P")
    assert (socks.weight_g, socks.weight_learned) == (205, True)


def test_several_parcels_per_order(svc):
    order = open_order(svc, "2611230002")
    outcomes(svc, order, ean("CUP-350"), ean("CUP-350"))
    first = svc.close(order, session(), final=False)
    assert SalesOrder.get_by_id(order.id).status == "packing"
    outcomes(svc, order, ean("TOWEL-M"), ean("TOWEL-M"))
    second = svc.close(order, session())
    assert first.tracking_number != second.tracking_number
    assert [
        p.seq for p in Parcel.select().where(Parcel.sales_order == order).order_by(Parcel.seq)
    ] == [1, 2]


def test_empty_parcel_and_empty_pool_are_refused(svc):
    order = open_order(svc, "2611230002")
    with pytest.raises(PackError, match="parcel_empty"):
        svc.close(order, session())
    TrackingNumber.update(status="void").execute()
    outcomes(svc, order, ean("CUP-350"), ean("CUP-350"), ean("TOWEL-M"), ean("TOWEL-M"))
    with pytest.raises(PackError) as exc:
        svc.close(order, session())
    assert exc.value.code == "pool_empty"
    assert SalesOrder.get_by_id(order.id).status == "packing"  # nothing half-done


def test_void_retires_the_number_and_the_order_is_packed_again(svc):
    order = open_order(svc, "2611230005")
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    result = svc.close(order, session())
    with pytest.raises(PackError, match="void_needs_supervisor"):
        svc.void_parcel(result.parcel, session().operator, "label torn")
    svc.void_parcel(result.parcel, session("王芳").operator, "label torn")
    assert TrackingNumber.get(TrackingNumber.number == result.tracking_number).status == "void"
    assert SalesOrder.get_by_id(order.id).status == "packing"
    assert OutboxRecord.get(OutboxRecord.kind == "parcel_voided")
    # the units count again as not packed; a new parcel gets a new number
    verdict, state = svc.open(Scan("2611230005"), session())
    assert verdict.code == "order_resumed"
    assert next(ln for ln in state.lines if ln.sku == "SOCK-5P").packed == 0
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    again = svc.close(order, session())
    assert again.tracking_number != result.tracking_number


def test_low_pool_is_warned_at_close(svc):
    from station.db.models import CarrierAccount

    CarrierAccount.update(low_water=500).where(CarrierAccount.carrier == "YD").execute()
    order = open_order(svc, "2611230005")  # carrier YD, 200 numbers in the demo pool
    outcomes(svc, order, ean("SOCK-5P"), ean("SOCK-5P"))
    assert svc.close(order, session()).warnings == ["YD:199"]
