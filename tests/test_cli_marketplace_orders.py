"""``station import orders`` with each marketplace's export, as a shop runs it."""

import json
import subprocess
import sys

import pytest

from station.db.store import Store
from station.paths import DataDir
from tests.marketplace import (
    DEFAULT_CARRIER,
    PLATFORMS,
    SHOP_CARRIERS,
    expected,
    order_as_read,
    write_sample,
)


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(root / "d")],
            capture_output=True,
            text=True,
        )

    assert run("demo").returncode == 0
    settings = root / "d" / "settings.json"
    data = json.loads(settings.read_text(encoding="utf-8"))
    data["packing"].update(shop_carriers=SHOP_CARRIERS, default_carrier=DEFAULT_CARRIER)
    settings.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root, run


def _orders(root, numbers):
    store = Store.open(DataDir(root / "d").database, DataDir(root / "d").backups)
    try:
        return {n: order_as_read(n) for n in numbers}
    finally:
        store.close()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "xlsx"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_export_through_the_cli(station, platform, encoding):
    root, run = station
    files = write_sample(root, platform, encoding)
    args = ["import", "orders", str(files[0])]
    if len(files) > 1:
        args += ["--items", str(files[1])]
    r = run(*args)
    assert r.returncode == 0, r.stdout + r.stderr
    summary = json.loads(r.stdout.splitlines()[-1])
    assert (summary["profile"], summary["platform"], summary["rejected"]) == (
        platform,
        platform,
        0,
    )
    assert summary["imported_orders"] + summary["already_there"] == len(expected(platform))
    assert _orders(root, expected(platform)) == expected(platform)
    again = json.loads(run(*args).stdout.splitlines()[-1])
    assert (again["imported_orders"], again["already_there"]) == (0, len(expected(platform)))


def test_taobao_item_without_its_order_is_named(station):
    root, run = station
    from tests.data.orders import build

    orders, _ = write_sample(root, "taobao", "gbk")
    items = root / "items_bad.csv"
    bad = {"订单编号": "3312456789099999999", "商家编码": "CUP-350", "购买数量": "1"}
    items.write_bytes(build.as_csv(build.TAOBAO_ITEMS_HEADER, [*build.TAOBAO_ITEMS, bad], "gbk"))
    r = run("import", "orders", str(orders), "--items", str(items))
    assert r.returncode == 1
    first = json.loads(r.stdout.splitlines()[0])
    assert (first["file"], first["line"], first["column"], first["refused"]) == (
        "items",
        5,
        "订单编号",
        "no_such_order",
    )
    assert "items file row 5, column 订单编号: item of order 3312456789099999999" in r.stderr


def test_profile_by_path_and_a_missing_one(station, tmp_path):
    root, run = station
    (jd,) = write_sample(root, "jd", "gbk")
    r = run("import", "orders", str(jd), "--profile", str(tmp_path / "none.json"))
    # a path that is no file is a bad argument: one line naming the option, exit 2
    assert r.returncode == 2 and "--profile" in r.stderr and "no profile file" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run("import", "orders", str(jd), "--profile", "nosuch")
    assert r.returncode == 1 and "known: douyin, jd, kuaishou, pdd, taobao" in r.stderr
