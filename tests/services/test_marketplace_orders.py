"""Orders from each marketplace's export, as the platforms write them: recognised
from the header, read in every encoding and as xlsx, compared field by field."""

import io
import json

import pytest

from station.db.models import OrderConflict, SalesOrder
from station.services.order_import import import_orders, prepare
from station.services.order_import.sheets import (
    all_profiles,
    detect,
    header_row,
    xlsx_text,
)
from tests.data.orders import build
from tests.marketplace import (
    CARRIERS,
    FILES,
    PLATFORMS,
    SAMPLES,
    expected,
    order_as_read,
    sample,
)

ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "xlsx")


@pytest.fixture
def db(demo_services):
    return demo_services.store.db


def run(db, platform, encoding="utf-8", **kw):
    files = sample(platform, encoding)
    kw.setdefault("carriers", CARRIERS)
    return import_orders(db, "b1", files[0], items=files[1] if len(files) > 1 else None, **kw)


def test_the_committed_samples_are_what_the_builder_writes():
    for name, (header, rows, encoding) in build.SAMPLES.items():
        if encoding != "xlsx":  # an xlsx zip carries its save time
            assert (SAMPLES / name).read_bytes() == build.build(header, rows, encoding), name


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_in_each_encoding_field_by_field(db, platform, encoding):
    result = run(db, platform, encoding)
    assert result.ok, result.rejected
    assert (result.profile, result.platform) == (platform, platform)
    assert result.orders == len(expected(platform))
    for number, order in expected(platform).items():
        assert order_as_read(number) == order, number


def test_masked_recipients_are_named_not_silently_imported(db):
    result = run(db, "douyin", "utf-8-sig")
    assert result.masked == ["6930170012345680021"]


def test_an_order_without_a_carrier_is_named_before_anything_is_written(db):
    before = SalesOrder.select().count()
    result = run(db, "douyin", "utf-8-sig", carriers={"别的店": "SF"})
    assert [(r.reason, r.detail, r.column) for r in result.rejected] == [
        ("no_carrier", "6930170012345670013", "carrier"),
        ("no_carrier", "6930170012345680021", "carrier"),
    ]
    assert SalesOrder.select().count() == before
    assert run(db, "douyin", "utf-8-sig", carriers={"": "sf"}).ok  # the default carrier
    assert SalesOrder.get(SalesOrder.number == "6930170012345670013").carrier == "SF"


def test_douyin_deadline_is_the_promised_time_not_the_appointment(db):
    assert run(db, "douyin").ok
    (order,) = [o for n, o in expected("douyin").items() if n.endswith("80021")]
    got = SalesOrder.get(SalesOrder.number == "6930170012345680021").promised_dispatch_at
    assert got == order["due"]  # 承诺发货时间 2026/12/6 18:00, not 预约发货时间 12/20


def _douyin_header(min_bytes: int) -> list[str]:
    header = list(build.DOUYIN_HEADER)
    n = 0
    while len(",".join(header).encode("gbk")) < min_bytes:  # the shortest encoding
        n += 1
        header.append(f"平台补贴明细说明字段{n}")
    return header


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "xlsx"])
def test_a_2000_byte_header_is_recognised_whole(tmp_path, encoding):
    header = _douyin_header(2000)
    # the distinguishing column last: a sniff of the first bytes would miss it
    header.remove("子订单编号")
    header.append("子订单编号")
    data = build.build(header, build.DOUYIN_ROWS, encoding)
    assert len(data.split(b"\n")[0]) >= 2000 or encoding == "xlsx"
    path = tmp_path / f"export.{'xlsx' if encoding == 'xlsx' else 'csv'}"
    path.write_bytes(data)
    read = header_row(path)
    assert read == header
    assert detect(read, all_profiles()) == ("douyin", "orders")


def test_each_sample_is_recognised_from_its_header_alone():
    profiles = all_profiles()
    for platform, (orders, items) in FILES.items():
        assert detect(header_row(SAMPLES / orders), profiles) == (platform, "orders")
        if items:
            assert detect(header_row(SAMPLES / items), profiles) == (platform, "items")


def test_an_unknown_header_is_refused_by_name(db):
    result = import_orders(db, "b1", "编号,名字,数量\n1,2,3\n".encode())
    assert [(r.line, r.reason, r.detail) for r in result.rejected] == [
        (1, "unknown_format", "编号, 名字, 数量")
    ]


