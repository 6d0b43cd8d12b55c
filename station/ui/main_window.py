"""The main window: a composition of the login screen, the pages and the status bar.

It owns the routing of scans: an open approval dialog first, then the login
screen when nobody is logged in, else the page in front.
"""

from __future__ import annotations

import logging

import peewee as pw
from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from station.app import Services
from station.core.scan import Outcome, Scan, Verdict
from station.core.wedge_text import WedgeFormat
from station.services.demo import sample_codes
from station.services.operators import Session
from station.services.status import snapshot
from station.services.storage import storage_problem
from station.ui.context import UiContext
from station.ui.devices import DeviceHub
from station.ui.feedback import Banner, Feedback, SoundPlayer
from station.ui.i18n import Translations
from station.ui.idle import IdleWatch
from station.ui.login import LoginPage
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.pages.batches_page import BatchesPage
from station.ui.pages.dashboard_page import DashboardPage
from station.ui.pages.dispatch_page import DispatchPage
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.pages.settings_page import SettingsPage
from station.ui.pages.sync_page import SyncPage
from station.ui.pages.waybills_page import WaybillsPage
from station.ui.scan_bus import ScanBus
from station.ui.sim_scanner import SimScannerPanel
from station.ui.status_bar import StationStatusBar
from station.ui.sync_hub import SyncHub
from station.ui.wedge import WedgeFilter

log = logging.getLogger(__name__)


def wedge_format(scanner) -> WedgeFormat:
    return WedgeFormat(scanner.prefix, scanner.suffix, scanner.gs_standin)


