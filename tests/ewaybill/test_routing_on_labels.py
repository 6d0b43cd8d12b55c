"""The routing block of a waybill the station draws, through the real path: the
reference head office on 127.0.0.1 with the platform simulator behind it, the
bench's SQLite store, pack-out, and the waybill rendered by DocumentService as a
PDF (read back with pdftotext), TSPL (its text commands) and ZPL (rasterised,
its symbols decoded). A parcel on a platform e-waybill
prints the e-waybill's routing answer and parent; a pool number prints its
carrier's routing table; where neither knows, the label prints no routing."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime

import pytest

from station.db.models import Ewaybill, Parcel, SalesOrder, TrackingNumber
from station.services.dispatch import shipment_report
from station.services.routing import ewaybill_routing, parcel_routing, save_routing_table
from station.sync.downloader import Downloader
from tests.barcodes import decode_pdf, decode_zpl, pdf_text
from tests.ewaybill import test_bench_end_to_end as e2e
from tests.ewaybill.test_bench_end_to_end import TEA_SHOP, client, pack, release

# the real head office and platform simulator of the end-to-end tests
platforms, office = e2e.platforms, e2e.office

SIZES = ("76x130", "100x180", "100x150")
#: a ZTO pool table whose route would match every address in Guangdong and Zhejiang
POOL_ROUTES = [
    {
        "prefix": p,
        "route_code": "999-888-77 666",
        "sortation_name": "999池表",
        "consolidation_code": "990099",
        "consolidation_name": "池表转运中心",
    }
    for p in ("广东省", "浙江省")
]


def squeeze(s: str) -> str:
    return "".join(s.split())


def release_plain(office, number: str, *, parcels: int, qty: int) -> None:
    """Head office sends an order down whose recipient the platform has in plain
    text (no OAID, nothing masked): the platform's print data is plain, so its
    routing answer (Cainiao ``routingInfo``) reaches head office and the bench."""
    office.store.publish(
        "sales_order",
        number,
        {
            "number": number,
            "shop": TEA_SHOP,
            "carrier": "ZTO",
            "buyer_name": "陈明",
            "buyer_phone": "13612344410",
            "address": "广东省广州市天河区天河路385号太古汇北塔",
            "recipient": {
                "name": "陈明",
                "mobile": "13612344410",
                "province": "广东省",
                "city": "广州市",
                "district": "天河区",
                "detail": "天河路385号太古汇北塔",
            },
            "parcels": parcels,
            "lines": [{"sku": "TEA-100", "qty": qty}],
        },
    )
    with closing(client(office.services)) as c:
        Downloader(office.services.store.db, office.services.bench_id, c).pull()


def pdf(services, parcel, size: str) -> str:
    return squeeze(pdf_text(services.documents.waybill(parcel, "pdf", size), raw=True))


def test_a_parcel_on_a_platform_ewaybill_prints_its_routing_and_parent(demo_services, office):
    save_routing_table("ZTO", POOL_ROUTES)  # a pool table that must not be read here
    release_plain(office, "HO-7001", parcels=2, qty=2)
    first = Parcel.get_by_id(pack(demo_services, "HO-7001", 1, final=False).parcel.id)
    second = Parcel.get_by_id(pack(demo_services, "HO-7001", 1).parcel.id)
    issued = [office.sim.waybills[p.tracking_number] for p in (first, second)]
    parent = issued[0].parent
    assert parent and issued[1].parent == parent  # the platform's 子母件
    truth = issued[0].routing  # what the platform answered for this address
    assert truth["route_code"] and truth["sortation_name"]

    for parcel, n in ((first, "1/2"), (second, "2/2")):
        got = parcel_routing(parcel)
        assert {k: got[k] for k in truth} == truth
        assert got["parent_tracking"] == parent
        for size in SIZES:
            text = pdf(demo_services, parcel, size)
            assert squeeze(truth["route_code"]) in text, size
            assert truth["sortation_name"] in text, size
            assert truth["consolidation_name"] + truth["consolidation_code"] in text, size
            assert "母单" + parent in text and n in text, size
            assert "999-888" not in text and "池表" not in text, size
            tspl = demo_services.documents.waybill(parcel, "tspl", size, dpi=203)
            tspl = tspl.decode("gb18030", errors="replace")
            assert truth["route_code"] in tspl and parent in tspl, size
        # ZPL draws text as graphics: its symbols are read back from the raster
        zpl = demo_services.documents.waybill(parcel, "zpl", "100x180", dpi=203)
        (symbols,) = decode_zpl(zpl)
        assert symbols.count(("Code128", parcel.tracking_number)) == 2  # label and stub
        assert ("QRCode", parcel.tracking_number) in symbols
        assert ("Code128", parcel.tracking_number) in decode_pdf(
            demo_services.documents.waybill(parcel, "pdf", "76x130")
        )[0]
        # the shipment report tells the platform the parent the label prints
        report = shipment_report(parcel, "H-1", datetime(2026, 11, 30, 9, 0))
        assert report["parent_tracking_number"] == parent
        assert report["is_child"] is (parent != parcel.tracking_number)


def test_an_ewaybill_whose_routing_is_inside_encrypted_print_data_prints_none(
    demo_services, office
):
    """An OAID order: the platform's print data is encrypted, its routing unknown to
    the station; the ZTO pool table matches the address but is not the platform's
    answer, so the label prints no routing at all."""
    save_routing_table("ZTO", POOL_ROUTES)
    release(office, "HO-7002")
    parcel = Parcel.get_by_id(pack(demo_services, "HO-7002", 1).parcel.id)
    assert Ewaybill.get(Ewaybill.waybill_code == parcel.tracking_number).state == "used"
    got = parcel_routing(parcel)
    assert all(got[k] == "" for k in got), got
    for size in SIZES:
        text = pdf(demo_services, parcel, size)
        assert "999-888" not in text and "池表" not in text and "集" not in text, size
        assert "母单" not in text, size


def test_a_pool_parcel_prints_its_carriers_routing_table(demo_services, office):
    save_routing_table("ZTO", POOL_ROUTES)
    office.stop()  # no head office: the file order takes a ZTO pool number
    result = pack(demo_services, "2611230003", 3)
    assert result.waybill_source == "pool"
    parcel = Parcel.get_by_id(result.parcel.id)
    assert TrackingNumber.get(TrackingNumber.number == parcel.tracking_number).parcel_id == (
        parcel.id
    )
    assert parcel_routing(parcel)["route_code"] == "999-888-77 666"
    for size in SIZES:
        text = pdf(demo_services, parcel, size)
        assert "999-888-77666" in text and "999池表" in text, size
        assert "池表转运中心990099" in text and "集" in text, size


def test_a_pool_child_of_a_platform_parcel_names_no_parent(demo_services, office):
    """The first parcel went on a platform e-waybill, the second (head office down)
    on a pool number: a pool number is no child of the platform's, so no 母单."""
    save_routing_table("ZTO", POOL_ROUTES)
    release_plain(office, "HO-7003", parcels=1, qty=2)
    first = pack(demo_services, "HO-7003", 1, final=False)
    assert first.waybill_source == "platform"
    office.stop()
    second = pack(demo_services, "HO-7003", 1)
    assert second.waybill_source == "pool"
    parcel = Parcel.get_by_id(second.parcel.id)
    got = parcel_routing(parcel)
    assert got["parent_tracking"] == "" and got["route_code"] == "999-888-77 666"
    for size in SIZES:
        text = pdf(demo_services, parcel, size)
        assert "母单" not in text and first.tracking_number not in text and "2/2" in text, size