def test_taobao_item_whose_order_is_missing_is_refused_and_named(db):
    orders, _ = sample("taobao", "gbk")
    items = build.as_csv(
        build.TAOBAO_ITEMS_HEADER,
        [
            *build.TAOBAO_ITEMS,
            {"订单编号": "3312456789099999999", "商家编码": "CUP-350", "购买数量": "1"},
        ],
        "gbk",
    )
    before = SalesOrder.select().count()
    result = import_orders(db, "b1", orders, items=items, carriers=CARRIERS)
    assert [(r.file, r.line, r.column, r.reason, r.detail) for r in result.rejected] == [
        ("items", 5, "订单编号", "no_such_order", "3312456789099999999")
    ]
    assert SalesOrder.select().count() == before


def test_taobao_orders_without_their_items_file_are_refused(db):
    orders, _ = sample("taobao", "gbk")
    result = import_orders(db, "b1", orders, carriers=CARRIERS)
    assert [r.reason for r in result.rejected] == ["unreadable"]
    assert "items file" in result.rejected[0].detail


def test_reimport_creates_nothing_then_follows_the_platform(db):
    assert run(db, "kuaishou").ok
    again = run(db, "kuaishou")
    assert (again.orders, again.already, again.updated, again.conflicts) == (0, 1, [], [])
    moved = [{**build.KUAISHOU_ROWS[0], "收货地址": "四川省成都市锦江区春熙路9号"}]
    data = build.as_csv(build.KUAISHOU_HEADER, moved, "utf-8")
    changed = import_orders(db, "b1", data, carriers=CARRIERS)
    assert changed.updated == ["2612040123456789"]
    assert SalesOrder.get(SalesOrder.number == "2612040123456789").address.endswith("春熙路9号")
    cancelled = [{**moved[0], "订单状态": "已取消"}]
    data = build.as_csv(build.KUAISHOU_HEADER, cancelled, "utf-8")
    assert import_orders(db, "b1", data, carriers=CARRIERS).cancelled == ["2612040123456789"]
    assert SalesOrder.get(SalesOrder.number == "2612040123456789").status == "cancelled"


def test_a_change_after_packing_becomes_a_conflict(db):
    assert run(db, "jd").ok
    SalesOrder.update(status="packed").where(SalesOrder.number == "288812345678").execute()
    moved = [{**build.JD_ROWS[0], "订购数量": "2"}]
    result = import_orders(db, "b1", build.as_csv(build.JD_HEADER, moved, "gbk"), carriers=CARRIERS)
    assert result.conflicts == ["288812345678"]
    conflict = OrderConflict.get()
    assert list(json.loads(conflict.detail)) == ["lines"]
    assert SalesOrder.get(SalesOrder.number == "288812345678").lines.get().qty == 1
    # the supervisor's board counts it among the day's exceptions until decided
    from datetime import date

    from station.config import Settings
    from station.services.daily import day_figures

    assert day_figures(date.today(), Settings()).exceptions.order_conflicts == 1
    OrderConflict.update(resolved_at=conflict.created_at).execute()
    assert day_figures(date.today(), Settings()).exceptions.order_conflicts == 0


def test_a_cancelled_order_never_seen_here_is_not_created(db):
    gone = [{**build.PDD_ROWS[0], "订单状态": "已取消"}]
    result = import_orders(db, "b1", build.as_xlsx(build.PDD_HEADER, gone), carriers=CARRIERS)
    assert result.ok and result.orders == 0


@pytest.mark.parametrize(
    "paid,fen",
    [("1,299.00", 129900), ("￥59.7", 5970), ("￥ 0.5", 50), ("12", 1200)],
)
def test_amounts_in_yuan(db, paid, fen):
    row = {**build.JD_ROWS[0], "应付金额": paid}
    result = import_orders(db, "b1", build.as_csv(build.JD_HEADER, [row], "gbk"), carriers=CARRIERS)
    assert result.ok, result.rejected
    assert SalesOrder.get(SalesOrder.number == "288812345678").paid_fen == fen


@pytest.mark.parametrize("paid", ["12.345", "-1", "abc"])
def test_an_amount_past_the_fen_is_refused(db, paid):
    row = {**build.JD_ROWS[0], "应付金额": paid}
    result = import_orders(db, "b1", build.as_csv(build.JD_HEADER, [row], "gbk"), carriers=CARRIERS)
    assert [(r.reason, r.column) for r in result.rejected] == [("bad_amount", "应付金额")]


