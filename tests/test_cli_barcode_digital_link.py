"""``station barcode parse`` answers a GS1 Digital Link QR as goods-in reads it: the
element string it carries, checked whole; a web address that is no Digital Link is
refused with exit 1, never an all-zero GTIN."""

import json
import subprocess
import sys

import pytest

TEA = "06901234000047"


def parse(data):
    r = subprocess.run(
        [sys.executable, "-m", "station", "barcode", "parse", data],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert not r.stderr.strip(), r.stderr
    return r.returncode, json.loads(r.stdout)


def test_a_digital_link_is_described_by_its_elements():
    rc, out = parse(f"https://id.gs1.org/01/{TEA}/10/L-9%2F1?17=270630&linkType=gs1:pip")
    assert rc == 0 and out["ok"] is True
    assert out["digital_link"] == f"01{TEA}\x1d10L-9/1\x1d17270630"
    assert [(e["ai"], e["value"]) for e in out["gs1"]] == [
        ("01", TEA), ("10", "L-9/1"), ("17", "270630"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "uri, code",
    [
        (f"https://id.gs1.org/01/{TEA}/10/L1?17=270631", "gs1.no_such_date"),
        (f"https://id.gs1.org/01/{TEA}/21/S1/21/S2", "gs1.repeated_ai"),
        ("https://id.gs1.org/10/L1", None),  # a lot is no primary key: no Digital Link
        ("https://x/01/", None),
        ("https://shop.example.com/item/12345", None),
    ],
)
def test_a_wrong_digital_link_or_a_web_address_exits_1(uri, code):
    rc, out = parse(uri)
    assert rc == 1 and out["ok"] is False
    if code:
        assert out["rule"]["code"] == code
    else:
        assert out["refused"] == "a web address, not a GS1 Digital Link URI"
        assert "gtin" not in out