def test_a_pool_parcel_without_a_table_prints_no_routing_block(demo_services, office):
    office.stop()
    result = pack(demo_services, "2611230003", 3)
    assert result.waybill_source == "pool"
    parcel = Parcel.get_by_id(result.parcel.id)
    got = parcel_routing(parcel)
    assert all(got[k] == "" for k in got), got
    for size in SIZES:
        text = pdf(demo_services, parcel, size)
        assert "集" not in text and "母单" not in text, size
        tspl = demo_services.documents.waybill(parcel, "tspl", size, dpi=203)
        assert "集" not in tspl.decode("gb18030", errors="replace") and "母单" not in tspl.decode(
            "gb18030", errors="replace"
        ), size


@pytest.mark.parametrize(
    ("kept", "expected"),
    [
        ('{"route_code": "830-120-00 012", "sortation_name": " 830都江堰 "}', "830-120-00 012"),
        ("not json", ""),
        ("[]", ""),
        ('{"route_code": 830120}', ""),
        ('{"route_code": "830\\n120"}', ""),
        ("", ""),
    ],
)
def test_a_routing_answer_that_cannot_be_read_prints_nothing(demo_services, kept, expected):
    order = SalesOrder.select().first()
    row = Ewaybill.create(sales_order=order, waybill_code=f"T{hash(kept) & 0xFFFF}", routing=kept)
    got = ewaybill_routing(row)
    assert got["route_code"] == expected
    assert set(got) == {
        "route_code",
        "sortation_name",
        "consolidation_code",
        "consolidation_name",
        "service_type",
        "payment",
        "insured",
    }
    assert got["service_type"] == got["payment"] == got["insured"] == ""
    if expected:
        assert got["sortation_name"] == "830都江堰"
