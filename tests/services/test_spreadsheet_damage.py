"""Marketplace exports as they arrive after Excel or WPS: every kind of damage put
right when that is provably lossless, refused with its row and column when not;
never stored damaged. Files are written as Excel writes CSV (CRLF, quoted cells,
UTF-8 with BOM or GBK) and go through the order import into a real SQLite store."""

import csv
import io
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.db.models import SalesOrder, SalesOrderLine
from station.services.order_import import _parse_time, import_orders

HEADER = [
    "主订单编号",
    "店铺名称",
    "收件人",
    "收件人手机号",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "订单应付金额",
    "商家编码",
    "商品数量",
    "买家留言",
    "商家备注",
    "承诺发货时间",
    "快递公司",
    "是否赠品",
]
GOOD = {
    "主订单编号": "4893628459302341234",
    "店铺名称": "抖音小店",
    "收件人": "陈晨",
    "收件人手机号": "139****2211",
    "省": "广东省",
    "市": "深圳市",
    "区": "南山区",
    "街道": "粤海街道",
    "详细地址": "科技园南区8栋",
    "订单应付金额": "59.00",
    "商家编码": "SOCK-5P",
    "商品数量": "2",
    "买家留言": "",
    "商家备注": "加急",
    "承诺发货时间": "2026-11-25 12:00",
    "快递公司": "中通快递",
    "是否赠品": "否",
}


