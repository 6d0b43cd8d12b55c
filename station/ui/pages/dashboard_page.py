"""The supervisor's board: the day at a glance, and whether the cut-off will be met.

Today's figures (units received, lines inspected, orders packed, parcels shipped)
with their rates over the last 15 and 60 minutes; per hour as charts; per
operator and per bench; the backlog by dispatch deadline with the predicted
finish and the packers needed for the cut-off; the exceptions. With head office
reachable, every bench's figures too, each marked with how fresh it is.

The figures are computed off the GUI thread (``station.services.daily``), every
few seconds while the page is shown. F11 (or the button) opens the same board
full screen, in large type for a wall screen; Esc closes it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.core.auth import Permission
from station.core.scan import Outcome
from station.services.daily import (
    METRICS,
    DayFigures,
    Row,
    day_figures,
    keep_printed_anchor,
    local_zone,
)
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.workers import run_in_background

REFRESH_MS = 5_000
HEAD_OFFICE_EVERY = 6  # refreshes: every 30 s
TILE_COLOURS = ("#1565c0", "#6a1b9a", "#2e7d32", "#ef6c00")
RED, ORANGE, GREEN = "#c62828", "#ef6c00", "#1b7f3b"
ROW_FIELDS = (*METRICS, "units_packed", "scans")


def _font(widget: QWidget, size: float, bold: bool = False) -> None:
    f = widget.font()
    f.setPointSizeF(size)
    f.setBold(bold)
    widget.setFont(f)


def _hhmm(iso: str | None) -> str:
    return iso[11:16] if iso else "—"


class ShrinkingLabel(QLabel):
    """A big figure that takes its place's width and shrinks its type, never below
    half, when the figure would not fit at full size (a six-digit day on a tile)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.full_size = self.font().pointSizeF()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_full_size(self, points: float) -> None:
        self.full_size = points
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        f = self.font()
        size = self.full_size
        room = self.width() - 2 * self.margin() - 4
        while size > self.full_size / 2:
            f.setPointSizeF(size)
            if QFontMetrics(f).horizontalAdvance(self.text()) <= room:
                break
            size -= 1
        if f.pointSizeF() != self.font().pointSizeF():
            self.setFont(f)

    def sizeHint(self) -> QSize:  # the figure at its type now; the height of the full size
        f = self.font()
        f.setPointSizeF(self.full_size)
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin()
        return QSize(width, QFontMetrics(f).height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())


class Tile(QFrame):
    """One figure, big, with its rates under it."""

    def __init__(self, colour: str, scale: float, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setSpacing(0)
        self.name = QLabel()
        self.value = ShrinkingLabel("—")
        self.rate = QLabel()
        _font(self.name, 12 * scale)
        _font(self.value, 38 * scale, bold=True)
        self.value.set_full_size(38 * scale)
        _font(self.rate, 10 * scale)
        self.value.setStyleSheet(f"color: {colour};")
        self.rate.setMinimumHeight(2 * self.rate.fontMetrics().lineSpacing())  # two lines, always
        for w in (self.name, self.value, self.rate):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)


class HourChart(QChartView):
    """Bars per local hour for some of the day's metrics."""

    def __init__(self, metrics: tuple[str, ...], scale: float, parent=None):
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.metrics = metrics
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.series = QBarSeries()
        self.sets: dict[str, QBarSet] = {}
        for m in metrics:
            s = QBarSet(m)
            s.setColor(QColor(TILE_COLOURS[METRICS.index(m)]))
            s.append([0] * 24)
            self.sets[m] = s
            self.series.append(s)
        self.chart_.addSeries(self.series)
        self.x = QBarCategoryAxis()
        # a label every third hour (the others blank, each blank unique): readable at
        # any width; the bars still stand one per hour
        self.x.append([str(h) if h % 3 == 0 else "\u200b" * (h + 1) for h in range(24)])
        self.y = QValueAxis()
        self.y.setLabelFormat("%d")
        self.y.setRange(0, 1)
        self.chart_.addAxis(self.x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x)
        self.series.attachAxis(self.y)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        for axis in (self.x, self.y):
            axis.setTruncateLabels(False)
            f = axis.labelsFont()
            f.setPointSizeF(8 * scale)
            axis.setLabelsFont(f)
        f = self.chart_.legend().font()
        f.setPointSizeF(9 * scale)
        self.chart_.legend().setFont(f)
        self.chart_.setMargins(self.chart_.margins() * 0)
        self.setMinimumHeight(int(100 * scale))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_hours(self, hourly: dict[str, list[int]], names: dict[str, str]) -> None:
        top = 1
        for m, s in self.sets.items():
            s.setLabel(names[m])
            for h, n in enumerate(hourly[m]):
                if s.at(h) != n:
                    s.replace(h, n)
                top = max(top, n)
        self.y.setRange(0, top)
        self.y.setTickCount(min(top, 5) + 1)
        if top > 5:
            self.y.applyNiceNumbers()  # 0, 100, 200…, not 0, 74, 148…


