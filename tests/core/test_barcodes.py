import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.barcodes import complete_gtin, gs1_check_digit, is_valid_gtin
from station.resources import read_json

# Published examples: GS1's own EAN-13 example and common retail codes.
KNOWN_VALID = ["4006381333931", "5901234123457", "036000291452", "96385074", "10614141000415"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code):
    assert is_valid_gtin(code)


@pytest.mark.parametrize("code", ["4006381333932", "590123412345", "abc", "", "400638133393１"])
def test_wrong_or_malformed_codes_are_refused(code):
    assert not is_valid_gtin(code)


def test_check_digit_of_gs1_example():
    assert gs1_check_digit("400638133393") == 1


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=13).filter(
        lambda s: len(s) in (7, 11, 12, 13)
    )
)
def test_completed_codes_validate_and_any_single_digit_change_is_caught(body):
    code = complete_gtin(body)
    assert is_valid_gtin(code)
    for i in range(len(code)):
        changed = code[:i] + str((int(code[i]) + 1) % 10) + code[i + 1 :]
        assert not is_valid_gtin(changed)


def test_demo_products_carry_real_check_digits():
    for product in read_json("demo", "products.json"):
        gtins = [b["code"] for b in product["barcodes"] if b["kind"] == "gtin"]
        assert gtins, product["sku"]
        for code in gtins:
            assert is_valid_gtin(code), (product["sku"], code)
