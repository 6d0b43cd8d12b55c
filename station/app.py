"""Composition root: settings, database, services and the window, wired once here.

Nothing below reaches for a global: each part is handed what it needs.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from station import __version__
from station.config import Settings, SettingsError, load_settings, save_settings
from station.core.auth import LockoutPolicy, Permission, has_permission
from station.db.audit import append_audit
from station.db.models import Operator
from station.db.store import DatabaseCorrupt, Store
from station.logs import setup_logging
from station.paths import DataDir, resolve_data_dir
from station.services.batches import BatchService
from station.services.daily import remember_bench_name
from station.services.devices import bench_printers
from station.services.documents import DocumentService
from station.services.ewaybills import BenchWaybills
from station.services.inspection import InspectionService
from station.services.lookup import LookupService
from station.services.operators import AuthError, OperatorService
from station.services.packing import PackingService
from station.services.pictures import PictureCache
from station.services.printing import PrintService
from station.services.receiving import ReceivingService
from station.services.tracking_pool import TrackingPool

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything the UI may call; built from a data directory and its settings."""

    data_dir: DataDir
    settings: Settings
    store: Store
    operators: OperatorService
    lookup: LookupService
    printing: PrintService | None = None
    tracking: TrackingPool | None = None
    packing: PackingService | None = None
    documents: DocumentService | None = None
    receiving: ReceivingService | None = None
    inspection: InspectionService | None = None
    pictures: PictureCache | None = None
    waybills: BenchWaybills | None = None
    batches: BatchService | None = None
    demo: bool = False
    extras: dict = field(default_factory=dict)
    # demo: the head office started for this session only; its address is never saved
    session_head_office: str = ""
    _saved_head_office: str = ""  # what the settings file names, kept when saving

    def use_session_head_office(self, url: str) -> None:
        """Sync to ``url`` for this session only (the demo head office on 127.0.0.1,
        whose port changes at every start): the settings file keeps what it named."""
        if not self.session_head_office:
            self._saved_head_office = self.settings.head_office.url
        self.session_head_office = url
        self.settings = self.settings.replace("head_office", url=url)

    @property
    def bench_id(self) -> str:
        return self.settings.bench.bench_id

    def change_settings(
        self, settings: Settings, operator: Operator, approved_by: Operator | None = None
    ) -> None:
        """Save new settings; only a permitted operator, or with a supervisor's approval."""
        allowed = has_permission(operator.role, Permission.CHANGE_SETTINGS) or (
            approved_by is not None
            and has_permission(approved_by.role, Permission.APPROVE_EXCEPTION)
        )
        if not allowed:
            raise AuthError("not_permitted")
        on_disk = settings
        if self.session_head_office:
            # this session's head office is not the bench's: the file keeps its own
            settings = settings.replace("head_office", url=self.session_head_office)
            on_disk = settings.replace("head_office", url=self._saved_head_office)
        old, new = self.settings.to_dict(), settings.to_dict()
        changes = {
            f"{section}.{key}": value
            for section, values in new.items()
            if isinstance(values, dict)
            for key, value in values.items()
            if old[section][key] != value
        }
        save_settings(self.data_dir.settings, on_disk)
        self.settings = settings
        # the login rules take effect at once, not at the next start
        self.operators.supervisor_badge_and_pin = settings.security.supervisor_badge_and_pin
        remember_bench_name(settings.bench.bench_id, settings.bench.bench_name)
        append_audit(
            self.bench_id,
            "settings_changed",
            operator=operator,
            approved_by=approved_by,
            details=changes,
        )

    def choose_language(self, language: str) -> None:
        """The interface language chosen on the login screen, before anyone logs in:
        saved in the settings file at once (only that key: what the running settings
        hold for this session, e.g. demo mode's head office, is not written), and
        audited. Raises SettingsError for a language the station has no catalogue of."""
        on_disk = load_settings(self.data_dir.settings).replace("bench", language=language)
        save_settings(self.data_dir.settings, on_disk)
        old = self.settings.bench.language
        self.settings = self.settings.replace("bench", language=language)
        if old != language:
            with self.store.db.atomic():
                append_audit(self.bench_id, "language_chosen", details={"bench.language": language})

    def close(self) -> None:
        self.store.close()


def open_store(dd: DataDir, settings: Settings) -> Store:
    return Store.open(
        dd.database,
        dd.backups,
        backups_kept=settings.storage.backups_kept,
        backup_interval=timedelta(hours=settings.storage.backup_interval_hours),
    )


