"""``station head-office`` as the IT person sets it up: benches from a file (tokens
off the command line), a warning for every token a start replaces and every site
given to no bench, and a clear line for each argument or address it cannot use."""

from __future__ import annotations

import json
import socket
import sys

import httpx
import pytest

from tests.sync.test_head_office_cli import station


def run(*args: str, timeout: float = 60) -> tuple[int, str, str]:
    proc = station("head-office", *args)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def started(tmp_path, *args: str):
    proc = station("head-office", "--port", "0", "--db", f"sqlite:///{tmp_path}/ho.sqlite3", *args)
    line = proc.stdout.readline()
    assert line, proc.stderr.read()
    return proc, json.loads(line)["head_office"]


def stop(proc) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    return err


def test_benches_from_a_file_are_let_in_and_the_tokens_stay_off_the_command_line(tmp_path):
    benches = tmp_path / "benches.txt"
    benches.write_text("# packing floor\nB01:tok-one\n\n  B02:tok-two  \n", encoding="utf-8")
    benches.chmod(0o600)
    proc, url = started(tmp_path, "--benches", str(benches))
    try:
        for token in ("tok-one", "tok-two"):
            r = httpx.get(f"{url}/v1/master", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
        r = httpx.get(f"{url}/v1/master", headers={"Authorization": "Bearer # packing floor"})
        assert r.status_code == 401
        assert "tok-one" not in " ".join(proc.args)
    finally:
        err = stop(proc)
    assert "can be read by other users" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_benches_file_others_can_read_is_warned_of(tmp_path):
    benches = tmp_path / "benches.txt"
    benches.write_text("B01:tok-one\n", encoding="utf-8")
    benches.chmod(0o644)
    proc, _ = started(tmp_path, "--benches", str(benches))
    err = stop(proc)
    assert f"chmod 600 {benches}" in err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("B01:tok\nB02\n", "line 2: give BENCH_ID:TOKEN"),
        ("B01:tok\n\n:tok3\n", "line 3: give BENCH_ID:TOKEN"),
        ("B01: tok\n", "line 1: the token of bench 'B01' begins or ends with a space"),
        ("  B01:tok  \nB02:tok with space \n", ""),  # a line's own ends are left out
    ],
)
def test_a_bad_line_of_the_benches_file_is_named(tmp_path, text, said):
    benches = tmp_path / "benches.txt"
    benches.write_text(text, encoding="utf-8")
    benches.chmod(0o600)
    if not said:  # stripped lines are fine: the server starts
        proc, _ = started(tmp_path, "--benches", str(benches))
        stop(proc)
        return
    code, _, err = run("--db", f"sqlite:///{tmp_path}/ho.sqlite3", "--benches", str(benches))
    assert code == 2 and said in one_line(err)


def test_a_missing_benches_file_is_one_line(tmp_path):
    code, _, err = run("--benches", str(tmp_path / "none.txt"))
    assert code == 2 and "none.txt" in one_line(err)


def test_a_start_that_replaces_a_benchs_token_says_so(tmp_path):
    proc, _ = started(tmp_path, "--bench", "B01:first")
    assert "replaced" not in stop(proc)
    proc, url = started(tmp_path, "--bench", "B01:first", "--bench-site", "B09:SH")
    err = stop(proc)
    assert "replaced" not in err  # the same token again
    assert "--bench-site B09:SH: no bench B09 is registered" in err
    proc, url = started(tmp_path, "--bench", "B01:second")
    try:
        old = httpx.get(f"{url}/v1/master", headers={"Authorization": "Bearer first"})
        assert old.status_code == 401
    finally:
        err = stop(proc)
    assert "bench B01's token replaced" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--issue-supervisor", ""], "a supervisor needs a name"),
        (["--supervisor", "floor"], "give NAME:TOKEN"),
        (["--workers", "0"], "1 or more"),
        (["--max-inflight", "0"], "1 or more"),
        (["--per-bench", "-1"], "1 or more"),
        (["--ewaybill-config", "/nonexistent/ewaybill.json"], "--ewaybill-config"),
        (["--host", "999.1.1.1", "--port", "0"], "cannot listen on 999.1.1.1:0"),
    ],
)
def test_each_argument_it_cannot_use_is_one_line(tmp_path, args, said):
    code, out, err = run("--db", f"sqlite:///{tmp_path}/ho.sqlite3", *args)
    assert code == 2 and said in one_line(err), err
    assert "head_office" not in out  # nothing served


def test_a_port_in_use_names_the_address(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("--db", f"sqlite:///{tmp_path}/ho.sqlite3", "--port", str(port))
    assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in one_line(err)


def test_several_workers_on_sqlite_are_warned_of(tmp_path):
    proc, _ = started(tmp_path, "--workers", "2", "--bench", "B01:tok")
    err = stop(proc)
    assert "use PostgreSQL for several workers" in err


def test_the_test_only_options_are_not_in_the_help():
    code, out, _ = run("--help")
    assert code == 0
    assert "--faults" not in out and "--fault-every" not in out
    assert "--benches FILE" in out and "(default: 8080)" in out
