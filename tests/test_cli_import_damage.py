"""``station import orders`` on spreadsheet-damaged exports: exit status, the row and
column named on the terminal, nothing stored; guarded and full-width ones stored."""

import json
import sqlite3
import subprocess
import sys

import pytest

from tests.services.test_spreadsheet_damage import excel_csv


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(home / "d")],
            capture_output=True,
            text=True,
        )

    assert run("demo").returncode == 0
    run.home = home
    run.db = home / "d" / "station.sqlite3"
    return run


def numbers(cli) -> set[str]:
    with sqlite3.connect(cli.db) as con:
        return {n for (n,) in con.execute("select number from sales_order")}


@pytest.mark.parametrize(
    "cell, column, words",
    [
        ("6.93017E+18", "主订单编号", "the spreadsheet rounded this order number; export again"),
        ("6,93017E+18", "主订单编号", "the spreadsheet rounded this order number; export again"),
        ("6930170012345670000", "主订单编号", "rounded this order number; export again as text"),
        ("#N/A", "商家编码", "spreadsheet error (#N/A)"),
        ("1.38001E+10", "收件人手机号", "the spreadsheet rounded this phone number"),
        ("#######", "承诺发货时间", "too narrow"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_damaged_cell_is_refused_with_its_row_and_column(cli, cell, column, words, encoding):
    before = numbers(cli)
    f = cli.home / "export.csv"
    f.write_bytes(
        excel_csv(
            [
                {"主订单编号": "4893628459302340011"},
                {"主订单编号": "4893628459302340012", column: cell},
            ],
            encoding,
        )
    )
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 1
    assert f"row 3, column {column}: " in r.stderr and words in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1
    first = json.loads(r.stdout.splitlines()[0])
    assert (first["line"], first["column"], first["detail"]) == (3, column, cell)
    assert numbers(cli) == before


def test_guarded_and_full_width_numbers_are_stored_as_digits(cli):
    f = cli.home / "guarded.csv"
    f.write_bytes(
        excel_csv(
            [
                {"主订单编号": '="6930170012345670011"', "收件人手机号": "'13800138000"},
                {
                    "主订单编号": "６９３０１７００１２３４５６７００１２",
                    "商家编码": "ＳＯＣＫ－５Ｐ",
                },
                {"主订单编号": "\t6930170012345670013", "承诺发货时间": "46350.75"},
            ],
            "gbk",
        )
    )
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["imported_orders"] == 3
    assert {"6930170012345670011", "6930170012345670012", "6930170012345670013"} <= numbers(cli)
    with sqlite3.connect(cli.db) as con:
        (phone,) = con.execute(
            "select buyer_phone from sales_order where number = '6930170012345670011'"
        ).fetchone()
    assert phone == "13800138000"


def test_tracking_numbers_and_asn_from_a_damaged_sheet(cli):
    f = cli.home / "numbers.csv"
    f.write_text("运单号\r\n'773012345701\r\n7.73012E+11\r\n", encoding="gbk")
    r = cli("import", "tracking-numbers", str(f), "--carrier", "ZTO", "--account", "S1")
    assert r.returncode == 1
    assert "row 3: the spreadsheet rounded this tracking number; export again as text" in r.stderr
    f = cli.home / "asn.json"
    f.write_text('{"po": "PO-2611-001", "pallets": [{"sscc": 6.9012340000000016e16}]}')
    r = cli("import", "asn", str(f))
    assert r.returncode == 1
    assert "row 1, column sscc: the spreadsheet rounded this SSCC" in r.stderr
