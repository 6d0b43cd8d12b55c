"""Product pictures on the pack-out and goods-in lines: fetched from a real head office
on 127.0.0.1, shown with the head office stopped, placeholders where there is none."""

import io
import itertools
import logging
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap

from station.cli_sync import write_token
from station.core.scan import Scan
from station.db.models import Product
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.resources import read_json
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader, DownloadResult
from station.sync.pictures import PictureFetcher, PictureRound
from station.sync.uploader import DrainResult
from station.ui.main_window import MainWindow
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from station.ui.pictures import LARGE_PX, PICTURE_PX
from tests.ui.conftest import login

RED, GREEN = (220, 20, 20), (20, 170, 40)
_clock = itertools.count()
_T0 = datetime.now(UTC)


def scan(window, code):
    window.bus.publish(Scan(code, source="wedge", at=_T0 + timedelta(seconds=next(_clock))))


def ean(sku):
    p = next(p for p in read_json("demo", "products.json") if p["sku"] == sku)
    return p["barcodes"][0]["code"]


def jpeg(width, height, colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=95)
    return out.getvalue()


def centre(pixmap: QPixmap) -> QColor:
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def near(colour: QColor, rgb) -> bool:
    return all(abs(a - b) < 12 for a, b in zip(colour.getRgb()[:3], rgb, strict=True))


def cell_picture(page, sku) -> QPixmap:
    for row in range(page.lines.rowCount()):
        if page.lines.item(row, 0).text() == sku:
            picture = page.lines.item(row, 1).data(Qt.ItemDataRole.DecorationRole)
            assert isinstance(picture, QPixmap)
            return picture
    raise AssertionError(f"{sku} not on the page")


@pytest.fixture
def fetched(tmp_path, demo_services):
    """A head office on 127.0.0.1 gives CUP-350 and TEA-100 new pictures and TOWEL-M
    none; the station fetches them, then the head office is stopped."""
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "cup.jpg").write_bytes(jpeg(800, 600, RED))
    (media / "photos" / "tea.jpg").write_bytes(jpeg(300, 900, GREEN))
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    for sku, image in (("CUP-350", "photos/cup.jpg"), ("TEA-100", "photos/tea.jpg")):
        store.publish("product", sku, {"sku": sku, "image": image})
    store.publish("product", "TOWEL-M", {"sku": "TOWEL-M", "image": None})
    server = HeadOfficeServer(store, media=media).start()
    client = HeadOfficeClient(server.url, "tok", timeout=5)
    fetcher = PictureFetcher(demo_services.pictures, client.http)
    try:
        result = Downloader(demo_services.store.db, demo_services.bench_id, client, fetcher).pull()
    finally:
        fetcher.close()
        client.close()
        server.stop()
        store.close()
    assert sorted(result.pictures.fetched) == ["photos/cup.jpg", "photos/tea.jpg"]
    return demo_services


def window_for(qtbot, services, translations, name, pin):
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.resize(1280, 800)  # the smallest bench screen
    w.show()
    login(w, name, pin)
    return w


