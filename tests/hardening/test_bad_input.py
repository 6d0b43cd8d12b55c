"""Bad input, everywhere it comes in: barcodes, scanner bytes, printer and scale
replies, every import file, settings, label templates, export files, head-office
answers. Each either accepts or refuses with a clear message; none crashes or
writes half a record (``fuzz/targets.py``; ``python -m fuzz`` runs the same
targets coverage-guided with atheris)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import check, targets

TARGETS = targets()
EXAMPLES = 150


def structured(name: str):
    """Inputs shaped like the real thing, so the checks past the first byte are reached."""
    text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    cell = st.one_of(text, st.integers(-5, 10**6).map(str), st.just(""), st.just("SOCK-5P"))
    if name.startswith("orders") or name == "purchase_orders" or name == "invoice":
        header = {
            "orders_csv": "order_number,buyer_name,address,sku,qty,paid,promised_dispatch_at",
            "orders_douyin": "订单编号,收件人,详细地址,商家编码,商品数量,实付金额",
            "orders_marketplace": "订单号,商品ID,商品名称,订购数量,客户姓名,客户地址,应付金额,商家SKUID",
            "purchase_orders": "po_number,supplier_code,sku,qty,unit_price",
            "invoice": "sku,qty,unit_price",
        }.get(name, "order_number,buyer_name,address,sku,qty")
        n = header.count(",") + 1
        if name == "orders_marketplace":  # a JD export as CSV or as an xlsx workbook
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            from tests.data.orders.build import as_xlsx

            cols = header.split(",")

            def sheet(rows):  # what a worksheet cannot hold (control characters) left out
                clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in r] for r in rows]
                return as_xlsx(cols, [dict(zip(cols, r, strict=True)) for r in clean])

            cells = st.lists(st.lists(cell, min_size=n, max_size=n), max_size=6)
            return st.tuples(st.booleans(), cells).map(
                lambda t: (
                    sheet(t[1])
                    if t[0]
                    else "\n".join([header, *(",".join(r) for r in t[1])]).encode()
                )
            )
        row = st.lists(cell, min_size=n, max_size=n).map(lambda r: ",".join(r))
        return st.lists(row, max_size=6).map(lambda rows: "\n".join([header, *rows]).encode())
    if name in ("orders_json", "asn", "settings_file", "label_template", "head_office_master"):
        leaf = st.one_of(st.none(), st.booleans(), st.integers(), text)
        tree = st.recursive(
            leaf,
            lambda kids: st.one_of(
                st.lists(kids, max_size=4), st.dictionaries(text, kids, max_size=4)
            ),
            max_leaves=12,
        )
        keys = {
            "orders_json": ["order_number", "buyer_name", "address", "lines", "sku", "qty"],
            "asn": ["asn", "po", "pallets", "sscc", "items", "sku", "qty", "lot", "expiry"],
            "settings_file": ["version", "bench", "devices", "packing", "cutoff", "receiving"],
            "label_template": ["size_mm", "elements", "type", "x", "y", "w", "h", "text"],
            "head_office_master": ["changes", "cursor", "more", "kind", "key", "payload"],
        }[name]
        shaped = st.dictionaries(st.sampled_from(keys), tree, max_size=6)
        return st.one_of(shaped, st.lists(shaped, max_size=3)).map(
            lambda v: json.dumps(v, ensure_ascii=False).encode()
        )
    if name == "spreadsheet_cells":
        piece = st.sampled_from(
            ["6.93017E+18", "e", "E+", ",", ".0", '="', '"', "'", "`", "\t", "\r\n", "#N/A"]
            + ["#", "６９", "＝＂", "\u00a0", "\u200b", "\ufeff", "0000", "45658", "/", "年"]
        )
        return st.lists(st.one_of(piece, st.text("0123456789", max_size=20)), max_size=6).map(
            lambda parts: "".join(parts).encode()
        )
    if name == "gs1":
        ai = st.sampled_from(
            ["01", "02", "10", "17", "21", "37", "00", "3103", "99", "]C1", "\x1d"]
        )
        return st.lists(st.one_of(ai, st.text("0123456789", max_size=16)), max_size=8).map(
            lambda parts: "".join(parts).encode()
        )
    if name == "label_injection":
        piece = st.sampled_from(
            [
                "\r\n",
                "\r",
                "\n",
                "^XA",
                "^XZ",
                "~",
                "_",
                ">:",
                '"',
                "\\",
                "PRINT 1,100",
                "\x00",
                "\x1b",
            ]
        )
        value = st.lists(st.one_of(piece, st.text(max_size=8)), max_size=5).map("".join)
        return st.tuples(st.integers(0, 3), st.lists(value, max_size=14)).map(
            lambda t: bytes([t[0]]) + "\x1e".join(t[1]).encode("utf-8", "surrogatepass")
        )
    return st.binary(max_size=300)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_garbage_is_accepted_or_refused_clearly(name):
    target = TARGETS[name]
    seen = {"accepted": 0, "refused": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.one_of(structured(name), st.binary(max_size=200)))
    def run(data):
        seen[check(target, data)] += 1

    run()
    assert sum(seen.values()) >= EXAMPLES


def test_a_cursor_that_is_not_a_whole_number_is_refused_and_kept_out():
    """Found by the fuzzer: JSON true passed for an int and broke every later pull."""
    target = TARGETS["head_office_master"]
    for page in (b'{"changes": [], "cursor": true}', b'{"changes": [], "cursor": -4}'):
        assert check(target, page) == "refused"
    assert check(target, b'{"changes": [], "cursor": 7}') == "accepted"
