"""The board's tables, one a tab: per operator, per bench, every bench from head
office with how fresh its figures are, the parcels not handed over, the pre-sale
orders waiting for stock and the stock warning. On the wall board nothing scrolls: the rows
that do not fit are summarised in a last "+N more" row."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.services.daily import METRICS, DayFigures, Row, local_zone
from station.ui.board.style import ORANGE, RED, set_font

ROW_FIELDS = (*METRICS, "units_packed", "scans")


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


class BoardTables(QTabWidget):
    """The tables' tabs: by operator, by bench, all benches (head office)."""

    def __init__(self, scale: float, fit: bool, parent=None):
        """``scale``: the type's size against the page's; ``fit``: the wall board, where
        the tables never scroll."""
        super().__init__(parent)
        self.scale = scale
        self.fit = fit
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
        self.addTab(self.by_operator, "")
        self.addTab(self.by_bench, "")
        self.addTab(all_page, "")
        # parcels packed, not handed over, per carrier against its pickup time
        self.dispatch = self._table(6)
        self.addTab(self.dispatch, "")
        # pre-sale orders waiting for stock (待备货), with the goods that would release
        # them; and the SKUs under their stock threshold (库存预警)
        self.presale = self._table(4)
        for col in (0, 1, 3):  # the goods column takes the width that is left
            self.presale.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.addTab(self.presale, "")
        self.stock_warnings = self._table(5)
        self.addTab(self.stock_warnings, "")
        set_font(self.tabBar(), 10 * scale)
        self.head_office_note.setFont(self.tabBar().font())
        self.setMinimumHeight(int(110 * scale))
        self.figures: DayFigures | None = None

    def _table(self, columns: int) -> FittedTable:
        t = FittedTable(columns, self.fit)
        t.verticalHeader().setVisible(False)
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        set_font(t, 11 * self.scale)
        set_font(t.horizontalHeader(), 10 * self.scale)  # not inherited: set it
        t.verticalHeader().setDefaultSectionSize(int(26 * self.scale))
        return t

    def retranslate_ui(self, names: dict[str, str]) -> None:
        """Tab and column names; ``names``: each figure's name (``BoardView.metric_names``)."""
        self.setTabText(0, self.tr("By operator"))
        self.setTabText(1, self.tr("By bench"))
        self.setTabText(2, self.tr("All benches (head office)"))
        self.setTabText(3, self.tr("Not handed over"))
        self.setTabText(4, self.tr("Waiting for stock"))
        self.setTabText(5, self.tr("Stock warning"))
        self.presale.setHorizontalHeaderLabels(
            [
                self.tr("Pre-sale order"),
                self.tr("Due"),
                self.tr("Waits for (SKU ×needed, stock now)"),
                self.tr("Units short"),
            ]
        )
        self.stock_warnings.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Product"),
                self.tr("Stock here"),
                self.tr("Threshold"),
                self.tr("Head office"),
            ]
        )
        if self.figures is not None:
            self.show_stock(self.figures.presale_waiting, self.figures.stock_warnings)
        self.dispatch.setHorizontalHeaderLabels(
            [
                self.tr("Carrier"),
                self.tr("Parcels"),
                self.tr("Orders"),
                self.tr("Pickup"),
                self.tr("State"),
                self.tr("Penalty at risk"),
            ]
        )
        head = [names[m] for m in ROW_FIELDS]
        self.by_operator.setHorizontalHeaderLabels([self.tr("Operator"), *head])
        self.by_bench.setHorizontalHeaderLabels([self.tr("Bench"), *head])
        self.all_benches.setHorizontalHeaderLabels(
            [self.tr("Bench"), *[names[m] for m in METRICS], names["scans"], self.tr("As of")]
        )

    def show_figures(self, f: DayFigures) -> None:
        """This bench's day per operator and per bench."""
        self.figures = f
        self._fill(self.by_operator, f.by_operator)
        self._fill(self.by_bench, f.by_bench)
        self.show_dispatch(f.carriers_waiting)
        self.show_stock(f.presale_waiting, f.stock_warnings)

    def show_dispatch(self, carriers: list[dict]) -> None:
        """Per carrier: parcels and orders waiting, today's pickup, amber within the
        hour before it, red after, and the penalty at risk for those orders."""
        words = {
            "ok": self.tr("in time"),
            "amber": self.tr("pickup within the hour"),
            "red": self.tr("PICKUP PASSED"),
        }
        self.dispatch.set_rows(
            [
                [
                    c["carrier"],
                    str(c["parcels"]),
                    str(c["orders"]),
                    c["pickup"][11:16],
                    words.get(c["state"], c["state"]),
                    f"¥{c['penalty_fen'] / 100:.2f}",
                ]
                for c in carriers
            ]
        )
        colours = {"amber": ORANGE, "red": RED}
        for row, c in enumerate(carriers[: self.dispatch.rowCount()]):
            colour = colours.get(c["state"])
            for col in range(self.dispatch.columnCount()):
                item = self.dispatch.item(row, col)
                if item is not None:
                    item.setForeground(QColor(colour) if colour else QColor("#263238"))
        if any(c["state"] == "red" for c in carriers):
            self.tabBar().setTabTextColor(3, QColor(RED))
        elif any(c["state"] == "amber" for c in carriers):
            self.tabBar().setTabTextColor(3, QColor(ORANGE))
        else:
            self.tabBar().setTabTextColor(3, QColor())

    def show_stock(self, waiting: list[dict], warnings: list[dict]) -> None:
        """The pre-sale orders waiting for stock, oldest deadline first, each with the
        SKUs it needs (units needed, the stock free for it now) and the units short
        (red: no stock for it yet; green: it fits and is released at the next receipt);
        the SKUs under their stock threshold, with head office's figure and its time."""
        self.presale.set_rows(
            [
                [
                    w["number"],
                    self._local(w["promised_dispatch_at"]) or self.tr("no deadline"),
                    ", ".join(
                        self.tr("{sku} ×{qty} (stock {free})").format(
                            sku=ln["sku"], qty=ln["qty"], free=ln["free"]
                        )
                        for ln in w["lines"]
                    ),
                    str(sum(ln["short"] for ln in w["lines"])),
                ]
                for w in waiting
            ]
        )
        shown = self.presale.rowCount() - (1 if self.presale.hidden_rows else 0)
        for row, w in enumerate(waiting[:shown]):
            item = self.presale.item(row, 3)
            if item is not None:
                item.setForeground(QColor("#2e7d32") if w["fits"] else QColor(RED))
        self.stock_warnings.set_rows(
            [
                [
                    f["sku"],
                    f["name"],
                    str(f["on_hand"]),
                    str(f["threshold"]),
                    self.tr("{qty} at {time}").format(
                        qty=f["head_office"],
                        time=self._local(f["head_office_as_of"]) or "—",
                    )
                    if f["head_office"] is not None
                    else "—",
                ]
                for f in warnings
            ]
        )
        self.tabBar().setTabTextColor(5, QColor(ORANGE) if warnings else QColor())

    @staticmethod
    def _local(iso: str | None) -> str:
        """A stored UTC time as the bench's local ``MM-DD HH:MM``."""
        if not iso:
            return ""
        then = datetime.fromisoformat(iso).replace(tzinfo=UTC).astimezone(local_zone())
        return then.strftime("%m-%d %H:%M")

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
        if then.tzinfo is not None:  # a head office that keeps the benches' offsets
            then = then.astimezone(UTC).replace(tzinfo=None)
        minutes = max(0, int((now - then).total_seconds() // 60))
        local = then.replace(tzinfo=UTC).astimezone(local_zone()).strftime("%H:%M")
        return self.tr("{time} ({min} min ago)").format(time=local, min=minutes)
