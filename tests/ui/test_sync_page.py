"""The station syncing in the background while the bench works."""

import pytest

from station.cli_sync import write_token
from station.core.scan import Scan
from station.db.models import OutboxRecord
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.ui.main_window import MainWindow
from station.ui.pages.sync_page import SyncPage
from tests.ui.conftest import login


@pytest.fixture
def head_office(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def test_scans_reach_head_office_in_the_background(qtbot, demo_services, translations, head_office):
    write_token(demo_services.data_dir, "tok")
    assert (demo_services.data_dir.root / "head_office.token").stat().st_mode & 0o777 == 0o600
    demo_services.settings = demo_services.settings.replace("head_office", url=head_office.url)
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    try:
        login(w, "张伟", "1357")
        w.bus.publish(Scan("2611230002", source="sim"))
        w.sync.sync_now()
        qtbot.waitUntil(lambda: w.sync.last is not None and w.sync.last.acked >= 1, timeout=10000)
        assert w.status.network.text() == "Head office: online"
        page = w.page(SyncPage)
        page.refresh()
        assert page.backlog.text() == "Records to send: 0"
        assert set(head_office.store.uuids()) == {r.record_uuid for r in OutboxRecord.select()}

        # master data comes down in the same loop; a conflict is shown, not applied
        head_office.store.publish(
            "sales_order",
            "HO-7",
            {
                "number": "HO-7",
                "buyer_name": "周杰",
                "address": "江苏省南京市",
                "carrier": "SF",
                "lines": [{"sku": "CUP-350", "qty": 1}],
            },
        )
        from station.db.models import SalesOrder

        SalesOrder.update(status="packed").where(SalesOrder.number == "2611230003").execute()
        head_office.store.publish(
            "order_status", "2611230003", {"number": "2611230003", "status": "cancelled"}
        )
        w.sync.sync_now()
        qtbot.waitUntil(
            lambda: SalesOrder.get_or_none(SalesOrder.number == "HO-7") is not None, timeout=10000
        )
        qtbot.waitUntil(lambda: "Conflict" in page.error.text(), timeout=10000)
        assert "2611230003" in page.error.text()

        head_office.stop()  # the network goes
        head_office.stop = lambda: None
        w.bus.publish(Scan("2611230001", source="sim"))
        w.sync.sync_now()
        qtbot.waitUntil(lambda: w.sync.last is not None and not w.sync.last.done, timeout=10000)
        assert "OFFLINE" in w.status.network.text()
        page.refresh()
        # the new scan, and the conflict report queued after the last drain
        assert page.backlog.text() == "Records to send: 2" and "Offline" in page.state.text()
    finally:
        w.shutdown()


def test_demo_head_office_takes_the_benchs_records(qtbot, demo_services, translations):
    from station.app import start_demo_head_office

    office = start_demo_head_office(demo_services.data_dir, demo_services.bench_id)
    try:
        demo_services.settings = demo_services.settings.replace("head_office", url=office.url)
        w = MainWindow(demo_services, translations)
        qtbot.addWidget(w)
        try:
            login(w, "张伟", "1357")
            w.bus.publish(Scan("2611230002", source="sim"))
            w.sync.sync_now()
            qtbot.waitUntil(
                lambda: w.sync.last is not None and w.sync.last.acked >= 1, timeout=10000
            )
            assert set(office.store.uuids()) == {r.record_uuid for r in OutboxRecord.select()}
        finally:
            w.shutdown()
    finally:
        office.stop()
        office.store.close()
