"""A bad argument to any ``station`` command is one line on stderr and a non-zero
exit, never a traceback; and nothing is opened, served or written. Real processes."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from station import cli_args


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


BAD = [
    (["head-office", "--port", "99999"], "--port"),
    (["head-office", "--port", "-1"], "--port"),
    (["head-office", "--port", "65536"], "--port"),
    (["head-office", "--port", "http"], "--port"),
    (["head-office", "--db", "bogus://x"], "--db"),
    (["head-office", "--db", "headoffice.db"], "--db"),
    (["head-office", "--db", "sqlite:///"], "--db"),
    (["head-office", "--db", "mysql://u@h/x"], "--db"),
    (["head-office", "--bench-site", "nocolon"], "--bench-site"),
    (["head-office", "--bench-site", "bench-7:"], "--bench-site"),
    (["head-office", "--faults", "500,slow:x"], "--faults"),
    (["head-office", "--faults", "http:9999"], "--faults"),
    (["head-office", "--fault-every", "-3"], "--fault-every"),
    (["head-office", "--media", "NO-SUCH-FOLDER"], "--media"),
    (["devices", "listen", "--scanner", "wedge", "--seconds", "inf"], "--seconds"),
    (["devices", "listen", "--scanner", "wedge", "--seconds", "nan"], "--seconds"),
    (["devices", "listen", "--scanner", "wedge", "--seconds", "-1"], "--seconds"),
    (["devices", "listen", "--scanner", "wedge", "--count", "-2"], "--count"),
    (["import", "tracking-numbers", "f.txt", "--carrier", "SF", "--rule", "bogus"], "--rule"),
    (["import", "tracking-numbers", "f.txt", "--carrier", "SF", "--pattern", "("], "--pattern"),
    (["import", "orders", "f.csv", "--profile", "../../x"], "--profile"),
    (["export", "-o", "out.json.gz", "--since", "yesterday"], "--since"),
    (["sync", "--once", "--url", "bogus://x"], "--url"),
    (["sync", "--once", "--url", "http://ho.example:99999"], "--url"),
    (["sync", "--once", "--url", "ho.example:8080"], "--url"),
    (["sync", "--once", "--token", ""], "--token"),
    (["sync", "--once", "--token", " tok"], "--token"),
    (["doctor", "--data-dir", ""], "--data-dir"),
    (["doctor", "--data-dir", "A-FILE"], "--data-dir"),
    (["report", "daily", "-o", "-", "--data-dir", "A-FILE"], "--data-dir"),
    (["audit", "verify", "--data-dir", "A-FILE"], "--data-dir"),
    (["--data-dir", "A-FILE", "doctor"], "--data-dir"),
]


@pytest.mark.parametrize("args,option", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_argument_is_one_line_and_exit_2(tmp_path, args, option):
    (tmp_path / "A-FILE").write_text("not a folder")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("station") and f"argument {option}:" in lines[0]
    assert r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing made


@pytest.mark.parametrize(
    "command", [["doctor"], ["report", "daily", "-o", "-"], ["audit", "verify"]]
)
def test_a_data_folder_from_the_environment_that_is_a_file_is_one_line(tmp_path, command):
    (tmp_path / "A-FILE").write_text("not a folder")
    r = subprocess.run(
        [sys.executable, "-m", "station", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, STATION_DATA_DIR=str(tmp_path / "A-FILE")),
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"station {command[0]}: STATION_DATA_DIR: '{tmp_path / 'A-FILE'}' is not a folder"
    ]


def test_a_head_office_database_that_cannot_be_opened_is_one_line(tmp_path):
    r = run(
        "head-office",
        "--port",
        "0",
        "--db",
        f"sqlite:///{tmp_path}/no-such-folder/ho.sqlite3",
        "--bench",
        "bench-7:tok",
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"station head-office: cannot use the database sqlite:///{tmp_path}/no-such-folder/"
        "ho.sqlite3: unable to open database file"
    ]


def test_a_postgresql_password_is_not_shown():
    # port 9 (discard): nothing answers there; the password must not reach the terminal
    r = run("head-office", "--port", "0", "--db", "postgresql://ho:s3cret@127.0.0.1:9/ho")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert "s3cret" not in r.stderr and "postgresql://ho:***@127.0.0.1:9/ho" in r.stderr


@pytest.mark.parametrize("text", ["0", "1", "8080", "65535"])
def test_ports_in_range_are_taken(text):
    assert cli_args.port(text) == int(text)


@pytest.mark.parametrize("text", ["-1", "65536", "99999", "", "80.5", "0x50"])
def test_ports_out_of_range_are_refused(text):
    with pytest.raises(argparse.ArgumentTypeError, match="0 to 65535"):
        cli_args.port(text)


@pytest.mark.parametrize(
    "text", ["sqlite:///ho.db", "sqlite:////srv/ho.db", "postgresql://ho@db.example/ho"]
)
def test_database_urls_taken(text):
    assert cli_args.db_url(text) == text


def test_the_faults_the_soak_run_uses_are_taken():
    text = "500,429:1,drop,slow:0.5,http:403,slow,429"
    assert cli_args.faults(text) == text.split(",")
