"""The Chinese interface holds no English: every page, in its states, and every dialog.

The walk reads what a person sees (labels, buttons, tabs, column headers, list and
table rows, placeholders, combo boxes, window titles) and finds English words left
in it. Codes, numbers, SKUs, units and acronyms (PIN, SKU, GS1, HTTP…) are allowed,
and so is data: names and codes from the database and the settings, which are
shown as they are.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

from station.core.scan import Scan
from station.db.models import CarrierAccount, Operator, Product, Supplier
from station.ui.i18n import LANGUAGE_NAMES
from station.ui.main_window import MainWindow
from tests.ui.conftest import login

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
URI = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S*"  # device and server addresses
    r"|(?<![\w])/[\w.@/-]+"  # file paths
    r"|\b[A-Za-z]:\\\S+"  # file paths on Windows
    r"|\S+\.(?:pdf|csv|json|png|qm|ts)\b"
)
_clock = count()
_T0 = datetime.now(UTC)
NOW = datetime(2026, 11, 30, 9, 0)


def english_words(text: str, data: list[str]) -> list[str]:
    """English words left in ``text`` once data, codes and acronyms are taken out:
    a word of two or more letters with a lower-case letter in it, not part of a code
    (letters glued to digits or dashes, as in SOCK-5P, PO-2611-001, 5kg)."""
    text = re.sub(r"<[^>]+>", " ", text)  # rich text tags
    text = URI.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    words = []
    for m in WORD.finditer(text):
        word = m.group()
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isdigit() or after.isdigit() or "-" in (before, after) or "_" in (before, after):
            continue  # part of a code
        if len(word) < 2 or word.isupper() or word in UNITS or word in KEYS:
            continue
        words.append(word)
    return words


UNITS = {"kg", "g", "mm", "cm", "ms", "dpi", "pt", "px"}
KEYS = {"Enter", "Esc", "Ctrl", "Shift", "Alt", "AltGr", "Tab", "Del", "Backspace", "Space"}


def data_of(services) -> list[str]:
    """What the station shows as it is: names and codes from master data and settings."""
    s = services.settings
    values = [
        s.bench.bench_name,
        s.bench.bench_id,
        *vars(s.devices).values(),
        s.head_office.url,
        *LANGUAGE_NAMES.values(),
    ]
    values += [o.name for o in Operator.select()]
    for p in Product.select():
        values += [p.sku, p.name]
    values += [x.name for x in Supplier.select()] + [x.code for x in Supplier.select()]
    for c in CarrierAccount.select():
        values += [c.name, c.carrier, c.account_no]
    return [str(v) for v in values if v]


def seen_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person sees in ``root`` and its visible children."""
    out: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        where = type(w).__name__
        if w.isWindow() and w.windowTitle():
            out.append((where + " title", w.windowTitle()))
        if isinstance(w, QLabel | QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QLineEdit):
            out.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out += [(where + " item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QTabBar):
            out += [(where, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            root_index = QModelIndex()
            columns = 1 if isinstance(w, QListView) else model.columnCount(root_index)
            if isinstance(w, QTableView | QTreeView):
                for c in range(columns):
                    head = model.headerData(c, Qt.Orientation.Horizontal)
                    out.append((where + " header", str(head or "")))
            for r in range(min(model.rowCount(root_index), 50)):
                for c in range(columns):
                    out.append((where + " cell", str(model.index(r, c).data() or "")))
        if w.toolTip():
            out.append((where + " tooltip", w.toolTip()))
    return [(where, text) for where, text in out if text]


def english_in(root: QWidget, data: list[str]) -> list[str]:
    found = []
    for where, text in seen_texts(root):
        words = english_words(text, data)
        if words:
            found.append(f"{where}: {text!r} -> {words}")
    return found


def scan(window, code: str) -> None:
    window.bus.publish(Scan(code, source="sim", at=_T0 + timedelta(seconds=next(_clock))))


def settle() -> None:
    QApplication.processEvents()


def test_the_rule_finds_english_and_lets_codes_be():
    data = ["Bench 1", "sim"]
    assert english_words("待发：8 单 · 已超时 1", data) == []
    assert english_words("SOCK-5P ×2 · PO-2611-001 · 6901234000085 · 5kg · GS1 · PIN码", data) == []
    assert english_words("打印机：zpl+file:///tmp/x/output (就绪) · 扫描枪：sim", data) == []
    assert english_words("工作台：Bench 1", data) == []
    assert english_words("日志：/tmp/data/logs/station.log · C:\\Station\\logs", data) == []
    assert english_words("Last error: head office unreachable", data) == [
        "Last",
        "error",
        "head",
        "office",
        "unreachable",
    ]
    assert english_words("上次错误：Connection refused", data) == ["Connection", "refused"]
    assert english_words("Units received", data) == ["Units", "received"]


@pytest.fixture
def zh_window(qtbot, demo_services, translations):
    translations.set_language("zh_CN")
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()


def walk(qtbot, w, services) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Every page in its states and every dialog, as a supervisor and an administrator
    reach them: the English found in each, and how many texts each showed."""
    from station.ui.pages.dashboard_page import DashboardPage
    from station.ui.pages.goods_in_page import GoodsInPage
    from station.ui.pages.pack_page import PackPage
    from station.ui.pages.settings_page import SettingsPage
    from station.ui.pages.sync_page import SyncPage
    from station.ui.pages.waybills_page import WaybillsPage

    data = data_of(services)
    found: dict[str, list[str]] = {}
    seen: dict[str, int] = {}

    def look(name: str, root: QWidget | None = None) -> None:
        settle()
        seen[name] = len(seen_texts(root or w))
        english = english_in(root or w, data)
        if english:
            found[name] = english

    def look_at_dialogs(name: str) -> None:
        settle()
        shown = [
            d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
        ]
        assert shown, f"{name}: no dialog opened"
        for d in shown:
            look(f"{name}: {type(d).__name__}", d)
            d.reject()
        settle()

    look("login")
    login(w, "王芳", "9876")  # a supervisor: every working page
    for page in w.pages:
        if w.nav.item(w.pages.index(page)).isHidden():
            continue
        w.nav.setCurrentRow(w.pages.index(page))
        look(f"page {type(page).__name__}")

    pack = w.page(PackPage)  # pack-out with an order open
    w.nav.setCurrentRow(w.pages.index(pack))
    scan(w, "2611230010")
    look("pack-out, order open")
    pack.ship_short()
    look_at_dialogs("pack-out ship short")
    # goods-in: no receipt open (the real column headers), then a PO open and its dialogs
    goods = w.page(GoodsInPage)
    w.nav.setCurrentRow(w.pages.index(goods))
    look("goods-in, nothing open")
    scan(w, "PO-2611-001")
    scan(w, "]C100069012340000000030" + "0216901234000044" + "17300630" + "10L2611\x1d3710")
    look("goods-in, receipt open")
    goods.key_invoice()
    look_at_dialogs("goods-in invoice")
    goods.inspect()
    look_at_dialogs("goods-in inspection")
    scan(w, "SUPPLIER-CODE-77")  # unknown barcode: a supervisor may link it
    look_at_dialogs("goods-in link barcode")
    way = w.page(WaybillsPage)  # waybills with the print queue
    w.nav.setCurrentRow(w.pages.index(way))
    way.print_queue.print_test_label()
    look("waybills")
    dash = w.page(DashboardPage)
    w.nav.setCurrentRow(w.pages.index(dash))
    with qtbot.waitSignal(dash.refreshed, timeout=10_000):
        dash.refresh()
    look("dashboard")
    board = dash.open_board()
    look("board mode", board)
    board.close()
    sync = w.page(SyncPage)
    w.nav.setCurrentRow(w.pages.index(sync))
    look("sync")
    sync.release_parked()
    look_at_dialogs("sync release")
    w.logout()
    login(w, "Admin", "8642")
    settings = w.page(SettingsPage)
    w.nav.setCurrentRow(w.pages.index(settings))
    look("settings")
    check = settings.open_scanner_check()
    check.check('St4-/"@|Qz9y', terminated=True)
    look("scanner check", check)
    check.reject()
    # what start-up and a crash may show
    from station.db.backup import Backup
    from station.db.store import DatabaseCorrupt
    from station.ui.crash import friendly_message
    from station.ui.recovery import build_restore_box

    good = Backup(path=services.data_dir.backups / "x.sqlite3", taken_at=NOW, reason="daily")
    for backup in (None, good):
        box, _ = build_restore_box(DatabaseCorrupt(services.data_dir.database, [], backup))
        box.show()
        look(f"database damaged, backup {backup is not None}", box)
        box.close()
    crash = QLabel(friendly_message(services.data_dir.logs / "station.log"))
    crash.show()
    look("crash", crash)
    crash.close()
    return found, seen


def test_every_page_and_dialog_speaks_chinese(qtbot, zh_window, demo_services):
    found, seen = walk(qtbot, zh_window, demo_services)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert len(seen) >= 24 and min(seen.values()) >= 1, seen  # the walk saw every screen


def test_the_walk_finds_english_where_there_is_english(qtbot, window, demo_services):
    """The same walk in English flags every screen: the Chinese walk passing means
    something."""
    found, seen = walk(qtbot, window, demo_services)
    assert set(found) == set(seen)


# --- the sync page's last error, from real head-office answers ---


class _Answers(BaseHTTPRequestHandler):
    status = 200
    body = b"not json"

    def do_GET(self):  # noqa: N802
        self._answer()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def _answer(self):
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def serve(status: int, body: bytes):
    handler = type("H", (_Answers,), {"status": status, "body": body})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.allow_error_logs
def test_the_sync_pages_last_error_is_chinese(qtbot, zh_window, demo_services):
    from station.db import outbox
    from station.sync.client import HeadOfficeClient
    from station.sync.uploader import Uploader
    from station.ui.pages.sync_page import SyncPage

    outbox.enqueue(demo_services.bench_id, "scan_event", "u-1", {"x": 1})
    page = zh_window.page(SyncPage)
    closed = serve(200, b"")
    closed_url = f"http://127.0.0.1:{closed.server_address[1]}"
    closed.shutdown()
    closed.server_close()
    cases = [(closed_url, "无法连接总部")]
    servers = [
        (serve(503, b"busy"), "总部繁忙"),
        (serve(200, b"<html>not json</html>"), "无法识别"),
        (serve(401, json.dumps({"error": "unknown bench token"}).encode()), "总部拒绝"),
    ]
    cases += [(f"http://127.0.0.1:{s.server_address[1]}", want) for s, want in servers]
    data = data_of(demo_services)
    try:
        for url, want in cases:
            client = HeadOfficeClient(url, "tok", timeout=5)
            result = Uploader(demo_services.store.db, demo_services.bench_id, client).drain()
            client.close()
            assert result.error and result.error_code, url
            zh_window.sync.last = result
            page.refresh()
            text = page.error.text()
            assert text.startswith("最近错误") and want in text, text
            quoted = "unknown bench token"  # head office's own words, quoted as sent
            assert english_words(text, [*data, quoted]) == [], text
            from station.db.models import OutboxRecord

            OutboxRecord.update(state="pending").execute()
    finally:
        for s, _ in servers:
            s.shutdown()
            s.server_close()


def test_conflicts_with_head_office_are_told_in_chinese(qtbot, zh_window, demo_services, tmp_path):
    """Head office's changes that cannot be applied here, from a real head office."""
    from station.db.models import SalesOrder
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore
    from station.sync.client import HeadOfficeClient
    from station.sync.downloader import Downloader
    from station.sync.uploader import DrainResult
    from station.ui.pages.sync_page import SyncPage

    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    try:
        SalesOrder.update(status="packed").where(SalesOrder.number == "2611230003").execute()
        store.publish("order_status", "2611230003", {"number": "2611230003", "status": "cancelled"})
        order = {"number": "HO-9", "buyer_name": "周杰", "address": "南京", "carrier": "SF"}
        store.publish("sales_order", "HO-9", {**order, "lines": [{"sku": "NO-SUCH", "qty": 1}]})
        client = HeadOfficeClient(server.url, "tok")
        pulled = Downloader(demo_services.store.db, demo_services.bench_id, client).pull()
        client.close()
        assert len(pulled.conflicts) == 2
        assert "cancelled at head office" in pulled.conflicts[0]  # the log keeps English
        zh_window.sync.last = DrainResult(downloaded=pulled)
        page = zh_window.page(SyncPage)
        page.refresh()
        text = page.error.text()
        assert "订单 2611230003 在总部为已取消，在本工作台为已打包" in text, text
        assert "订单 HO-9：未知 SKU NO-SUCH" in text, text
        assert english_words(text, data_of(demo_services)) == [], text
    finally:
        server.stop()
        store.close()


@pytest.mark.allow_error_logs
def test_a_master_data_page_it_cannot_read_is_told_and_the_loop_goes_on(
    qtbot, zh_window, demo_services
):
    import queue

    from station.sync.client import HeadOfficeClient
    from station.sync.downloader import Downloader
    from station.sync.uploader import Uploader, UploadLoop
    from station.ui.pages.sync_page import SyncPage

    server = serve(200, json.dumps({"changes": "not a list", "cursor": 1}).encode())
    client = HeadOfficeClient(f"http://127.0.0.1:{server.server_address[1]}", "tok", timeout=5)
    db, bench = demo_services.store.db, demo_services.bench_id
    results: queue.Queue = queue.Queue()
    loop = UploadLoop(
        Uploader(db, bench, client), 0.05, results.put, downloader=Downloader(db, bench, client)
    ).start()
    try:
        first = results.get(timeout=20)
        second = results.get(timeout=20)  # the loop lived through the page it cannot read
    finally:
        loop.stop()
        client.close()
        server.shutdown()
        server.server_close()
    for result in (first, second):
        assert (result.error_code, result.error_stage) == ("sync_bad_answer", "master")
    zh_window.sync.last = first
    page = zh_window.page(SyncPage)
    page.refresh()
    assert "主数据：总部返回的内容无法识别" in page.error.text(), page.error.text()


def test_a_setting_refused_is_told_in_chinese(qtbot, zh_window, demo_services):
    from station.config import SettingsError
    from station.ui.messages import message
    from station.ui.pages.settings_page import SettingsPage

    login(zh_window, "Admin", "8642")
    page = zh_window.page(SettingsPage)
    zh_window.nav.setCurrentRow(zh_window.pages.index(page))
    data = data_of(demo_services)
    for prefix in ("12AB", "123", "12345"):
        page.company_prefix.setText(prefix)
        page.request_save()
        text = zh_window.banner.text()
        assert text.startswith("设置未保存") and prefix in text, text
        assert english_words(text, data) == [], text
    assert demo_services.settings.receiving.company_prefix == ""  # nothing was saved
    # any other key refused: named, in Chinese
    text = message(SettingsError("x", "packing.sender_name").code, {"key": "packing.sender_name"})
    assert text == "设置未保存：packing.sender_name 的值无法使用"
    whole = SettingsError("cannot read settings file")  # the file as a whole
    assert message(whole.code, whole.params) == "设置未保存：无法读取设置文件，请联系IT"


@pytest.mark.parametrize(
    ("code", "expected", "found"),
    [
        ("6901234000048", "7", "8"),  # EAN-13
        ("12345678", "0", "8"),  # EAN-8
        ("]C1" + "0116901234000048" + "17300630", "4", "8"),  # GTIN-14 in GS1-128
        ("00" + "369012340000000018", "7", "8"),  # SSCC
    ],
)
def test_a_misread_is_told_in_chinese(qtbot, zh_window, demo_services, code, expected, found):
    """The misread banner gives the digit expected and the digit read in Chinese, not
    the barcode library's English reason: on the pack page with and without an order."""
    login(zh_window, "张伟", "1357")
    data = data_of(demo_services)
    for _ in range(2):  # no order open, then an order open
        scan(zh_window, code)
        text = zh_window.banner.text()
        assert zh_window.banner.outcome.value == "refused"
        assert english_words(text, data) == [], text
        assert "Expected" not in text and f"应为 {expected}" in text and f"读到 {found}" in text
        scan(zh_window, "2611230002")


def test_goods_in_refusals_are_told_in_chinese(qtbot, zh_window, demo_services):
    """On goods-in too: a misread says the digits in Chinese; GS1 data wrong as a whole
    says the rule it breaks, never the barcode library's English reason."""
    from station.ui.pages.goods_in_page import GoodsInPage

    login(zh_window, "李娜", "2468")
    page = zh_window.page(GoodsInPage)
    zh_window.nav.setCurrentRow(zh_window.pages.index(page))
    scan(zh_window, "PO-2611-001")
    assert page.receipt is not None
    data = data_of(demo_services)
    for code, said in (
        ("6901234000048", "应为 7"),
        ("]C1" + "0116901234000048" + "17300630", "应为 4"),
        ("]C1" + "00369012340000000018", "SSCC 校验位应为 7"),
        ("0012ABC", "(00) 长 5 个字符，需要 18 个"),  # the AI and its lengths
        ("10L1234567172712310106901234000108", "(10) 长 32 个字符，最多允许 20 个"),
        ("0106901234000108" + "17271231" + "10H1\x1d10H2", "(10) 出现两次且数据不同：H1 和 H2"),
        ("0216901234000105", "(02) 必须与 (37) 出现在同一条码中"),
    ):
        scan(zh_window, code)
        text = zh_window.banner.text()
        assert zh_window.banner.outcome.value == "refused"
        assert said in text and english_words(text, data) == [], text
