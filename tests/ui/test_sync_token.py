"""A refused token in the running station: said in red, records kept, sent once fixed."""

import pytest

from station.cli_sync import write_token
from station.core.scan import Scan
from station.db.models import OutboxRecord
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.ui.main_window import MainWindow
from station.ui.pages.sync_page import SyncPage
from tests.ui.conftest import login

RED = "#c62828"


@pytest.fixture
def head_office(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "right-token")
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def test_a_refused_token_is_said_in_red_and_the_records_go_once_it_is_fixed(
    qtbot, demo_services, translations, head_office
):
    write_token(demo_services.data_dir, "wrong-token")
    demo_services.settings = demo_services.settings.replace("head_office", url=head_office.url)
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    try:
        login(w, "张伟", "1357")
        w.bus.publish(Scan("2611230002", source="sim"))
        w.sync.sync_now()
        qtbot.waitUntil(
            lambda: w.sync.last is not None and w.sync.last.token_refused, timeout=10000
        )
        assert w.status.network.text() == "Head office refused this bench's token"
        assert RED in w.status.network.styleSheet()
        page = w.page(SyncPage)
        page.refresh()
        assert page.state.text().startswith("Head office refused this bench's token")
        assert RED in page.state.styleSheet()
        pending = OutboxRecord.select().where(OutboxRecord.state == "pending").count()
        assert pending >= 1 and page.backlog.text() == f"Records to send: {pending}"
        assert page.parked.text() == "" and not page.release.isEnabled()  # nothing parked
        assert head_office.store.uuids() == []

        write_token(demo_services.data_dir, "right-token")  # fixed, no restart
        w.sync.sync_now()
        qtbot.waitUntil(lambda: w.sync.last is not None and w.sync.last.done, timeout=10000)
        assert w.status.network.text() == "Head office: online"
        assert RED not in w.status.network.styleSheet()
        page.refresh()
        assert RED not in page.state.styleSheet() and page.backlog.text() == "Records to send: 0"
        held = head_office.store.uuids()
        assert len(held) == len(set(held))
        assert set(held) == {r.record_uuid for r in OutboxRecord.select()}
    finally:
        w.shutdown()
