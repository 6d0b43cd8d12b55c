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
    out = describe(f"01{gtin}10LOT-9\x1d17270100" + "21SN77\x1d3712")
    assert out["ok"]
    values = {e["ai"]: e.get("date", e["value"]) for e in out["gs1"]}
    assert values == {"01": gtin, "10": "LOT-9", "17": "2027-01-31", "21": "SN77", "37": "12"}