def excel_csv(rows: list[dict], encoding: str = "utf-8-sig") -> bytes:
    """A Douyin export as Excel saves it: CRLF rows, cells quoted only when needed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([{**GOOD, **row}.get(h, "") for h in HEADER])
    return out.getvalue().encode(encoding)


@pytest.fixture
def db(demo_services):
    return demo_services.store.db


def run(db, rows, encoding="utf-8-sig"):
    return import_orders(db, "b1", excel_csv(rows, encoding), profile="douyin")


def refusals(result):
    return [(r.line, r.column, r.reason, r.detail) for r in result.rejected]


# --- identifiers: guards, full-width, invisible characters, whole numbers ---

NUMBER = "6930170012345678901"
KEPT_AS_TEXT = [
    '="6930170012345678901"',  # Excel's formula guard, as the export writes it
    "'6930170012345678901",  # leading apostrophe
    "`6930170012345678901",  # back-quote
    "\t6930170012345678901",  # tab prefix
    "６９３０１７００１２３４５６７８９０１",  # full-width digits
    "＇６９３０１７００１２３４５６７８９０１",  # a full-width apostrophe guard
    "＝＂６９３０１７００１２３４５６７８９０１＂",  # a full-width formula guard
    " 6930170012345678901 ",
    "6930170012345678901\r\n",  # a line break left in the quoted cell
    "6.930170012345678901E+18",  # scientific, but every digit written out
    "6930170012345678901.0",  # no double has this value: written by a decimal writer
]
INVISIBLE = [
    "\ufeff6930170012345678901",  # a BOM inside the file (files joined together)
    "\u00a06930170012345678901\u00a0",  # non-breaking spaces
    "6930170012345678901\u200b",  # zero-width space
    "\u20606930\u200b170012345678901",  # word joiner, zero-width space inside
    "\u30006930170012345678901",  # ideographic space
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
@pytest.mark.parametrize("cell", KEPT_AS_TEXT)
def test_an_order_number_kept_as_text_is_stored_as_its_digits(db, cell, encoding):
    result = run(db, [{"主订单编号": cell}], encoding)
    assert result.ok, refusals(result)
    assert SalesOrder.get(SalesOrder.number == NUMBER).buyer_name == "陈晨"


@pytest.mark.parametrize("cell", INVISIBLE)
def test_invisible_characters_around_an_order_number_are_removed(db, cell):
    result = run(db, [{"主订单编号": cell}])
    assert result.ok, refusals(result)
    assert SalesOrder.select().where(SalesOrder.number == NUMBER).count() == 1


def test_a_float_s_dot_zero_goes_when_no_digit_was_lost(db):
    result = run(db, [{"主订单编号": "123456.0"}, {"主订单编号": "'2026112400001.00"}])
    assert result.ok, refusals(result)
    assert {o.number for o in SalesOrder.select().where(SalesOrder.number.startswith("12"))} >= {
        "123456"
    }
    assert SalesOrder.get_or_none(SalesOrder.number == "2026112400001") is not None


ROUNDED = [
    "6.93017E+18",  # Excel's General format
    "6.93017e18",  # no sign
    "6,93017E+18",  # a decimal comma
    "6.930170012345679e+18",  # Python/pandas float
    "6.93017E+018",
    '="6.93017E+18"',  # guarded after the damage: still damaged
    "６.９３０１７Ｅ＋１８",  # full-width
    "6930170012345670000",  # Excel's 15 digits, the rest zeros
    "69301700123456700000",
    "6930170012345678848.0",  # a double's exact value: the id may have been rounded to it
    "1.8014398509481984e+16",  # all a double's digits: Python's text of 18014398509481983
    "1E+18",
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
@pytest.mark.parametrize("cell", ROUNDED)
def test_an_order_number_that_lost_digits_is_refused_naming_row_and_column(db, cell, encoding):
    before = SalesOrder.select().count()
    result = run(db, [{}, {"主订单编号": "4893628459302349999"}, {"主订单编号": cell}], encoding)
    assert refusals(result) == [(4, "主订单编号", "rounded", cell)]
    assert result.rejected[0].field == "order_number"
    assert SalesOrder.select().count() == before  # nothing of the file is stored


def test_one_rounded_number_proves_the_column_went_through_the_sheet(db):
    """A 16-digit number ending in one zero is a real id 1 time in 10: alone it is
    kept; beside a number the spreadsheet rounded, it was rounded too."""
    alone = run(db, [{"主订单编号": "6930170012345670"}])
    assert alone.ok
    beside = run(db, [{"主订单编号": "6.93017E+18"}, {"主订单编号": "6930170012345680"}])
    assert [(r.line, r.reason) for r in beside.rejected] == [(2, "rounded"), (3, "rounded")]
    # a long number with other digits past the 15th was not rounded, whatever the column
    mixed = run(db, [{"主订单编号": "6.93017E+18"}, {"主订单编号": "6930170012345678901"}])
    assert [(r.line, r.reason) for r in mixed.rejected] == [(2, "rounded")]


# --- phones ---


@pytest.mark.parametrize(
    "cell, stored",
    [
        ('="13800138000"', "13800138000"),
        ("'13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("13800138000.0", "13800138000"),
        ("\t138****1234", "138****1234"),
        ("１３８＊＊＊＊１２３４", "138****1234"),
        ("138****1234", "138****1234"),
        ("+86 138 0013 8000", "+86 138 0013 8000"),
        ("", None),
    ],
)
def test_phones_lose_guards_and_width_and_masks_stay(db, cell, stored):
    result = run(db, [{"收件人手机号": cell}])
    assert result.ok, refusals(result)
    assert SalesOrder.get(SalesOrder.number == GOOD["主订单编号"]).buyer_phone == stored


@pytest.mark.parametrize("cell", ["1.38001E+10", "1.38E+10", "#VALUE!", "#######"])
def test_a_damaged_phone_is_refused(db, cell):
    result = run(db, [{"收件人手机号": cell}])
    assert [(r.line, r.column) for r in result.rejected] == [(2, "收件人手机号")]
    assert result.rejected[0].reason in ("rounded", "error_cell", "too_narrow")


# --- SKUs, quantities, amounts ---


@pytest.mark.parametrize(
    "cell", ["ＳＯＣＫ－５Ｐ", "'SOCK-5P", '="SOCK-5P"', "\u00a0SOCK-5P\u200b"]
)
def test_a_sku_is_found_through_guards_and_width(db, cell):
    result = run(db, [{"商家编码": cell}])
    assert result.ok, refusals(result)
    line = SalesOrder.get(SalesOrder.number == GOOD["主订单编号"]).lines.get()
    assert line.product.sku == "SOCK-5P"


@pytest.mark.parametrize(
    "qty, paid, fen",
    [("2.0", "￥1,234.50", 123450), ("'2", "＝＂５９＂", 5900), ("２", "59", 5900)],
)
def test_quantities_and_amounts_as_a_sheet_writes_them(db, qty, paid, fen):
    result = run(db, [{"商品数量": qty, "订单应付金额": paid}])
    assert result.ok, refusals(result)
    order = SalesOrder.get(SalesOrder.number == GOOD["主订单编号"])
    assert (order.lines.get().qty, order.paid_fen) == (2, fen)


# --- error cells and too-narrow columns ---


@pytest.mark.parametrize(
    "column, cell, reason",
    [
        ("主订单编号", "#N/A", "error_cell"),
        ("商家编码", "#REF!", "error_cell"),
        ("商品数量", "#DIV/0!", "error_cell"),
        ("收件人", "#NAME?", "error_cell"),  # a name that began with = became a formula
        ("商家备注", "#VALUE!", "error_cell"),
        ("详细地址", "#value!", "error_cell"),
        ("承诺发货时间", "#######", "too_narrow"),
        ("订单应付金额", "####", "too_narrow"),
        ("主订单编号", "###################", "too_narrow"),
    ],
)
def test_error_cells_are_refused_by_row_and_column(db, column, cell, reason):
    before = SalesOrder.select().count()
    result = run(db, [{}, {"主订单编号": "4893628459302340001", column: cell}])
    assert refusals(result) == [(3, column, reason, cell)]
    assert SalesOrder.select().count() == before


def test_hashes_in_a_remark_are_the_buyer_s_text(db):
    """Excel shows ##### only for numbers and dates; in a text column it is text."""
    result = run(db, [{"商家备注": "###易碎###", "买家留言": "#######"}])
    assert result.ok, refusals(result)
    order = SalesOrder.get(SalesOrder.number == GOOD["主订单编号"])
    assert (order.seller_remark, order.buyer_message) == ("###易碎###", "#######")


