import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.db.models import SalesOrder, SalesOrderLine
from station.services.order_import import import_orders

HEADER = "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
ROWS = (
    "T1001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,128.50,spot,2026-11-24 18:00,SF,送胶,,MAT-240,1,0\n"
    "T1001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,128.50,spot,2026-11-24 18:00,SF,送胶,,TAPE-01,1,是\n"
    "T1002,文具小铺,李四,,上海市浦东新区世纪大道100号,9.90,presale,,ZTO,,尽快发货,PEN-12,2,0\n"
)


@pytest.fixture
def db(demo_services):
    return demo_services.store.db


def run(db, text, encoding="utf-8", **kw):
    return import_orders(db, "b1", text.encode(encoding), **kw)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_own_csv_in_every_encoding(db, encoding):
    result = run(db, HEADER + ROWS, encoding)
    assert result.ok and (result.orders, result.lines) == (2, 3)
    order = SalesOrder.get(SalesOrder.number == "T1001")
    assert (order.buyer_name, order.paid_fen, order.carrier, order.seller_remark) == (
        "张三",
        12850,
        "SF",
        "送胶",
    )
    assert [
        (ln.product.sku, ln.is_gift) for ln in order.lines.order_by(SalesOrderLine.line_no)
    ] == [
        ("MAT-240", False),
        ("TAPE-01", True),
    ]
    assert order.promised_dispatch_at is not None


def test_bad_rows_are_listed_and_nothing_is_imported(db):
    bad = (
        HEADER
        + ROWS
        + "T1003,,王五,,北京市,abc,spot,,SF,,,CUP-350,1,0\n"
        + "T1004,,赵六,,北京市,1,spot,,SF,,,NO-SUCH-SKU,1,0\n"
        + "T1005,,,,北京市,1,spot,,SF,,,CUP-350,0,0\n"
        + "T1006,,孙七,,北京市,1,spot,tomorrow,SF,,,CUP-350,1,0\n"
    )
    before = SalesOrder.select().count()
    result = run(db, bad)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (5, "bad_amount"),
        (6, "unknown_sku"),
        (7, "missing"),
        (8, "bad_time"),
    ]
    assert SalesOrder.select().count() == before


def test_reimport_adds_nothing_and_a_change_updates_an_order_not_packed_yet(db):
    run(db, HEADER + ROWS)
    count = (SalesOrder.select().count(), SalesOrderLine.select().count())
    again = run(db, HEADER + ROWS)
    assert (again.orders, again.already, again.conflicts) == (0, 2, [])
    assert (SalesOrder.select().count(), SalesOrderLine.select().count()) == count
    changed = run(
        db, HEADER + ROWS.replace("PEN-12,2", "PEN-12,3").replace("世纪大道100号", "世纪大道200号")
    )
    assert (changed.updated, changed.conflicts, changed.already) == (["T1002"], [], 1)
    order = SalesOrder.get(SalesOrder.number == "T1002")
    assert (order.lines.get().qty, order.address) == (3, "上海市浦东新区世纪大道200号")


def test_a_change_to_a_packed_order_is_a_conflict_for_the_supervisor(db):
    from station.db.models import OrderConflict

    run(db, HEADER + ROWS)
    SalesOrder.update(status="packed").where(SalesOrder.number == "T1002").execute()
    moved = ROWS.replace("世纪大道100号", "世纪大道200号")
    for _ in range(2):  # the same file twice keeps one conflict
        changed = run(db, HEADER + moved)
        assert (changed.conflicts, changed.updated) == (["T1002"], [])
    order = SalesOrder.get(SalesOrder.number == "T1002")
    assert order.address == "上海市浦东新区世纪大道100号"  # not overwritten
    (conflict,) = OrderConflict.select().where(OrderConflict.sales_order == order.id)
    assert json.loads(conflict.detail) == {
        "address": ["上海市浦东新区世纪大道100号", "上海市浦东新区世纪大道200号"]
    }


def test_rows_of_one_order_must_agree(db):
    result = run(
        db,
        HEADER
        + ROWS.replace(
            "128.50,spot,2026-11-24 18:00,SF,送胶,,TAPE-01",
            "99,spot,2026-11-24 18:00,SF,送胶,,TAPE-01",
        ),
    )
    assert [r.reason for r in result.rejected] == ["order_differs"]


def test_json_orders(db):
    data = [
        {
            "number": "J1",
            "buyer_name": "周杰",
            "address": "南京市",
            "paid": "10",
            "carrier": "sf",
            "lines": [{"sku": "CUP-350", "qty": 2}, {"sku": "TOWEL-M", "qty": 1, "gift": True}],
        },
    ]
    result = import_orders(db, "b1", json.dumps(data, ensure_ascii=False).encode(), kind="json")
    assert result.ok and result.lines == 2
    assert SalesOrder.get(SalesOrder.number == "J1").carrier == "SF"


def test_douyin_export_with_chinese_headers_in_gbk(db):
    text = (
        "主订单编号,店铺名称,收件人,收件人手机号,省,市,区,街道,详细地址,订单应付金额,商家编码,商品数量,买家留言,商家备注,承诺发货时间,快递公司,是否赠品\n"
        "DY77001,抖音小店,陈晨,139****2211,广东省,深圳市,南山区,粤海街道,科技园南区8栋,59.00,SOCK-5P,2,,加急,2026-11-25 12:00,中通快递,否\n"
        "DY77001,抖音小店,陈晨,139****2211,广东省,深圳市,南山区,粤海街道,科技园南区8栋,59.00,TOWEL-M,1,,加急,2026-11-25 12:00,中通快递,是\n"
    )
    result = import_orders(db, "b1", text.encode("gbk"), profile="douyin")
    assert result.ok and result.encoding == "gb18030"
    order = SalesOrder.get(SalesOrder.number == "DY77001")
    assert order.address == "广东省深圳市南山区粤海街道科技园南区8栋"
    assert (order.carrier, order.seller_remark, order.paid_fen) == ("ZTO", "加急", 5900)


# one database for all examples is intended: each compares the order count before and after
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: (HEADER + t).encode()))
def test_garbage_is_refused_never_crashes_never_half_imports(db, data):
    before = SalesOrder.select().count()
    result = import_orders(db, "b1", data)
    if not result.ok:
        assert result.rejected[0].reason
        assert SalesOrder.select().count() == before


@pytest.mark.parametrize(
    "number", ["INJ2\r\nPRINT 1,100\r\nREM x", "T1\x00", "T\x1b!?", "订单1003", "T\u20281"]
)
def test_an_order_number_a_waybill_barcode_cannot_carry_is_refused(db, number):
    """The reported order number put PRINT 1,100 on a TSPL waybill: it is refused at the door."""
    before = SalesOrder.select().count()
    quoted = '"' + number.replace('"', '""') + '"'
    result = run(db, HEADER + ROWS + ROWS.splitlines()[2].replace("T1002", quoted, 1) + "\n")
    assert [r.reason for r in result.rejected] == ["bad_order_number"]
    assert result.rejected[0].line >= 5  # the file's line (a quoted CR LF is two lines)
    as_json = [
        {
            "order_number": number,
            "buyer_name": "A",
            "address": "B",
            "lines": [{"sku": "PEN-12", "qty": 1}],
        }
    ]
    result = run(db, json.dumps(as_json), kind="json")
    assert [r.reason for r in result.rejected] == ["bad_order_number"]
    assert SalesOrder.select().count() == before
