"""A demo data folder is set up as a shop sets up its first day: a sender on the
waybills and a carrier for exports that name none, so each marketplace's sample
export imports as it comes (tests/data/orders)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ORDERS = Path(__file__).parent / "data" / "orders"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo") / "d"
    r = subprocess.run(
        [sys.executable, "-m", "station", "demo", "--data-dir", str(d)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return d


def station(demo_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "station", *args, "--data-dir", str(demo_dir)],
        capture_output=True,
        text=True,
    )


def test_the_demo_settings_name_a_sender_and_a_carrier_for_exports(demo_dir):
    packing = json.loads((demo_dir / "settings.json").read_text(encoding="utf-8"))["packing"]
    assert packing["default_carrier"] and packing["sender_phone"] and packing["sender_address"]


@pytest.mark.parametrize(
    "files",
    [
        ["douyin.csv"],
        ["jd.csv"],
        ["kuaishou.csv"],
        ["pdd.xlsx"],
        ["taobao_orders.csv", "--items", "taobao_items.csv"],
    ],
)
def test_every_sample_export_imports_in_demo_mode(demo_dir, files):
    args = [str(ORDERS / f) if not f.startswith("--") else f for f in files]
    r = station(demo_dir, "import", "orders", *args)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