# --- dates ---


@pytest.mark.parametrize(
    "cell, local",
    [
        ("45658.75", "2025-01-01 18:00"),  # Excel's serial, 1900 date system
        ("45658", "2025-01-01 00:00"),
        ("46350.5", "2026-11-24 12:00"),
        ("46350.5236111111", "2026-11-24 12:34"),  # 15 digits of a time of day
        ("2026/11/24 18:00", "2026-11-24 18:00"),  # WPS's display form
        ("2026/1/5 8:00", "2026-01-05 08:00"),
        ("2026年11月24日 18:00", "2026-11-24 18:00"),
        ("2026年11月24日", "2026-11-24 00:00"),
        ("20261124", "2026-11-24 00:00"),
        ('="2026-11-24 18:00"', "2026-11-24 18:00"),
        ("２０２６－１１－２４ １８：００", "2026-11-24 18:00"),
    ],
)
def test_dates_as_a_spreadsheet_writes_them(db, cell, local):
    result = run(db, [{"承诺发货时间": cell}])
    assert result.ok, refusals(result)
    order = SalesOrder.get(SalesOrder.number == GOOD["主订单编号"])
    assert order.promised_dispatch_at == _parse_time(local)


@pytest.mark.parametrize("cell", ["12345", "99999", "80000.5"])
def test_a_serial_that_is_no_order_date_is_refused(db, cell):
    result = run(db, [{"承诺发货时间": cell}])
    assert refusals(result) == [(2, "承诺发货时间", "not_a_date", cell)]


def test_serial_conversion_is_excel_s():
    from station.services.cells import excel_serial_to_datetime

    # Microsoft: DATEVALUE("2008-01-01") = 39448; 1 Jan 1900 is day 1 (past the 29 Feb bug)
    assert excel_serial_to_datetime(39448) == datetime(2008, 1, 1)
    assert excel_serial_to_datetime(61) == datetime(1900, 3, 1)
    assert excel_serial_to_datetime(45658.5) == datetime(2025, 1, 1, 12)


