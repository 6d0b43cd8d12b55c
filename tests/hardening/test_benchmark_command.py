"""``python -m benchmarks``: one command, one table or one JSON document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_benchmarks(*args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "scanners", "--quick", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_json_carries_machine_and_figures_with_their_baselines():
    report = json.loads(run_benchmarks("--json"))
    facts = report["machine"]
    assert facts["cores"] == os.cpu_count()
    assert facts["yardstick_ms"] > 0
    assert {"python", "qt", "sqlite"} <= facts.keys()
    figures = {f["name"]: f for f in report["figures"]}
    assert all(f["group"] == "scanners" for f in figures.values())
    assert figures["serial scans lost or changed"]["value"] == 0
    latency = figures["scan-to-bus latency p99"]
    assert latency["baseline"] > 0
    assert latency["ratio"] == latency["value"] / latency["baseline"]


def test_table_has_a_row_per_figure():
    table = run_benchmarks()
    lines = table.splitlines()
    assert lines[0].startswith("machine: cores ")
    assert lines[1].split()[:5] == ["group", "figure", "value", "baseline", "ratio"]
    rows = [line for line in lines[3:] if line.startswith("scanners")]
    assert len(rows) == len(json.loads(run_benchmarks("--json"))["figures"])
