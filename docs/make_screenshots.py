"""Render the README's screenshots from a real window on the demo database.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from station.app import build_services, prepare_demo
from station.config import load_settings
from station.core.scan import Scan
from station.db.store import Store
from station.paths import DataDir
from station.ui.i18n import Translations
from station.ui.main_window import MainWindow
from station.ui.pages.pack_page import PackPage
from station.ui.pages.waybills_page import WaybillsPage


def ean(sku: str) -> str:
    from station.resources import read_json

    product = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return product["barcodes"][0]["code"]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for language in ("en", "zh_CN"):
        dd = DataDir(Path(tempfile.mkdtemp())).ensure()
        settings = prepare_demo(dd, load_settings(dd.settings)).replace("bench", language=language)
        services = build_services(dd, settings, Store.open(dd.database, dd.backups), demo=True)
        translations = Translations(app, dd.cache / "i18n")
        translations.set_language(language)
        window = MainWindow(services, translations)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        if language == "en":
            window.grab().save(str(out / "login.png"))
        window.bus.publish(Scan("OP-0001", source="sim"))
        t0 = datetime.now(UTC)
        window.bus.publish(Scan("2611230010", source="sim", at=t0))  # pens, notebooks, gift socks
        window.page(PackPage).qty_typed = "6"
        window.bus.publish(Scan(ean("PEN-12"), source="sim", at=t0 + timedelta(seconds=1)))
        window.bus.publish(Scan(ean("NOTE-A5"), source="sim", at=t0 + timedelta(seconds=2)))
        window.bus.publish(Scan(ean("TEA-100"), source="sim", at=t0 + timedelta(seconds=3)))
        app.processEvents()
        window.grab().save(str(out / f"pack-{language}.png"))
        window.page(PackPage).put_aside()
        if language == "en":
            pack_pictures(app, window, out)
            window.bus.publish(Scan("2611230008", source="sim"))
            app.processEvents()
            window.grab().save(str(out / "pack-refused.png"))
            dashboard(app, window, out, language)
        if language == "zh_CN":
            dashboard(app, window, out, language)
            window.logout()
            window.bus.publish(Scan("SV-0001", source="sim"))
            window.nav.setCurrentRow(2)  # Waybills, with its print jobs
            window.page(WaybillsPage).print_queue.print_test_label()
            app.processEvents()
            window.grab().save(str(out / "waybills-zh_CN.png"))
            window.nav.setCurrentRow(5)  # Settings
            dialog = window.settings_page.open_scanner_check()
            dialog.check('St4-/"@|Qz9y', terminated=True)
            app.processEvents()
            window.grab().save(str(out / "settings-zh_CN.png"))
            dialog.grab().save(str(out / "scanner-check-zh_CN.png"))
            dialog.reject()
            settings_preview(app, window, out)
        window.shutdown()
        window.close()
        services.close()


def pack_pictures(app, window, out: Path) -> None:
    """Pack-out with the products' pictures: an order of three products, two units packed."""
    t0 = datetime.now(UTC) + timedelta(minutes=1)
    window.bus.publish(Scan("2611230004", source="sim", at=t0))
    window.bus.publish(Scan(ean("CASE-P15"), source="sim", at=t0 + timedelta(seconds=1)))
    window.bus.publish(Scan(ean("CABLE-C1"), source="sim", at=t0 + timedelta(seconds=2)))
    app.processEvents()
    window.grab().save(str(out / "pack-out-pictures.png"))
    window.page(PackPage).put_aside()


WALLS = ((1600, 1000), (1920, 1080))


def dashboard(app, window, out: Path, language: str) -> None:
    """A supervisor's board after some of the morning's work; board mode on the wall
    screens it is made for (both sizes in English, one in Chinese)."""
    import time

    from station.ui.pages.dashboard_page import DashboardPage
    from station.ui.pages.goods_in_page import GoodsInPage

    window.logout()
    window.bus.publish(Scan("SV-0001", source="sim"))
    t0 = datetime.now(UTC)
    window.nav.setCurrentRow(window.pages.index(window.page(PackPage)))
    window.bus.publish(Scan("2611230005", source="sim", at=t0))
    for n in (1, 2):
        window.bus.publish(Scan(ean("SOCK-5P"), source="sim", at=t0 + timedelta(seconds=n)))
    window.nav.setCurrentRow(window.pages.index(window.page(GoodsInPage)))
    window.bus.publish(Scan("PO-2611-001", source="sim", at=t0 + timedelta(seconds=5)))
    carton = "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L2611\x1d3710"
    window.bus.publish(Scan(carton, source="sim", at=t0 + timedelta(seconds=6)))
    soon = (datetime.now() + timedelta(days=40)).strftime("%y%m%d")  # honey needs a year
    honey = "]C10106901234000108" + "17" + soon + "10H-1"
    window.bus.publish(Scan(honey, source="sim", at=t0 + timedelta(seconds=8)))
    app.processEvents()
    if language == "en":
        window.grab().save(str(out / "goods-in.png"))
    page = window.page(DashboardPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.view.figures = None
    page.refresh()
    deadline = time.monotonic() + 10
    while page.view.figures is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    if language == "en":
        window.grab().save(str(out / "dashboard.png"))
    board = page.open_board()
    board.showNormal()
    for width, height in WALLS if language == "en" else WALLS[:1]:
        board.resize(width, height)
        app.processEvents()
        name = f"board-{width}x{height}.png" if language == "en" else f"board-{language}.png"
        board.grab().save(str(out / name))
    board.close()


def waybill(out: Path) -> None:
    """The sample waybill as a 203 dpi label printer prints its ZPL (zplkit emulation)."""
    import zplkit

    from station.config import Settings
    from station.services.documents import DocumentService, sample_waybill_fields

    zpl = DocumentService(lambda: Settings()).render_waybill(sample_waybill_fields(), "zpl")
    doc = zplkit.render(zpl, zplkit.Options(dpi=203, width=812, height=1218))
    (out / "waybill-zpl.png").write_bytes(doc.labels[0].png())


def settings_preview(app, window, out: Path) -> None:
    """Settings' waybill preview: the sample 100x180 two-part waybill at 203 dpi."""
    page = window.settings_page
    page.waybill_size.setCurrentIndex(page.waybill_size.findData("100x180"))
    preview = page.show_waybill_preview()
    app.processEvents()
    preview.grab().save(str(out / "waybill-preview-zh_CN.png"))
    preview.accept()


def standard_waybills(out: Path) -> None:
    """The three standard templates with the built-in sample (every element), as
    the PNG preview draws them at 203 dpi (``station label waybill --format png``)."""
    from station.config import Settings
    from station.services.documents import SIZES, DocumentService, sample_waybill_fields

    docs = DocumentService(lambda: Settings())
    for size in SIZES:
        png = docs.render_waybill(sample_waybill_fields(), "png", size, dpi=203)
        (out / f"waybill-{size}.png").write_bytes(png)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "screenshots"
    main(target)
    waybill(target)
    standard_waybills(target)