# --- names, addresses, remarks: Chinese is never changed ---


def test_text_keeps_chinese_and_its_punctuation_and_folds_only_ascii_letters_and_digits(db):
    result = run(
        db,
        [
            {
                "收件人": "山﨑\u00a0王䶮",  # 﨑 is a compatibility ideograph NFKC would change
                "详细地址": "科技园南区８栋（北门）\r\n３０１室，Ａ座",
                "商家备注": "送胶\r\n３米＊２.４米",
                "买家留言": "\ufeff尽快发货！\u200b",
            }
        ],
        "utf-8-sig",
    )
    assert result.ok, refusals(result)
    order = SalesOrder.get(SalesOrder.number == GOOD["主订单编号"])
    assert order.buyer_name == "山﨑 王䶮"
    assert order.address == "广东省深圳市南山区粤海街道科技园南区8栋（北门） 301室，A座"
    assert order.seller_remark == "送胶\n3米＊2.4米"
    assert order.buyer_message == "尽快发货！"


# --- rows are numbered as the spreadsheet shows them ---


def test_rows_are_the_sheet_s_rows_past_a_line_break_inside_a_cell(db):
    rows = [
        {"主订单编号": "4893628459302340001", "详细地址": "科技园\r\n南区8栋"},
        {},
        {"主订单编号": "4893628459302340002", "商家备注": "第一行\r\n第二行\r\n第三行"},
        {"主订单编号": "6.93017E+18"},
    ]
    result = run(db, rows)
    assert refusals(result) == [(5, "主订单编号", "rounded", "6.93017E+18")]


def test_several_damaged_cells_are_each_named(db):
    result = run(
        db,
        [
            {"主订单编号": "6.93017E+18", "收件人手机号": "1.38001E+10"},
            {"主订单编号": "4893628459302340003", "商家编码": "#N/A"},
            {"主订单编号": "4893628459302340004", "商家编码": "NOPE"},
        ],
    )
    assert [(r.line, r.column, r.reason) for r in result.rejected] == [
        (2, "主订单编号", "rounded"),
        (2, "收件人手机号", "rounded"),
        (3, "商家编码", "error_cell"),
        (4, "商家编码", "unknown_sku"),
    ]
    assert (
        SalesOrderLine.select()
        .join(SalesOrder)
        .where(SalesOrder.number.startswith("48936284593023400"))
        .count()
        == 0
    )


# --- the station's own CSV and JSON take the same rules ---


def test_own_csv_and_json_orders_take_the_same_rules(db):
    header = "order_number,buyer_name,buyer_phone,address,sku,qty\r\n"
    own = header + '"=""T-77""",张三,"＇13800138000",北京,ＣＵＰ－３５０,1.0\r\n'
    result = import_orders(db, "b1", own.encode("gbk"), carriers={"": "SF"})
    assert result.ok, refusals(result)
    order = SalesOrder.get(SalesOrder.number == "T-77")
    assert (order.buyer_phone, order.lines.get().product.sku) == ("13800138000", "CUP-350")
    bad = header + "6.93017E+18,张三,,北京,CUP-350,1\r\n"
    result = import_orders(db, "b1", bad.encode("utf-8-sig"))
    assert refusals(result) == [(2, "order_number", "rounded", "6.93017E+18")]
    as_json = (
        '[{"number": 6.93017e18, "buyer_name": "A", "address": "B",'
        ' "lines": [{"sku": "CUP-350", "qty": 1}]}]'
    )
    result = import_orders(db, "b1", as_json.encode(), kind="json")
    assert [(r.line, r.column, r.reason) for r in result.rejected] == [
        (1, "order_number", "rounded")
    ]


# --- goods-in ASN and the tracking-number pool: the same damage, the same rules ---


