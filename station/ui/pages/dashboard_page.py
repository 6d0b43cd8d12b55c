"""The supervisor's board: the day at a glance, and whether the cut-off will be met.

Today's figures (units received, lines inspected, orders packed, parcels shipped)
with their rates over the last 15 and 60 minutes; per hour as charts; per
operator and per bench; the backlog by dispatch deadline with the predicted
finish and the packers needed for the cut-off; the exceptions. With head office
reachable, every bench's figures too, each marked with how fresh it is.

The figures are computed off the GUI thread (``station.services.daily``), every
few seconds while the page is shown. F11 (or the button) opens the same board
full screen, in large type for a wall screen; Esc closes it.

The board's widgets live in ``station.ui.board``, one room each (tiles, charts,
tables, exceptions, the board and its window); this page composes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout

from station.core.auth import Permission
from station.core.scan import Outcome
from station.services.daily import day_figures, keep_printed_anchor, local_zone
from station.ui.board.charts import HourChart
from station.ui.board.exceptions import FittedLines
from station.ui.board.tables import FittedTable
from station.ui.board.tiles import ShrinkingLabel, Tile
from station.ui.board.view import BoardView
from station.ui.board.window import BoardWindow
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.workers import run_in_background

# the board's widgets, importable from here as before they had rooms of their own
__all__ = [
    "BoardView",
    "BoardWindow",
    "DashboardPage",
    "FittedLines",
    "FittedTable",
    "HourChart",
    "ShrinkingLabel",
    "Tile",
]

REFRESH_MS = 5_000
HEAD_OFFICE_EVERY = 6  # refreshes: every 30 s


class DashboardPage(Page):
    context = "dashboard"
    permission = Permission.VIEW_DASHBOARD
    refreshed = Signal(object)  # DayFigures
    report_saved = Signal(str)  # the file written
    REFRESH_MS = REFRESH_MS

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.report_date = QDateEdit(QDate.currentDate())
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.choose_report_file)
        self.board_button = QPushButton()
        self.board_button.clicked.connect(self.open_board)
        for w in (self.report_date, self.report_button, self.board_button):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.addStretch(1)
        bar.addWidget(self.report_date)
        bar.addWidget(self.report_button)
        bar.addWidget(self.board_button)
        self.view = BoardView()
        self.view.layout().removeWidget(self.view.clock)  # the clock heads the button row
        bar.insertWidget(0, self.view.clock, 1)
        self.view.layout().insertLayout(0, bar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        self.board: BoardWindow | None = None
        self.busy = False
        self.refreshes = 0
        self.head_office: dict | None = None
        self.head_office_error = ""
        self.head_office_at: datetime | None = None
        QShortcut(QKeySequence("F11"), self).activated.connect(self.open_board)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(self.REFRESH_MS)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Dashboard")

    def retranslate_ui(self) -> None:
        self.report_button.setText(self.tr("Daily report…"))
        self.board_button.setText(self.tr("Board mode (F11)"))
        self.view.retranslate_ui()
        if self.board is not None:
            self.board.view.retranslate_ui()

    # --- refreshing, off the GUI thread ---

    def _shown(self) -> bool:
        return self.isVisible() or (self.board is not None and self.board.isVisible())

    def refresh(self) -> None:
        if self.busy or not self._shown():
            return
        self.busy = True
        services = self.ctx.services
        settings = services.settings
        ask_head_office = self.refreshes % HEAD_OFFICE_EVERY == 0
        self.refreshes += 1

        def work():
            try:
                figures = day_figures(date.today(), settings)
            finally:
                services.store.db.close()  # this thread's connection
            answer, error = None, ""
            if ask_head_office:
                answer, error = _ask_head_office(services, figures.date)
            return figures, ask_head_office, answer, error

        run_in_background(self, work, self._show, self._failed)

    def _show(self, result) -> None:
        figures, asked, answer, error = result
        self.busy = False
        if asked:
            if answer is not None:
                self.head_office, self.head_office_at = (
                    answer,
                    datetime.now(UTC).replace(tzinfo=None),
                )
            self.head_office_error = error
        for view in self._views():
            view.show_figures(figures)
            view.show_head_office(self.head_office, self.head_office_error, self.head_office_at)
        self.refreshed.emit(figures)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.view.clock.setText(self.tr("The figures could not be read: {error}").format(error=exc))

    def _views(self) -> list[BoardView]:
        views = [self.view]
        if self.board is not None and self.board.isVisible():
            views.append(self.board.view)
        return views

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    # --- board mode ---

    def open_board(self) -> BoardWindow:
        if self.board is None:
            self.board = BoardWindow()
            self.board.setWindowTitle(self.tr("Station board"))
        self.board.showFullScreen()
        # the whole screen the station is on, even where no window manager makes a
        # window full screen (a wall PC started straight into X)
        screen = (self.screen() or QGuiApplication.primaryScreen()).geometry()
        if self.board.geometry() != screen:
            self.board.setGeometry(screen)
            self.board.setWindowState(self.board.windowState() | Qt.WindowState.WindowFullScreen)
        if self.view.figures is not None:
            self.board.view.show_figures(self.view.figures)
            self.board.view.show_head_office(
                self.head_office, self.head_office_error, self.head_office_at
            )
        self.refresh()
        return self.board

    # --- the daily report ---

    def choose_report_file(self) -> None:
        day = self.report_date.date().toPython()
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the daily report"),
            f"station-{day.isoformat()}.pdf",
            self.tr("PDF (*.pdf);;CSV (*.csv);;JSON (*.json)"),
        )
        if path:
            fmt = (
                "csv" if "csv" in chosen.lower() else "json" if "json" in chosen.lower() else "pdf"
            )
            self.save_report(day, path, fmt)

    def save_report(self, day: date, path: str, fmt: str):
        """Compute and write the report off the GUI thread; a banner says where it went."""
        from station.labels.daily_report import report_bytes

        services = self.ctx.services
        settings = services.settings

        def work():
            try:
                figures = day_figures(day, settings)
                data = report_bytes(figures, fmt)
            finally:
                services.store.db.close()
            with open(path, "wb") as f:
                f.write(data)
            keep_printed_anchor(services.data_dir.root, figures)
            return path

        def done(written):
            self.ctx.feedback.give(
                Outcome.OK, self.tr("Daily report saved: {path}").format(path=written)
            )
            self.report_saved.emit(written)

        def failed(exc):
            self.ctx.feedback.give(
                Outcome.REFUSED,
                self.tr("The daily report could not be saved: {error}").format(error=exc),
            )

        return run_in_background(self, work, done, failed)


def _ask_head_office(services, day: str) -> tuple[dict | None, str]:
    """(answer, "") or (None, why not, in the operator's language); (None, "") when head
    office is not set up."""
    from station.cli_sync import read_token
    from station.secrets import read_board_token
    from station.sync.client import HeadOfficeClient, SyncError

    s = services.settings.head_office
    # a supervisor's token sees every bench; the bench's own, its own figures
    token = read_board_token(services.data_dir) or read_token(services.data_dir)
    if not s.url or not token:
        return None, ""
    offset = int(datetime.now(local_zone()).utcoffset().total_seconds() // 60)
    client = HeadOfficeClient(s.url, token, verify=s.verify_tls, timeout=5.0)
    try:
        return client.daily(day, offset), ""
    except SyncError as exc:
        return None, message(exc.code, exc.params)  # translate() is thread-safe
    finally:
        client.close()
