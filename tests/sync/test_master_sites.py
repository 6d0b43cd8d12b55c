"""Operators' secrets in master data, through the real processes: ``station head-office``
with benches at two sites, ``station sync`` on a bench of site A; the bench's
database ends up with site A's operators only, hashes only, and its badge login
works with the hashed badge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.db.models import Operator
from station.db.store import Store
from station.headoffice.store import HeadOfficeStore
from station.paths import DataDir
from station.services.operators import AuthError, OperatorService
from tests.sync.old_headoffice import make_old

ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
BENCHES = {"bench-north": ("tok-north-1", "north"), "bench-south": ("tok-south-1", "south")}
OPERATORS = [
    # (uuid, name, site, pin, badge)
    ("op-n1-0000-uuid", "张伟", "north", "135790", "BADGE-N-1"),
    ("op-n2-0000-uuid", "王芳", "north", "864201", "BADGE-N-2"),
    ("op-s1-0000-uuid", "李娜", "south", "246813", "BADGE-S-1"),
    ("op-s2-0000-uuid", "赵敏", "south", "975310", "BADGE-S-2"),
]


@pytest.fixture
def head_office(tmp_path):
    db_url = f"sqlite:///{tmp_path}/ho.sqlite3"
    cmd = [sys.executable, "-m", "station", "head-office", "--port", "0", "--db", db_url]
    for bench, (token, site) in BENCHES.items():
        cmd += ["--bench", f"{bench}:{token}", "--bench-site", f"{bench}:{site}"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV
    )
    try:
        line = proc.stdout.readline()
        assert line, "the head office did not start"
        ho = HeadOfficeStore(db_url)  # head office's own staff publish master data
        try:
            for uuid, name, site, pin, badge in OPERATORS:
                ho.publish(
                    "operator",
                    uuid,
                    {
                        "uuid": uuid,
                        "name": name,
                        "role": "packer",
                        "site": site,
                        "pin": pin,
                        "badge_code": badge,
                    },
                )
            ho.publish("product", "SKU-1", {"sku": "SKU-1", "name": "茶杯"})
            yield json.loads(line)["head_office"], ho, tmp_path / "ho.sqlite3"
        finally:
            ho.close()
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()


def bench_folder(root: Path, bench: str, url: str) -> Path:
    root.mkdir()
    (root / "settings.json").write_text(
        json.dumps({"version": 3, "bench": {"bench_id": bench}, "head_office": {"url": url}})
    )
    (root / "head_office.token").write_text(BENCHES[bench][0])
    os.chmod(root / "head_office.token", 0o600)
    return root


def sync(root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "station", "sync", "--once", "--data-dir", str(root)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def database_bytes(root: Path) -> bytes:
    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return b"".join(p.read_bytes() for p in root.glob("station.sqlite3*"))


def test_a_bench_gets_its_own_sites_operators_as_hashes_only(tmp_path, head_office):
    url, ho, ho_file = head_office
    root = bench_folder(tmp_path / "north", "bench-north", url)
    assert sync(root)["master_applied"] == 3  # two operators and the product

    raw = database_bytes(root)
    changes = ho.changes(0)["changes"]
    south_hashes = [
        c["payload"][k]
        for c in changes
        if c["kind"] == "operator" and c["payload"]["name"] in ("李娜", "赵敏")
        for k in ("pin_hash", "badge_hash")
    ]
    assert len(south_hashes) == 4
    for secret in [*south_hashes, *(o[3] for o in OPERATORS), *(o[4] for o in OPERATORS)]:
        assert secret.encode() not in raw, secret  # no PIN, badge or other site's hash
    for name in ("李娜", "赵敏"):
        assert name.encode() not in raw

    # head office itself keeps no clear badge code or PIN either
    ho_raw = ho_file.read_bytes() + b"".join(
        p.read_bytes() for p in ho_file.parent.glob("ho.sqlite3-*")
    )
    for _, _, _, pin, badge in OPERATORS:
        assert badge.encode() not in ho_raw and f'"{pin}"'.encode() not in ho_raw

    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        assert sorted(o.name for o in Operator.select()) == ["张伟", "王芳"]
        ops = OperatorService(store.db, "bench-north")
        assert ops.login_with_badge("BADGE-N-2").operator.name == "王芳"  # the hashed badge
        north = Operator.get(Operator.name == "张伟")
        assert ops.login_with_pin(north.id, "135790").operator.name == "张伟"
        with pytest.raises(AuthError, match="unknown_badge"):
            ops.login_with_badge("BADGE-S-1")  # a south badge is no one here
    finally:
        store.close()


def test_an_operator_moved_to_another_site_is_withdrawn(tmp_path, head_office):
    url, ho, _ = head_office
    root = bench_folder(tmp_path / "north", "bench-north", url)
    sync(root)
    old = ho.changes(0)["changes"][0]["payload"]
    ho.publish(
        "operator",
        "op-n1-0000-uuid",
        {
            "uuid": "op-n1-0000-uuid",
            "name": "张伟",
            "role": "packer",
            "site": "south",
            "pin_hash": old["pin_hash"],
        },
    )
    sync(root)
    raw = database_bytes(root)
    assert old["pin_hash"].encode() not in raw and old["badge_hash"].encode() not in raw
    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        moved = Operator.get(Operator.name == "张伟")
        assert (moved.active, moved.badge_hash, moved.pin_hash) == (False, None, "")
        ops = OperatorService(store.db, "bench-north")
        with pytest.raises(AuthError):
            ops.login_with_badge("BADGE-N-1")
        with pytest.raises(AuthError):
            ops.login_with_pin(moved.id, "135790")
    finally:
        store.close()
    south = tmp_path / "south"
    bench_folder(south, "bench-south", url)
    sync(south)
    south_store = Store.open(DataDir(south).database, DataDir(south).backups, backup_interval=None)
    try:
        assert sorted(o.name for o in Operator.select()) == ["张伟", "李娜", "赵敏"]
    finally:
        south_store.close()


def test_a_clear_pin_too_short_for_head_office_is_refused(tmp_path):
    from station.core.auth import PinRejected

    ho = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    try:
        ho.min_pin_length = 6
        with pytest.raises(PinRejected, match="pin_length"):
            ho.publish(
                "operator", "u-1", {"uuid": "u-1", "name": "x", "role": "packer", "pin": "1357"}
            )
        assert ho.changes(0)["changes"] == []
    finally:
        ho.close()


def test_a_head_office_database_from_before_sites_is_upgraded_on_opening(tmp_path):
    url = f"sqlite:///{tmp_path}/ho.sqlite3"
    ho = HeadOfficeStore(url)
    ho.publish("product", "SKU-1", {"sku": "SKU-1", "name": "茶杯"})
    make_old(ho.db, before_sites=True)  # and before numbered migrations
    ho.close()
    ho = HeadOfficeStore(url)
    try:
        ho.add_bench("b-1", "tok", site="north")
        assert ho.site_of("b-1") == "north"
        assert [c["key"] for c in ho.changes(0, bench_id="b-1")["changes"]] == ["SKU-1"]
    finally:
        ho.close()


def test_a_roster_withdraws_the_other_sites_operators_a_bench_got_before(tmp_path, head_office):
    """A bench that got every operator from a head office before the split by site."""
    from station.headoffice.models import MasterChange

    url, ho, _ = head_office
    root = bench_folder(tmp_path / "north", "bench-north", url)
    # what the older head office sent every bench: the south operators too
    MasterChange.update(site="north").where(MasterChange.kind == "operator").execute()
    sync(root)
    south = [c["payload"] for c in ho.changes(0)["changes"] if c["payload"].get("name") == "李娜"]
    MasterChange.update(site="south").where(
        MasterChange.key.in_(["op-s1-0000-uuid", "op-s2-0000-uuid"])
    ).execute()
    assert south[0]["pin_hash"].encode() in database_bytes(root)

    ho.publish_roster("north")
    ho.publish_roster("south")
    sync(root)
    raw = database_bytes(root)
    assert south[0]["pin_hash"].encode() not in raw
    assert south[0]["badge_hash"].encode() not in raw
    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        active = sorted(o.name for o in Operator.select().where(Operator.active))
        assert active == ["张伟", "王芳"]
        ops = OperatorService(store.db, "bench-north")
        assert ops.login_with_badge("BADGE-N-1").operator.name == "张伟"
        with pytest.raises(AuthError):
            ops.login_with_badge("BADGE-S-1")
    finally:
        store.close()
