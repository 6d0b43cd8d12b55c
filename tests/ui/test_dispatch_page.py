"""The Dispatch page driven by scans through the scan bus, as the wedge scanner
delivers them: every scan answered with a colour and a sound, intercepts with the
alarm, a missing parcel approved by a supervisor's badge, the sheet printed."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from station.core.scan import Scan
from station.db.models import OutboxRecord, PrintJob, SalesOrder
from station.services.dispatch.intercepts import record_intercept
from station.ui.main_window import MainWindow
from station.ui.pages.dispatch_page import DispatchPage
from tests.barcodes import decode_pdf
from tests.services.dispatch_day import pack
from tests.ui.conftest import login

_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    at = _T0 + timedelta(seconds=next(_clock))
    window.bus.publish(Scan(code, source="wedge", at=at))


@pytest.fixture
def bench(qtbot, demo_services, translations):
    parcels = {n: pack(demo_services, n) for n in ("2611230001", "2611230006", "2611230007")}
    parcels["2611230003"] = pack(demo_services, "2611230003")
    with demo_services.store.db.atomic():
        order = SalesOrder.get(SalesOrder.number == "2611230007")
        record_intercept(demo_services.bench_id, order, "refunded", "买家退款")
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    login(w, "张伟", "1357")
    page = w.page(DispatchPage)
    w.nav.setCurrentRow(w.pages.index(page))
    yield w, page, {k: p.tracking_number for k, p in parcels.items()}
    w.shutdown()


def answer(qtbot, w, code):
    with qtbot.waitSignal(w.sounds.sound_requested) as sound:
        scan(w, code)
    return sound.args[0], w.banner.text(), w.banner.styleSheet()


def test_a_handover_through_the_scanner(qtbot, bench):
    w, page, t = bench
    sound, text, _ = answer(qtbot, w, t["2611230001"])
    assert sound == "refused" and "Open a handover first" in text
    sound, text, _ = answer(qtbot, w, "SF-CAGE-07")
    assert sound == "ok" and "SF" in page.heading.text()
    sound, text, style = answer(qtbot, w, t["2611230003"])  # a ZTO parcel in the SF cage
    assert sound == "refused" and "WRONG CARRIER" in text and "#c62828" in style
    sound, text, style = answer(qtbot, w, t["2611230007"])  # refunded after packing
    assert sound == "alarm" and "PULL THIS PARCEL OUT" in text and "#6a1b9a" in style
    assert "REFUNDED" in text and "买家退款" in text
    assert page.intercepts.rowCount() == 1 and page.intercepts.item(0, 0).text() == "2611230007"
    sound, text, _ = answer(qtbot, w, t["2611230001"])
    assert sound == "ok" and page.count.text() == "Scanned 1 of 2"
    sound, text, _ = answer(qtbot, w, t["2611230001"])
    assert sound == "warning" and "already in this handover" in text
    assert page.waiting.item(0, 0).text() == t["2611230006"]
    # C: one packed SF parcel is not scanned, so a supervisor must approve
    page.setFocus()
    qtbot.keyClick(page, "c")
    qtbot.waitUntil(lambda: bool(w.ctx.scan_targets))
    assert "parcels not scanned: 1" in w.banner.text()
    dialog = w.ctx.scan_targets[-1]
    assert t["2611230006"] in dialog.what.text()
    with qtbot.waitSignal(page.handover_closed) as closed:
        scan(w, "SV-0001")
    handover = closed.args[0]
    assert "closed" in w.banner.text()
    reports = [
        json.loads(r.payload)["order"]
        for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
    ]
    assert reports == ["2611230001"]
    job = PrintJob.get(PrintJob.kind == "handover_sheet")
    assert job.role == "document" and job.document_ref == handover.number
    (first, *_rest) = decode_pdf(bytes(job.payload), dpi=300)
    assert ("Code128", handover.number) in first
    assert page.heading.text() == "No handover open"


def test_undo_needs_a_supervisor_badge(qtbot, bench):
    w, page, t = bench
    answer(qtbot, w, "SF-CAGE-08")
    answer(qtbot, w, t["2611230006"])
    assert page.parcels.rowCount() == 1
    page.parcels.selectRow(0)
    page.setFocus()
    qtbot.keyClick(page, "u")
    qtbot.waitUntil(lambda: bool(w.ctx.scan_targets))
    scan(w, "OP-0001")  # a packer's badge approves nothing
    assert page.parcels.rowCount() == 1
    with qtbot.waitSignal(w.feedback.shown):
        scan(w, "SV-0001")
    qtbot.waitUntil(lambda: page.parcels.rowCount() == 0)
    assert "taken out" in w.banner.text()


def test_the_page_and_its_answers_in_chinese(qtbot, bench, translations):
    w, page, t = bench
    translations.set_language("zh_CN")
    qtbot.waitUntil(lambda: page.heading.text() == "没有进行中的交接")
    assert page.title() == "出库交接"
    sound, text, _ = answer(qtbot, w, "SF-CAGE-09")
    assert sound == "ok" and "请扫描包裹" in text
    sound, text, _ = answer(qtbot, w, t["2611230007"])
    assert sound == "alarm" and "请取出此包裹" in text and "已退款" in text
    sound, text, _ = answer(qtbot, w, t["2611230003"])
    assert sound == "refused" and "快递公司不符" in text
    answer(qtbot, w, t["2611230001"])
    assert page.count.text() == "已扫描 1 / 2"


def test_a_platform_refusal_waits_on_the_sync_page(qtbot, bench, demo_services, tmp_path):
    from station.ewaybill import provider_for
    from station.ewaybill.simulator import PlatformSimulator
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.shipments import ShipmentRelay, ShopRoute
    from station.headoffice.store import HeadOfficeStore
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader
    from station.ui.pages.sync_page import SyncPage
    from tests.ewaybill.conftest import APPS, TOKENS, settings_for

    w, page, t = bench
    answer(qtbot, w, "SF-CAGE-10")
    answer(qtbot, w, t["2611230001"])
    answer(qtbot, w, t["2611230006"])
    with qtbot.waitSignal(page.handover_closed):
        page.close_handover()
    sim = PlatformSimulator().start()
    sim.add_app("pdd", *APPS["pdd"])
    sim.add_shop("pdd", TOKENS["pdd"], {"SF": 10})
    sim.set_order_state("pdd", "2611230006", "refunded")
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    provider = provider_for("pdd", settings_for(sim, "pdd"))
    server = HeadOfficeServer(store)
    server.shipments = ShipmentRelay(store, lambda shop: ShopRoute(provider, {"SF": ("SF", 44)}))
    server.start()
    client = HeadOfficeClient(server.url, "tok")
    try:
        Uploader(demo_services.store.db, demo_services.bench_id, client).drain()
    finally:
        client.close()
        server.stop()
        provider.close()
        store.close()
        sim.stop()
    sync = w.page(SyncPage)
    w.nav.setCurrentRow(w.pages.index(sync))
    sync.refresh()
    text = sync.shipments.text()
    assert "refused by the platform: 1" in text
    assert "2611230006" in text and "refunded" in text and "2611230001" not in text


def test_the_board_shows_parcels_not_handed_over_amber_and_red(qtbot):
    from station.ui.board.style import ORANGE, RED
    from station.ui.board.tables import BoardTables

    tables = BoardTables(1.0, False)
    qtbot.addWidget(tables)
    tables.retranslate_ui(
        {
            m: m
            for m in (
                "units_received",
                "lines_inspected",
                "orders_packed",
                "parcels_shipped",
                "units_packed",
                "scans",
            )
        }
    )
    rows = [
        {
            "carrier": "SF",
            "parcels": 3,
            "orders": 2,
            "pickup": "2026-11-11T18:00+08:00",
            "state": "amber",
            "penalty_fen": 1000,
        },
        {
            "carrier": "ZTO",
            "parcels": 1,
            "orders": 1,
            "pickup": "2026-11-11T16:30+08:00",
            "state": "red",
            "penalty_fen": 500,
        },
        {
            "carrier": "YTO",
            "parcels": 5,
            "orders": 5,
            "pickup": "2026-11-11T20:00+08:00",
            "state": "ok",
            "penalty_fen": 2500,
        },
    ]
    tables.show_dispatch(rows)
    t = tables.dispatch
    assert [t.item(r, 0).text() for r in range(3)] == ["SF", "ZTO", "YTO"]
    assert t.item(0, 3).text() == "18:00" and t.item(1, 5).text() == "¥5.00"
    assert t.item(0, 0).foreground().color().name() == ORANGE
    assert t.item(1, 4).foreground().color().name() == RED
    assert t.item(1, 4).text() == "PICKUP PASSED"
    assert tables.tabBar().tabTextColor(3).name() == RED


def test_a_report_head_office_did_not_relay_waits_on_the_sync_page(
    qtbot, bench, demo_services, translations
):
    from station.app import start_demo_head_office
    from station.cli_sync import read_token
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader
    from station.ui.pages.sync_page import SyncPage

    w, page, t = bench
    t["2611230010"] = pack(
        demo_services, "2611230010"
    ).tracking_number  # 文具小铺: no authorisation
    answer(qtbot, w, "JD-BAG-3")
    answer(qtbot, w, t["2611230010"])
    with qtbot.waitSignal(page.handover_closed):
        page.close_handover()
    office = start_demo_head_office(demo_services.data_dir, demo_services.bench_id)
    client = HeadOfficeClient(office.url, read_token(demo_services.data_dir))
    try:
        Uploader(demo_services.store.db, demo_services.bench_id, client).drain()
    finally:
        client.close()
        office.stop()
        office.store.close()
    sync = w.page(SyncPage)
    w.nav.setCurrentRow(w.pages.index(sync))
    sync.refresh()
    text = sync.unrelayed.text()
    assert "did not pass to the platform: 1" in text
    assert t["2611230010"] in text and "no platform authorisation" in text
    assert not sync.shipments.text()  # not a platform's refusal
    translations.set_language("zh_CN")
    sync.retranslate_ui()
    assert "总部没有该店铺的平台授权" in sync.unrelayed.text()


def test_a_handover_opened_by_the_wrong_bag_is_cancelled_with_x(qtbot, bench):
    w, page, t = bench
    sound, text, _ = answer(qtbot, w, "ZTO-BAG-0001")  # meant SF
    assert sound == "ok" and page.carrier.currentText() == "ZTO"
    assert page.cancel_button.isEnabled() and not page.undo_button.isEnabled()
    assert "(X)" in page.cancel_button.text()
    page.setFocus()
    with qtbot.waitSignal(w.sounds.sound_requested) as sound:
        qtbot.keyClick(page, "x")
    assert sound.args[0] == "ok" and "cancelled" in w.banner.text()
    assert page.service.current() is None and page.heading.text() == "No handover open"
    assert not page.cancel_button.isEnabled() and page.open_button.isEnabled()
    sound, text, _ = answer(qtbot, w, "SF-CAGE-10")  # the right bag
    assert sound == "ok" and page.carrier.currentText() == "SF"


def test_a_handover_with_a_parcel_is_not_cancelled_and_take_out_follows_it(qtbot, bench):
    w, page, t = bench
    answer(qtbot, w, "SF-CAGE-11")
    assert not page.undo_button.isEnabled()  # nothing to take out yet
    answer(qtbot, w, t["2611230001"])
    assert page.undo_button.isEnabled() and not page.cancel_button.isEnabled()
    page.setFocus()
    with qtbot.waitSignal(w.sounds.sound_requested) as sound:
        qtbot.keyClick(page, "x")
    assert sound.args[0] == "refused" and "take them out first" in w.banner.text()
    assert page.service.current() is not None and page.parcels.rowCount() == 1
    page.cancel_button.setEnabled(True)  # even when reached, the button refuses
    with qtbot.waitSignal(w.sounds.sound_requested) as sound:
        page.cancel_button.click()
    assert sound.args[0] == "refused" and page.service.current() is not None


@pytest.mark.parametrize("code,carrier", [("YD-BAG-7", "YD"), ("ZTO-BAG-0001", "ZTO")])
def test_the_carrier_box_names_the_carrier_the_bag_opened(qtbot, bench, code, carrier):
    w, page, t = bench
    page.carrier.setCurrentText("SF")
    if carrier == "YD":  # nothing of Yunda packed here: said, nothing opened
        sound, text, _ = answer(qtbot, w, code)
        assert sound == "refused" and "no YD parcels packed here to hand over" in text
        assert page.service.current() is None
        page.service.open("YD", w.ctx.session)  # a supervisor may still open one by hand
        page.refresh()
    else:
        answer(qtbot, w, code)
    assert page.service.current().carrier == carrier
    assert page.carrier.currentText() == carrier and carrier in page.heading.text()


def test_cancelling_and_a_bag_of_nothing_here_in_chinese(qtbot, bench, translations):
    w, page, t = bench
    translations.set_language("zh_CN")
    qtbot.waitUntil(lambda: page.cancel_button.text() == "取消空交接 (X)")
    sound, text, _ = answer(qtbot, w, "EMS-BAG-3")
    assert sound == "refused" and "本工位没有待交接的 EMS 包裹" in text
    answer(qtbot, w, "ZTO-BAG-0002")
    page.setFocus()
    with qtbot.waitSignal(w.sounds.sound_requested):
        qtbot.keyClick(page, "x")
    assert "已取消" in w.banner.text()
