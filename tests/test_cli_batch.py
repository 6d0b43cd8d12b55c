"""``station batch`` in a real process against a demo bench with a peak day's orders."""

import json
import subprocess
import sys

from tests.barcodes import decode_pdf, pdf_text
from tests.peak_day import add_orders


def run(data_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "station", "batch", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
    )


def test_batches_from_a_script(demo_services, tmp_path):
    add_orders(demo_services.store.db, 120, carriers=("YTO",))
    root = demo_services.data_dir.root
    demo_services.close()
    r = run(root, "group")
    assert r.returncode == 0, r.stderr
    made = [json.loads(x) for x in r.stdout.splitlines()]
    assert made and sum(b["orders"] for b in made) >= 120
    listed = [json.loads(x) for x in run(root, "list", "--state", "open").stdout.splitlines()]
    assert {b["number"] for b in listed} == {b["number"] for b in made}
    number = next(b["number"] for b in made if b["rule"] == "multi")
    shown = json.loads(run(root, "show", number).stdout)
    assert shown["state"] == "open" and len(shown["lines"]) == shown["orders"]
    pdf = tmp_path / "pick.pdf"
    r = run(root, "picklist", number, "--size", "100x150", "--out", str(pdf))
    assert r.returncode == 0, r.stderr
    assert number in pdf_text(pdf.read_bytes())
    assert any(("Code128", number) in page for page in decode_pdf(pdf.read_bytes(), dpi=300))
    r = run(root, "print", number, "--badge", "OP-0001")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["labels"] == shown["orders"]
    again = run(root, "print", number, "--badge", "OP-0001")
    assert again.returncode == 2 and "batch_printed_already" in again.stderr
    assert run(root, "reprint", number, "1", "--badge", "OP-0001").returncode == 0
    r = run(root, "picked", number, "--badge", "OP-0001")
    assert json.loads(r.stdout)["state"] == "picked"
    lines = json.loads(run(root, "show", number).stdout)["lines"]
    assert [ln["seq"] for ln in lines] == list(range(1, len(lines) + 1))
    assert all(ln["tracking"] for ln in lines)
    bad = run(root, "show", "BT0000000000")
    assert bad.returncode == 2 and "batch_unknown" in bad.stderr and "Traceback" not in bad.stderr
