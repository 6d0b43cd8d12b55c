"""The status bar: operator, bench, devices, network and head-office backlog."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar

from station.drivers.printers.status import PrinterStatus
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
        self.scanner_state: tuple[str, str] = ("", "")
        self.printer_status: PrinterStatus | None = None
        self.scale_state = ""
        self.sync_result = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def show_state(self, session: Session | None, snap: StatusSnapshot) -> None:
        self._session, self._snapshot = session, snap
        self._render()

    def show_scanner_state(self, state: str, detail: str) -> None:
        self.scanner_state = (state, detail)
        self._render()

    def show_printer_state(self, status: PrinterStatus | None) -> None:
        self.printer_status = status
        self._render()

    def show_sync(self, result) -> None:
        self.sync_result = result
        self._render()

    def show_scale_state(self, state: str, detail: str) -> None:
        self.scale_state = state
        self._render()

    def _scale_text(self, uri: str) -> str:
        names = {
            "ok": self.tr("ok"),
            "offline": self.tr("OFFLINE"),
            "garbled": self.tr("SENDS GARBAGE"),
            "wrong_unit": self.tr("WRONG UNIT"),
            "unsettled": self.tr("not settled"),
            "not_ready": self.tr("overload or busy"),
            "error": self.tr("error"),
        }
        return f"{uri} ({names[self.scale_state]})" if self.scale_state in names else uri

    def _scanner_text(self, uri: str) -> str:
        state = self.scanner_state[0]
        names = {
            "connected": self.tr("connected"),
            "disconnected": self.tr("DISCONNECTED"),
            "error": self.tr("error"),
        }
        return f"{uri} ({names[state]})" if state in names else uri

    def _printer_text(self, uri: str) -> str:
        st = self.printer_status
        if st is None or not uri:
            return uri
        names = {
            "offline": self.tr("OFFLINE"),
            "not_answering": self.tr("NOT ANSWERING"),
            "answer_incomplete": self.tr("answer cut off"),
            "answer_garbled": self.tr("answer unreadable"),
            "paper_out": self.tr("paper out"),
            "ribbon_out": self.tr("ribbon out"),
            "head_open": self.tr("head open"),
            "paused": self.tr("paused"),
            "buffer_full": self.tr("buffer full"),
            "paper_jam": self.tr("paper jam"),
            "cover_open": self.tr("cover open"),
            "over_temperature": self.tr("head too hot"),
            "under_temperature": self.tr("head too cold"),
            "corrupt_ram": self.tr("settings lost (corrupt RAM)"),
            "comm_diagnostic": self.tr("in communications diagnostic mode"),
            "other_error": self.tr("printer error"),
            "printing": self.tr("printing"),
            "label_waiting": self.tr("label waiting to be taken"),
            "partial_format": self.tr("receiving a label"),
        }
        shown = st.problems or [self.tr("ready")]
        return f"{uri} ({', '.join(names.get(p, p) for p in shown + st.notes)})"

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
        self.scanner.setText(
            self.tr("Scanner: {uri}").format(uri=self._scanner_text(snap.scanner) or none)
        )
        self.printer.setText(
            self.tr("Printer: {uri}").format(uri=self._printer_text(snap.printer) or none)
        )
        for label, alarm in (
            (self.scanner, self.scanner_state[0] in ("disconnected", "error")),
            (self.printer, self.printer_status is not None and not self.printer_status.ready),
            (self.scale, self.scale_state in ("offline", "garbled", "wrong_unit", "error")),
        ):
            label.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "")
        self.scale.setText(self.tr("Scale: {uri}").format(uri=self._scale_text(snap.scale) or none))
        if not snap.head_office:
            self.network.setText(self.tr("Head office: offline (not configured)"))
        elif self.sync_result is None:
            self.network.setText(self.tr("Head office: {url}").format(url=snap.head_office))
        elif self.sync_result.done:
            self.network.setText(self.tr("Head office: online"))
        elif getattr(self.sync_result, "token_refused", False):
            # the bench's set-up, not the network: a person must fix the token
            self.network.setText(self.tr("Head office refused this bench's token"))
        else:
            self.network.setText(self.tr("Head office: OFFLINE, records kept"))
        alarm = bool(snap.head_office and getattr(self.sync_result, "token_refused", False))
        if snap.head_office and not snap.tls_verified:
            # never silently: the bench says it on every refresh, in red
            self.network.setText(
                self.network.text() + " · " + self.tr("TLS CERTIFICATES NOT CHECKED")
            )
            alarm = True
        self.network.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "")
        self.outbox.setText(self.tr("To send: {n}").format(n=snap.outbox_pending))
