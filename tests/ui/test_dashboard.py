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
        benches = page.view.by_bench  # by name, never by the bench's internal id
        assert [benches.item(r, 0).text() for r in range(benches.rowCount())] == [
            demo_services.settings.bench.bench_name
        ]
        assert page.view.orders_chart.sets["parcels_shipped"].sum() == 1
        assert "Orders waiting:" in page.view.backlog.text()
        assert page.view.exceptions.shown_texts()
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
    head_office.store.add_bench(bench, "tok")  # head office knows no name: ours is shown
    head_office.store.add_bench("other", "tok2", "Bench B")
    head_office.store.add_bench("5c1e0a1b-0000-4000-8000-00000000abcd", "tok3")
    demo_services.settings = demo_services.settings.replace("head_office", url=head_office.url)
    write_token(demo_services.data_dir, "tok")
    # every bench's figures are a supervisor's to read: the board bench holds one's token
    from station.headoffice.access import issue_supervisor
    from station.secrets import write_board_token

    write_board_token(demo_services.data_dir, issue_supervisor(head_office.store, "floor"))
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
        ours = demo_services.settings.bench.bench_name
        assert set(rows) == {ours, "Bench B", "Unnamed bench"}
        a, b = rows[ours], rows["Bench B"]
        assert table.item(a, 4).text() == "1"  # parcels shipped, as head office counts them
        assert "min ago" in table.item(a, 6).text()
        assert table.item(b, 6).text() == "nothing sent"
        assert page.view.head_office_note.text() == "From head office"
        head_office.stop()  # head office goes away: the last figures stay, marked
        page.refreshes = 0
        with qtbot.waitSignal(page.refreshed, timeout=20_000):
            page.refresh()
        assert "not reachable" in page.view.head_office_note.text()
        assert page.view.all_benches.rowCount() == 3
    finally:
        w.shutdown()


# --- board mode on the wall: nothing clipped, nothing overlapped, nothing scrolls ---

WALLS = [(1600, 1000), (1920, 1080)]


def busy_day(operators: int = 30, late: int = 40, kinds: int = 1):
    """A day with more of everything than a wall can hold: every kind of exception,
    many late orders, many operators and benches, long names (``kinds=0``: only the
    late orders)."""
    from station.services.daily import Backlog, DayFigures, Exceptions, LateOrder, Row

    rows = [
        Row(f"操作员{n:02d} Packer with a long name {n}", 10 * n, n, 3 * n, 3 * n, 9 * n, 40 * n)
        for n in range(operators)
    ]
    x = Exceptions(
        wrong_item_refusals=12 * kinds,
        shorts=3 * kinds,
        reships=2 * kinds,
        overrides=7 * kinds,
        voids=4 * kinds,
        quarantined_lines=5 * kinds,
        quarantined_units=60,
        lots_rejected=2 * kinds,
        late_orders=late // 2,
        at_risk_orders=late - late // 2,
        penalty_at_risk_fen=1_234_500,
        late_list=[
            LateOrder(f"P{n:019d}", "2026-11-30T16:45+08:00", "late" if n % 2 else "at_risk", 990)
            for n in range(late)
        ],
        printer_alerts=[{"job": 1, "kind": "waybill", "document": "X", "status": "failed"}] * kinds,
        pools_low=[{"carrier": "SF", "account": "A1", "free": 3, "low_water": 50}] * kinds,
    )
    b = Backlog(
        waiting=12_345,
        late=1_234,
        at_risk=2_345,
        due_today=3_456,
        later=4_567,
        no_deadline=743,
        orders_per_hour=1_234.5,
        predicted_done_at="2026-12-01T09:15+08:00",
        cutoff="2026-11-30T17:00+08:00",
        hours_to_cutoff=2.5,
        orders_per_packer_hour=56.1,
        per_packer_measured=False,
        packers_active=12,
        packers_needed=88,
        will_meet_cutoff=False,
    )
    return DayFigures(
        date="2026-11-30",
        bench_id="4f9c6a0e-1111-4222-8333-944455556666",
        bench_name="打包台 3",
        generated_at="2026-11-30T14:30:00+08:00",
        is_today=True,
        totals=Row("total", 123_456, 2_345, 34_567, 45_678, 99_999, 888_888),
        hourly={m: [(h * 37) % 400 for h in range(24)] for m in DayFigures_metrics()},
        by_operator=rows,
        by_bench=rows[:12],
        rates={
            "orders_15": 12_345.6,
            "orders_60": 1_234.5,
            "units_received_15": 23_456.7,
            "units_received_60": 9_876.5,
        },
        backlog=b,
        exceptions=x,
        batches={
            "open": 123,
            "printed": 45,
            "picked": 6,
            "packed": 789,
            "closed": 10,
            "orders_left": 4_321,
        },
    )


def DayFigures_metrics():
    from station.services.daily import METRICS

    return METRICS


def settle(qtbot, widget, size) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    widget.resize(*size)
    widget.layout().activate()
    qtbot.waitUntil(lambda: widget.size() == QSize(*size), timeout=2000)
    QApplication.processEvents()


