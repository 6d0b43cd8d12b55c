"""Privacy by default, parent and child parcels, and the pool carriers' routing
table from head office, on a real demo database: each parcel packed through the
packing service, each document rendered and read back (pdftotext, zxing-cpp,
the TSPL commands)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station.core.privacy import mask_phone, recipient_masked
from station.core.routing import RoutingTableError, parse_routes
from station.core.scan import Scan
from station.db.models import Operator, Parcel, Product, SalesOrder, TrackingNumber
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.services.operators import Session
from station.services.order_import import import_orders
from station.services.packing.state import PackError
from station.services.routing import parcel_routing, route_for, save_routing_table
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader
from tests.barcodes import decode_pdf, pdf_text

ROUTES = [
    {"prefix": "四川省", "route_code": "800-000", "sortation_name": "800四川"},
    {
        "prefix": "四川省 成都市 武侯区",
        "route_code": "830-120-00 012",
        "sortation_name": "830武侯",
        "consolidation_code": "280104",
        "consolidation_name": "成都转运中心",
    },
]


def squeeze(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize(
    ("phone", "printed"),
    [
        ("13812345521", "138****5521"),
        ("+86 13812345521", "+86 138****5521"),
        ("138 1234 5521", "138****5521"),
        ("138-1234-5521", "138****5521"),
        ("0571-88886666", "0571-****6666"),
        ("(010)62345678", "(010)****5678"),
        ("18412345678-1234", "18412345678转1234"),  # a virtual number: in full, extension
        ("18412345678转1234", "18412345678转1234"),
        ("18412345678#5678", "18412345678转5678"),
        ("138****5521", "138****5521"),  # masked already
        ("852 9123 4567", "*** **** 4567"),  # other: every digit but the last four
        ("", ""),
        (None, ""),
    ],
)
def test_a_phone_is_masked_as_the_platforms_print_it(phone, printed):
    assert mask_phone(phone) == printed
    if phone and "*" not in printed and "转" not in printed:
        raise AssertionError("a real number must never print whole")


@pytest.mark.parametrize(
    ("name", "address", "masked"),
    [
        ("王**", "北京市朝阳区望京街道阜通东大街6号院", True),
        ("欧阳**", "北京市朝阳区", True),
        ("**", "北京市朝阳区", True),
        ("刘贺", "北京市朝阳区****", True),
        ("刘贺", "北京市朝阳区望京街道阜通东大街6号院3号楼1502", False),
        ("Zoe*", "Flat 12B", False),  # one asterisk is not a platform's mask
        ("刘贺", "3**号楼", False),
    ],
)
def test_a_recipient_masked_by_the_platform_is_known(name, address, masked):
    assert recipient_masked(name, address) is masked


def test_a_routing_table_with_a_bad_row_is_refused_by_row():
    for rows, match in [
        ([{"route_code": "1"}], "row 1: no prefix"),
        ([ROUTES[0], ROUTES[0]], "row 2: prefix 四川省 given twice"),
        ([ROUTES[0], {"prefix": "x", "route_code": 7}], "row 2: route_code"),
        ([{"prefix": "x", "route_code": "1\r\n^XA"}], "row 1: route_code"),
        ({"prefix": "x"}, "must be a list"),
    ]:
        with pytest.raises(RoutingTableError, match=match):
            parse_routes("YD", rows)


def pack(services, number: str, *, parcels: int = 1) -> list[Parcel]:
    """Pack ``number`` through the packing service, its units spread over
    ``parcels`` parcels (each closed), and return them closed."""
    svc = services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "b")
    _, state = svc.open(Scan(number), who)
    order = state.order
    units = [ln.product for ln in order.lines for _ in range(ln.qty)]  # one scan a unit
    at = datetime.now(UTC)
    done = []
    for n, product in enumerate(units):
        code = Product.get_by_id(product.id).barcodes.get().code
        svc.scan_item(order, Scan(code, at=at + timedelta(seconds=n)), who)
        last = n == len(units) - 1
        if last or len(done) < parcels - 1:
            result = svc.close(order, who, final=last)
            done.append(Parcel.get_by_id(result.parcel.id))
    return done


def test_documents_mask_the_phone_unless_the_carrier_is_set_to_print_it(demo_services):
    SalesOrder.update(buyer_phone="13712346618").where(SalesOrder.number == "2611230005").execute()
    (parcel,) = pack(demo_services, "2611230005")
    docs = demo_services.documents
    order = parcel.sales_order
    for size in ("100x150", "100x180", "76x130"):
        text = squeeze(pdf_text(docs.waybill(parcel, "pdf", size)))
        assert "137****6618" in text and "13712346618" not in text, size
        tspl = docs.waybill(parcel, "tspl", size).decode("gb18030", errors="replace")
        assert "137****6618" in tspl and "13712346618" not in tspl
    for size in ("a4", "100x150"):
        text = squeeze(pdf_text(docs.packing_list(order, size, parcel)))
        assert "137****6618" in text and "13712346618" not in text, size
    # the carrier's setting: YD labels print it in full
    settings = demo_services.settings
    full = settings.replace("packing", full_phone_carriers="SF, yd")
    docs.settings = lambda: full
    assert "13712346618" in squeeze(pdf_text(docs.waybill(parcel, "pdf")))
    assert "13712346618" in squeeze(pdf_text(docs.packing_list(order, "a4", parcel)))


def test_a_virtual_number_prints_with_its_extension(demo_services):
    SalesOrder.update(buyer_phone="18412345678-1234").where(
        SalesOrder.number == "2611230005"
    ).execute()
    (parcel,) = pack(demo_services, "2611230005")
    text = squeeze(pdf_text(demo_services.documents.waybill(parcel, "pdf")))
    assert "18412345678转1234" in text


def test_a_child_parcel_names_its_parent_and_n_of_n(demo_services):
    first, second = pack(demo_services, "2611230005", parcels=2)
    assert first.tracking_number != second.tracking_number
    docs = demo_services.documents
    assert parcel_routing(first)["parent_tracking"] == ""
    assert parcel_routing(second)["parent_tracking"] == first.tracking_number
    for size in ("100x150", "100x180", "76x130"):
        text = squeeze(pdf_text(docs.waybill(second, "pdf", size), raw=True))
        assert "母单" + first.tracking_number in text and "2/2" in text
        assert ("Code128", second.tracking_number) in decode_pdf(docs.waybill(second, "pdf", size))[
            0
        ]
        parent_text = squeeze(pdf_text(docs.waybill(first, "pdf", size)))
        assert "母单" not in parent_text and "1/2" in parent_text


def test_a_masked_recipient_cannot_ship_with_a_pool_number(demo_services):
    SalesOrder.update(buyer_name="李**").where(SalesOrder.number == "2611230005").execute()
    free = TrackingNumber.select().where(TrackingNumber.status == "free").count()
    with pytest.raises(PackError) as err:
        pack(demo_services, "2611230005")
    assert err.value.code == "recipient_masked" and err.value.params["order"] == "2611230005"
    # nothing taken, nothing closed
    assert TrackingNumber.select().where(TrackingNumber.status == "free").count() == free
    order = SalesOrder.get(SalesOrder.number == "2611230005")
    assert not order.parcels.where(Parcel.status == "closed").exists()


def test_masked_recipients_are_marked_at_import(demo_services):
    csv = (
        "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
        "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
        "M1,店,王**,138****0001,浙江省杭州市****,10.00,spot,,SF,,,TAPE-01,1,0\n"
        "M2,店,张三,138****0002,浙江省杭州市西湖区文三路1号,10.00,spot,,SF,,,TAPE-01,1,0\n"
    ).encode()
    result = import_orders(demo_services.store.db, demo_services.bench_id, csv)
    assert result.rejected == [] and result.masked == ["M1"]
    assert SalesOrder.get(SalesOrder.number == "M1").recipient_masked
    assert not SalesOrder.get(SalesOrder.number == "M2").recipient_masked


def test_the_routing_table_from_head_office_reaches_the_label(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    client = HeadOfficeClient(server.url, "tok")
    try:
        with pytest.raises(RoutingTableError):
            store.publish_routing("YD", [{"route_code": "x"}])  # nothing published
        store.publish_routing("yd", ROUTES)
        down = Downloader(demo_services.store.db, demo_services.bench_id, client)
        result = down.pull()
        assert (result.applied, result.conflicts) == (1, [])
        # the longest prefix wins, whitespace ignored
        assert route_for("YD", "四川省成都市武侯区天府大道").route_code == "830-120-00 012"
        assert route_for("YD", "四川省绵阳市").route_code == "800-000"
        assert route_for("YD", "北京市") is None and route_for("SF", "四川省") is None
        (parcel,) = pack(demo_services, "2611230005")  # 四川省成都市武侯区…, YD
        text = squeeze(pdf_text(demo_services.documents.waybill(parcel, "pdf", "76x130"), raw=True))
        assert "830-120-00012" in text and "830武侯" in text and "成都转运中心280104" in text
        # a table that cannot be read is a conflict; the one kept stays
        store.publish("carrier_routing", "YD", {"carrier": "YD", "routes": [{"prefix": ""}]})
        result = down.pull()
        assert result.applied == 0 and "row 1: no prefix" in result.conflicts[0]
        assert route_for("YD", "四川省成都市武侯区").route_code == "830-120-00 012"
        # replaced whole by the next table
        save_routing_table("YD", ROUTES[:1])
        assert route_for("YD", "四川省成都市武侯区").route_code == "800-000"
    finally:
        client.close()
        server.stop()
        store.close()
