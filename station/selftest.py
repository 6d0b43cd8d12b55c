"""``station selftest``: does this installation work? Each part the station needs,
tried for real, one line each, exit 0 when all work.

Made for an installed or built station (``python -m station.build`` makes one),
on a bench PC or in CI, without a screen: the window is opened by Qt's
``offscreen`` platform unless another is asked for (``QT_QPA_PLATFORM``).

The checks, in order (the first that fails ends the test, exit 1):

1. ``data folder``: a demo data folder, made in the temporary folder (removed
   after, unless ``--keep``) or the one given by ``--data-dir``, can be written;
2. ``shipped files``: the demo data, sounds, translations, label templates,
   import profiles and GS1 dictionary are found inside the installation;
3. ``demo database``: written, then opened as the window would (integrity check,
   migrations) with its products and orders counted;
4. ``fonts``: a Chinese TrueType font for labels (``station.labels.fonts``);
5. ``waybill``: the sample waybill drawn as PDF (fonts embedded), as the PNG
   preview (decoded again) and as ZPL, written into the folder's ``output``;
6. ``GS1``: a GS1 element string read with the shipped dictionary;
7. ``window``: Qt started, the Chinese catalogue loaded and used, the main window
   built on the demo database, shown and closed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from station.paths import DataDir


class SelfTestFailed(RuntimeError):
    """One check of the self-test failed; the message says what and why."""


def _data_folder(dd: DataDir) -> str:
    problem = dd.write_problem()
    if problem is not None:
        raise SelfTestFailed(problem)
    dd.ensure()
    return str(dd.root)


def _shipped_files() -> str:
    from station.resources import resource

    wanted = {
        ("demo", "products.json"): "demo data",
        ("sounds", "ok.wav"): "sounds",
        ("sounds", "refused.wav"): "sounds",
        ("translations", "station_zh_CN.ts"): "translations",
        ("labels", "waybill_100x150.json"): "label templates",
        ("gs1", "gs1-syntax-dictionary.txt"): "GS1 dictionary",
        ("sampling", ""): "sampling tables",
        ("import_profiles", ""): "import profiles",
    }
    for parts, what in wanted.items():
        node = resource(*(p for p in parts if p))
        if not (node.is_file() or (not parts[1] and node.is_dir())):
            raise SelfTestFailed(f"{what}: {'/'.join(parts)} is not in the installation")
    pictures = [p for p in resource("demo", "media", "products").iterdir()]
    return f"{len(wanted)} kinds, {len(pictures)} demo pictures"


def _demo_database(dd: DataDir) -> str:
    from station.config import load_settings, save_settings
    from station.db.models import Product, SalesOrder
    from station.db.store import Store
    from station.services.demo import DemoRefused, demo_first_day, write_demo_database

    settings = load_settings(dd.settings)
    try:
        write_demo_database(dd.database, dd.backups, settings.bench.bench_id)
    except DemoRefused as exc:  # a bench's real records are never replaced
        raise SelfTestFailed(str(exc)) from None
    save_settings(dd.settings, demo_first_day(settings))
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        products, orders = Product.select().count(), SalesOrder.select().count()
    finally:
        store.close()
    if not products or not orders:
        raise SelfTestFailed(f"{dd.database}: the demo database holds no products or orders")
    return f"{dd.database} ({products} products, {orders} orders)"


def _fonts() -> str:
    from station.labels.fonts import cjk_font_path

    found = cjk_font_path()
    if found is None:
        raise SelfTestFailed(
            "no Chinese TrueType font: labels would print boxes (Windows: Microsoft YaHei, "
            "msyh.ttc, comes with the system; Debian: apt-get install fonts-wqy-microhei)"
        )
    return str(found)


def _waybill(dd: DataDir) -> str:
    from io import BytesIO

    from PIL import Image

    from station.config import load_settings
    from station.services.documents import DocumentService, sample_waybill_fields

    settings = load_settings(dd.settings)
    docs = DocumentService(lambda: settings, dd.root / "labels")
    fields = sample_waybill_fields()
    dd.output.mkdir(parents=True, exist_ok=True)
    pdf = docs.render_waybill(fields, "pdf")
    if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
        raise SelfTestFailed("the waybill PDF was drawn without an embedded font")
    png = docs.render_waybill(fields, "png", dpi=203)
    image = Image.open(BytesIO(png))
    image.load()
    zpl = docs.render_waybill(fields, "zpl", dpi=203)
    if not (zpl.startswith(b"^XA") and zpl.rstrip().endswith(b"^XZ")):
        raise SelfTestFailed("the waybill's ZPL is not one ^XA … ^XZ label")
    for name, data in (("pdf", pdf), ("png", png), ("zpl", zpl)):
        (dd.output / f"selftest-waybill.{name}").write_bytes(data)
    return (
        f"{dd.output / 'selftest-waybill.pdf'} ({len(pdf)} bytes), "
        f"PNG {image.width}x{image.height}, ZPL {len(zpl)} bytes"
    )


def _gs1() -> str:
    from station.core.gs1_syntax.dictionary import load

    entries = load()
    if "01" not in entries or "17" not in entries:
        raise SelfTestFailed("the GS1 dictionary lacks AI (01) or (17)")
    return f"{len(entries)} application identifiers"


def _window(dd: DataDir) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from station.app import build_services, open_store
    from station.config import load_settings
    from station.ui.i18n import Translations
    from station.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    translations = Translations(app, dd.cache / "i18n")
    if not translations.set_language("zh_CN"):
        raise SelfTestFailed("the Chinese catalogue could not be loaded")
    said = QCoreApplication.translate("MainWindow", "Ready to scan")
    if said == "Ready to scan":
        raise SelfTestFailed("the Chinese catalogue is loaded but translates nothing")
    settings = load_settings(dd.settings)
    services = build_services(dd, settings, open_store(dd, settings), demo=True)
    try:
        window = MainWindow(services, translations)
        try:
            window.show()
            app.processEvents()
            title = window.windowTitle()
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()  # gone before its database closes
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        services.close()
        translations.set_language("en")
    return f"Qt {app.platformName()}, window {title!r}, {said}"


CHECKS: tuple[tuple[str, Callable[[DataDir], str]], ...] = (
    ("data folder", _data_folder),
    ("shipped files", lambda dd: _shipped_files()),
    ("demo database", _demo_database),
    ("fonts", lambda dd: _fonts()),
    ("waybill", _waybill),
    ("GS1", lambda dd: _gs1()),
    ("window", _window),
)


def run(data_dir: Path | None = None, *, keep: bool = False, out=print) -> int:
    """Run every check against ``data_dir`` (a new temporary folder when None, removed
    afterwards unless ``keep``); one line per check through ``out``. Returns the exit
    status: 0 all passed, 1 one failed (its line says which and why)."""
    from station.instance_lock import AlreadyRunning, InstanceLock

    made = data_dir is None
    root = Path(tempfile.mkdtemp(prefix="station-selftest-")) if made else Path(data_dir)
    dd = DataDir(root)
    lock = InstanceLock(root, "station selftest")
    try:
        try:
            lock.acquire()
        except (AlreadyRunning, OSError) as exc:
            out(f"FAILED data folder: {exc}")
            return 1
        for name, check in CHECKS:
            started = time.perf_counter()
            try:
                said = check(dd)
            except SelfTestFailed as exc:
                out(f"FAILED {name}: {exc}")
                return 1
            except Exception as exc:  # noqa: BLE001 - any fault is this check's failure
                out(f"FAILED {name}: {type(exc).__name__}: {exc}")
                return 1
            out(f"ok     {name}: {said} [{time.perf_counter() - started:.1f} s]")
        out("selftest passed")
        return 0
    finally:
        lock.release()
        if made and not keep:
            shutil.rmtree(root, ignore_errors=True)
