"""Pre-sale orders in the window: the receiver is told how many waiting orders the
goods release (while scanning, and at the close), the packer's scan of a waiting order
is refused red with the error sound, and the supervisor's board lists the orders
waiting with the goods that would release them, and the stock warning."""

from PySide6.QtCore import Qt

from station.db.models import PresaleRelease, ProductBarcode
from station.ui.main_window import MainWindow
from station.ui.pages.dashboard_page import DashboardPage
from station.ui.pages.goods_in_page import GoodsInPage
from station.ui.pages.pack_page import PackPage
from tests.services.presale import code, order, products, purchase_order
from tests.ui.conftest import login, scan_keys


def window(qtbot, services, translations, name, pin, page_type):
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    login(w, name, pin)
    page = w.page(page_type)
    w.nav.setCurrentRow(w.pages.index(page))
    assert w.current_page() is page
    return w, page


def wedge(qtbot, w, text):
    """A scan typed by the keyboard-wedge scanner into the field that has the focus."""
    field = w.sim_panel.code
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    with qtbot.waitSignal(w.feedback.shown) as shown:
        scan_keys(qtbot, field, text)
    return shown.args[0]


def test_the_receiver_is_told_how_many_orders_the_goods_release(qtbot, demo_services, translations):
    (a,) = products("PS-A").values()
    ProductBarcode.create(product=a, code=code("PS-A") + "-2", kind="other", pack_qty=2)
    purchase_order("PO-PS-1", {"PS-A": 3})
    order("P-2", {"PS-A": 2}, due_hours=30)
    order("P-1", {"PS-A": 1}, due_hours=10)
    order("P-3", {"PS-A": 5}, due_hours=5)  # more than comes: stays waiting
    w, page = window(qtbot, demo_services, translations, "李娜", "2468", GoodsInPage)
    try:
        assert wedge(qtbot, w, "PO-PS-1") == "ok"
        assert wedge(qtbot, w, code("PS-A")) == "ok"
        assert "Pre-sale orders released when this receipt closes: 1" in w.banner.text()
        # the pair's own code (a different barcode: never taken for a double read)
        wedge(qtbot, w, code("PS-A") + "-2")
        assert "PS-A ×2" in w.banner.text()
        assert "Pre-sale orders released when this receipt closes: 2" in w.banner.text()
        assert PresaleRelease.select().count() == 0  # released at the close, not before
        page.setFocus()
        with qtbot.waitSignal(page.receipt_closed, timeout=5000):
            qtbot.keyClick(page, Qt.Key.Key_Return)
        said = "Pre-sale orders these goods release for packing: 2 (P-1, P-2)"
        assert said in w.banner.text() and page.last.text() == said
    finally:
        w.shutdown()


def test_the_packer_scanning_a_waiting_order_is_refused_red(qtbot, demo_services, translations):
    products("PS-A")
    order("P-1", {"PS-A": 2})
    w, page = window(qtbot, demo_services, translations, "张伟", "1357", PackPage)
    try:
        with qtbot.waitSignal(w.feedback.sounds.sound_requested) as sound:
            assert wedge(qtbot, w, "P-1") == "refused"
        assert sound.args == ["refused"]
        text = w.banner.text()
        assert "P-1" in text and "PRE-SALE" in text and "PS-A ×2" in text
        assert page.state is None
    finally:
        w.shutdown()


def test_the_board_lists_the_orders_waiting_and_the_stock_warning(
    qtbot, demo_services, translations
):
    products("PS-A", threshold=5)
    products("PS-B")
    order("P-1", {"PS-A": 2, "PS-B": 1}, due_hours=3)
    w, page = window(qtbot, demo_services, translations, "王芳", "9876", DashboardPage)
    try:
        with qtbot.waitSignal(page.refreshed, timeout=10_000):
            page.refresh()
        tables = page.view.tables
        assert (tables.tabText(4), tables.tabText(5)) == ("Waiting for stock", "Stock warning")
        (row,) = [r for r in tables.presale.rows if r[0] == "P-1"]
        assert row[2] == "PS-A ×2 (stock 0), PS-B ×1 (stock 0)" and row[3] == "3"
        warned = [r for r in tables.stock_warnings.rows if r[0] == "PS-A"]
        assert warned == [["PS-A", "商品 PS-A", "0", "5", "—"]]
        translations.set_language("zh_CN")
        qtbot.waitUntil(lambda: tables.tabText(4) == "待备货")
        assert tables.tabText(5) == "库存预警"
        (row,) = [r for r in tables.presale.rows if r[0] == "P-1"]
        assert row[2] == "PS-A ×2（库存 0）, PS-B ×1（库存 0）"
    finally:
        w.shutdown()
