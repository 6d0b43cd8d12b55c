"""The standard content a parcel's e-waybill gives the print component: a platform's
JSON object passes unaltered, Douyin's encrypted string and sign go together."""

from __future__ import annotations

import json

import pytest

from station.db.models import Ewaybill
from tests.services.test_print_component_jobs import closed_parcel

SIGNED = "nsppVTQ8yE/09tbSPTwRI4YWAGuzOAGPwwmv7Ep+ytMyx/7HQpxuz=="


@pytest.mark.parametrize(
    ("print_data", "sign", "expected"),
    [
        # Cainiao/PDD: the object as its text, byte for byte (spacing, key order)
        ('{ "encryptedData":"AES:x",  "signature":"MD:1", "ver":"v1"}', "", None),
        ('{"data":{"a":1},"templateUrl":"https://t"}', "", None),
        # a sign beside an object is not mixed into it
        ('{"encryptedData":"AES:x","signature":"MD:1"}', "s-1", None),
        # Douyin: the encrypted string and its sign, each as sent
        (
            SIGNED,
            "XlpeOlVjCAV73gDSeZjWj2=",
            {"encryptedData": SIGNED, "signature": "XlpeOlVjCAV73gDSeZjWj2="},
        ),
        (
            '"a JSON string, not an object"',
            "s-2",
            {"encryptedData": '"a JSON string, not an object"', "signature": "s-2"},
        ),
        ("[1, 2]", "s-3", {"encryptedData": "[1, 2]", "signature": "s-3"}),
        # an unsigned string is passed on as it came (the job then refuses it)
        (SIGNED, "", None),
    ],
)
def test_the_standard_content_of_an_ewaybill(demo_services, print_data, sign, expected):
    parcel = closed_parcel(demo_services)
    Ewaybill.create(
        sales_order=parcel.sales_order,
        parcel=parcel,
        waybill_code="ZT7700000001",
        print_data=print_data,
        print_sign=sign,
        provider="douyin" if sign else "cainiao",
        state="used",
    )
    got = demo_services.waybills.print_data(parcel)
    if expected is None:
        assert got == print_data
    else:
        assert json.loads(got) == expected


@pytest.mark.parametrize("state", ["issued", "cancel_pending", "cancelled", "waiting"])
def test_only_a_used_ewaybill_with_print_data_prints(demo_services, state):
    parcel = closed_parcel(demo_services)
    Ewaybill.create(
        sales_order=parcel.sales_order,
        parcel=parcel,
        waybill_code="ZT7700000002",
        print_data=SIGNED,
        print_sign="s",
        state=state,
    )
    assert demo_services.waybills.print_data(parcel) is None
    Ewaybill.create(
        sales_order=parcel.sales_order, parcel=parcel, waybill_code="ZT77003", state="used"
    )
    assert demo_services.waybills.print_data(parcel) is None  # no print data
