"""The carrier's service on the waybills the station draws (product 标快/特惠,
payment 寄付月结, 保价), from each of its sources, through the real path: the
reference head office on 127.0.0.1 with the platform simulator behind it, the
bench's SQLite store, an order import, pack-out, and the waybill rendered as a
PDF (pdftotext), TSPL (its text commands) and ZPL (rasterised by the ZPL
emulator: the element's box is inked, or blank). Where no source has a value,
nothing is printed."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import replace

import pytest

from station.core.routing import RoutingTableError, insured_text
from station.db.models import Parcel, SalesOrder
from station.ewaybill.common import service_from_print_data
from station.labels.layout import load_template
from station.services.order_import import import_orders
from station.services.routing import parcel_routing
from station.sync.downloader import Downloader
from tests.barcodes import pdf_text, render_zpl
from tests.ewaybill import test_bench_end_to_end as e2e
from tests.ewaybill.test_bench_end_to_end import pack
from tests.ewaybill.test_routing_on_labels import release_plain
from tests.services.test_waybill_privacy_routing import pack as pack_pool

platforms, office = e2e.platforms, e2e.office

SIZES = ("76x130", "100x180", "100x150")
OPTION = {
    "code": "STANDARD_EXPRESS",
    "title": "标准快递",
    "services": {"SVC-INSURE": {"value": "1"}},
}


def squeeze(s: str) -> str:
    return "".join(s.split())


def ink(services, parcel, size: str, field: str) -> list[int]:
    """Black pixels inside each box of the ``size`` template's text elements that
    print ``field``, on the ZPL label rasterised at 203 dpi by the emulator."""
    (img,) = render_zpl(services.documents.waybill(parcel, "zpl", size, dpi=203), dpi=203)
    img = img.convert("L")
    dots = 203 / 25.4
    out = []
    for el in load_template(f"waybill_{size}").elements:
        if el.type == "text" and el.text.strip() == "{" + field + "}":
            box = tuple(round(v * dots) for v in (el.x, el.y, el.x + el.w, el.y + el.h))
            out.append(sum(img.crop(box).histogram()[:128]))
    assert out, f"{size} has no element printing {field} alone"
    return out


def shows(services, parcel, values: dict) -> None:
    for size in SIZES:
        text = squeeze(pdf_text(services.documents.waybill(parcel, "pdf", size), raw=True))
        tspl = services.documents.waybill(parcel, "tspl", size, dpi=203).decode(
            "gb18030", errors="replace"
        )
        for name, value in values.items():
            if value:
                assert squeeze(value) in text, (size, name)
                assert value in tspl, (size, name)
        for word in ("保价", "寄付", "到付", "月结", "标快", "特惠", "标准快递"):
            if not any(word in v for v in values.values()):
                assert word not in text and word not in tspl, (size, word)
        printed = ink(services, parcel, size, "service_type")
        assert all(printed) if values["service_type"] else not any(printed), size


@pytest.mark.parametrize(
    ("print_data", "expected"),
    [
        ('{"data": {"shippingOption": ' + json.dumps(OPTION) + "}}", ("标准快递", "保价")),
        ('{"data": {"shippingOption": {"title": "特惠"}}}', ("特惠", "")),
        ('{"data": {"shippingOption": ""}}', ("", "")),  # as garrettzxd/print-demo has it
        ('{"data": {"shippingOption": {"title": "标\\n快"}}}', ("", "")),
        ('{"encryptedData": "abc"}', ("", "")),
        ("not json", ("", "")),
    ],
)
def test_the_service_is_read_from_plain_print_data_only(print_data, expected):
    got = service_from_print_data(print_data)
    assert (got.service_type, got.insured) == expected and got.payment == ""


def test_a_platform_ewaybill_prints_its_answers_service_else_the_carriers_rule(
    demo_services, office
):
    """The platform's plain print data names the product and insurance; head
    office's rule for ZTO gives the payment (the account's) and a product the
    answer overrides. An answer without one prints the rule's product."""
    rule = office.config.carriers["ZTO"]
    office.desk.config = replace(
        office.config,
        carriers={
            **office.config.carriers,
            "ZTO": replace(rule, service_type="特惠", payment="寄付月结"),
        },
    )
    office.sim.shipping_options["ZTO"] = OPTION
    release_plain(office, "HO-8001", parcels=1, qty=1)
    parcel = Parcel.get_by_id(pack(demo_services, "HO-8001", 1).parcel.id)
    got = parcel_routing(parcel)
    want = {"service_type": "标准快递", "payment": "寄付月结", "insured": "保价"}
    assert {k: got[k] for k in want} == want
    shows(demo_services, parcel, want)

    del office.sim.shipping_options["ZTO"]
    release_plain(office, "HO-8002", parcels=1, qty=1)
    parcel = Parcel.get_by_id(pack(demo_services, "HO-8002", 1).parcel.id)
    want = {"service_type": "特惠", "payment": "寄付月结", "insured": ""}
    assert {k: parcel_routing(parcel)[k] for k in want} == want
    shows(demo_services, parcel, want)


