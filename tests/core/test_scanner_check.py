import pytest

from station.core.scanner_check import GS, LAYOUTS, TEST_CODE, diagnose


def codes(findings):
    return [f.code for f in findings]


def test_a_good_scanner():
    assert codes(diagnose(TEST_CODE)) == ["scanner_ok"]


def test_no_enter_at_the_end():
    assert codes(diagnose(TEST_CODE, terminated=False)) == ["no_terminator"]


def test_separator_dropped():
    assert codes(diagnose(TEST_CODE.replace(GS, ""))) == ["gs_dropped"]


@pytest.mark.parametrize("standin", ["^]", "|", "~"])
def test_separator_stand_in_is_recognised(standin):
    findings = diagnose(TEST_CODE.replace(GS, standin))
    assert codes(findings) == ["gs_standin"]
    assert findings[0].params == {"text": standin}


def test_prefix_and_suffix():
    findings = diagnose("]C0" + TEST_CODE + "#")
    assert [(f.code, f.params) for f in findings] == [
        ("prefix", {"text": "]C0"}),
        ("suffix", {"text": "#"}),
    ]


def test_caps_lock():
    assert codes(diagnose(TEST_CODE.swapcase())) == ["caps_lock"]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_keyboard_layout_mismatch(layout):
    typed = "".join(LAYOUTS[layout].get(c, c) for c in TEST_CODE)
    findings = diagnose(typed)
    assert codes(findings) == ["keyboard_layout"]
    assert findings[0].params["layout"] == layout


def test_uk_layout_swaps_quote_and_at():
    findings = diagnose(TEST_CODE.replace('"', "§").replace("@", '"').replace("§", "@"))
    assert findings[0].params == {"layout": "uk", "chars": '"@'}


def test_dropped_keystrokes_on_a_slow_pc():
    findings = diagnose(TEST_CODE[:3] + TEST_CODE[5:])
    assert codes(findings) == ["dropped_keys"] and findings[0].params == {"count": 2}


def test_anything_else_is_garbled_with_the_differences():
    findings = diagnose('St4-/"@' + GS + "QWWW")
    assert codes(findings) == ["garbled"]
    assert "'z'→'W'" in findings[0].params["differences"]


def test_standin_and_suffix_together():
    findings = diagnose(TEST_CODE.replace(GS, "|") + "\t")
    assert codes(findings) == ["suffix", "gs_standin"]


@pytest.mark.parametrize(
    "other", ["6901234000016", "OP-0001", "2611230002", "SOCK-5P", "]C1" + "0106901234000108"]
)
def test_another_barcode_is_not_blamed_on_the_scanner(other):
    """A product or badge scanned instead of the test code: say so, not 'keyboard country'."""
    assert codes(diagnose(other)) == ["not_test_code"]
