"""docs/headoffice-openapi.yaml is what head office serves: the same operations,
the same statuses, and an independent contract tester (schemathesis) finds no
5xx and no answer outside the contract against the running server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from station.headoffice import api
from station.headoffice.access import add_supervisor
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "headoffice-openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


def test_every_operation_served_is_in_the_contract_and_back():
    documented = {
        (path, method.upper())
        for path, item in contract()["paths"].items()
        for method in item
        if method in METHODS
    }
    assert set(api.routes()) == documented
    assert set(api.STATUSES) == documented


def test_every_status_an_operation_answers_is_documented():
    spec = contract()
    for (path, method), statuses in api.STATUSES.items():
        documented = {
            int(code) for code in spec["paths"][path][method.lower()]["responses"] if code.isdigit()
        }
        assert documented == statuses, f"{method} {path}"
        for code in statuses & {429, 503}:  # they say when to come back
            answer = spec["paths"][path][method.lower()]["responses"][str(code)]
            ref = answer["$ref"].rsplit("/", 1)[-1]
            assert "Retry-After" in spec["components"]["responses"][ref]["headers"]


def test_record_kinds_are_the_contracts():
    from station.headoffice.records import RECORD_KINDS

    kinds = contract()["components"]["schemas"]["Record"]["properties"]["kind"]["enum"]
    assert set(kinds) == RECORD_KINDS


def test_every_record_kind_a_bench_sends_is_one_head_office_takes():
    """Read from the code that queues records (``outbox.enqueue(bench, "kind", …)``):
    a kind head office does not know would be parked at the bench for ever."""
    import ast

    from station.headoffice.records import RECORD_KINDS

    root = Path(__file__).resolve().parents[2] / "station"
    sent = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "enqueue"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                sent.add(node.args[1].value)
    assert len(sent) >= 10, sent  # the reader still finds the calls
    assert sent <= RECORD_KINDS, sent - RECORD_KINDS


def _schemathesis() -> str | None:
    found = Path(sys.executable).with_name("schemathesis")
    return str(found) if found.exists() else shutil.which("schemathesis")


@pytest.mark.skipif(_schemathesis() is None, reason="schemathesis is in the test extras")
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_contract(tmp_path):
    """A bounded run (5 examples an operation, fixed seed) of every phase against
    a head office on 127.0.0.1 with a bench's token."""
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench("b1", "st-token")
    add_supervisor(store, "floor", "st-supervisor")
    server = HeadOfficeServer(store).start()
    checks = [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "positive_data_acceptance",
    ]
    try:
        run = subprocess.run(
            [_schemathesis(), "run", str(CONTRACT), "--url", server.url]
            + ["-H", "Authorization: Bearer st-token", "--max-examples", "5", "--seed", "1"]
            + ["--checks", ",".join(checks), "--workers", "1", "--no-color"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_COLOR": "1"},
        )
    finally:
        server.stop()
        store.close()
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert counts and int(counts[1]) == int(counts[2]) > 100, run.stdout[-3000:]