def build_services(dd: DataDir, settings: Settings, store: Store, *, demo: bool) -> Services:
    policy = LockoutPolicy(
        max_failures=settings.security.max_pin_failures,
        lockout=timedelta(minutes=settings.security.lockout_minutes),
    )
    bench = settings.bench.bench_id
    remember_bench_name(bench, settings.bench.bench_name)  # reports name benches, not ids
    services = Services(
        data_dir=dd,
        settings=settings,
        store=store,
        operators=OperatorService(
            store.db,
            bench,
            policy,
            min_pin_length=settings.security.min_pin_length,
            supervisor_badge_and_pin=settings.security.supervisor_badge_and_pin,
        ),
        lookup=LookupService(store.db, bench),
        demo=demo,
    )
    services.tracking = TrackingPool(store.db, bench)
    services.waybills = BenchWaybills(store.db, bench, WaybillClients(services))
    services.packing = PackingService(
        store.db,
        bench,
        services.tracking,
        lambda: services.settings.packing,
        waybills=services.waybills,
    )
    services.receiving = ReceivingService(store.db, bench, gs_standin=settings.scanner.gs_standin)
    services.inspection = InspectionService(store.db, bench, dd.root / "photos")
    services.pictures = PictureCache(dd.pictures)
    services.documents = DocumentService(
        lambda: services.settings, dd.root / "labels", print_data=services.waybills.print_data
    )
    services.printing = PrintService(
        store.db,
        bench,
        lambda role: bench_printers(services.settings, dd.output, role),
        stale_after=timedelta(minutes=settings.printing.stale_after_minutes),
        attempts=settings.printing.attempts,
    )
    services.batches = BatchService(store.db, bench, lambda: services.settings)
    return services


class WaybillClients:
    """Head-office clients for e-waybill requests: a new one for each question
    (``fresh``: the asker closes it; the questions are few, one a file order), so
    no connection outlives its thread. None while the bench has no head office
    (address and token). A short timeout: a close waits at most that long before
    the offline rules apply."""

    TIMEOUT_S = 5.0
    fresh = True

    def __init__(self, services: Services):
        self.services = services

    def _address(self) -> tuple[str, str]:
        from station.secrets import read_token

        s = self.services.settings.head_office
        return s.url, (read_token(self.services.data_dir) if s.url else "")

    def configured(self) -> bool:
        url, token = self._address()
        return bool(url and token)

    def __call__(self):
        from station.sync.client import HeadOfficeClient

        url, token = self._address()
        if not url or not token:
            return None
        verify = self.services.settings.head_office.verify_tls
        return HeadOfficeClient(url, token, verify=verify, timeout=self.TIMEOUT_S)


def prepare_demo(dd: DataDir, settings: Settings) -> Settings:
    """Demo mode: the demo database (built once) and simulated devices."""
    from station.drivers.uri import folder_address
    from station.services.demo import demo_first_day, seed_demo_pictures, write_demo_database

    if not dd.database.exists():
        write_demo_database(dd.database, dd.backups, settings.bench.bench_id)
        settings = demo_first_day(settings)
        save_settings(dd.settings, settings)
    seed_demo_pictures(PictureCache(dd.pictures))
    demo_devices = {
        "scanner": "sim",
        "printer": folder_address("zpl", dd.output),
        "document_printer": folder_address("pdf", dd.output),
        "scale": "sim",
    }
    if settings.devices.scanner in ("", "wedge") and not settings.devices.printer:
        settings = settings.replace("devices", **demo_devices)
        save_settings(dd.settings, settings)
    return settings


def attach_demo_head_office(services: Services):
    """Demo mode, at every start: the demo head office is started and the bench syncs to
    it for this session, whatever the settings file names (a demo database never goes
    to a real head office, and an address left by an earlier demo session is dead).
    Returns the running server; stop it at the end of the session."""
    server = start_demo_head_office(services.data_dir, services.bench_id)
    services.use_session_head_office(server.url)
    return server


def start_demo_head_office(dd: DataDir, bench_id: str):
    """Demo mode: a head office on 127.0.0.1 for this session, so sync can be seen working,
    with the e-waybill platform simulator behind it (station.headoffice.demo_waybills).
    Its database stays in the demo folder; the URL is not saved in the settings."""
    import secrets

    from station.cli_sync import read_token, write_token
    from station.headoffice.server import HeadOfficeServer, shipment_relay
    from station.headoffice.store import HeadOfficeStore
    from station.services.demo import demo_media

    token = read_token(dd) or secrets.token_urlsafe(24)
    write_token(dd, token)
    from station.headoffice.access import issue_supervisor
    from station.headoffice.demo_waybills import demo_recipients, start_demo_platforms
    from station.headoffice.waybills import WaybillDesk
    from station.secrets import write_board_token

    store = HeadOfficeStore(f"sqlite:///{dd.root / 'demo-head-office.sqlite3'}")
    store.add_bench(bench_id, token)
    # the demo board shows every bench, as a supervisor's token at head office does
    write_board_token(dd, issue_supervisor(store, "demo board"))
    # the shops' e-waybills from the platform simulator, as a real head office's come
    # from the platforms
    simulator, config = start_demo_platforms()
    desk = WaybillDesk(store.db, config)
    demo_recipients(desk)
    server = HeadOfficeServer(store, media=demo_media(), waybills=desk)
    # the shops' shipment reports go to the same platforms, by the same configuration
    server.shipments = shipment_relay(store, desk)
    server.start()
    server.platforms = simulator  # demo and tests: the simulated platforms behind it
    server.on_stop += [simulator.stop, desk.close]
    log.info("demo head office at %s (e-waybills from %s)", server.url, simulator.url)
    return server