def test_a_platform_ewaybill_without_any_service_prints_none(demo_services, office):
    release_plain(office, "HO-8003", parcels=1, qty=1)
    parcel = Parcel.get_by_id(pack(demo_services, "HO-8003", 1).parcel.id)
    got = parcel_routing(parcel)
    assert got["service_type"] == got["payment"] == got["insured"] == ""
    shows(demo_services, parcel, {"service_type": "", "payment": "", "insured": ""})


def test_a_carrier_rules_service_and_request_fields_are_checked():
    """Head office's rule names the product and payment as one line of text
    each, and adds only Douyin's product_type and pay_method (whole numbers) to
    a request; anything else stops head office naming the field."""
    from station.headoffice.waybill_config import ConfigError, EwaybillConfig

    raw = {
        "sender": {
            "name": "仓",
            "province": "浙江省",
            "city": "杭州市",
            "detail": "1号",
            "mobile": "1",
        },
        "carriers": {"ZTO": {"order_fields": {"douyin": {"product_type": 2, "pay_method": 1}}}},
    }
    rule = EwaybillConfig.from_dict(raw).carriers["ZTO"]
    assert rule.order_fields_for("douyin") == (("pay_method", 1), ("product_type", 2))
    assert rule.order_fields_for("cainiao") == ()
    for bad in ({"douyin": {"product_type": "2"}}, {"douyin": {"weight": 1}}, {"jd": {}}):
        raw["carriers"]["ZTO"]["order_fields"] = bad
        with pytest.raises(ConfigError, match="order_fields"):
            EwaybillConfig.from_dict(raw)
    raw["carriers"]["ZTO"] = {"payment": "寄付\n月结"}
    with pytest.raises(ConfigError, match="payment"):
        EwaybillConfig.from_dict(raw)


def test_a_pool_waybill_prints_the_orders_service_else_the_carriers_default(
    tmp_path, demo_services
):
    """Orders imported with the export's product, payment and insured value print
    them; an order without prints the carrier's default that head office sent
    with its routing table (never an insured value: that is the order's own)."""
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore
    from station.sync.client import HeadOfficeClient

    header = (
        "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
        "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift,"
        "service_type,payment,insured\n"
    )
    bad = (
        header + "S0,店,张三,13800000000,四川省成都市武侯区1号,10.00,spot,,YD,,,TAPE-01,1,0,,,abc\n"
    )
    result = import_orders(demo_services.store.db, demo_services.bench_id, bad.encode())
    assert [(r.reason, r.field) for r in result.rejected] == [("bad_amount", "insured")]
    csv = header + (
        "S1,店,张三,13800000000,四川省成都市武侯区1号,10.00,spot,,YD,,,TAPE-01,1,0,特快,到付,500\n"
        "S2,店,李四,13800000001,四川省成都市武侯区2号,10.00,spot,,YD,,,TAPE-01,1,0,,,12.5\n"
        "S3,店,王五,13800000002,四川省成都市武侯区3号,10.00,spot,,YD,,,TAPE-01,1,0,,,\n"
    )
    result = import_orders(demo_services.store.db, demo_services.bench_id, csv.encode())
    assert result.rejected == []
    s1 = SalesOrder.get(SalesOrder.number == "S1")
    assert (s1.service_type, s1.payment, s1.insured_fen) == ("特快", "到付", 50000)
    assert SalesOrder.get(SalesOrder.number == "S2").insured_fen == 1250

    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    try:
        with pytest.raises(RoutingTableError, match="payment"):
            store.publish_routing("YD", [], {"payment": "寄付\r\n^XA"})
        store.publish_routing("YD", [], {"service_type": "标快", "payment": "寄付月结"})
        with closing(HeadOfficeClient(server.url, "tok")) as c:
            assert (
                Downloader(demo_services.store.db, demo_services.bench_id, c).pull().conflicts == []
            )
    finally:
        server.stop()
        store.close()

    (p1,) = pack_pool(demo_services, "S1")
    shows(demo_services, p1, {"service_type": "特快", "payment": "到付", "insured": "保价 500元"})
    (p2,) = pack_pool(demo_services, "S2")
    shows(
        demo_services,
        p2,
        {"service_type": "标快", "payment": "寄付月结", "insured": "保价 12.50元"},
    )
    (p3,) = pack_pool(demo_services, "S3")
    shows(demo_services, p3, {"service_type": "标快", "payment": "寄付月结", "insured": ""})


def test_a_pool_waybill_with_no_service_anywhere_prints_none(demo_services):
    (parcel,) = pack_pool(demo_services, "2611230005")  # YD, no default, nothing imported
    got = parcel_routing(parcel)
    assert got["service_type"] == got["payment"] == got["insured"] == ""
    shows(demo_services, parcel, {"service_type": "", "payment": "", "insured": ""})


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (None, ""),
        (0, ""),
        (-5, ""),
        (1, "保价 0.01元"),
        (50000, "保价 500元"),
        (123456, "保价 1234.56元"),
    ],
)
def test_the_insured_value_is_printed_in_yuan(fen, text):
    assert insured_text(fen) == text
