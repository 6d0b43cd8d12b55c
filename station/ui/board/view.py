"""The whole board: the clock, the figure tiles, the hourly charts, the backlog with
the predicted finish and the packers needed for the cut-off, the exceptions, the
tables. The dashboard page holds one; board mode another, in large type."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station.services.batches.hooks import STATES
from station.services.daily import METRICS, DayFigures
from station.ui.board.charts import HourChart
from station.ui.board.exceptions import ExceptionsList
from station.ui.board.style import GREEN, ORANGE, RED, TILE_COLOURS, hhmm, set_font
from station.ui.board.tables import BoardTables
from station.ui.board.tiles import Tile


class BoardView(QWidget):
    """Everything the board shows; the page holds one, board mode another, in large type."""

    def __init__(self, scale: float = 1.0, fit: bool = False, parent=None):
        """``fit``: the wall board, where nothing scrolls (rows beyond the room are
        summarised); the page's board scrolls its tables instead."""
        super().__init__(parent)
        self.scale = scale
        self.fit = fit
        layout = QVBoxLayout(self)
        self.clock = QLabel()
        set_font(self.clock, 16 * scale, bold=True)
        layout.addWidget(self.clock)
        tiles = QGridLayout()
        self.tiles = {m: Tile(c, scale) for m, c in zip(METRICS, TILE_COLOURS, strict=True)}
        for n, m in enumerate(METRICS):
            tiles.addWidget(self.tiles[m], 0, n)
            tiles.setColumnStretch(n, 1)
        layout.addLayout(tiles)
        middle = QHBoxLayout()
        self.orders_chart = HourChart(
            ("orders_packed", "parcels_shipped", "lines_inspected"), scale
        )
        self.units_chart = HourChart(("units_received",), scale)
        middle.addWidget(self.orders_chart, 1)
        middle.addWidget(self.units_chart, 1)
        layout.addLayout(middle, 2)
        lower = QHBoxLayout()
        backlog = QVBoxLayout()
        self.backlog_title = QLabel()
        set_font(self.backlog_title, 14 * scale, bold=True)
        self.backlog = QLabel()
        self.finish = QLabel()
        self.packers = QLabel()
        for w in (self.backlog, self.finish, self.packers):
            set_font(w, 13 * scale)
            w.setWordWrap(True)
            # the column's width, wrapped to it: a long line never pushes into the next
            # column, and the label is as tall as its wrapped lines (height for width)
            policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)
            w.setSizePolicy(policy)
        backlog.addWidget(self.backlog_title)
        for w in (self.backlog, self.finish, self.packers):
            backlog.addWidget(w)
        backlog.addStretch(1)
        lower.addLayout(backlog, 2)  # its lines wrap; the exceptions say "+N more"
        exceptions = QVBoxLayout()
        self.exceptions_title = QLabel()
        set_font(self.exceptions_title, 14 * scale, bold=True)
        self.exceptions = ExceptionsList()
        set_font(self.exceptions, 12 * scale)
        self.exceptions.setAutoFillBackground(True)
        self.exceptions.setBackgroundRole(QPalette.ColorRole.Base)
        exceptions.addWidget(self.exceptions_title)
        exceptions.addWidget(self.exceptions, 1)
        lower.addLayout(exceptions, 1)
        layout.addLayout(lower, 2)
        self.tables = BoardTables(scale, fit)
        layout.addWidget(self.tables, 2)
        # the tables by name, as the page and the wall board read them
        self.by_operator = self.tables.by_operator
        self.by_bench = self.tables.by_bench
        self.all_benches = self.tables.all_benches
        self.head_office_note = self.tables.head_office_note
        self.figures: DayFigures | None = None
        self.retranslate_ui()

    # --- text ---

    def metric_names(self) -> dict[str, str]:
        return {
            "units_received": self.tr("Units received"),
            "lines_inspected": self.tr("Lines inspected"),
            "orders_packed": self.tr("Orders packed"),
            "parcels_shipped": self.tr("Parcels shipped"),
            "units_packed": self.tr("Units packed"),
            "scans": self.tr("Scans"),
        }

    def retranslate_ui(self) -> None:
        names = self.metric_names()
        for m, tile in self.tiles.items():
            tile.name.setText(names[m])
        self.backlog_title.setText(self.tr("Backlog"))
        self.exceptions_title.setText(self.tr("Exceptions"))
        self.tables.retranslate_ui(names)
        if self.figures is not None:
            self.show_figures(self.figures)

    # --- figures ---

    def show_figures(self, f: DayFigures) -> None:
        self.figures = f
        names = self.metric_names()
        self.clock.setText(
            self.tr("{date} · updated {time}").format(date=f.date, time=hhmm(f.generated_at))
            if not f.is_today
            else self.tr("Today · {date} · updated {time}").format(
                date=f.date, time=hhmm(f.generated_at)
            )
        )
        t, r = f.totals, f.rates
        rates = {
            "orders_packed": (r["orders_15"], r["orders_60"]),
            "units_received": (r["units_received_15"], r["units_received_60"]),
        }
        for m, tile in self.tiles.items():
            tile.show_figure(getattr(t, m), rates.get(m))
        self.orders_chart.show_hours(f.hourly, names)
        self.units_chart.show_hours(f.hourly, names)
        self._show_backlog(f)
        self._show_batches(f)
        self.exceptions.show_exceptions(f)
        self.tables.show_figures(f)

    def _show_backlog(self, f: DayFigures) -> None:
        b = f.backlog
        if b is None:
            self.backlog.setText(self.tr("A past day: no backlog"))
            self.finish.setText("")
            self.packers.setText("")
            return
        self.backlog.setText(
            self.tr(
                "Orders waiting: {n} · late {late} · at risk {risk} · due today {today} · "
                "later {later} · no deadline {none}"
            ).format(
                n=b.waiting,
                late=b.late,
                risk=b.at_risk,
                today=b.due_today,
                later=b.later,
                none=b.no_deadline,
            )
        )
        if b.predicted_done_at is None:
            done = self.tr("Done at: no packing rate yet")
        else:
            when = hhmm(b.predicted_done_at)
            if b.predicted_done_at[:10] != f.date:
                when = f"{b.predicted_done_at[5:10]} {when}"
            done = self.tr("Done by {time} (orders/h: {rate:g})").format(
                time=when, rate=b.orders_per_hour
            )
        cutoff = self.tr("cut-off {time}").format(time=hhmm(b.cutoff))
        self.finish.setText(f"{done} · {cutoff}")
        colour = {True: GREEN, False: RED, None: ORANGE}[b.will_meet_cutoff]
        self.finish.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if b.packers_needed is None:
            self.packers.setText(self.tr("The cut-off has passed"))
        else:
            per = (
                self.tr("Orders/h per packer: {n:g}")
                if b.per_packer_measured
                else self.tr("Orders/h per packer: {n:g} (assumed: nothing measured yet)")
            ).format(n=b.orders_per_packer_hour)
            self.packers.setText(
                self.tr("Packers: {active} working, {needed} needed · {per}").format(
                    active=b.packers_active, needed=b.packers_needed, per=per
                )
            )
        short = b.packers_needed is not None and b.packers_needed > b.packers_active
        self.packers.setStyleSheet(f"color: {RED if short else 'palette(text)'};")

    def _show_batches(self, f: DayFigures) -> None:
        """Batches (波次) by state, and their orders still to pack, under the backlog
        (a line of its own would push the board off a 1366x768 screen); nothing on a
        day without batches."""
        b = f.batches
        if not b or not any(b.get(s, 0) for s in STATES):
            return
        self.backlog.setText(
            self.backlog.text()
            + "\n"
            + self.tr(
                "Batches: open {open} · printed {printed} · picked {picked} · "
                "packed {packed} · orders left {left}"
            ).format(
                open=b.get("open", 0),
                printed=b.get("printed", 0),
                picked=b.get("picked", 0),
                packed=b.get("packed", 0),
                left=b.get("orders_left", 0),
            )
        )

    def show_head_office(self, answer: dict | None, error: str, when: datetime | None) -> None:
        """Every bench's figures from head office (see ``BoardTables.show_head_office``)."""
        self.tables.show_head_office(answer, error, when)
