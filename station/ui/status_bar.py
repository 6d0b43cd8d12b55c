"""The status bar: operator, bench, devices, network and head-office backlog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QStatusBar

from station.drivers.printers.status import PrinterStatus
from station.services.operators import Session
from station.services.status import StatusSnapshot


class StatusField(QLabel):
    """One field of the status bar. Its text comes from the world (a printer's name
    as the print system calls it, a serial port's path, head office's address, a
    list of printer problems), so it never sets the window's width: given less room
    than its text needs it shows the text shortened in the middle (…), and the whole
    text is its tooltip. It asks for ``min_width`` pixels at least (less when its
    whole text needs less)."""

    def __init__(self, min_width: int = 48, parent=None):
        super().__init__(parent)
        self.min_width = min_width

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.min_width), hint.height())

    def shown_text(self) -> str:
        """The text as it fits the field's width now."""
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, room)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.shown_text(),
        )


class StationStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        # when the bar is short of room, the device addresses give it up first;
        # the printer keeps enough to show what is wrong with it
        self.operator = StatusField(180)
        self.bench = StatusField(160)
        self.scanner = StatusField(100)
        self.printer = StatusField(320)
        self.scale = StatusField(100)
        self.network = StatusField(220)
        self.outbox = StatusField(140)
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