def test_an_asn_made_from_a_sheet(db):
    from station.db.models import AsnItem, AsnPallet
    from station.services.asn_import import import_asn

    notice = (
        '{"asn": "ASN-9", "po": "＇PO-2611-001", "pallets": ['
        # an SSCC written as a JSON number: its leading zero gone, its check digit whole
        '{"sscc": 69012340000000016, "items": [{"sku": "TEA-100", "qty": 120.0,'
        ' "lot": "=\\"L7\\"", "expiry": 46630}]},'
        '{"sscc": "０６９０１２３４００００００００２３", "items": [{"sku": "TEA-100", "qty": 1,'
        ' "expiry": "2027/9/30"}]}]}'
    )
    result = import_asn(db, "b1", notice.encode())
    assert result.ok, refusals(result)
    pallet = AsnPallet.get(AsnPallet.sscc == "069012340000000016")
    item = AsnItem.get(AsnItem.pallet == pallet)
    assert (item.qty, item.lot, str(item.expiry)) == (120, "L7", "2027-08-31")
    assert AsnPallet.get(AsnPallet.sscc == "069012340000000023").items.get().expiry.month == 9
    for sscc, reason in [
        ("6.90123E+16", "rounded"),
        (6.9012340000000016e16, "rounded"),  # a float: the last digits are gone
        ("#N/A", "error_cell"),
        ("69012340000000017", "bad_sscc"),  # the check digit says a digit changed
    ]:
        bad = {"po": "PO-2611-001", "pallets": [{"sscc": sscc, "items": [{"sku": "TEA-100"}]}]}
        import json

        result = import_asn(db, "b1", json.dumps(bad).encode())
        assert [(r.line, r.column, r.reason) for r in result.rejected] == [(1, "sscc", reason)]


def test_tracking_numbers_from_a_sheet(db, demo_services):
    from station.db.models import TrackingNumber

    pool = demo_services.tracking
    account = pool.account("ZT", pattern=r"\d{12}")
    text = '运单号\r\n="773012345678"\r\n\'773012345679\r\n７７３０１２３４５６８０\r\n'
    result = pool.import_numbers(account, text)
    assert result.added == 3, result.rejected
    assert TrackingNumber.get_or_none(TrackingNumber.number == "773012345680") is not None
    result = pool.import_numbers(account, "7.73012E+11\r\n773012345690\r\n#N/A\r\n")
    assert [(line, reason) for line, _, reason in result.rejected] == [
        (1, "rounded"),
        (3, "error_cell"),
    ]
    assert TrackingNumber.get_or_none(TrackingNumber.number == "773012345690") is None


# --- the rules themselves, over many constructed values ---


def gtin(body: str) -> str:
    from station.core.barcodes import complete_gtin

    return complete_gtin(body)


@pytest.mark.parametrize(
    "cell, stored",
    [
        (gtin("690123400010"), gtin("690123400010")),  # an EAN-13 as it is
        ("'" + gtin("690123400010"), gtin("690123400010")),
        (gtin("003600029145")[1:], gtin("003600029145")[1:]),  # 0 dropped: the UPC-A it is
        (gtin("003600029145")[2:], gtin("003600029145")[1:]),  # two dropped: 12 digits back
        (gtin("0001234")[3:], gtin("0001234")),  # an EAN-8 that lost its zeros
        (gtin("690123400010") + ".0", gtin("690123400010")),
        ("ＡＢＣ", "ABC"),  # not a number: the caller's own check refuses it
    ],
)
def test_a_gtin_column_puts_back_leading_zeros_the_check_digit_vouches_for(cell, stored):
    from station.services.cells import clean_cell

    assert clean_cell(cell, "gtin") == stored


@pytest.mark.parametrize(
    "cell, code",
    [
        (gtin("690123400010")[:-1] + "9", "bad_check_digit"),
        (gtin("690123400010")[:-1], "bad_check_digit"),  # the last digit lost
        ("6.90123E+12", "rounded"),
        ("#N/A", "error_cell"),
    ],
)
def test_a_gtin_that_lost_digits_is_refused(cell, code):
    from station.services.cells import CellDamage, clean_cell

    with pytest.raises(CellDamage) as refused:
        clean_cell(cell, "gtin")
    assert refused.value.code == code


