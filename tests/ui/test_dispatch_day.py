"""A bench's whole day to the carrier, through the GUI's scan route and real parts:
packing by scans, an intercept published while the bench cannot reach head office
and arriving once it can, a handover by scans with a wrong carrier's parcel and the
intercepted one refused, a missing parcel approved by a supervisor's badge, the
sheet printed and its barcode decoded, and the shipment report reaching the
platform simulator exactly once through head-office and platform faults; nothing
reported for the parcels that were not handed over."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from station.core.scan import Scan
from station.db.models import OutboxRecord, Parcel, PrintJob, SalesOrder
from station.ewaybill import provider_for
from station.ewaybill.simulator import PlatformSimulator
from station.headoffice.server import HeadOfficeServer
from station.headoffice.shipments import ShipmentRelay, ShopRoute
from station.headoffice.store import HeadOfficeStore
from station.sync.client import HeadOfficeClient, SyncError
from station.sync.downloader import Downloader
from station.sync.uploader import Uploader
from station.ui.main_window import MainWindow
from station.ui.pages.dispatch_page import DispatchPage
from station.ui.pages.pack_page import PackPage
from tests.barcodes import decode_pdf, pdf_text
from tests.ewaybill.conftest import APPS, TOKENS, settings_for
from tests.services.dispatch_day import ean
from tests.ui.conftest import login

_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    window.bus.publish(Scan(code, source="wedge", at=_T0 + timedelta(seconds=next(_clock))))


def pack_by_scans(qtbot, w, number):
    page = w.page(PackPage)
    w.nav.setCurrentRow(w.pages.index(page))
    scan(w, number)
    assert page.state is not None and page.state.order.number == number, w.banner.text()
    if page.state.order.seller_remark or page.state.order.buyer_message:
        page.acknowledge_remark()
    units = [ln.sku for ln in page.state.lines for _ in range(ln.qty)]
    with qtbot.waitSignal(page.parcel_closed, timeout=10000):
        for sku in units:
            scan(w, ean(sku))
    return Parcel.get(
        (Parcel.sales_order == SalesOrder.get(SalesOrder.number == number))
        & (Parcel.status == "closed")
    ).tracking_number


@pytest.fixture
def platform():
    sim = PlatformSimulator().start()
    sim.add_app("pdd", *APPS["pdd"])
    sim.add_shop("pdd", TOKENS["pdd"], {})
    yield sim
    sim.stop()


def test_a_day_to_the_carrier(qtbot, demo_services, translations, tmp_path, platform):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    provider = provider_for("pdd", settings_for(platform, "pdd"))
    route = ShopRoute(provider, {"ZTO": ("ZTO", 115), "SF": ("SF", 44)})

    def office(port=0):
        server = HeadOfficeServer(store, port=port)
        server.shipments = ShipmentRelay(store, lambda shop: route)
        return server.start()

    server = office()
    port = server.server_address[1]
    server.stop()  # head office unreachable from here until the afternoon
    client = HeadOfficeClient(f"http://127.0.0.1:{port}", "tok")
    down = Downloader(demo_services.store.db, demo_services.bench_id, client)
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    try:
        login(w, "张伟", "1357")
        t = {n: pack_by_scans(qtbot, w, n) for n in ("2611230003", "2611230007", "2611230001")}
        t["2611230006"] = pack_by_scans(qtbot, w, "2611230006")

        # the buyer of 2611230006 is refunded while the bench is offline
        store.publish("order_status", "2611230006", {"number": "2611230006", "status": "refunded"})
        with pytest.raises(SyncError):
            down.pull()
        page = w.page(DispatchPage)
        w.nav.setCurrentRow(w.pages.index(page))
        with qtbot.waitSignal(w.sounds.sound_requested):
            scan(w, "ZTO-BAG-0001")
        assert "not been reached" in page.offline.text()  # the page warns at once
        # back online: the intercept arrives with the master data
        server = office(port)
        down.pull()
        page.refresh()

        def answer(code):
            with qtbot.waitSignal(w.sounds.sound_requested) as sound:
                scan(w, code)
            return sound.args[0], w.banner.text()

        assert answer(t["2611230001"])[0] == "refused"  # an SF parcel in the ZTO bag
        sound, text = answer(t["2611230006"])
        assert sound == "alarm" and "PULL THIS PARCEL OUT" in text
        assert answer(t["2611230003"])[0] == "ok"
        assert page.count.text() == "Scanned 1 of 2"  # 2611230007 still to scan

        # the courier will not wait for 2611230007: a supervisor approves
        page.setFocus()
        qtbot.keyClick(page, "c")
        qtbot.waitUntil(lambda: bool(w.ctx.scan_targets))
        with qtbot.waitSignal(page.handover_closed) as closed:
            scan(w, "SV-0001")
        number = closed.args[0].number
        job = PrintJob.get(PrintJob.kind == "handover_sheet")
        pdf = bytes(job.payload)
        assert ("Code128", number) in decode_pdf(pdf, dpi=300)[0]
        text = pdf_text(pdf)
        assert t["2611230003"] in text and t["2611230007"] in text  # in, and left out
        assert "unreachable" in text  # opened while head office could not be reached

        # the shipment report through head-office and platform faults
        server.faults = ["500", "drop"]
        platform.faults.append("down")
        up = Uploader(demo_services.store.db, demo_services.bench_id, client, batch_size=5)
        for _ in range(12):
            result = up.drain()
            if not result.error and not up.waiting:
                break
        assert platform.shipments == {("pdd", "2611230003"): ("115", t["2611230003"])}
        sent = [r for r in platform.calls("pdd.logistics.online.send") if r.answer == "ok"]
        assert len(sent) == 1
        reported = [
            json.loads(r.payload)["order"]
            for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
        ]
        assert reported == ["2611230003"]
        assert all(
            r.state == "acked"
            for r in OutboxRecord.select().where(OutboxRecord.kind == "shipment_report")
        )
        assert [r["order"] for r in server.shipments.rows()] == ["2611230003"]
    finally:
        w.shutdown()
        client.close()
        server.stop()
        provider.close()
        store.close()
