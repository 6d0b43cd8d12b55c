"""GS1 element strings legal character by character but not as a whole, each with the
refusal the GS1 Barcode Syntax Dictionary gives it, and strings that must still pass.
Shared by the core, service and command-line tests."""

GS = "\x1d"
GTIN = "06901234000108"  # HONEY-500, on the demo PO-2611-001
CARTON = "16901234000105"  # its carton of 12
SSCC = "069012340000000016"
URL = "https://example.com/p/1"

# (scan, refusal code, its parameters)
REFUSED = [
    # a lot first, its separator lost: never a lot of 20 characters and an invented (90)
    ("10L1234567172712310106901234000108", "gs1.too_long", {"ai": "10", "length": 32, "max": 20}),
    # two lots: neither is kept silently
    (
        f"01{GTIN}17271231" + f"10H1{GS}10H2",
        "gs1.repeated_ai",
        {"ai": "10", "first": "H1", "second": "H2"},
    ),
    (
        f"01{GTIN}21SN-1{GS}21SN-2",
        "gs1.repeated_ai",
        {"ai": "21", "first": "SN-1", "second": "SN-2"},
    ),
    (
        f"01{GTIN}3102001250" + "3102001251",
        "gs1.repeated_ai",
        {"ai": "3102", "first": "001250", "second": "001251"},
    ),
    # mandatory associations (req=)
    (f"02{CARTON}", "gs1.missing_partner", {"ai": "02", "needs": "(37)"}),
    (f"02{CARTON}3712", "gs1.missing_partner", {"ai": "37", "needs": "(00)+(02) / (00)+(8026)"}),
    ("3712", "gs1.missing_partner", {"ai": "37", "needs": "(00)+(02) / (00)+(8026)"}),
    ("21SN-1", "gs1.missing_partner", {"ai": "21", "needs": "(01) / (03) / (8006)"}),
    (
        "10LOT-1",
        "gs1.missing_partner",
        {"ai": "10", "needs": "(01) / (02) / (03) / (8006) / (8026)"},
    ),
    (
        "17271231",
        "gs1.missing_partner",
        {"ai": "17", "needs": "(01) / (02) / (03) / (255) / (8006) / (8026)"},
    ),
    (f"8200{URL}", "gs1.missing_partner", {"ai": "8200", "needs": "(01)"}),
    (f"01{GTIN}7004123", "gs1.missing_partner", {"ai": "7004", "needs": "(01)+(10) / (03)+(10)"}),
    # mutually exclusive (ex=)
    (f"00{SSCC}02{CARTON}01{GTIN}3712", "gs1.exclusive", {"ai": "02", "other": "01"}),
    (f"01{GTIN}3712", "gs1.exclusive", {"ai": "01", "other": "37"}),
    (f"01{GTIN}3102001250" + "3103001250", "gs1.exclusive", {"ai": "3102", "other": "3103"}),
    # a variable-length field past its maximum (its separator lost)
    (f"01{GTIN}21" + "A" * 21, "gs1.too_long", {"ai": "21", "length": 21, "max": 20}),
    (
        f"01{GTIN}10LOT-1" + "17271231" + "21" + "S" * 8,
        "gs1.too_long",
        {"ai": "10", "length": 23, "max": 20},
    ),
    # a value cut short, an empty one, a character outside its set, an unknown AI
    ("0106901234", "gs1.too_short", {"ai": "01", "length": 8, "min": 14}),
    (f"01{GTIN}10{GS}17271231", "gs1.empty_value", {"ai": "10"}),
    (f"01{GTIN}10AB C", "gs1.bad_character", {"ai": "10", "char": " "}),
    (f"01{GTIN}3103OO1250", "gs1.bad_character", {"ai": "3103", "char": "O"}),
    (f"01{GTIN}2312", "gs1.unknown_ai", {"ai": "2312"}),
    # dates that do not exist; day 00 only where the dictionary allows it
    (f"01{GTIN}17270231", "gs1.no_such_date", {"ai": "17", "value": "270231"}),
    (f"01{GTIN}11260229", "gs1.no_such_date", {"ai": "11", "value": "260229"}),
    (f"01{GTIN}15271300", "gs1.no_such_date", {"ai": "15", "value": "271300"}),
    (f"01{GTIN}7006260200", "gs1.day_zero", {"ai": "7006", "value": "260200"}),
    (f"01{GTIN}8008261101" + "25", "gs1.bad_value", {"ai": "8008", "value": "26110125"}),
    # a check digit; a GMN's check pair (General Specifications 7.9.5)
    (f"01{GTIN[:-1]}9", "gs1.check_digit", {"ai": "01", "value": GTIN[:-1] + "9"}),
    (
        "80131987654Ad4X4bL5ttr2310cXK",
        "gs1.check_digit",
        {"ai": "8013", "value": "1987654Ad4X4bL5ttr2310cXK"},
    ),
]

# strings that are right as a whole (the element strings each gives, in order)
VALID = [
    # every part goods-in reads, with separators only after variable-length fields
    (
        f"01{GTIN}11261015"
        + "17271200"
        + f"10LOT-7/A{GS}21SN.0042{GS}"
        + "3103001250"
        + f"422156{GS}8200{URL}",
        ["01", "11", "17", "10", "21", "3103", "422", "8200"],
    ),
    # a logistic unit: SSCC, contents, count, lot (02 needs 37, 37 needs 00 with 02)
    (f"00{SSCC}02{CARTON}3712{GS}10B1", ["00", "02", "37", "10"]),
    # net weight in kg and in lb: the dictionary excludes 310n with 310n only
    (f"01{GTIN}3103001250" + "3203002756", ["01", "3103", "3203"]),
    # an AI twice with the same value is allowed (General Specifications 4.14)
    (f"01{GTIN}10L7{GS}01{GTIN}10L7", ["01", "10", "01", "10"]),
    # 29 February of a leap year; day 00 in an expiry (the month's last day)
    (f"01{GTIN}11280229" + "17271100", ["01", "11", "17"]),
    # a separator after a predefined-length field is tolerated
    (f"01{GTIN}{GS}17271231{GS}10L1", ["01", "17", "10"]),
    (f"01{GTIN}8200{URL}", ["01", "8200"]),
    ("80131987654Ad4X4bL5ttr2310c2K", ["8013"]),  # GS1's own GMN example
]
