"""The audit chain anchored outside the bench's file, through the real processes: a
head office started with ``station head-office`` on 127.0.0.1, ``station sync``,
``station report daily`` and ``station audit verify`` as separate processes.

Someone with the database file rewrites the chain consistently (every hash and the
stored head recomputed) or cuts the newest entries together with the head: the
file alone passes, the anchor kept at head office or printed on the report does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.db import outbox
from station.db.audit import append_audit
from station.db.models import new_uuid
from station.db.store import Store
from station.headoffice.store import HeadOfficeStore
from station.paths import DataDir
from tests.barcodes import pdf_text
from tests.db.test_audit import cut_tail_and_head, rewrite_consistently

BENCH, TOKEN = "bench-a1", "tok-a1-7f3c"
ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def station(*args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "station", *args]
    if data is not None:
        cmd += ["--data-dir", str(data)]
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)


@pytest.fixture
def head_office(tmp_path):
    """``station head-office`` as its own process; yields (url, database URL)."""
    db_url = f"sqlite:///{tmp_path}/ho.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station",
            "head-office",
            "--port",
            "0",
            "--db",
            db_url,
            "--bench",
            f"{BENCH}:{TOKEN}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    try:
        line = proc.stdout.readline()  # printed once it listens
        assert line, "the head office did not start"
        yield json.loads(line)["head_office"], db_url
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()


def make_bench(root: Path, url: str, entries: int = 8) -> Path:
    """A bench data folder with audit entries and records to send, set up for ``url``."""
    root.mkdir()
    (root / "settings.json").write_text(
        json.dumps({"version": 3, "bench": {"bench_id": BENCH}, "head_office": {"url": url}})
    )
    (root / "head_office.token").write_text(TOKEN)
    os.chmod(root / "head_office.token", 0o600)
    add_entries(root, entries)
    return root


def add_entries(root: Path, n: int) -> None:
    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        with store.db.atomic():
            for i in range(n):
                append_audit(BENCH, "parcel_closed", details={"n": i})
                outbox.enqueue(BENCH, "scan_event", new_uuid(), {"n": i})
    finally:
        store.close()


def tamper(root: Path, how, *args) -> None:
    dd = DataDir(root)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        how(store.db, *args)
    finally:
        store.close()


def verify(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return station("audit", "verify", *extra, data=root)


def assert_fails(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one line, no traceback
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_head_office_keeps_the_head_and_finds_a_consistent_rewrite(tmp_path, head_office):
    url, db_url = head_office
    bench = make_bench(tmp_path / "bench", url)
    assert station("sync", "--once", data=bench).returncode == 0
    honest = verify(bench)
    assert honest.returncode == 0, honest.stderr
    answer = json.loads(honest.stdout)
    assert answer["ok"] and "head_office 8:" in answer["anchor"]
    ho = HeadOfficeStore(db_url)
    try:
        assert ho.last_anchor(BENCH)["seq"] == 8
    finally:
        ho.close()

    tamper(bench, rewrite_consistently, 5)
    assert verify(bench, "--offline").returncode == 0  # the file alone agrees with itself
    line = assert_fails(verify(bench), "rewritten", "entry 8", "head office's anchor")
    assert line.startswith("station audit verify: audit log rewritten")


def test_head_office_finds_a_tail_cut_with_its_head(tmp_path, head_office):
    url, _ = head_office
    bench = make_bench(tmp_path / "bench", url, entries=6)
    assert station("sync", "--once", data=bench).returncode == 0
    add_entries(bench, 3)  # more work, not yet sent: the chain grows honestly
    assert verify(bench).returncode == 0
    tamper(bench, cut_tail_and_head, 4)
    assert verify(bench, "--offline").returncode == 0
    assert_fails(verify(bench), "cut off", "4 entries", "at least 6")


def test_offline_the_printed_report_is_the_anchor(tmp_path):
    closed_port = "http://127.0.0.1:9"  # nothing listens: head office unreachable
    bench = make_bench(tmp_path / "bench", closed_port, entries=10)
    pdf = tmp_path / "daily.pdf"
    done = station("report", "daily", "--format", "pdf", "-o", str(pdf), data=bench)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)["audit_anchor"]
    text = pdf_text(pdf.read_bytes())
    assert f"Audit anchor: {printed}" in text  # on the paper a supervisor files
    seq, digest = printed.split(":")
    assert seq == "10" and len(digest) == 16
    assert json.loads((bench / "audit-anchor.json").read_text())["seq"] == 10

    ok = verify(bench)
    assert ok.returncode == 0, ok.stderr
    assert "head office not reached" in json.loads(ok.stdout)["message"]

    add_entries(bench, 2)
    tamper(bench, rewrite_consistently, 2)
    assert_fails(verify(bench), "rewritten", "entry 10", "last printed report")

    # the file beside the database is gone too: the anchor typed from the paper finds it
    (bench / "audit-anchor.json").unlink()
    assert verify(bench, "--offline").returncode == 0
    assert_fails(verify(bench, "--offline", "--anchor", printed), "rewritten", "anchor given")


def test_the_anchor_from_csv_and_json_reports_and_a_bad_anchor(tmp_path):
    bench = make_bench(tmp_path / "bench", "", entries=4)
    csv_out = station("report", "daily", "--format", "csv", "-o", "-", data=bench)
    json_out = station("report", "daily", "--format", "json", "-o", "-", data=bench)
    row = next(r for r in csv_out.stdout.splitlines() if r.startswith("day,,audit_anchor,"))
    anchor = row.rsplit(",", 1)[1]
    assert anchor == json.loads(json_out.stdout)["audit_anchor"]["short"]
    assert anchor.startswith("4:")
    tamper(bench, cut_tail_and_head, 2)
    assert_fails(verify(bench, "--anchor", anchor), "cut off", "2 entries", "at least 4")
    bad = verify(bench, "--anchor", "4:xyz")
    assert bad.returncode == 2 and "SEQ:HASH" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_the_usb_export_carries_the_anchor_to_head_office(tmp_path, head_office):
    url, db_url = head_office
    bench = make_bench(tmp_path / "bench", url, entries=5)
    export = tmp_path / "outbox.json.gz"
    assert station("export", "-o", str(export), data=bench).returncode == 0
    done = station("head-office", "--db", db_url, "--import", str(export))
    assert done.returncode == 0, done.stderr
    tamper(bench, cut_tail_and_head, 3)
    assert_fails(verify(bench), "cut off", "at least 5", "head office's anchor")
