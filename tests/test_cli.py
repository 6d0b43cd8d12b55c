import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station import __version__
from station.cli import main


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "station", *args], capture_output=True, text=True, env=env
    )


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"station {__version__}"


def test_console_script_and_module_are_the_same_cli():
    script = shutil.which("station", path=str(Path(sys.executable).parent))
    assert script, "the station console script is installed beside the interpreter"
    a = subprocess.run([script, "--help"], capture_output=True, text=True)
    b = run("--help")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout
    for command in ("demo", "doctor", "gui"):
        assert command in a.stdout


def test_demo_then_doctor_with_data_dir(tmp_path):
    target = tmp_path / "bench"
    r = run("demo", "--data-dir", str(target))
    assert r.returncode == 0, r.stderr
    assert (target / "station.sqlite3").exists()
    r = run("doctor", "--json", "--data-dir", str(target))
    assert r.returncode == 0, r.stdout + r.stderr
    checks = {c["check"]: c for c in map(json.loads, r.stdout.splitlines())}
    assert set(checks) == {
        "data_dir",
        "database",
        "serial_ports",
        "devices",
        "system_printers",
        "head_office",
    }
    assert checks["database"]["schema_version"] == checks["database"]["latest_version"]
    assert checks["database"]["orders"] == 10


def test_data_dir_from_environment(tmp_path):
    env = dict(os.environ, STATION_DATA_DIR=str(tmp_path / "env-dir"))
    assert run("demo", env=env).returncode == 0
    assert (tmp_path / "env-dir" / "station.sqlite3").exists()


def test_doctor_reports_a_damaged_database(tmp_path):
    target = tmp_path / "bench"
    assert run("demo", "--data-dir", str(target)).returncode == 0
    db = target / "station.sqlite3"
    with open(db, "r+b") as fh:
        fh.seek(0)
        fh.write(b"garbage" * 20)
    r = run("doctor", "--data-dir", str(target))
    assert r.returncode == 1
    assert "[FAIL] database" in r.stdout


def test_doctor_head_office_unreachable(tmp_path):
    target = tmp_path / "bench"
    target.mkdir()
    (target / "settings.json").write_text(
        json.dumps({"version": 2, "head_office": {"url": "http://127.0.0.1:9/"}})
    )
    r = run("doctor", "--json", "--data-dir", str(target))
    checks = {c["check"]: c for c in map(json.loads, r.stdout.splitlines())}
    assert checks["head_office"]["ok"] is False
    assert r.returncode == 1


def test_bad_settings_file_is_a_clear_message(tmp_path):
    target = tmp_path / "bench"
    target.mkdir()
    (target / "settings.json").write_text('{"version": 2, "bench": {"language": "xx"}}')
    r = run("doctor", "--data-dir", str(target))
    assert r.returncode == 2
    assert "bench.language" in r.stderr and "Traceback" not in r.stderr


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("missing", ["bench", "no/such/place/bench"])
def test_doctor_on_a_missing_data_folder_only_says_so(tmp_path, missing):
    target = tmp_path / missing
    r = run("doctor", "--json", "--data-dir", str(target))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    checks = {c["check"]: c for c in map(json.loads, r.stdout.splitlines())}
    assert checks["data_dir"]["ok"] is False and checks["data_dir"]["exists"] is False
    assert "does not exist" in checks["data_dir"]["detail"]
    assert _tree(tmp_path) == []  # no folder, no settings.json, nothing


def test_doctor_writes_nothing_into_a_folder_without_settings(tmp_path):
    target = tmp_path / "bench"
    target.mkdir()
    r = run("doctor", "--data-dir", str(target))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[ok] data_dir" in r.stdout
    assert _tree(tmp_path) == ["bench"]  # still empty: no settings.json, no sub-folders


def test_sampling_calculator():
    r = run("sampling", "--lot", "2000", "--aql", "2.5")
    assert r.returncode == 0
    assert json.loads(r.stdout) == {
        "lot_size": 2000,
        "level": "II",
        "aql": "2.5",
        "code_letter": "K",
        "plan_letter": "K",
        "sample_size": 125,
        "accept": 7,
        "reject": 8,
        "inspect_all": False,
    }
    r = run("sampling", "--lot", "2000", "--aql", "1.1")
    assert r.returncode == 2 and json.loads(r.stdout)["error"] == "unknown_aql"


def test_an_unforeseen_fault_is_one_line_and_a_log_for_it(tmp_path, monkeypatch, capsys):
    """Whatever breaks inside a command, the screen gets one line, never a traceback;
    the traceback goes to the data folder's logs for IT."""
    import station.cli as cli

    def broken(args):
        raise KeyError("a fault nobody foresaw")

    monkeypatch.setattr(cli, "_cmd_sampling", broken)
    (tmp_path / "data").mkdir()
    code = cli.main(
        ["sampling", "--lot", "100", "--aql", "1.0", "--data-dir", str(tmp_path / "data")]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == cli.EXIT_UNFORESEEN and len(err) == 1
    assert "unexpected error: KeyError" in err[0] and "Traceback" not in err[0]
    log = (tmp_path / "data" / "logs" / "cli-errors.log").read_text()
    assert "Traceback" in log and "a fault nobody foresaw" in log