def no_display(
    environ: Mapping[str, str], qt_args: Sequence[str] = (), platform: str = sys.platform
) -> str | None:
    """Why the window cannot open here, in one line of plain English (said before Qt
    loads, so before translations), or None. On Linux, Qt's xcb and wayland platforms
    need ``DISPLAY`` or ``WAYLAND_DISPLAY``; without either Qt aborts with a message
    about a missing xcb-cursor library. The platform is ``-platform NAME`` among
    ``qt_args``, else ``QT_QPA_PLATFORM`` (``a;b`` tries each), else xcb/wayland."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    for i, arg in enumerate(qt_args):
        name, equals, value = arg.lstrip("-").partition("=")
        if name == "platform" and arg.startswith("-"):
            chosen = value if equals else (qt_args[i + 1] if i + 1 < len(qt_args) else "")
    names = {part.split(":")[0].strip() for part in chosen.split(";")} - {""}
    if names - {"xcb", "wayland", "wayland-egl"}:
        return None  # offscreen, vnc, eglfs, linuxfb, minimal…: no desktop session needed
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    missing = "WAYLAND_DISPLAY" if names and names <= {"wayland", "wayland-egl"} else "DISPLAY"
    return f"no display: start the station from the desktop session ({missing} is not set)"


def run_gui(*, data_dir: str | None = None, demo: bool = False, qt_args: Sequence[str] = ()) -> int:
    """The station's window until it is closed; the exit status. Exit 2 at once, one
    line on stderr, when there is no display to open it on (:func:`no_display`)."""
    problem = no_display(os.environ, qt_args)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication, QMessageBox

    from station.ui.crash import CrashHandler
    from station.ui.i18n import Translations, starting_language
    from station.ui.recovery import ask_restore

    # Qt Multimedia lists every codec library it cannot find; the packer's terminal
    # needs none of that (the log says once whether sound works).
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    dd = DataDir(resolve_data_dir(data_dir, demo=demo))
    problem = dd.write_problem()
    if problem is not None:  # a read-only or full data folder: say so before anything
        app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
        from station.ui.crash import cannot_save_message

        QMessageBox.critical(None, "Station", cannot_save_message(problem))
        return 4
    dd.ensure()
    from station.instance_lock import AlreadyRunning, InstanceLock

    lock = InstanceLock(dd.root, "station gui")  # one station per data folder
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        QApplication.instance() or QApplication([sys.argv[0], *qt_args])
        from station.ui.instance_server import second_start

        return second_start(exc, dd)
    except OSError as exc:  # the lock file cannot be made or opened (permissions)
        QApplication.instance() or QApplication([sys.argv[0], *qt_args])
        from station.ui.crash import cannot_save_message

        QMessageBox.critical(None, "Station", cannot_save_message(f"{lock.path}: {exc}"))
        return 4
    log_path = setup_logging(dd.logs)
    log.info("station %s starting; data directory %s; demo=%s", __version__, dd.root, demo)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    from station.ui.instance_server import RaiseServer

    shown: list = []  # the window, once there is one: a second start raises it
    raise_server = RaiseServer(
        dd.root, lambda: shown[0] if shown else QApplication.activeModalWidget(), app
    )
    raise_server.listen()
    app.setApplicationName("Station")
    app.setApplicationVersion(__version__)
    crash = CrashHandler(log_path).install()
    from station.system_print import install as install_system_printing

    install_system_printing()  # pdf+system:// printers are drawn by Qt's print support

    try:
        settings = load_settings(dd.settings)
    except SettingsError as exc:
        QMessageBox.critical(None, "Station", str(exc))
        return 2
    translations = Translations(app, dd.cache / "i18n")
    translations.set_language(starting_language(settings.bench.language))
    if demo:
        settings = prepare_demo(dd, settings)

    store = None
    while store is None:
        try:
            store = open_store(dd, settings)
        except DatabaseCorrupt as exc:
            log.error("database damaged: %s", exc.problems)
            if not ask_restore(exc, settings.bench.bench_id, dd.backups, dd.output, dd.root):
                return 3

    services = build_services(dd, settings, store, demo=demo)
    demo_office = attach_demo_head_office(services) if demo else None
    from station.ui.main_window import MainWindow

    window = MainWindow(services, translations)
    window.show()
    shown.append(window)
    log.info("window shown (process %s)", os.getpid())
    # Objects made at start-up live all shift: move them out of the collector's way so
    # a full collection (tens of ms with a big heap) does not stall a scan's beep.
    gc.collect()
    gc.freeze()
    try:
        return app.exec()
    finally:
        services.close()
        if demo_office is not None:
            demo_office.stop()
        crash.uninstall()
        raise_server.close()
        lock.release()