def layout_faults(board) -> list[str]:
    """Every way the board breaks the wall: a widget outside it, blocks overlapping,
    a scroll bar, a label's text bigger than its place, a header cut."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

    from station.ui.pages.dashboard_page import FittedLines, Tile

    faults = []
    whole = board.rect()

    def rect(w: QWidget) -> QRect:
        return QRect(w.mapTo(board, w.rect().topLeft()), w.size())

    shown = [w for w in board.findChildren(QWidget) if w.isVisibleTo(board)]
    for w in shown:
        if not whole.contains(rect(w)):
            faults.append(f"outside: {type(w).__name__} {w.objectName()} {rect(w)}")
    containers = [board.view, *board.findChildren(Tile), *board.findChildren(FittedLines)]
    for parent in containers:
        kids = [k for k in parent.children() if isinstance(k, QWidget) and k.isVisibleTo(board)]
        for i, a in enumerate(kids):
            for b in kids[i + 1 :]:
                if a.geometry().intersects(b.geometry()):
                    faults.append(f"overlap: {type(a).__name__} {type(b).__name__}")
    for area in board.findChildren(QAbstractScrollArea):
        for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
            if bar.isVisibleTo(board):
                faults.append(f"scroll bar on {type(area).__name__}")
    for label in board.findChildren(QLabel):
        if not label.isVisibleTo(board) or not label.text():
            continue
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height():
                faults.append(f"wrapped label cut: {label.text()!r} {need} > {label.height()}")
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() or hint.height() > label.height():
                faults.append(f"label cut: {label.text()!r} {hint} in {label.size()}")
    for table in (board.view.by_operator, board.view.by_bench, board.view.all_benches):
        if not table.isVisibleTo(board):
            continue
        header = table.horizontalHeader()
        fm = header.fontMetrics()
        for c in range(table.columnCount()):
            text = table.horizontalHeaderItem(c).text()
            if fm.horizontalAdvance(text) + 8 > header.sectionSize(c):
                faults.append(f"header cut: {text!r}")
        rows = table.rowCount() * table.verticalHeader().defaultSectionSize()
        if rows > table.viewport().height():
            faults.append(f"table rows beyond the room: {rows} > {table.viewport().height()}")
    return faults


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", WALLS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_board_mode_fits_the_wall(qtbot, translations, language, size):
    from station.ui.pages.dashboard_page import BoardWindow

    translations.set_language(language)
    board = BoardWindow()
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    figures = busy_day()
    board.view.show_figures(figures)
    board.view.show_head_office(
        {"benches": [{"bench_id": f"b{n}", "name": f"Bench {n}"} for n in range(25)]}, "", None
    )
    settle(qtbot, board, size)
    assert layout_faults(board) == []
    # everything there, shown or summarised: every exception line counted
    lines = board.view.exceptions
    shown = lines.shown_texts()
    total = len(lines.lines)
    assert total == 1 + 10 + 1 + 40  # the penalty, ten kinds, a pool, every late order
    more = "另有" if language == "zh_CN" else "more"
    assert more in shown[-1] and str(total - (len(shown) - 1)) in shown[-1]
    assert lines.hidden_lines == total - (len(shown) - 1) > 0
    summary = [label for label in lines.labels if not label.isHidden()][-1]
    assert summary.toolTip().splitlines() == [text for text, _ in lines.lines[len(shown) - 1 :]]
    table = board.view.by_operator
    last = table.item(table.rowCount() - 1, 0).text()
    assert table.hidden_rows == 30 - (table.rowCount() - 1) and str(table.hidden_rows) in last
    for tab in (1, 2):  # the other tabs fit too
        board.view.tables.setCurrentIndex(tab)
        qtbot.waitUntil(lambda t=tab: board.view.tables.widget(t).isVisible())
        assert layout_faults(board) == []
    # a quiet day: the lines shown whole, no summary row
    quiet = busy_day(operators=2, late=2, kinds=0)
    board.view.show_figures(quiet)
    assert lines.hidden_lines == 0 and board.view.by_operator.hidden_rows == 0
    assert len(lines.shown_texts()) == 1 + 2 + 2  # the penalty, late, at risk, two orders
    assert lines.shown_texts()[-1].startswith("P0000")
    assert layout_faults(board) == []


def test_all_benches_reads_record_times_with_or_without_an_offset(qtbot):
    """Head office keeps the newest record's time as naive UTC; one that kept the
    bench's offset (+00:00, +08:00) is read as the same instant, not a failure."""
    from datetime import UTC, datetime, timedelta, timezone

    from station.ui.board.tables import BoardTables

    tables = BoardTables(1.0, False)
    qtbot.addWidget(tables)
    ago = datetime.now(UTC) - timedelta(minutes=7)
    times = [
        ago.replace(tzinfo=None).isoformat(),
        ago.isoformat(),
        ago.astimezone(timezone(timedelta(hours=8))).isoformat(),
    ]
    benches = [
        {"bench_id": f"b{i}", "name": f"B{i}", "last_record_at": t} for i, t in enumerate(times)
    ]
    tables.show_head_office({"benches": benches}, "", None)
    table = tables.all_benches
    cells = [table.item(r, table.columnCount() - 1).text() for r in range(table.rowCount())]
    assert len(cells) == 3 and all("(7 min ago)" in c for c in cells), cells