def test_pack_lines_show_pictures_offline_and_a_placeholder(qtbot, fetched, translations):
    w = window_for(qtbot, fetched, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        scan(w, "2611230002")  # CUP-350 x2 and TOWEL-M x2
        cup, towel = cell_picture(page, "CUP-350"), cell_picture(page, "TOWEL-M")
        assert cup.size().toTuple() == (PICTURE_PX, PICTURE_PX)
        assert near(centre(cup), RED)  # the picture from head office, with it stopped
        book = page.pictures
        assert towel.toImage() == book.placeholder(PICTURE_PX).toImage()
        assert cup.toImage() != book.placeholder(PICTURE_PX).toImage()
        assert page.lines.rowHeight(0) >= PICTURE_PX
        # the large picture: the next line to pack, then the line a unit went on
        assert page.picture.isVisible() and page.picture.reference == "photos/cup.jpg"
        assert page.picture.image.pixmap().size().toTuple() == (LARGE_PX, LARGE_PX)
        scan(w, ean("TOWEL-M"))
        assert page.picture.reference is None and "TOWEL-M" in page.picture.caption.text()
        scan(w, ean("CUP-350"))
        assert near(centre(page.picture.image.pixmap()), RED)
    finally:
        w.shutdown()


def test_goods_in_lines_show_pictures(qtbot, fetched, translations):
    w = window_for(qtbot, fetched, translations, "李娜", "2468")
    page = w.page(GoodsInPage)
    w.nav.setCurrentRow(w.pages.index(page))
    try:
        scan(w, "PO-2611-001")  # TEA-100 (new picture) and HONEY-500 (the demo's)
        tea, honey = cell_picture(page, "TEA-100"), cell_picture(page, "HONEY-500")
        assert tea.size().toTuple() == honey.size().toTuple() == (PICTURE_PX, PICTURE_PX)
        assert near(centre(tea), GREEN)
        image = tea.toImage()  # a tall picture fitted in the square, centred, not stretched
        assert image.pixelColor(2, PICTURE_PX // 2).alpha() == 0
        assert honey.toImage() != page.pictures.placeholder(PICTURE_PX).toImage()
        assert page.lines.columnWidth(1) >= PICTURE_PX + 100  # room for the name beside it
    finally:
        w.shutdown()


def test_pictures_are_decoded_once_not_per_repaint(qtbot, fetched, translations):
    w = window_for(qtbot, fetched, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        scan(w, "2611230002")
        decoded = page.pictures.decoded
        assert decoded >= 1
        for _ in range(5):
            page._render()
            page.lines.viewport().repaint()
        scan(w, ean("TOWEL-M"))
        assert page.pictures.decoded == decoded
    finally:
        w.shutdown()


def test_a_damaged_cached_picture_shows_the_placeholder(qtbot, fetched, translations, caplog):
    path = fetched.pictures.path_for("photos/cup.jpg")
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    w = window_for(qtbot, fetched, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        with caplog.at_level(logging.WARNING):
            scan(w, "2611230002")
        cup = cell_picture(page, "CUP-350")
        assert cup.toImage() == page.pictures.placeholder(PICTURE_PX).toImage()
        assert any("cannot be shown" in r.getMessage() for r in caplog.records)
    finally:
        w.shutdown()


def test_pictures_that_arrive_later_show_without_a_scan(qtbot, demo_services, translations):
    """The sync thread says pictures arrived; the open order's lines show them."""
    Product.update(image="photos/late.jpg").where(Product.sku == "CUP-350").execute()
    w = window_for(qtbot, demo_services, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        scan(w, "2611230002")
        placeholder = page.pictures.placeholder(PICTURE_PX).toImage()
        assert cell_picture(page, "CUP-350").toImage() == placeholder
        demo_services.pictures.store("photos/late.jpg", jpeg(200, 200, RED))
        result = DrainResult(
            downloaded=DownloadResult(pictures=PictureRound(fetched=["photos/late.jpg"]))
        )
        with qtbot.waitSignal(page.pictures.arrived):
            w.sync.drained.emit(result)
        assert near(centre(cell_picture(page, "CUP-350")), RED)
    finally:
        w.shutdown()


def test_the_running_station_fetches_pictures_on_the_sync_thread(
    qtbot, tmp_path, demo_services, translations, caplog
):
    """The whole way: the sync hub's own thread fetches a new picture after master data,
    the open order's line shows it without a scan; then head office stops and a new
    window (a restart) still shows it."""
    media = tmp_path / "media"
    media.mkdir()
    (media / "cup-2.jpg").write_bytes(jpeg(640, 480, RED))
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store, media=media).start()
    write_token(demo_services.data_dir, "tok")
    demo_services.settings = demo_services.settings.replace("head_office", url=server.url)
    w = window_for(qtbot, demo_services, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        scan(w, "2611230002")
        assert not near(centre(cell_picture(page, "CUP-350")), RED)  # the demo's own cup
        store.publish("product", "CUP-350", {"sku": "CUP-350", "image": "cup-2.jpg"})
        with caplog.at_level(logging.INFO), qtbot.waitSignal(page.pictures.arrived, timeout=15000):
            w.sync.sync_now()
        assert near(centre(cell_picture(page, "CUP-350")), RED)  # its new picture, no scan
        assert page.state.lines[0].image == "cup-2.jpg"
        fetched_by = [r.threadName for r in caplog.records if "pictures fetched" in r.getMessage()]
        assert fetched_by and "MainThread" not in fetched_by
    finally:
        w.shutdown()
        server.stop()
        store.close()
    w2 = window_for(qtbot, demo_services, translations, "张伟", "1357")
    try:
        scan(w2, "2611230002")
        assert near(centre(cell_picture(w2.page(PackPage), "CUP-350")), RED)
    finally:
        w2.shutdown()


def test_goods_in_lines_take_a_new_picture_when_it_arrives(qtbot, demo_services, translations):
    w = window_for(qtbot, demo_services, translations, "李娜", "2468")
    page = w.page(GoodsInPage)
    w.nav.setCurrentRow(w.pages.index(page))
    try:
        scan(w, "PO-2611-001")
        assert not near(centre(cell_picture(page, "TEA-100")), GREEN)
        Product.update(image="photos/tea-2.jpg").where(Product.sku == "TEA-100").execute()
        demo_services.pictures.store("photos/tea-2.jpg", jpeg(200, 300, GREEN))
        result = DrainResult(
            downloaded=DownloadResult(pictures=PictureRound(fetched=["photos/tea-2.jpg"]))
        )
        with qtbot.waitSignal(page.pictures.arrived):
            w.sync.drained.emit(result)
        assert near(centre(cell_picture(page, "TEA-100")), GREEN)
    finally:
        w.shutdown()


def test_a_long_order_keeps_the_line_just_packed_in_view(qtbot, demo_services, translations):
    from station.db.models import SalesOrder, SalesOrderLine, utcnow

    skus = ["MAT-240", "TAPE-01", "CUP-350", "CASE-P15", "SOCK-5P", "TOWEL-M", "NOTE-A5", "PEN-12"]
    order = SalesOrder.create(
        number="LONG-1",
        buyer_name="吴静",
        address="湖北省武汉市",
        carrier="SF",
        promised_dispatch_at=utcnow() + timedelta(hours=5),
    )
    for n, sku in enumerate(skus, start=1):
        SalesOrderLine.create(
            sales_order=order, line_no=n, product=Product.get(Product.sku == sku), qty=2
        )
    w = window_for(qtbot, demo_services, translations, "张伟", "1357")
    page = w.page(PackPage)
    try:
        scan(w, "LONG-1")
        table = page.lines

        def in_view(row):
            rect = table.visualItemRect(table.item(row, 1))
            return table.viewport().rect().contains(rect)

        assert in_view(0) and not in_view(7)  # eight lines of 120 px do not fit at once
        scan(w, ean("PEN-12"))
        assert in_view(7) and "PEN-12" in page.picture.caption.text()
        scan(w, ean("MAT-240"))
        assert in_view(0)
    finally:
        w.shutdown()