class FittedLines(QWidget):
    """Coloured lines, one a row, as many as the height holds: when they do not all fit
    the last row says "+N more" instead, and a line too long for the width ends in "…"
    (its whole text in the tool tip). Nothing scrolls, nothing is cut in half."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[tuple[str, str]] = []  # (text, colour)
        self.labels: list[QLabel] = []
        self.hidden_lines = 0  # lines summarised in the last row

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        self.lines = list(lines)
        self._place()

    def line_height(self) -> int:
        probe = QLabel("Ag国")  # never shown: measures a line of this font
        probe.setFont(self.font())
        return max(probe.sizeHint().height(), self.fontMetrics().lineSpacing()) + 2

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 20, 2 * self.line_height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, 4 * self.line_height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def _label(self, i: int) -> QLabel:
        while len(self.labels) <= i:
            label = QLabel(self)
            label.setFont(self.font())
            self.labels.append(label)
        return self.labels[i]

    def _place(self) -> None:
        h = self.line_height()
        room = max(1, self.height() // h)
        shown = self.lines
        self.hidden_lines = 0
        rest: list[str] = []
        if len(shown) > room:
            self.hidden_lines = len(shown) - (room - 1)
            rest = [text for text, _ in shown[room - 1 :]]
            more = self.tr("+{n} more").format(n=self.hidden_lines)
            shown = [*shown[: room - 1], (more, "palette(text)")]
        pad = self.fontMetrics().averageCharWidth() // 2
        width = self.width() - 2 * pad
        for i, (text, colour) in enumerate(shown):
            label = self._label(i)
            fitted = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 4)
            label.setText(fitted)
            label.setToolTip(text if fitted != text else "")
            if rest and i == len(shown) - 1:  # the summary row: the lines it stands for
                label.setToolTip("\n".join(rest))
            label.setStyleSheet(f"color: {colour};")
            label.setGeometry(pad, i * h, width, h)
            label.show()
        for label in self.labels[len(shown) :]:
            label.hide()

    def shown_texts(self) -> list[str]:
        return [label.text() for label in self.labels if not label.isHidden()]


class FittedTable(QTableWidget):
    """A table of rows; with ``fit`` (the wall board) it never scrolls: the rows the
    height holds are shown and the last row says "+N more" for the rest."""

    def __init__(self, columns: int, fit: bool, parent=None):
        super().__init__(0, columns, parent)
        self.fit = fit
        self.rows: list[list[str]] = []
        self.hidden_rows = 0
        if fit:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_rows(self, rows: list[list[str]]) -> None:
        self.rows = [list(r) for r in rows]
        self._fill()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._fill()

    def _fill(self) -> None:
        rows = self.rows
        self.hidden_rows = 0
        self.clearSpans()
        if self.fit:
            room = max(1, self.viewport().height() // self.verticalHeader().defaultSectionSize())
            if len(rows) > room:
                self.hidden_rows = len(rows) - (room - 1)
                rows = [*rows[: room - 1], [self.tr("+{n} more").format(n=self.hidden_rows)]]
        self.setRowCount(len(rows))
        for i, cells in enumerate(rows):
            for c in range(self.columnCount()):
                text = cells[c] if c < len(cells) else ""
                item = self.item(i, c)
                if item is None:
                    self.setItem(i, c, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        if self.hidden_rows:
            self.setSpan(len(rows) - 1, 0, 1, self.columnCount())


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
        _font(self.clock, 16 * scale, bold=True)
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
        _font(self.backlog_title, 14 * scale, bold=True)
        self.backlog = QLabel()
        self.finish = QLabel()
        self.packers = QLabel()
        for w in (self.backlog, self.finish, self.packers):
            _font(w, 13 * scale)
            w.setWordWrap(True)
            # the column's width, wrapped to it: a long line never pushes into the next column
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        backlog.addWidget(self.backlog_title)
        for w in (self.backlog, self.finish, self.packers):
            backlog.addWidget(w)
        backlog.addStretch(1)
        lower.addLayout(backlog, 1)
        exceptions = QVBoxLayout()
        self.exceptions_title = QLabel()
        _font(self.exceptions_title, 14 * scale, bold=True)
        self.exceptions = FittedLines()
        _font(self.exceptions, 12 * scale)
        self.exceptions.setAutoFillBackground(True)
        self.exceptions.setBackgroundRole(QPalette.ColorRole.Base)
        exceptions.addWidget(self.exceptions_title)
        exceptions.addWidget(self.exceptions, 1)
        lower.addLayout(exceptions, 1)
        layout.addLayout(lower, 2)
        self.tables = QTabWidget()
        self.by_operator = self._table(len(ROW_FIELDS) + 1)
        self.by_bench = self._table(len(ROW_FIELDS) + 1)
        self.all_benches = self._table(7)
        self.head_office_note = QLabel()
        self.head_office_note.setWordWrap(True)
        self.head_office_note.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        all_page = QWidget()
        all_layout = QVBoxLayout(all_page)
        all_layout.setContentsMargins(0, 0, 0, 0)
        all_layout.addWidget(self.head_office_note)
        all_layout.addWidget(self.all_benches, 1)
        self.tables.addTab(self.by_operator, "")
        self.tables.addTab(self.by_bench, "")
        self.tables.addTab(all_page, "")
        _font(self.tables.tabBar(), 10 * scale)
        self.head_office_note.setFont(self.tables.tabBar().font())
        self.tables.setMinimumHeight(int(110 * scale))
        layout.addWidget(self.tables, 2)
        self.figures: DayFigures | None = None
        self.retranslate_ui()

    def _table(self, columns: int) -> FittedTable:
        t = FittedTable(columns, self.fit)
        t.verticalHeader().setVisible(False)
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        _font(t, 11 * self.scale)
        _font(t.horizontalHeader(), 10 * self.scale)  # not inherited: set it
        t.verticalHeader().setDefaultSectionSize(int(26 * self.scale))
        return t

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
        self.tables.setTabText(0, self.tr("By operator"))
        self.tables.setTabText(1, self.tr("By bench"))
        self.tables.setTabText(2, self.tr("All benches (head office)"))
        head = [names[m] for m in ROW_FIELDS]
        self.by_operator.setHorizontalHeaderLabels([self.tr("Operator"), *head])
        self.by_bench.setHorizontalHeaderLabels([self.tr("Bench"), *head])
        self.all_benches.setHorizontalHeaderLabels(
            [self.tr("Bench"), *[names[m] for m in METRICS], names["scans"], self.tr("As of")]
        )
        if self.figures is not None:
            self.show_figures(self.figures)

    # --- figures ---

    def show_figures(self, f: DayFigures) -> None:
        self.figures = f
        names = self.metric_names()
        self.clock.setText(
            self.tr("{date} · updated {time}").format(date=f.date, time=_hhmm(f.generated_at))
            if not f.is_today
            else self.tr("Today · {date} · updated {time}").format(
                date=f.date, time=_hhmm(f.generated_at)
            )
        )
        t, r = f.totals, f.rates
        rates = {
            "orders_packed": (r["orders_15"], r["orders_60"]),
            "units_received": (r["units_received_15"], r["units_received_60"]),
        }
        for m, tile in self.tiles.items():
            tile.value.setText(str(getattr(t, m)))
            if m in rates:
                # two short lines: a tile a quarter of the wall wide holds them in large type
                tile.rate.setText(
                    self.tr("{n:g}/h last 15 min").format(n=rates[m][0])
                    + "\n"
                    + self.tr("{n:g}/h last hour").format(n=rates[m][1])
                )
            else:
                tile.rate.setText("")
        self.orders_chart.show_hours(f.hourly, names)
        self.units_chart.show_hours(f.hourly, names)
        self._show_backlog(f)
        self._show_exceptions(f)
        self._fill(self.by_operator, f.by_operator)
        self._fill(self.by_bench, f.by_bench)

    def _show_backlog(self, f: DayFigures) -> None:
        b = f.backlog
        if b is None:
            self.backlog.setText(self.tr("A past day: no backlog"))
            self.finish.setText("")
            self.packers.setText("")
            return
        self.backlog.setText(
            self.tr(
                "Waiting: {n} orders · late {late} · at risk {risk} · due today {today} · "
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
            when = _hhmm(b.predicted_done_at)
            if b.predicted_done_at[:10] != f.date:
                when = f"{b.predicted_done_at[5:10]} {when}"
            done = self.tr("Done by {time} at {rate:g} orders/h").format(
                time=when, rate=b.orders_per_hour
            )
        cutoff = self.tr("cut-off {time}").format(time=_hhmm(b.cutoff))
        self.finish.setText(f"{done} · {cutoff}")
        colour = {True: GREEN, False: RED, None: ORANGE}[b.will_meet_cutoff]
        self.finish.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if b.packers_needed is None:
            self.packers.setText(self.tr("The cut-off has passed"))
        else:
            per = (
                self.tr("{n:g} orders/h per packer")
                if b.per_packer_measured
                else self.tr("{n:g} orders/h per packer (assumed: nothing measured yet)")
            ).format(n=b.orders_per_packer_hour)
            self.packers.setText(
                self.tr("Packers: {active} working, {needed} needed · {per}").format(
                    active=b.packers_active, needed=b.packers_needed, per=per
                )
            )
        short = b.packers_needed is not None and b.packers_needed > b.packers_active
        self.packers.setStyleSheet(f"color: {RED if short else 'palette(text)'};")

    def _show_exceptions(self, f: DayFigures) -> None:
        x = f.exceptions
        lines = [
            (x.wrong_item_refusals, RED, self.tr("Wrong items refused: {n}")),
            (x.late_orders, RED, self.tr("Orders late: {n}")),
            (x.at_risk_orders, ORANGE, self.tr("Orders at risk: {n}")),
            (x.shorts, ORANGE, self.tr("Shorts shipped: {n}")),
            (x.reships, ORANGE, self.tr("Reships: {n}")),
            (x.overrides, ORANGE, self.tr("Supervisor overrides: {n}")),
            (x.voids, ORANGE, self.tr("Voids: {n}")),
            (x.quarantined_lines, ORANGE, self.tr("Receipt lines quarantined: {n}")),
            (x.lots_rejected, RED, self.tr("Lots rejected or held: {n}")),
            (len(x.printer_alerts), RED, self.tr("Print jobs failed or held: {n}")),
        ]
        items: list[tuple[str, str]] = []
        if x.penalty_at_risk_fen:
            items.append(
                (
                    self.tr("Penalty at risk: {amount} CNY").format(
                        amount=f"{x.penalty_at_risk_fen / 100:.2f}"
                    ),
                    RED,
                )
            )
        for n, colour, text in lines:
            if n:
                items.append((text.format(n=n), colour))
        for p in x.pools_low:
            items.append(
                (
                    self.tr("Tracking numbers low: {carrier} {free} left").format(
                        carrier=p["carrier"], free=p["free"]
                    ),
                    RED,
                )
            )
        for o in x.late_list:
            items.append(
                (
                    self.tr("{order}: due {time}, penalty {amount} CNY").format(
                        order=o.order,
                        time=o.promised.replace("T", " ")[5:16],
                        amount=f"{o.penalty_fen / 100:.2f}",
                    ),
                    RED if o.state == "late" else ORANGE,
                )
            )
        if not items:
            items.append((self.tr("No exceptions"), GREEN))
        self.exceptions.set_lines(items)

    def _fill(self, table: FittedTable, rows: list[Row]) -> None:
        table.set_rows([[r.name, *(str(getattr(r, m)) for m in ROW_FIELDS)] for r in rows])

    def show_head_office(self, answer: dict | None, error: str, when: datetime | None) -> None:
        """Every bench's figures from head office, each with how fresh it is; the last
        answer stays shown (marked with its age) while head office cannot be reached."""
        if answer is None and not error:
            self.head_office_note.setText(
                self.tr("Head office is not set up: this bench's figures only")
            )
            self.all_benches.set_rows([])
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        if error:
            age = int((now - when).total_seconds() // 60) if when else None
            self.head_office_note.setText(
                self.tr("Head office not reachable ({error}); figures from {min} min ago").format(
                    error=error, min=age
                )
                if age is not None
                else self.tr("Head office not reachable ({error})").format(error=error)
            )
            self.head_office_note.setStyleSheet(f"color: {RED};")
        else:
            self.head_office_note.setText(self.tr("From head office"))
            self.head_office_note.setStyleSheet("")
        if answer is None:
            return
        rows = []
        for b in answer.get("benches", []):
            rows.append(
                [
                    self._bench_name(b),
                    *(str(b.get(m, 0)) for m in METRICS),
                    str(b.get("scans", 0)),
                    self._freshness(b.get("last_record_at"), now),
                ]
            )
        self.all_benches.set_rows(rows)

    def _bench_name(self, bench: dict) -> str:
        """Head office's name for a bench; this bench's own name when head office has
        none; never its internal id."""
        if bench.get("name"):
            return bench["name"]
        if self.figures is not None and bench.get("bench_id") == self.figures.bench_id:
            return self.figures.bench_name
        return self.tr("Unnamed bench")

    def _freshness(self, iso: str | None, now: datetime) -> str:
        if not iso:
            return self.tr("nothing sent")
        try:
            then = datetime.fromisoformat(iso)
        except ValueError:
            return iso
        minutes = max(0, int((now - then).total_seconds() // 60))
        local = then.replace(tzinfo=UTC).astimezone(local_zone()).strftime("%H:%M")
        return self.tr("{time} ({min} min ago)").format(time=local, min=minutes)


class BoardWindow(QWidget):
    """The board alone, full screen, in large type (a wall screen). Esc or F11 closes."""

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.view = BoardView(scale=1.8, fit=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        for key in ("Esc", "F11"):
            QShortcut(QKeySequence(key), self).activated.connect(self.close)


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
    from station.sync.client import HeadOfficeClient, SyncError

    s = services.settings.head_office
    token = read_token(services.data_dir)
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