@pytest.mark.parametrize(
    "written,local",
    [
        ("2026/1/5 9:00", "2026-01-05 09:00"),
        ("2026-01-05 09:00:00", "2026-01-05 09:00"),
        ("2026年1月5日 9:00", "2026-01-05 09:00"),
        ("2026.1.5 09:00:30", "2026-01-05 09:00:30"),
        ("46027.375", "2026-01-05 09:00"),
    ],
)
def test_dates_in_every_form_the_exports_use(db, written, local):
    from station.services.order_import import _parse_time

    row = {**build.KUAISHOU_ROWS[0], "承诺发货时间": written}
    result = import_orders(
        db, "b1", build.as_csv(build.KUAISHOU_HEADER, [row], "utf-8"), carriers=CARRIERS
    )
    assert result.ok, result.rejected
    due = SalesOrder.get(SalesOrder.number == "2612040123456789").promised_dispatch_at
    assert due == _parse_time(local)


def test_xlsx_numbers_typed_by_the_sheet(db):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(build.JD_HEADER)
    row = {**build.JD_ROWS[0], "订购数量": 3, "应付金额": 25.5, "订单号": 288812345678}
    sheet.append([row.get(h, "") for h in build.JD_HEADER])
    rounded = {**row, "订单号": 6930170012345670013}  # stored as a double: digits lost
    sheet.append([rounded.get(h, "") for h in build.JD_HEADER])
    out = io.BytesIO()
    book.save(out)
    result = import_orders(db, "b1", out.getvalue(), carriers=CARRIERS)
    assert [(r.line, r.column, r.reason) for r in result.rejected] == [(3, "订单号", "rounded")]
    sheet.delete_rows(3)
    out = io.BytesIO()
    book.save(out)
    assert import_orders(db, "b1", out.getvalue(), carriers=CARRIERS).ok
    order = SalesOrder.get(SalesOrder.number == "288812345678")
    assert (order.paid_fen, order.lines.get().qty) == (2550, 3)


@pytest.mark.parametrize(
    "value,text",
    [
        (3.0, "3"),
        (25.5, "25.5"),
        (123456789012345.0, "123456789012345"),
        (1234567890123456.0, "1.23456789012346E+15"),
        (2.0**53, "9.00719925474099E+15"),
        (6930170012345670013, "6930170012345670013"),  # an int cell is exact
        (None, ""),
    ],
)
def test_xlsx_cell_text(value, text):
    assert xlsx_text(value) == text


def test_a_user_profile_in_the_data_directory_and_by_path(db, data_dir, tmp_path):
    profile = json.loads(
        (SAMPLES.parent.parent.parent / "station/resources/import_profiles/jd.json").read_text()
    )
    profile["columns"] = {
        "收件人姓名" if k == "客户姓名" else k: v for k, v in profile["columns"].items()
    }
    profile["signature"] = ["订单号", "收件人姓名"]
    profile["platform"] = "jd"
    data_dir.profiles.mkdir(parents=True, exist_ok=True)
    (data_dir.profiles / "jd_custom.json").write_text(json.dumps(profile, ensure_ascii=False))
    header = ["收件人姓名" if h == "客户姓名" else h for h in build.JD_HEADER]
    row = {("收件人姓名" if k == "客户姓名" else k): v for k, v in build.JD_ROWS[0].items()}
    data = build.as_csv(header, [row], "gbk")
    ready = prepare(data, carriers=CARRIERS, profiles_dir=data_dir.profiles)
    assert ready.result.ok and ready.result.profile == "jd_custom"
    assert ready.preview[0]["buyer_name"] == "孙七"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(profile, ensure_ascii=False))
    result = import_orders(db, "b1", data, profile=str(path), carriers=CARRIERS)
    assert result.ok and result.profile == "mine"


def test_shop_carriers_from_the_settings():
    from station.config import Settings, SettingsError, shop_carriers

    s = Settings().replace(
        "packing", shop_carriers="抖音家居小店=zto；家居旗舰店 = YTO\n", default_carrier="jd"
    )
    assert shop_carriers(s.packing) == {"抖音家居小店": "ZTO", "家居旗舰店": "YTO", "": "JD"}
    for bad in ("抖音家居小店", "=SF", "店=", "A=SF; B"):
        with pytest.raises(SettingsError) as exc:
            Settings().replace("packing", shop_carriers=bad)
        assert exc.value.key == "packing.shop_carriers"


@pytest.mark.parametrize("cut", [10, 500, 2000])
def test_a_broken_xlsx_is_refused_never_a_crash(db, cut):
    whole = build.as_xlsx(build.JD_HEADER, build.JD_ROWS * 50)
    result = import_orders(db, "b1", whole[:cut], carriers=CARRIERS)
    assert [r.reason for r in result.rejected] == ["unreadable"]
