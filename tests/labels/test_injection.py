"""No printer-language injection: whatever a document's values hold (CR, LF,
``^XA``, ``~``, ``"``, ``PRINT``, NUL, ESC, CJK, thousands of characters),
a label holds exactly its template's commands, and a barcode carries its value
unchanged or the label is refused with a message."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.commands import (
    Injected,
    check_label,
    placeholders,
    tspl_commands,
    tspl_lines,
    zpl_commands,
    zpl_field_data,
)
from station.drivers.printers.tspl import quoted
from station.drivers.printers.zpl import field_data
from station.labels.layout import FNC1, LabelFieldError, fill, load_template, shown
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_zpl

TEMPLATES = ["waybill_100x150", "waybill_100x180", "waybill_76x130", "lpn_100x150"]
LANGUAGES = ["zpl", "tspl"]
ISSUE = "INJ2\r\nPRINT 1,100\r\nREM x"  # the imported order number of the report
HOSTILE = [
    "\r",
    "\n",
    "\r\n",
    "^XA",
    "^XZ",
    "~JA",
    "~",
    "_",
    "^FS^XZ^XA^FO0,0^GB800,800,800^FS",
    '"',
    '\\["]',
    "\\",
    ">",
    ">:",
    ">8",
    "!102",
    "PRINT 1,100",
    '",0,1,1,"x"\r\nPRINT 1,100\r\n',
    "\x00",
    "\x1b",
    "\x1b!?",
    "\x7f",
    "\x85",
    "\u2028",
    "\ud800",
    "刘贺",
    "北京市朝阳区",
    "\u3000",
    "A" * 3000,
    "中" * 1000,
    ISSUE,
]


def lpn_fields() -> dict:
    return {
        "plate_barcode": FNC1 + "00069012340000000017",
        "plate_text": "(00) 0 6901234 000000001 7",
        "sku": "SOCK-5P",
        "qty": 24,
        "name": "袜子 5 双装",
        "lot_line": "批号 Lot L2611",
        "expiry_line": "有效期 Exp 2027-11-23",
        "receipt": "GR-2611-0001",
        "purchase_order": "PO-2611-0007",
        "date": "2026-11-23",
        "status_banner": "",
    }


def base_fields(name: str) -> dict:
    return lpn_fields() if name.startswith("lpn") else sample_waybill_fields()


# any character but the classes refused by name (private use, unassigned, surrogates;
# tests/labels/test_glyphs.py covers those)
assigned = st.characters(exclude_categories=("Co", "Cn", "Cs"))
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(
        st.one_of(st.sampled_from(HOSTILE), st.text(assigned, max_size=12)), min_size=1, max_size=6
    ).map("".join),
    st.text(assigned),
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_values_never_change_the_commands(language):
    seen = {"accepted": 0, "refused": 0, "unprintable": 0, "too long": 0}

    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(name=st.sampled_from(TEMPLATES), data=st.data())
    def run(name, data):
        template = load_template(name)
        chosen = data.draw(
            st.dictionaries(st.sampled_from(placeholders(template)), hostile, min_size=1)
        )
        # the checks themselves: same commands as plain values, barcodes read back
        # unchanged, or a refusal for a barcode Code 128 cannot carry
        seen[check_label(template, {**base_fields(name), **chosen}, language)] += 1

    run()
    # a random character no font on the machine has is refused before anything
    # is written ("unprintable"): fewer labels get through than before the font check
    assert seen["accepted"] > 25 and seen["refused"] > 10, seen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_hostile_value_in_every_field(name, value, language):
    template = load_template(name)
    fields = base_fields(name)
    in_barcodes = {
        n for el in template.elements if el.type in ("barcode", "qr") for n in placeholders_of(el)
    }
    # everywhere at once (a barcode may refuse it), then in every field no barcode shows
    check_label(template, {**fields, **dict.fromkeys(placeholders(template), value)}, language)
    text_only = [n for n in placeholders(template) if n not in in_barcodes]
    got = check_label(template, {**fields, **dict.fromkeys(text_only, value)}, language)
    if "\ud800" in value:  # a lone surrogate: damaged text, refused by name
        assert got == "unprintable"
    elif len(value) > 20 or "\r" in value or "\n" in value:
        # in every field at once, some box is too small for its length or lines
        assert got in ("accepted", "too long")
    else:
        assert got == "accepted"


def placeholders_of(element) -> list[str]:
    return [n for _, n, _, _ in string.Formatter().parse(element.value) if n]


def test_the_reported_order_number_is_refused_in_a_barcode_and_inert_in_text():
    template = load_template("waybill_100x150")
    fields = sample_waybill_fields()
    for render in (render_zpl, render_tspl):
        with pytest.raises(LabelFieldError, match=r"barcode \{order\}.*'\\r'"):
            render(template, {**fields, "order": ISSUE})
    # as an address it is three lines of text on the label, never a command
    tspl = render_tspl(template, {**fields, "recipient_address": ISSUE})
    lines = tspl_lines(tspl)
    assert [cmd for cmd, _ in lines].count("PRINT") == 1
    assert lines[-1] == ("PRINT", [])
    texts = [s[-1] for cmd, s in lines if cmd == "TEXT"]
    assert "PRINT 1,100" in texts and "INJ2" in texts
    zpl = render_zpl(template, {**fields, "recipient_address": ISSUE})
    assert zpl_commands(zpl) == zpl_commands(render_zpl(template, fields))


def test_quoting_functions_leave_no_control_character_and_no_open_string():
    for value in HOSTILE:
        for barcode in (False, True):
            try:
                q = quoted(value, barcode=barcode)
            except ValueError:
                assert barcode
                continue
            line = f"TEXT 0,0,{q}"
            assert tspl_commands((line + "\r\n").encode("gb18030", "replace")) == [("TEXT", 1)]
            if barcode:
                assert tspl_lines((line + "\r\n").encode())[0][1] == [value]
        for code128 in (False, True):
            data = field_data(value, code128=code128)
            assert all(" " <= c <= "~" for c in data) and "^" not in data and "~" not in data
            label = f"^XA^BCN,10,N,N,N,A^FH^FD{data}^FS^XZ" if code128 else f"^XA^FH^FD{data}^FS"
            assert zpl_commands(label.encode()) == (
                ["^XA", "^BC", "^FH", "^FD", "^FS", "^XZ"]
                if code128
                else ["^XA", "^FH", "^FD", "^FS"]
            )
            expected = value.replace("\ud800", "?")
            assert zpl_field_data(label.encode()) == [expected]


def test_the_checks_catch_an_injection():
    """The parsers are the test's eyes: they must see what the old quoting let through."""
    with pytest.raises(Injected):
        tspl_commands(b'TEXT 0,0,"3",0,1,1,"INJ2\r\nPRINT 1,100\r\nREM x"\r\n')
    with pytest.raises(Injected):
        tspl_commands(b'TEXT 0,0,"3",0,1,1,"a"b"\r\n')
    plain = b"^XA^FO0,0^BCN,10,N,N,N,A^FH^FD123^FS^XZ"
    evil = b"^XA^FO0,0^BCN,10,N,N,N,A^FH^FD1^XZ^XA23^FS^XZ"
    assert zpl_commands(plain) != zpl_commands(evil)
    with pytest.raises(Injected):
        zpl_field_data(b"^BCN,10,N,N,N,A^FH^FDAB>:12^FS")


@pytest.mark.parametrize("name", ["waybill_100x150", "waybill_76x130"])
def test_a_hostile_label_still_renders_and_its_barcodes_decode(name):
    """Rendered by an independent ZPL emulator (zplkit), decoded by zxing-cpp."""
    tracking = 'EE^XA~"_>:8\\12'
    order = "~JA^XZ>8"
    fields = {
        **sample_waybill_fields(),
        "tracking": tracking,
        "order": order,
        "recipient_name": ISSUE,
        "recipient_address": "^XZ^XA^FO0,0^GB800,800,800^FS\x00\x1b~JA 北京市",
        "contents": '"PRINT 1,100"\r\n' * 5,
    }
    zpl = render_zpl(load_template(name), fields)
    kinds = {"barcode": "Code128", "qr": "QRCode"}
    wanted = [
        (kinds[el.type], fill(el.value, fields))
        for el in load_template(name).elements
        if el.type in kinds and shown(el, fields)
    ]
    assert ("Code128", tracking) in wanted and ("QRCode", fields["qr"]) in wanted
    assert decode_zpl(zpl) == [sorted(wanted)]
