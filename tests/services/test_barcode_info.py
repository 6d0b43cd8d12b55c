from hypothesis import given, settings
from hypothesis import strategies as st

from station.core.barcodes import complete_gtin
from station.services.barcode_info import describe


@settings(max_examples=500)
@given(
    st.text(max_size=80) | st.text(alphabet="0123456789\x1d|", max_size=60).map(lambda s: "01" + s)
)
def test_any_text_gets_an_answer_never_an_exception(text):
    out = describe(text, gs_standin="|")
    assert isinstance(out["ok"], bool)
    if not out["ok"]:
        assert out["refused"]


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_valid_ean13_is_understood(body):
    code = complete_gtin(body)
    out = describe(code)
    assert out["ok"] and out["gtin"]["value"] == code


def test_lot_expiry_serial_and_count():
    gtin = "0" + complete_gtin("690123400001")
    out = describe(f"01{gtin}10LOT-9\x1d17270100" + "21SN77")
    assert out["ok"]
    values = {e["ai"]: e.get("date", e["value"]) for e in out["gs1"]}
    assert values == {"01": gtin, "10": "LOT-9", "17": "2027-01-31", "21": "SN77"}
    out = describe("00106141411234567897" + f"02{gtin}" + "3712")  # a count goes with 02 and 00
    assert out["ok"] and {e["ai"]: e["value"] for e in out["gs1"]}["37"] == "12"


@given(st.sampled_from([7, 11, 12, 13, 17]), st.data())
def test_a_check_digit_fault_names_the_digit_expected_and_the_digit_read(length, data):
    from station.core.barcodes import gs1_check_digit
    from station.services.barcode_info import check_digit_fault

    # as the world sends them: GTINs with Chinese GS1 prefixes (690-699); an SSCC
    # behind its AI (00), as a pallet label carries it (a bare 18 digits may read as
    # a GS1 string of other AIs)
    lead = "3690" if length == 17 else "69"
    rest = length - len(lead)
    body = lead + data.draw(st.text(alphabet="0123456789", min_size=rest, max_size=rest))
    right = gs1_check_digit(body)
    wrong = data.draw(st.integers(0, 9).filter(lambda d: d != right))
    number = body + str(wrong)
    what = "SSCC" if len(number) == 18 else "GTIN"
    forms = [f"]C100{number}", f"00{number}"] if what == "SSCC" else [number]
    if len(number) == 14:
        forms.append(f"]C101{number}")  # inside a GS1 element string
    for code in forms:
        fault = check_digit_fault(code)
        assert fault is not None, code
        assert (fault.what, fault.value, fault.expected, fault.found) == (
            what,
            number,
            str(right),
            str(wrong),
        )
        good = code[:-1] + str(right)
        assert check_digit_fault(good) is None  # a good code is no misread


def test_codes_that_are_not_misreads_have_no_fault():
    from station.services.barcode_info import check_digit_fault

    for code in ("", "  ", "ABC-123", "PO-2611-001", "2611230002", "12345670"):
        assert check_digit_fault(code) is None, code
