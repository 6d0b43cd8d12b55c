"""Closing a parcel with the scale's reading: only a stable weight in a known unit,
not below zero, is the parcel's weight; anything else is refused and nothing closes."""

from decimal import Decimal

import pytest

from station.db.models import OutboxRecord, Parcel, SalesOrder
from station.drivers.scales import continuous, mtsics
from station.drivers.scales.reading import Weight
from station.services.packing import PackError
from tests.services.test_packing import ean, open_order, outcomes, session


@pytest.fixture
def svc(demo_services):
    return demo_services.packing


@pytest.fixture
def packed(svc):
    order = open_order(svc, "2611230002")  # 2x280 + 2x120 + 60 packaging = 860 g
    outcomes(svc, order, ean("CUP-350"), ean("CUP-350"), ean("TOWEL-M"), ean("TOWEL-M"))
    return order


@pytest.mark.parametrize(
    ("reading", "code", "params"),
    [
        (mtsics.parse_reply("S D     0.860 kg"), "scale_unsettled", {"seconds": "?"}),
        (continuous.parse_line("US,GS,+0000.860kg"), "scale_unsettled", {"seconds": "?"}),
        (continuous.parse_line("US,NT,+0001.896lb"), "scale_unsettled", {"seconds": "?"}),
        (mtsics.parse_reply("S S    -0.010 kg"), "scale_negative", {"grams": "-10"}),
        (continuous.parse_line("ST,GS,-0000.300kg"), "scale_negative", {"grams": "-300"}),
        (Weight(Decimal("4.3"), True, "ct", raw="ST,GS,+4.3ct"), "scale_unit", {"unit": "ct"}),
        (Weight(Decimal("860"), True, "pcs"), "scale_unit", {"unit": "pcs"}),
    ],
)
def test_a_reading_that_is_not_a_parcels_weight_closes_nothing(svc, packed, reading, code, params):
    parcel = svc.state(packed).parcel
    with pytest.raises(PackError) as exc:
        svc.close(packed, session(), weight=reading)
    assert (exc.value.code, exc.value.params) == (code, params)
    assert Parcel.get_by_id(parcel.id).status == "open"
    assert Parcel.get_by_id(parcel.id).tracking_number is None
    assert SalesOrder.get_by_id(packed.id).status == "packing"
    assert not OutboxRecord.select().where(OutboxRecord.kind == "parcel_closed").exists()


@pytest.mark.parametrize(
    "reading",
    [
        mtsics.parse_reply("S S     0.860 kg"),
        mtsics.parse_reply("S S    860.00 g"),
        continuous.parse_line("ST,GS,+0001.896lb"),  # 860.011 g
        continuous.parse_line("ST,NT,+0030.336oz"),  # 860.011 g
    ],
)
def test_a_stable_reading_closes_with_its_grams(svc, packed, reading):
    result = svc.close(packed, session(), weight=reading)
    assert result.parcel.weight_g == 860 and result.parcel.status == "closed"


def test_a_stable_zero_is_put_the_parcel_on(svc, packed):
    with pytest.raises(PackError) as exc:
        svc.close(packed, session(), weight=mtsics.parse_reply("S S     0.000 kg"))
    assert exc.value.code == "scale_empty"
