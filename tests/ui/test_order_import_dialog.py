"""The import dialog: the platform recognised and the first rows shown before
anything is written, then the import with a progress bar."""

import pytest

from station.db.models import SalesOrder
from station.ui.pages.waybills_page import WaybillsPage
from tests.data.orders import build
from tests.marketplace import (
    DEFAULT_CARRIER,
    PLATFORMS,
    SHOP_CARRIERS,
    expected,
    order_as_read,
    write_sample,
)
from tests.ui.conftest import login


@pytest.fixture
def page(window, demo_services):
    demo_services.settings = demo_services.settings.replace(
        "packing", shop_carriers=SHOP_CARRIERS, default_carrier=DEFAULT_CARRIER
    )
    login(window, "张伟", "1357")
    return window.page(WaybillsPage)


def _open(qtbot, page, paths):
    dialog = page.open_import_dialog(*paths)
    with qtbot.waitSignal(dialog.previewed, timeout=10000) as shown:
        pass
    return dialog, shown.args[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "xlsx"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_preview_then_import_each_platform(qtbot, window, page, tmp_path, platform, encoding):
    paths = write_sample(tmp_path, platform, encoding)
    before = SalesOrder.select().count()
    dialog, ready = _open(qtbot, page, paths)
    # recognised and shown, nothing written yet
    assert f"[{platform}]" in dialog.platform_label.text()
    first = next(iter(expected(platform)))
    assert dialog.table.item(0, 0).text() == first
    # the carrier and amount as they will be written (from the settings where the export
    # names none)
    assert dialog.table.item(0, 7).text() == expected(platform)[first]["carrier"]
    assert dialog.table.item(0, 5).text() == f"{expected(platform)[first]['paid_fen'] / 100:.2f}"
    assert dialog.table.rowCount() == len(ready.preview) > 0
    assert SalesOrder.select().count() == before
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, qtbot_button())
    qtbot.waitUntil(lambda: "new orders" in window.banner.text(), timeout=10000)
    assert f"new orders {len(expected(platform))}" in window.banner.text()
    for number, order in expected(platform).items():
        assert order_as_read(number) == order, number
        if order["order_type"] == "presale":
            # waits for its stock (待备货) until goods-in releases it: not to pack yet
            assert number not in page._numbers
        else:
            assert number in page._numbers


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_masked_recipients_and_refusals_are_shown_before_writing(qtbot, page, tmp_path):
    (douyin,) = write_sample(tmp_path, "douyin", "utf-8-sig")
    dialog, ready = _open(qtbot, page, [douyin])
    assert "masked by the platform: 1 (6930170012345680021)" in dialog.summary.text()
    bad = [{**build.DOUYIN_ROWS[0], "商家编码": "NO-SUCH"}]
    douyin.write_bytes(build.as_csv(build.DOUYIN_HEADER, bad, "gbk"))
    dialog.set_files(douyin)
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        pass
    assert not dialog.import_button.isEnabled()
    assert "row 2, column 商家编码: no product with SKU NO-SUCH" in dialog.summary.text()


def test_taobao_item_without_order_is_named_in_the_dialog(qtbot, page, tmp_path):
    orders, items = write_sample(tmp_path, "taobao", "gbk")
    extra = {"订单编号": "3312456789099999999", "商家编码": "CUP-350", "购买数量": "1"}
    items.write_bytes(build.as_csv(build.TAOBAO_ITEMS_HEADER, [*build.TAOBAO_ITEMS, extra], "gbk"))
    dialog, _ = _open(qtbot, page, [orders, items])
    assert (
        "items file row 5, column 订单编号: item of order 3312456789099999999, which is not "
        "in the orders file" in dialog.summary.text()
    )
    assert not dialog.import_button.isEnabled()


def test_a_long_import_moves_the_progress_bar(qtbot, window, page, tmp_path):
    rows = [
        {**build.KUAISHOU_ROWS[0], "订单号": f"26120401{n:08d}", "SKU编码": "CUP-350"}
        for n in range(1500)
    ]
    path = tmp_path / "kuaishou_big.csv"
    path.write_bytes(build.as_csv(build.KUAISHOU_HEADER, rows, "utf-8"))
    dialog, ready = _open(qtbot, page, [path])
    assert len(ready.orders) == 1500
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.import_button, qtbot_button())
    qtbot.waitUntil(lambda: "new orders 1500" in window.banner.text(), timeout=30000)
    assert dialog.progress.maximum() == 1500
    assert seen[-1] == 1500 and len([v for v in seen if 0 < v < 1500]) >= 5


def test_the_shops_own_profiles_are_listed_and_used(qtbot, page, demo_services, tmp_path):
    import json

    from tests.marketplace import SAMPLES

    folder = demo_services.data_dir.profiles
    folder.mkdir(parents=True, exist_ok=True)
    profile = json.loads(
        (SAMPLES.parents[2] / "station/resources/import_profiles/jd.json").read_text()
    )
    profile.update(name="我的京东模板", signature=["订单号", "收件人姓名"])
    profile["columns"]["收件人姓名"] = "buyer_name"
    (folder / "my_jd.json").write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    header = ["收件人姓名" if h == "客户姓名" else h for h in build.JD_HEADER]
    row = {("收件人姓名" if k == "客户姓名" else k): v for k, v in build.JD_ROWS[0].items()}
    path = tmp_path / "jd_mine.csv"
    path.write_bytes(build.as_csv(header, [row], "gbk"))
    dialog = page.open_import_dialog(path)
    names = [dialog.profile_box.itemText(i) for i in range(dialog.profile_box.count())]
    assert "我的京东模板 (this shop's, profiles/my_jd.json)" in names
    assert any("京东 POP" in n for n in names)  # beside the built-in ones
    with qtbot.waitSignal(dialog.previewed, timeout=10000) as shown:
        pass
    assert shown.args[0].result.profile == "my_jd"
    assert dialog.platform_label.text() == "我的京东模板 [my_jd]"
    assert dialog.table.item(0, 1).text() == "孙七"


@pytest.mark.parametrize("key", ["i", "I"])
def test_import_is_reached_by_its_key_from_the_orders_table(
    qtbot, window, page, tmp_path, monkeypatch, key
):
    from PySide6.QtWidgets import QFileDialog

    (path,) = write_sample(tmp_path, "douyin", "utf-8")[:1]
    asked = []

    def pick(*args, **kwargs):  # the person picks the export in the file chooser
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.open_page(window.pages.index(page))
    assert "(I)" in page.import_button.text()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, key)
    qtbot.waitUntil(lambda: getattr(page, "import_dialog", None) is not None)
    # the export chosen is recognised and previewed (off the GUI thread)
    qtbot.waitUntil(lambda: "[douyin]" in page.import_dialog.platform_label.text(), timeout=20000)
    assert len(asked) == 1
    page.import_dialog.reject()


def test_tab_leaves_the_orders_table(qtbot, window, page):
    from PySide6.QtCore import Qt

    window.open_page(window.pages.index(page))
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not page.table.hasFocus())


def test_ctrl_i_is_not_the_import_key(qtbot, window, page):
    from PySide6.QtCore import Qt

    window.open_page(window.pages.index(page))
    assert page.hotkey(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier, "i") is False
