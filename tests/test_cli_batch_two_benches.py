"""Two benches (two processes) on one data folder group the same open orders at once:
the second is refused with a clear message (one station a data folder), never a
traceback; every order ends in exactly one batch, no batch number twice."""

import json
import sqlite3
import subprocess
import sys

from tests.peak_day import add_orders


def test_two_processes_grouping_the_same_orders_at_once(demo_services):
    add_orders(demo_services.store.db, 2000, carriers=("YTO", "ZTO"))
    root = demo_services.data_dir.root
    path = demo_services.store.path
    demo_services.close()
    cmd = [sys.executable, "-m", "station", "batch", "group", "--data-dir", str(root)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes in ([0, 0], [0, 75]), outs
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert "Traceback" not in err
        if p.returncode == 75:
            assert "another station is working on the data folder" in err
    made = [json.loads(x) for out, _ in outs for x in out.splitlines()]
    assert len({b["number"] for b in made}) == len(made)
    con = sqlite3.connect(path)
    try:
        n_open = con.execute("SELECT COUNT(*) FROM sales_order WHERE status = 'new'").fetchone()[0]
        in_batch = con.execute("SELECT COUNT(DISTINCT sales_order_id) FROM batch_order").fetchone()
        rows = con.execute("SELECT COUNT(*) FROM batch_order").fetchone()
    finally:
        con.close()
    assert in_batch[0] == rows[0] >= 2000
    assert sum(b["orders"] for b in made) == rows[0] <= n_open