def takes_typing(widget) -> bool:
    """True for a widget where a person types text (an editable field, a spin box)."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


PAGE_CLASSES = (
    PackPage,
    GoodsInPage,
    WaybillsPage,
    DispatchPage,
    DashboardPage,
    SyncPage,
    SettingsPage,
    BatchesPage,
)
STATUS_REFRESH_MS = 5000


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        translations: Translations,
        *,
        sounds: SoundPlayer | None = None,
    ):
        super().__init__()
        self.services = services
        scanner = services.settings.scanner
        self.bus = ScanBus(scanner.double_read_ms, self)
        self.banner = Banner()
        self.sounds = sounds or SoundPlayer(services.settings.feedback.sound, self)
        self.feedback = Feedback(
            self.banner, self.sounds, self, banner_seconds=services.settings.feedback.banner_seconds
        )
        self.feedback.idle_text = self.idle_text
        self.ctx = UiContext(services, self.feedback, self.bus, translations)

        # login screen | work area
        self.screens = QStackedWidget()
        self.login = LoginPage(self.ctx)
        self.login.logged_in.connect(self.on_logged_in)
        work = QWidget()
        row = QHBoxLayout(work)
        self.nav = QListWidget()
        self.nav.setFixedWidth(190)
        font = self.nav.font()
        font.setPointSize(15)
        self.nav.setFont(font)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages_stack = QStackedWidget()
        self.pages: list[Page] = [cls(self.ctx) for cls in PAGE_CLASSES]
        for page in self.pages:
            self.pages_stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self.show_page)
        row.addWidget(self.nav)
        row.addWidget(self.pages_stack, 1)
        self.screens.addWidget(self.login)
        self.screens.addWidget(work)
        self.settings_page.saved.connect(self.apply_settings)

        central = QWidget()
        col = QVBoxLayout(central)
        col.addWidget(self.banner)
        col.addWidget(self.screens, 1)
        self.sim_panel = None
        if services.demo or services.settings.devices.scanner == "sim":
            self.sim_panel = SimScannerPanel(self.bus, sample_codes() if services.demo else [])
            col.addWidget(self.sim_panel)
        self.setCentralWidget(central)
        self.status = StationStatusBar()
        self.setStatusBar(self.status)

        # input: keyboard-wedge scanners anywhere in the app; idleness
        self.wedge = WedgeFilter(
            self.bus,
            max_gap_ms=scanner.wedge_max_gap_ms,
            min_length=scanner.wedge_min_length,
            text_format=wedge_format(scanner),
            gs_chord=scanner.gs_chord,
            terminators=scanner.terminators,
            caps_lock_repair=scanner.caps_lock_repair,
            hotkeys=self.hotkey,
            parent=self,
        )
        self.idle = IdleWatch(services.settings.security.idle_lock_minutes, self)
        self.idle.idle.connect(self.on_idle)
        app = QApplication.instance()
        app.installEventFilter(self.wedge)
        app.installEventFilter(self.idle)
        self.bus.scanned.connect(self.route_scan)
        self.bus.double_read.connect(self.on_double_read)
        self.devices = DeviceHub(self.bus, services, self)
        self.ctx.devices = self.devices
        self.devices.scale_state.connect(self.status.show_scale_state)
        self.devices.scanner_state.connect(self.status.show_scanner_state)
        self.devices.scanner_read_dropped.connect(self.on_scanner_read_dropped)
        self.devices.printer_state.connect(self.status.show_printer_state)
        print_queue = self.page(WaybillsPage).print_queue
        self.devices.print_job_changed.connect(print_queue.refresh)
        self.settings_page.test_label_requested.connect(print_queue.print_test_label)
        self.devices.start()
        self.sync = SyncHub(services, self)
        self.ctx.sync = self.sync
        sync_page = self.page(SyncPage)
        self.sync.drained.connect(self.on_drained)
        self.sync.progress.connect(sync_page.show_progress)
        self.sync.start()
        if self.sim_panel is not None:
            self.sim_panel.scale = self.devices.sim_scale
        for n in range(len(self.pages)):
            sc = QShortcut(QKeySequence(f"F{n + 1}"), self)
            sc.activated.connect(lambda n=n: self.open_page(n))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.logout)

        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start(STATUS_REFRESH_MS)
        self.retranslate_ui()
        self.resize(self.opening_size())
        self.show_login()

    # --- pieces ---

    def opening_size(self) -> QSize:
        """1280x800, or less where the screen's free area (without task bar and
        title bar) is smaller; never below what the pages need (minimumSizeHint,
        kept within 1366x768 by tests/ui/test_window_fits_screen.py)."""
        size = QSize(1280, 800)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry().size() - QSize(0, 40)  # the title bar
            size = size.boundedTo(free)
        return size.expandedTo(self.minimumSizeHint())

    @property
    def settings_page(self) -> SettingsPage:
        return next(p for p in self.pages if isinstance(p, SettingsPage))

    def page(self, cls: type[Page]) -> Page:
        return next(p for p in self.pages if isinstance(p, cls))

    def current_page(self) -> Page:
        return self.pages_stack.currentWidget()

    # --- text ---

    def retranslate_ui(self) -> None:
        title = self.tr("Station · {bench}").format(bench=self.services.settings.bench.bench_name)
        if self.services.demo:
            title += " · " + self.tr("DEMO")
        self.setWindowTitle(title)
        for n, page in enumerate(self.pages):
            self.nav.item(n).setText(f"F{n + 1}  {page.title()}")
        if self.banner.outcome is None:
            self.feedback.idle(self.idle_text())
        self.refresh_status()

    def idle_text(self) -> str:
        """The neutral banner: what the bench waits for."""
        return self.tr("Ready to scan") if self.ctx.session else self.tr("Log in")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh_status(self) -> None:
        self.status.show_state(self.ctx.session, snapshot(self.services.settings))

    # --- scans ---

    def _guarded(self, handle, scan: Scan) -> None:
        """A scan the disk will not take is refused out loud, never acknowledged: the
        transaction rolled back, so nothing of it was kept."""
        try:
            handle(scan)
            # after the answer: a line per scan for IT (and the crash test's witness
            # of what the bench acknowledged)
            outcome = self.banner.outcome.value if self.banner.outcome else "-"
            log.info("scan answered %s: %s", outcome, scan.data[:60])
        except (pw.DatabaseError, OSError) as exc:
            problem = storage_problem(exc)
            if problem is None:
                raise
            log.error("scan %r not saved: %s (%s)", scan.data[:40], problem, exc)
            self.feedback.give(Outcome.REFUSED, message(f"storage_{problem}", {}))

    def hotkey(self, target, key: int, modifiers, text: str) -> bool:
        """A key a person typed, offered to the page in front before its widget.

        The page's hotkeys work wherever the focus is in the main window (a table, a
        button, a combo box), except in a text field, where typing is typing; never
        in a dialog or on the login screen. True when the page took the key.
        """
        if self.ctx.session is None or self.screens.currentIndex() != 1:
            return False
        if not isinstance(target, QWidget) or target.window() is not self:
            return False
        if self._open_dialog() is not None:
            return False
        if takes_typing(target):
            return False
        return self.current_page().hotkey(key, modifiers, text)

    def _open_dialog(self) -> QWidget | None:
        """The modal dialog open over this window (or over the whole application), if any."""
        modal = QApplication.activeModalWidget()
        if modal is None or modal is self or not modal.isVisible():
            return None
        parent = modal.parentWidget()
        if parent is not None and parent.window() is not self:
            return None  # another window's dialog
        return modal

    def route_scan(self, scan: Scan) -> None:
        self.idle.poke()
        modal = self._open_dialog()
        if self.ctx.scan_targets and (modal is None or modal is self.ctx.scan_targets[-1]):
            self.ctx.scan_targets[-1].handle_scan(scan)
        elif modal is not None and modal is not self:
            # a dialog that takes no scans is open (a question, a list to pick from):
            # the scan must not act behind it, nor land in its fields
            self.feedback.give(Outcome.REFUSED, message("finish_dialog_first", {"code": scan.data}))
            log.info("scan answered refused (a dialog is open): %s", scan.data[:60])
        elif self.ctx.session is None:
            self.login.handle_scan(scan)
        else:
            page = self.current_page()
            if page.permission is not None and not self.ctx.session.can(page.permission):
                self.feedback.give(
                    Outcome.REFUSED,
                    message(
                        "no_permission",
                        {"name": self.ctx.session.operator.name, "page": page.title()},
                    ),
                )
                return
            self._guarded(page.handle_scan, scan)
        # the status bar catches up on its timer: a COUNT per scan is not worth a beep's delay

    # --- session ---

    def show_login(self) -> None:
        self.login.reload_operators()
        self.screens.setCurrentWidget(self.login)
        self.nav.setEnabled(False)
        self.login.pin.setFocus()

    def on_logged_in(self, session: Session) -> None:
        self.ctx.session = session
        first = None
        for n, page in enumerate(self.pages):
            allowed = page.permission is None or session.can(page.permission)
            item = self.nav.item(n)
            flags = item.flags()
            if allowed:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
                first = n if first is None else first
            else:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
        self.nav.setEnabled(True)
        self.screens.setCurrentIndex(1)
        self.nav.setCurrentRow(first or 0)
        self.show_page(first or 0)
        self.idle.start()
        self.refresh_status()

    def logout(self, reason: str = "logout") -> None:
        if self.ctx.session is None:
            return
        self.services.operators.logout(self.ctx.session, reason)
        self.ctx.session = None
        self.idle.stop()
        self.feedback.idle(self.idle_text())  # the last answer stays with the last operator
        self.show_login()
        self.refresh_status()

    def on_drained(self, result) -> None:
        self.sync.note(result)
        self.status.show_sync(result)
        self.page(SyncPage).refresh()

    def on_double_read(self, scan: Scan) -> None:
        """The same label read twice by one trigger: said, logged, not counted."""
        self.idle.poke()
        page = self.current_page() if self.ctx.session else self.login
        context = getattr(page, "context", "login")
        if self.ctx.session is not None:
            self.services.lookup.record(
                scan,
                Verdict(Outcome.WARNING, "double_read", {"code": scan.data}),
                context=context,
                operator=self.ctx.session.operator,
            )
        self.feedback.give(Outcome.WARNING, message("double_read", {"code": scan.data}))

    def on_scanner_read_dropped(self, reason: str, detail: str) -> None:
        """A serial read arrived cut off or garbled: nothing was counted, the packer
        scans again (the reason is in the log and the status bar)."""
        self.feedback.give(Outcome.REFUSED, message("scanner_read_dropped"))

    def on_idle(self) -> None:
        minutes = self.services.settings.security.idle_lock_minutes
        self.logout("auto_lock")
        self.login.show_reason(message("auto_locked", {"minutes": minutes}))

    def open_page(self, index: int) -> None:
        """F1..F8: the page, or a refusal that says why (a packer's F4)."""
        if self.ctx.session is None:
            return
        page = self.pages[index]
        if page.permission and not self.ctx.session.can(page.permission):
            self.show_page(index)  # says no
            return
        self.nav.setCurrentRow(index)

    def show_page(self, index: int) -> None:
        if index < 0:
            return
        page = self.pages[index]
        if self.ctx.session and page.permission and not self.ctx.session.can(page.permission):
            self.feedback.give(
                Outcome.REFUSED,
                message(
                    "no_permission", {"name": self.ctx.session.operator.name, "page": page.title()}
                ),
            )
            self.nav.setCurrentRow(self.pages.index(self.current_page()))
            return
        self.pages_stack.setCurrentWidget(page)
        page.refresh()

    def apply_settings(self) -> None:
        s = self.services.settings
        self.idle.set_minutes(s.security.idle_lock_minutes)
        self.bus.doubles.blank_ms = s.scanner.double_read_ms
        self.wedge.configure(
            max_gap_ms=s.scanner.wedge_max_gap_ms,
            min_length=s.scanner.wedge_min_length,
            text_format=wedge_format(s.scanner),
            gs_chord=s.scanner.gs_chord,
            terminators=s.scanner.terminators,
            caps_lock_repair=s.scanner.caps_lock_repair,
        )
        self.devices.restart()
        self.sync.restart()
        if self.sim_panel is not None:
            self.sim_panel.scale = self.devices.sim_scale
        self.sounds.enabled = s.feedback.sound
        self.feedback.banner_seconds = s.feedback.banner_seconds
        self.retranslate_ui()

    # --- shutdown ---

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
            app.removeEventFilter(self.idle)
        self.status_timer.stop()
        self.idle.stop()
        self.devices.stop()
        self.sync.stop()
