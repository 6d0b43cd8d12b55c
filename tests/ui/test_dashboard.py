"""The supervisor's board: live figures equal to the recorded events, board mode,
the daily report from the GUI, every bench's figures from head office."""

from __future__ import annotations

from datetime import date

import pytest

from station.cli_sync import write_token
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.services.daily import day_figures
from station.ui.main_window import MainWindow
from station.ui.pages.dashboard_page import DashboardPage
from station.ui.pages.pack_page import PackPage
from tests.ui.conftest import login
from tests.ui.test_pack_flow import ean, scan


def pack_one(qtbot, w):
    """A packer's order, closed on its last unit: one parcel shipped."""
    page = w.page(PackPage)
    w.nav.setCurrentRow(w.pages.index(page))
    scan(w, "2611230005")
    scan(w, ean("SOCK-5P"))
    with qtbot.waitSignal(page.parcel_closed):
        scan(w, ean("SOCK-5P"))


def board(qtbot, services, translations):
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    return w


def open_dashboard(w) -> DashboardPage:
    page = w.page(DashboardPage)
    w.nav.setCurrentRow(w.pages.index(page))
    assert w.current_page() is page
    return page


def test_the_board_shows_the_recorded_day(qtbot, demo_services, translations):
    w = board(qtbot, demo_services, translations)
    try:
        login(w, "王芳", "9876")  # a supervisor packs too
        pack_one(qtbot, w)
        page = open_dashboard(w)
        with qtbot.waitSignal(page.refreshed, timeout=5000) as got:
            page.refresh()
        f = got.args[0]
        want = day_figures(date.today(), demo_services.settings)
        assert f.totals == want.totals and f.totals.parcels_shipped == 1
        tiles = {m: t.value.text() for m, t in page.view.tiles.items()}
        assert tiles == {
            "units_received": "0",
            "lines_inspected": "0",
            "orders_packed": "1",
            "parcels_shipped": "1",
        }
        assert "/h last 15 min" in page.view.tiles["orders_packed"].rate.text()
        ops = {
            page.view.by_operator.item(r, 0).text(): page.view.by_operator.item(r, 4).text()
            for r in range(page.view.by_operator.rowCount())
        }
        assert ops["王芳"] == "1"  # parcels shipped
        assert page.view.orders_chart.sets["parcels_shipped"].sum() == 1
        assert "Waiting:" in page.view.backlog.text()
        assert page.view.exceptions.count() >= 1
        # board mode: the same figures, full screen, in large type; Esc closes it
        boardw = page.open_board()
        qtbot.waitUntil(lambda: boardw.view.tiles["parcels_shipped"].value.text() == "1")
        assert boardw.isFullScreen()
        big = boardw.view.tiles["parcels_shipped"].value.font().pointSizeF()
        assert big > 1.5 * page.view.tiles["parcels_shipped"].value.font().pointSizeF()
        for view in (page.view, boardw.view):  # headers as large as the rows they name
            rows = view.by_operator.font().pointSizeF()
            assert view.by_operator.horizontalHeader().font().pointSizeF() >= 0.9 * rows - 0.5
            assert view.tables.tabBar().font().pointSizeF() >= 0.9 * rows - 0.5
        assert boardw.view.by_operator.horizontalHeader().font().pointSizeF() >= 18
        boardw.close()
    finally:
        w.shutdown()


def test_the_daily_report_is_saved_from_the_gui(qtbot, demo_services, translations, tmp_path):
    from tests.barcodes import pdf_text

    w = board(qtbot, demo_services, translations)
    try:
        login(w, "王芳", "9876")
        pack_one(qtbot, w)
        page = open_dashboard(w)
        out = tmp_path / "day.pdf"
        with qtbot.waitSignal(page.report_saved, timeout=10_000):
            page.save_report(date.today(), str(out), "pdf")
        assert "Daily report saved" in w.banner.text()
        text = pdf_text(out.read_bytes())
        assert "Daily report" in text and "王芳" in text
        with qtbot.waitSignal(page.report_saved, timeout=10_000):
            page.save_report(date.today(), str(tmp_path / "day.csv"), "csv")
        assert "total,,parcels_shipped,1" in (tmp_path / "day.csv").read_text("utf-8-sig")
        page.save_report(date.today(), str(tmp_path / "no" / "such" / "dir.pdf"), "pdf")
        qtbot.waitUntil(lambda: "could not be saved" in w.banner.text(), timeout=10_000)
    finally:
        w.shutdown()


@pytest.fixture
def head_office(tmp_path):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    server = HeadOfficeServer(store).start()
    yield server
    server.stop()
    store.close()


def test_every_bench_from_head_office_then_offline(qtbot, demo_services, translations, head_office):
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader

    bench = demo_services.bench_id
    head_office.store.add_bench(bench, "tok", "Bench A")
    head_office.store.add_bench("other", "tok2", "Bench B")
    demo_services.settings = demo_services.settings.replace("head_office", url=head_office.url)
    write_token(demo_services.data_dir, "tok")
    w = board(qtbot, demo_services, translations)
    try:
        login(w, "王芳", "9876")
        pack_one(qtbot, w)
        client = HeadOfficeClient(head_office.url, "tok")
        Uploader(demo_services.store.db, bench, client).drain()
        client.close()
        page = open_dashboard(w)
        page.refreshes = 0  # ask head office on this refresh
        with qtbot.waitSignal(page.refreshed, timeout=10_000):
            page.refresh()
        table = page.view.all_benches
        rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
        assert set(rows) == {"Bench A", "Bench B"}
        a, b = rows["Bench A"], rows["Bench B"]
        assert table.item(a, 4).text() == "1"  # parcels shipped, as head office counts them
        assert "min ago" in table.item(a, 6).text()
        assert table.item(b, 6).text() == "nothing sent"
        assert page.view.head_office_note.text() == "From head office"
        head_office.stop()  # head office goes away: the last figures stay, marked
        page.refreshes = 0
        with qtbot.waitSignal(page.refreshed, timeout=20_000):
            page.refresh()
        assert "not reachable" in page.view.head_office_note.text()
        assert page.view.all_benches.rowCount() == 2
    finally:
        w.shutdown()
