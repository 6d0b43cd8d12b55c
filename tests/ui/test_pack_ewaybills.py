"""What the packer sees of e-waybills, in demo mode: the demo head office with the
platform simulator behind it, the window driven by scans."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station.app import attach_demo_head_office
from station.db.models import CarrierAccount, Ewaybill, Parcel, TrackingNumber
from tests.ui.test_pack_flow import ean, pack_window, scan

# 茶园直营店 (a Cainiao shop in the demo), ZTO, 3 × TEA-100, a buyer's message to read
TEA_ORDER = "2611230003"


def pack_tea(qtbot, w, page):
    scan(w, TEA_ORDER)
    for _ in range(3):
        scan(w, ean("TEA-100"))
    page.setFocus()
    with qtbot.waitSignal(page.parcel_closed, timeout=20000) as closed:
        qtbot.keyClick(page, "r")  # the message read: the parcel closes
    return closed.args[0]


def test_the_packer_sees_the_waybill_came_from_the_platform(qtbot, demo_services, translations):
    office = attach_demo_head_office(demo_services)
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        result = pack_tea(qtbot, w, page)
        assert result.waybill_source == "platform"
        assert result.tracking_number in office.platforms.waybills
        assert "platform e-waybill (Cainiao)" in w.banner.text()
        assert not page.ewaybill_note.isVisible()
    finally:
        w.shutdown()
        office.stop()


def test_a_refusal_shows_the_platforms_reason_and_what_to_do(qtbot, demo_services, translations):
    office = attach_demo_head_office(demo_services)
    office.platforms.set_balance("cainiao", "demo-session-tea", "ZTO", 0)
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, TEA_ORDER)
        for _ in range(3):
            scan(w, ean("TEA-100"))
        page.setFocus()
        qtbot.keyClick(page, "r")  # the message read: the close is tried
        qtbot.waitUntil(lambda: page.ewaybill_note.isVisible(), timeout=20000)
        assert w.banner.outcome.value == "refused"
        text = w.banner.text()
        assert "no e-waybill balance left" in text and "电子面单余额不足" in text  # ours, theirs
        assert "top up" in page.ewaybill_note.text()
        assert page.state is not None and page.state.order.number == TEA_ORDER  # still open
        assert not Ewaybill.select().exists()
    finally:
        w.shutdown()
        office.stop()


def test_offline_without_pool_numbers_the_parcel_closes_and_says_it_waits(
    qtbot, demo_services, translations
):
    office = attach_demo_head_office(demo_services)
    office.stop()  # head office down
    zto = CarrierAccount.select().where(CarrierAccount.carrier == "ZTO")
    TrackingNumber.update(status="used").where(TrackingNumber.account.in_(zto)).execute()
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        result = pack_tea(qtbot, w, page)
        assert result.waybill_source == "waiting"
        assert w.banner.outcome.value == "warning"
        assert "no e-waybill yet: head office unreachable" in w.banner.text().lower()
        assert page.ewaybill_waiting.isVisible()
        assert "1 closed parcel" in page.ewaybill_waiting.text()
    finally:
        w.shutdown()


def test_the_window_goes_on_while_head_office_asks_the_platform(qtbot, demo_services, translations):
    office = attach_demo_head_office(demo_services)
    office.platforms.faults[:] = ["slow:1"]  # the platform answers head office late
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, TEA_ORDER)
        for _ in range(3):
            scan(w, ean("TEA-100"))
        page.setFocus()
        with qtbot.waitSignal(page.parcel_closed, timeout=20000) as closed:
            qtbot.keyClick(page, "r")  # read: weighed, then the e-waybill is asked
            # the window goes on meanwhile (the question is off the GUI thread)
            qtbot.waitUntil(lambda: "Asking head office for the e-waybill" in page.info.text())
            assert Parcel.get(Parcel.id == page.state.parcel.id).status == "open"
            qtbot.keyClick(page, Qt.Key.Key_Return)  # a second close meanwhile is ignored
        assert closed.args[0].waybill_source == "platform"
        assert len(office.platforms.calls("cainiao.waybill.ii.get")) == 1
    finally:
        w.shutdown()
        office.stop()


def test_a_waiting_parcels_reason_is_said_in_words(qapp, translations):
    from station.services.ewaybills import WAIT_UNREACHABLE, refusal_reason
    from station.ui.messages import waiting_reason

    assert "head office unreachable" in waiting_reason(WAIT_UNREACHABLE)
    assert "head office unreachable" in waiting_reason(None)
    kept = refusal_reason(
        {"code": "ewaybill_no_balance", "platform": "pdd", "sub_code": "X1", "reason": "余额不足"}
    )
    text = waiting_reason(kept)
    assert "no e-waybill balance left" in text and "余额不足" in text and "X1" in text
    translations.set_language("zh_CN")
    assert "电子面单余额已用完" in waiting_reason(kept)
