"""A day of work, a backup midway, more work, then the database damaged: recovered
through the CLI with real processes, nothing a packer did after the backup is lost
silently.

The damage: the file cut short, random bytes over some pages, over every page of
the orders and the tracking-number pool, an empty (0-byte) file. Before recovery every command says in one line that the database is damaged
(exit 3, no traceback). After ``station recover --yes``: no order packed that day
is ``new`` again, no tracking number used that day is free, every record head
office has not received and every audit entry is back or named in the list of
what could not be salvaged (the file ``recovery-….txt`` in the data folder).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.workday import orders_file, use_file_printer

MORNING, AFTERNOON = 30, 30


def station(*args, data: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "station", *args, "--data-dir", str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def work(data: Path, orders: int) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.hardening.workday", str(data), str(orders)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def take_backup(data: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from station.db.store import Store\n"
        "d = Path(sys.argv[1]); s = Store.open(d / 'station.sqlite3', d / 'backups',"
        " backup_interval=None); s.backup('daily'); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, timeout=120)


def rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The bench at the end of the day, and what happened after the backup."""
    root = tmp_path_factory.mktemp("day")
    data = root / "bench"
    station("demo", data=data)
    use_file_printer(data)
    station("import", "orders", str(orders_file(root / "orders.csv", 100)), data=data)
    work(data, MORNING)
    take_backup(data)
    backup = next((data / "backups").glob("*.sqlite3"))
    afternoon = work(data, AFTERNOON)
    db = data / "station.sqlite3"
    return {
        "data": data,
        "afternoon": afternoon,
        "pending": rows(db, "SELECT id, record_uuid FROM outbox_record WHERE state='pending'"),
        "audit": rows(db, "SELECT id, hash FROM audit_entry"),
        "parcels": rows(db, "SELECT id, tracking_number FROM parcel"),
        "after_backup": {
            t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0]
            - rows(backup, f"SELECT COUNT(*) FROM {t}")[0][0]
            for t in ("parcel", "outbox_record", "audit_entry", "print_job")
        },
    }


