"""A batch print killed (SIGKILL) while it takes its waybill numbers: after the
restart the batch is still open with nothing queued, and the print again gives every
order exactly one number (those taken before the kill kept), in one job."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.peak_day import add_orders


def _numbered(path, ids) -> dict[int, list[str]]:
    con = sqlite3.connect(path, timeout=10)
    try:
        rows = con.execute(
            "SELECT sales_order_id, tracking_number FROM parcel "
            "WHERE tracking_number IS NOT NULL AND status != 'voided'"
        ).fetchall()
    finally:
        con.close()
    out: dict[int, list[str]] = {}
    for oid, number in rows:
        if oid in ids:
            out.setdefault(oid, []).append(number)
    return out


def test_a_batch_print_killed_midway_never_gives_an_order_two_numbers(demo_services):
    s = demo_services
    numbers = add_orders(s.store.db, 120, carriers=("YTO",))
    s.settings = s.settings.replace("batches", max_orders=1000)
    batch = s.batches.create(numbers, None)
    from station.db.models import BatchOrder

    ids = {bo.sales_order_id for bo in BatchOrder.select().where(BatchOrder.batch == batch.id)}
    root, path = s.data_dir.root, s.store.path
    s.close()
    cmd = [sys.executable, "-m", "station", "batch", "print", batch.number]
    cmd += ["--badge", "OP-0001", "--data-dir", str(root)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_at = None
    try:
        while proc.poll() is None:
            got = len(_numbered(path, ids))
            if got >= 5:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = got
                break
            time.sleep(0.005)  # polling another process's progress, not Qt
    finally:
        proc.wait(timeout=60)
    assert killed_at is not None and proc.returncode == -signal.SIGKILL, proc.returncode
    before = _numbered(path, ids)
    assert 0 < len(before) < len(ids)  # killed midway
    assert all(len(v) == 1 for v in before.values())
    con = sqlite3.connect(path)
    try:
        state, printed = con.execute(
            "SELECT state, printed_at FROM batch WHERE number = ?", (batch.number,)
        ).fetchone()
        jobs = con.execute("SELECT COUNT(*) FROM print_job WHERE kind = 'batch_waybills'")
        assert (state, printed, jobs.fetchone()[0]) == ("open", None, 0)
    finally:
        con.close()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    after = _numbered(path, ids)
    assert set(after) == ids and all(len(v) == 1 for v in after.values())
    assert all(after[oid] == v for oid, v in before.items())  # kept, never a second one
    assert len({v[0] for v in after.values()}) == len(ids)
    con = sqlite3.connect(path)
    try:
        assert (
            con.execute("SELECT COUNT(*) FROM print_job WHERE kind = 'batch_waybills'").fetchone()[
                0
            ]
            == 1
        )
        assert (
            con.execute("SELECT state FROM batch WHERE number = ?", (batch.number,)).fetchone()[0]
            == "printed"
        )
    finally:
        con.close()
