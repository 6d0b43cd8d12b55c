import json
import subprocess
import sys

from station.ui.pages.waybills_page import WaybillsPage
from tests.services.test_order_import import HEADER, ROWS
from tests.ui.conftest import login


def test_import_from_the_waybills_page(qtbot, window, tmp_path):
    login(window, "张伟", "1357")
    page = window.page(WaybillsPage)
    f = tmp_path / "orders.csv"
    f.write_bytes((HEADER + ROWS).encode("gbk"))
    page.import_file(f)
    qtbot.waitUntil(lambda: "new orders" in window.banner.text(), timeout=5000)
    assert "new orders 2" in window.banner.text()
    assert "T1001" in page._numbers
    f.write_bytes((HEADER + "X1,,,,,,,,,,,CUP-350,1,0\n").encode())
    page.import_file(f)
    qtbot.waitUntil(lambda: "nothing imported" in window.banner.text(), timeout=5000)
    assert window.banner.outcome.value == "refused" and "row 2" in window.banner.text()


def test_cli_import_orders(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    assert run("demo").returncode == 0
    f = tmp_path / "orders.csv"
    f.write_text(HEADER + ROWS, encoding="utf-8-sig")
    r = run("import", "orders", str(f))
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout.splitlines()[-1])
    assert (summary["imported_orders"], summary["encoding"]) == (2, "utf-8-sig")
    r = run("import", "orders", str(f))
    assert json.loads(r.stdout.splitlines()[-1])["already_there"] == 2
    f.write_text(HEADER + "X1,,张三,,北京,1,spot,,SF,,,NOPE,1,0\n")
    r = run("import", "orders", str(f))
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 1 and lines[0] == {
        "line": 2,
        "column": "sku",
        "refused": "unknown_sku",
        "detail": "NOPE",
        "message": "no product with SKU NOPE",
    }
    assert "row 2, column sku: no product with SKU NOPE" in r.stderr


def test_a_rounded_order_number_is_named_on_the_waybills_page(qtbot, window, tmp_path):
    from station.db.models import SalesOrder
    from tests.services.test_spreadsheet_damage import excel_csv

    login(window, "张伟", "1357")
    page = window.page(WaybillsPage)
    f = tmp_path / "抖店订单.csv"
    rows = [
        {},
        {"主订单编号": "6.93017E+18"},
        {"主订单编号": "4893628459302340021", "收件人手机号": "#N/A"},
        {"主订单编号": "4893628459302340022", "承诺发货时间": "#######"},
    ]
    f.write_bytes(excel_csv(rows, "gbk"))
    before = SalesOrder.select().count()
    page.import_file(f)  # the header names 主订单编号: the Douyin profile is chosen
    qtbot.waitUntil(lambda: "nothing imported" in window.banner.text(), timeout=5000)
    text = window.banner.text()
    assert "rows refused: 3" in text and "row 3, column 主订单编号" in text
    assert "the spreadsheet rounded this order number; export again as text" in text
    assert SalesOrder.select().count() == before
    # the banner goes after a moment: every refused row stays listed until closed
    box = page.refusals_box
    assert box.isVisible()
    assert box.detailedText().splitlines() == [
        "row 3, column 主订单编号: the spreadsheet rounded this order number; export again as text",
        "row 4, column 收件人手机号: the cell holds a spreadsheet error (#N/A), not a value; "
        "fix it in the sheet or export again",
        "row 5, column 承诺发货时间: the column was too narrow when the sheet was saved "
        "(#######); widen it or export again",
    ]
    box.accept()


MASKED = "M1,店,王**,138****0001,浙江省杭州市****,10.00,spot,,SF,,,TAPE-01,1,0\n"


def test_masked_recipients_are_named_at_import_on_the_page_and_in_the_cli(qtbot, window, tmp_path):
    login(window, "张伟", "1357")
    page = window.page(WaybillsPage)
    f = tmp_path / "orders.csv"
    f.write_text(HEADER + ROWS + MASKED, encoding="utf-8")
    page.import_file(f)
    qtbot.waitUntil(lambda: "new orders" in window.banner.text(), timeout=5000)
    assert "new orders 3" in window.banner.text()
    assert "masked by the platform (e-waybill only): 1 (M1)" in window.banner.text()
    assert window.banner.outcome.value == "warning"


def test_cli_names_masked_recipients(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    assert run("demo").returncode == 0
    f = tmp_path / "orders.csv"
    f.write_text(HEADER + ROWS + MASKED, encoding="utf-8")
    r = run("import", "orders", str(f))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["order"] == "M1" and "e-waybill" in lines[0]["recipient_masked"]
    assert lines[-1]["recipient_masked"] == 1 and lines[-1]["imported_orders"] == 3
