"""The status bar: operator, bench, devices, network and head-office backlog."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar

from station.services.operators import Session
from station.services.status import StatusSnapshot


class StationStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.operator = QLabel()
        self.bench = QLabel()
        self.scanner = QLabel()
        self.printer = QLabel()
        self.scale = QLabel()
        self.network = QLabel()
        self.outbox = QLabel()
        for w in (
            self.operator,
            self.bench,
            self.scanner,
            self.printer,
            self.scale,
            self.network,
            self.outbox,
        ):
            w.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(w)
        self._session: Session | None = None
        self._snapshot: StatusSnapshot | None = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def show_state(self, session: Session | None, snap: StatusSnapshot) -> None:
        self._session, self._snapshot = session, snap
        self._render()

    def _render(self) -> None:
        s, snap = self._session, self._snapshot
        if snap is None:
            return
        none = self.tr("none")
        self.operator.setText(
            self.tr("Operator: {name}").format(name=s.operator.name)
            if s
            else self.tr("Not logged in")
        )
        self.bench.setText(self.tr("Bench: {name}").format(name=snap.bench_name))
        self.scanner.setText(self.tr("Scanner: {uri}").format(uri=snap.scanner or none))
        self.printer.setText(self.tr("Printer: {uri}").format(uri=snap.printer or none))
        self.scale.setText(self.tr("Scale: {uri}").format(uri=snap.scale or none))
        self.network.setText(
            self.tr("Head office: {url}").format(url=snap.head_office)
            if snap.head_office
            else self.tr("Head office: offline (not configured)")
        )
        self.outbox.setText(self.tr("To send: {n}").format(n=snap.outbox_pending))
