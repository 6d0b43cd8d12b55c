"""``station dispatch`` in a real process against a demo bench with packed parcels."""

import json
import subprocess
import sys

from tests.barcodes import decode_pdf
from tests.services.dispatch_day import pack


def run(data_dir, *args, **env):
    import os

    return subprocess.run(
        [sys.executable, "-m", "station", "dispatch", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=dict(os.environ, **env),
    )


def test_a_handover_from_a_script(demo_services, tmp_path):
    t = {n: pack(demo_services, n).tracking_number for n in ("2611230003", "2611230007")}
    root = demo_services.data_dir.root
    demo_services.close()
    r = run(root, "open", "--carrier", "zto", "--bag", "ZTO-BAG-1", "--badge", "OP-0001")
    assert r.returncode == 0, r.stderr
    number = json.loads(r.stdout)["opened"]
    r = run(root, "scan", "--badge", "OP-0001", t["2611230003"], "NOPE-1")
    assert r.returncode == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["outcome"] for x in lines] == ["ok", "refused"]
    status = json.loads(run(root, "status").stdout)
    assert status == {
        "open": number,
        "carrier": "ZTO",
        "scanned": 1,
        "expected": 2,
        "waiting": [t["2611230007"]],
    }
    r = run(root, "close", "--badge", "OP-0001")
    assert r.returncode == 2 and "parcels_missing" in r.stderr
    sheet = tmp_path / "sheet.pdf"
    r = run(
        root, "close", "--badge", "OP-0001", "--supervisor-badge", "SV-0001", "--sheet", str(sheet)
    )
    assert r.returncode == 0, r.stderr
    done = json.loads(r.stdout)
    assert done["closed"] == number and done["left_out"] == [t["2611230007"]]
    assert ("Code128", number) in decode_pdf(sheet.read_bytes(), dpi=300)[0]


def test_cancel_ends_an_empty_handover_and_refuses_one_with_parcels(demo_services):
    t = pack(demo_services, "2611230003").tracking_number
    root = demo_services.data_dir.root
    demo_services.close()
    r = run(root, "cancel", "--badge", "OP-0001")
    assert r.returncode == 2 and "dispatch_open_first" in r.stderr and "Traceback" not in r.stderr
    r = run(root, "scan", "--badge", "OP-0001", "SF-BAG-9")  # the wrong bag, nothing of SF here
    assert r.returncode == 1 and json.loads(r.stdout)["message"] == "dispatch_no_carrier_parcels"
    r = run(root, "open", "--carrier", "YTO", "--badge", "OP-0001")  # the wrong carrier
    number = json.loads(r.stdout)["opened"]
    r = run(root, "cancel", "--badge", "OP-0001")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"cancelled": number, "carrier": "YTO"}
    assert json.loads(run(root, "status").stdout)["open"] is None
    run(root, "open", "--carrier", "ZTO", "--badge", "OP-0001")
    assert run(root, "scan", "--badge", "OP-0001", t).returncode == 0
    r = run(root, "cancel", "--badge", "OP-0001")
    assert r.returncode == 2 and "handover_not_empty" in r.stderr
    assert json.loads(run(root, "status").stdout)["scanned"] == 1