def excel_general(n: int) -> str:
    """What Excel's General format shows of a number of 12 digits or more."""
    return f"{float(n):.5E}".replace("E+0", "E+")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10**11, max_value=10**20 - 1))
def test_excel_s_scientific_notation_is_never_taken_for_a_number(n):
    from station.services.cells import CellDamage, clean_cell

    for shown in (excel_general(n), f"{float(n)!r}", f"{float(n):.15g}"):
        try:
            value = clean_cell(shown, "id")
        except CellDamage as damage:
            assert damage.code == "rounded"
        else:  # kept only when every digit is there
            assert value.isdigit() and int(value) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10**17, max_value=10**20 - 1))
def test_a_long_id_rounded_to_15_digits_is_refused_or_was_unchanged(n):
    """From 18 digits on, Excel's 15 digits leave at least 3 zeros: refused alone."""
    from station.services.cells import CellDamage, clean_cell

    rounded = str(round(n, 15 - len(str(n))))  # Excel keeps 15 significant digits
    try:
        value = clean_cell(rounded, "id")
    except CellDamage:
        return
    assert value == str(n)  # kept only if the rounding changed nothing at all


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{6,20}", fullmatch=True))
def test_guards_width_and_spaces_give_back_the_digits(digits):
    from station.services.cells import CellDamage, clean_cell, zero_tail

    if zero_tail(digits) >= 3:
        return  # looks exactly like Excel's rounding: refused (tested above)
    full = "".join(chr(ord(c) + 0xFEE0) for c in digits)
    for cell in (
        f'="{digits}"',
        f"'{digits}",
        f"`{digits}",
        f"\t{digits}",
        full,
        f"\u00a0{digits}\u200b",
    ):
        try:
            assert clean_cell(cell, "id") == digits
        except CellDamage as damage:  # pragma: no cover - a failure to show
            raise AssertionError(f"{cell!r} refused: {damage.code}") from None


def test_purchase_orders_take_the_same_rules(db):
    from station.db.models import PurchaseOrder
    from station.services.po_import import import_purchase_orders

    header = "po_number,supplier_code,expected_at,sku,qty,unit_price\r\n"
    good = header + '"=""PO-S1""",＇SUP-HZTEA,46351.375,ＴＥＡ－１００,120.0,"￥1,018.50"\r\n'
    result = import_purchase_orders(db, "b1", good.encode("gbk"))
    assert result.ok, refusals(result)
    po = PurchaseOrder.get(PurchaseOrder.number == "PO-S1")
    assert (po.supplier.code, po.lines.get().qty_ordered, po.lines.get().unit_price_fen) == (
        "SUP-HZTEA",
        120,
        101850,
    )
    assert po.expected_at == _parse_time("2026-11-25 09:00")
    bad = header + "2.02611E+11,SUP-HZTEA,#######,TEA-100,#REF!,1\r\n"
    result = import_purchase_orders(db, "b1", bad.encode("utf-8-sig"))
    assert [(r.line, r.column, r.reason) for r in result.rejected] == [
        (2, "po_number", "rounded"),
        (2, "expected_at", "too_narrow"),
        (2, "qty", "error_cell"),
    ]


def test_a_profile_may_read_a_column_as_a_gtin():
    from station.resources import read_json
    from station.services.order_import import _rows_from_csv

    profile = {**read_json("import_profiles", "douyin.json"), "kinds": {"商家编码": "gtin"}}
    ean = gtin("003600029145")  # a UPC-A as an EAN-13: its leading zero goes in a sheet
    text = excel_csv([{"商家编码": ean[1:]}, {"商家编码": ean[:-1] + "0"}]).decode("utf-8-sig")
    rows, refused = _rows_from_csv(text, profile)
    assert [r["sku"] for _, r in rows] == [ean[1:]]  # the 12-digit GTIN it is, vouched for
    assert [(r.line, r.column, r.reason) for r in refused] == [(3, "商家编码", "bad_check_digit")]
