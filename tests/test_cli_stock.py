"""``station stock`` in a real process: the figures, the stock warning, the pre-sale
orders waiting and their release, and what the release says."""

import json
import os
import subprocess
import sys

from station.services.receiving import ReceivingService
from tests.services.presale import order, products, purchase_order, receive


def run(data_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "station", "stock", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )


def test_stock_warnings_waiting_and_release_from_a_script(demo_services):
    products("PS-A", threshold=10)
    products("PS-B")
    purchase_order("PO-PS-1", {"PS-A": 100, "PS-B": 100})
    order("P-2", {"PS-A": 3}, due_hours=20)
    order("P-1", {"PS-A": 2, "PS-B": 1}, due_hours=10)
    receiving = ReceivingService(demo_services.store.db, demo_services.bench_id)
    receive(receiving, "PO-PS-1", {"PS-A": 4}, close=False)  # on hand, not yet released
    root = demo_services.data_dir.root
    demo_services.close()

    figures = {f["sku"]: f for f in json.loads(run(root, "--json").stdout)}
    a = figures["PS-A"]
    assert (a["on_hand"], a["reserved"], a["free"], a["waiting"], a["warning"]) == (
        4,
        0,
        4,
        5,
        True,
    )
    r = run(root, "--warnings")
    assert r.returncode == 1 and "PS-A !" in r.stdout and "PS-B" not in r.stdout
    waiting = json.loads(run(root, "--waiting", "--json").stdout)
    assert [w["number"] for w in waiting] == ["P-1", "P-2"]  # deadline order
    assert waiting[0]["lines"][1] == {"sku": "PS-B", "qty": 1, "on_hand": 0, "free": 0, "short": 1}
    r = run(root, "--release")
    # P-1 lacks its PS-B; P-2 fits in the 4 free PS-A
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1 pre-sale order released for packing: P-2"
    r = run(root, "--waiting")
    assert r.stdout.startswith("P-1  due ") and "PS-B ×1 (free 0)" in r.stdout
    assert "P-2" not in r.stdout