def damage(db: Path, kind: str) -> None:
    size = db.stat().st_size
    if kind == "truncated":
        with open(db, "r+b") as fh:
            fh.truncate(int(size * 0.7))
    elif kind == "pages":
        rng = random.Random(13)
        with open(db, "r+b") as fh:
            for page in rng.sample(range(2, size // 4096), 15):
                fh.seek(page * 4096)
                fh.write(rng.randbytes(4096))
    elif kind == "orders_and_pool":  # every page of the orders and the number pool
        con = sqlite3.connect(db)
        pages = [
            p
            for (p,) in con.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('sales_order', 'tracking_number')"
            )
        ]
        con.close()
        with open(db, "r+b") as fh:
            for page in pages:
                fh.seek((page - 1) * 4096)
                fh.write(random.Random(page).randbytes(4096))
    else:
        db.write_bytes(b"")


def listed(lost: list[str], table: str):
    """Row ids of ``table`` the recovery says it could not salvage (a predicate)."""
    ids: set[int] = set()
    after: int | None = None
    for line in lost:
        if not line.startswith(f"{table}: "):
            continue
        m = re.match(rf"{table}: rows? ([0-9–, ]+) could not be read", line)
        if m:
            for part in m.group(1).split(", "):
                lo, _, hi = part.partition("–")
                ids.update(range(int(lo), int(hi or lo) + 1))
        m = re.match(rf"{table}: rows after (\d+)", line)
        if m:
            after = int(m.group(1))
    return lambda rowid: rowid in ids or (after is not None and rowid > after)


FIGURES: dict[str, dict] = {}  # printed with -s: the README's Hardening figures


@pytest.mark.timeout(600)
@pytest.mark.parametrize("kind", ["truncated", "pages", "orders_and_pool", "empty"])
def test_damage_recovered_through_the_cli_without_silent_loss(day, tmp_path, kind):
    data = tmp_path / "bench"
    shutil.copytree(day["data"], data)
    db = data / "station.sqlite3"
    damage(db, kind)

    # every command on the damaged file: one line, what to do, exit 3
    for args in (
        ("audit", "verify"),
        ("sync", "--once", "--url", "http://127.0.0.1:9", "--token", "t"),
        ("report", "daily", "--format", "json", "-o", "-"),
        ("export", "-o", str(tmp_path / "x.json")),
    ):
        done = station(*args, data=data, check=False)
        assert done.returncode == 3, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "is damaged" in lines[0] and "station recover" in lines[0]
    assert station("recover", data=data, check=False).returncode == 1  # asks for --yes
    assert db.stat().st_size == (0 if kind == "empty" else db.stat().st_size)

    report = json.loads(station("recover", "--yes", "--json", data=data).stdout)
    assert Path(report["damaged_file_kept_as"]).exists()
    text = Path(report["report"]).read_text(encoding="utf-8")
    lost = report["lost"]

    # no order packed after the backup is new again; no number it used is free
    numbers = [o["tracking"] for o in day["afternoon"]]
    status = dict(rows(db, "SELECT number, status FROM sales_order"))
    assert all(status[o["order"]] in ("packed", "held") for o in day["afternoon"])
    free = {n for (n,) in rows(db, "SELECT number FROM tracking_number WHERE status='free'")}
    assert not free & set(numbers)
    assert not free & {n for _i, n in day["parcels"]}

    # every record head office has not received, every audit entry: back, or listed
    have = {u for (u,) in rows(db, "SELECT record_uuid FROM outbox_record")}
    gone_outbox = [i for i, u in day["pending"] if u not in have]
    hashes = {h for (h,) in rows(db, "SELECT hash FROM audit_entry")}
    gone_audit = [i for i, h in day["audit"] if h not in hashes]
    if kind == "empty":
        assert any(line.startswith("nothing in the damaged file could be read") for line in lost)
        for n in numbers:  # a printed waybill names each number and order lost
            assert f"tracking number {n}: in use" in text
        assert all(status[o["order"]] == "held" for o in day["afternoon"])
    else:
        is_listed = listed(lost, "outbox_record")
        assert all(is_listed(i) for i in gone_outbox), gone_outbox
        is_listed = listed(lost, "audit_entry")
        assert all(is_listed(i) for i in gone_audit), gone_audit
    if kind == "orders_and_pool":  # parcels salvaged: orders packed, numbers on them
        assert all(status[o["order"]] == "packed" for o in day["afternoon"])
        linked = rows(
            db,
            "SELECT t.number FROM tracking_number t JOIN parcel p ON p.id = t.parcel_id "
            "WHERE p.tracking_number = t.number",
        )
        assert set(numbers) <= {n for (n,) in linked}
    if not lost:
        assert "Nothing was lost" in text
    # every parcel and scan the recovered database holds has its record for head office
    assert not rows(
        db,
        "SELECT uuid FROM parcel WHERE status = 'closed' AND uuid NOT IN "
        "(SELECT record_uuid FROM outbox_record) UNION ALL SELECT uuid FROM scan_event "
        "WHERE uuid NOT IN (SELECT record_uuid FROM outbox_record)",
    )

    # the recovered station works: every command opens it again
    done = station("audit", "verify", data=data, check=False)
    assert done.returncode in (0, 1) and json.loads(done.stdout)["entries"] > 0
    assert station("doctor", "--json", data=data, check=False).stdout.count('"database"') == 1

    kept = {n for (n,) in rows(db, "SELECT tracking_number FROM parcel")}
    FIGURES[kind] = {
        "after_backup": day["after_backup"],
        "parcels_back": sum(1 for _i, n in day["parcels"] if n in kept),
        "parcels": len(day["parcels"]),
        "pending_back": len(day["pending"]) - len(gone_outbox),
        "pending": len(day["pending"]),
        "audit_back": len(day["audit"]) - len(gone_audit),
        "audit": len(day["audit"]),
        "salvaged_rows": report["salvaged_rows"],
        "lost_lines": len(lost),
        "numbers_retired": len(report["tracking_numbers_retired"]),
        "rebuilt": report["records_rebuilt"],
        "orders_back": report["orders_packed_again"].__len__(),
    }
    print(kind, json.dumps(FIGURES[kind]), lost[:5])


@pytest.mark.timeout(600)
def test_numbers_head_office_acknowledged_stay_used_with_no_file_left(day, tmp_path):
    """The database empty and the printed files gone: the numbers head office holds
    records of are still kept out of the pool."""
    from station.config import load_settings, save_settings
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore
    from station.paths import DataDir
    from station.secrets import write_token

    data = tmp_path / "bench"
    shutil.copytree(day["data"], data)
    dd = DataDir(data)
    settings = load_settings(dd.settings)
    office = HeadOfficeStore(f"sqlite:///{tmp_path / 'ho.sqlite3'}")
    office.add_bench(settings.bench.bench_id, "ho-token")
    server = HeadOfficeServer(office).start()
    try:
        save_settings(dd.settings, settings.replace("head_office", url=server.url))
        write_token(dd, "ho-token")
        assert json.loads(station("sync", "--once", data=data).stdout)["pending"] == 0
        (data / "station.sqlite3").write_bytes(b"")
        shutil.rmtree(data / "output")
        report = json.loads(station("recover", "--yes", "--json", data=data).stdout)
        # the recovered bench sends again: what head office already had is a duplicate
        assert json.loads(station("sync", "--once", data=data).stdout)["pending"] == 0
    finally:
        server.stop()
        office.close()
    numbers = {o["tracking"] for o in day["afternoon"]}
    assert numbers <= set(report["tracking_numbers_retired"])
    db = data / "station.sqlite3"
    free = {n for (n,) in rows(db, "SELECT number FROM tracking_number WHERE status='free'")}
    assert not free & numbers
    assert "a record head office acknowledged" in Path(report["report"]).read_text("utf-8")
