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


def excel_csv_with(rows: list[dict], delimiter: str, encoding: str) -> bytes:
    """The same export as a European Excel saves CSV (``;``) or as Excel's "Unicode
    text" (tab-separated UTF-16 with its BOM)."""
    import csv
    import io

    from tests.services.test_spreadsheet_damage import GOOD, HEADER

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([{**GOOD, **row}.get(h, "") for h in HEADER])
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize(
    "delimiter, encoding",
    [(";", "utf-8-sig"), (";", "gbk"), ("\t", "utf-16"), ("\t", "utf-8-sig")],
)
def test_a_sheet_saved_with_semicolons_or_tabs_is_read_by_its_header(cli, delimiter, encoding):
    number = f"48936284593023{ord(delimiter):03d}{len(encoding):02d}"
    f = cli.home / "separated.csv"
    f.write_bytes(
        excel_csv_with(
            [{"主订单编号": number, "详细地址": "科技园南区8栋, 3楼"}], delimiter, encoding
        )
    )
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["imported_orders"] == 1
    with sqlite3.connect(cli.db) as con:
        (address,) = con.execute(
            "select address from sales_order where number = ?", (number,)
        ).fetchone()
    assert address.endswith("科技园南区8栋, 3楼")


@pytest.mark.parametrize(
    "cell, stored",
    [
        ('="=""4893628459302349001"""', "4893628459302349001"),  # guarded twice
        ('\'="4893628459302349002"', "4893628459302349002"),  # apostrophe, then formula
        ("4893628459302349003\u2009", "4893628459302349003"),  # a thin space after it
        ("\u2002\u200a4893628459302349004\u205f", "4893628459302349004"),  # en, hair, math
    ],
)
def test_guards_inside_guards_and_every_space_around_an_id_are_put_right(cli, cell, stored):
    f = cli.home / "guards.csv"
    f.write_bytes(excel_csv([{"主订单编号": cell}], "utf-8-sig"))
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 0, r.stdout + r.stderr
    assert stored in numbers(cli)
    assert not any(n.startswith(("=", "'")) or not n.isascii() for n in numbers(cli))


@pytest.mark.parametrize(
    "column, cell, field",
    [
        ("收件人", "\u200d\u200d", "buyer_name"),  # zero-width joiners only
        ("收件人", "\u200c\u200e", "buyer_name"),  # a non-joiner and a direction mark
        ("收件人", "\u2066\u2069 \u00a0", "buyer_name"),  # a bidi isolate and spaces
        ("详细地址", "\u200d", "address"),  # the address's last part, other parts empty
    ],
)
def test_a_name_or_address_of_invisible_characters_only_is_missing(cli, column, cell, field):
    before = numbers(cli)
    row = {"主订单编号": "4893628459302349101", column: cell}
    if column == "详细地址":
        row.update({"省": "", "市": "", "区": "", "街道": ""})
    f = cli.home / "invisible.csv"
    f.write_bytes(excel_csv([row], "utf-8-sig"))
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 1
    assert f"required value missing ({field})" in r.stderr
    assert numbers(cli) == before


@pytest.mark.parametrize(
    "column, cell, words",
    [
        ("商品数量", "1_0", "not a whole quantity above 0 (1_0)"),  # Python's digit grouping
        ("商品数量", "٣", "not a whole quantity above 0 (٣)"),  # Arabic-Indic digit
        ("商品数量", "1e1", "not a whole quantity above 0 (1e1)"),
        ("订单应付金额", "5_9.00", "not an amount in CNY (5_9.00)"),
        ("订单应付金额", "1e2", "not an amount in CNY (1e2)"),
        ("订单应付金额", "５９．٠٠", "not an amount in CNY (59.٠٠)"),
    ],
)
def test_a_number_only_a_programming_language_reads_is_refused(cli, column, cell, words):
    before = numbers(cli)
    f = cli.home / "numbers.csv"
    f.write_bytes(excel_csv([{"主订单编号": "4893628459302349201", column: cell}], "utf-8-sig"))
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 1, r.stdout
    assert words in r.stderr
    assert numbers(cli) == before


@pytest.mark.parametrize(
    "qty, paid, stored",
    [("+2", "59.00", (2, 5900)), ("2.0", "1,059.50", (2, 105950)), ("３", "￥59", (3, 5900))],
)
def test_plain_numbers_are_still_taken(cli, qty, paid, stored):
    number = f"48936284593023493{len(qty)}{len(paid)}"
    f = cli.home / "plain.csv"
    rows = [{"主订单编号": number, "商品数量": qty, "订单应付金额": paid}]
    f.write_bytes(excel_csv(rows, "utf-8-sig"))
    r = cli("import", "orders", str(f), "--profile", "douyin")
    assert r.returncode == 0, r.stdout + r.stderr
    with sqlite3.connect(cli.db) as con:
        got = con.execute(
            "select l.qty, o.paid_fen from sales_order o join sales_order_line l"
            " on l.sales_order_id = o.id where o.number = ?",
            (number,),
        ).fetchone()
    assert got == stored


@pytest.mark.parametrize(
    "paid, fen",
    [("59,00", 5900), ("1.059,50", 105950), ("1 059,50", 105950), ("59", 5900), ("€59,5", None)],
)
def test_a_semicolon_sheet_writes_amounts_with_a_decimal_comma(cli, paid, fen):
    number = f"4893628459302349{len(paid):02d}{ord(paid[-1]) % 10}"
    f = cli.home / "european.csv"
    rows = [{"主订单编号": number, "订单应付金额": paid, "商品数量": "2"}]
    f.write_bytes(excel_csv_with(rows, ";", "utf-8-sig"))
    r = cli("import", "orders", str(f), "--profile", "douyin")
    if fen is None:
        assert r.returncode == 1 and "not an amount in CNY" in r.stderr
        return
    assert r.returncode == 0, r.stdout + r.stderr
    with sqlite3.connect(cli.db) as con:
        got = con.execute("select paid_fen from sales_order where number = ?", (number,))
        assert got.fetchone() == (fen,)


def test_a_comma_sheet_keeps_the_comma_a_thousands_separator(cli):
    number = "4893628459302349555"
    f = cli.home / "comma.csv"
    f.write_bytes(excel_csv([{"主订单编号": number, "订单应付金额": "1,059.50"}], "utf-8-sig"))
    assert cli("import", "orders", str(f), "--profile", "douyin").returncode == 0
    with sqlite3.connect(cli.db) as con:
        got = con.execute("select paid_fen from sales_order where number = ?", (number,))
        assert got.fetchone() == (105950,)
