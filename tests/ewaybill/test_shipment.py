"""Shipment reports (发货回传) to each platform's simulator: signed like every call,
required fields checked, an order reported once, a second report and a closed
order refused in the platform's own error shape."""

import pytest

from station.ewaybill.shipment import Shipment, report_shipment
from tests.ewaybill.conftest import CARRIER


def shipment(platform, order_id="260001", tracking="YT1000000000001", **kw):
    return Shipment(
        order_id, CARRIER[platform], tracking, logistics_id=kw.pop("logistics_id", 115), **kw
    )


def test_a_report_is_accepted_once_and_recorded(sim, provider, platform):
    answer = report_shipment(provider, shipment(platform))
    assert answer.accepted and not answer.retry
    key = (platform, "260001")
    assert sim.shipments[key][1] == "YT1000000000001"
    again = report_shipment(provider, shipment(platform))
    assert not again.accepted and not again.retry and again.reason
    assert sim.shipments[key][1] == "YT1000000000001"


@pytest.mark.parametrize("state", ["cancelled", "refunded"])
def test_a_closed_order_is_refused_with_the_platforms_reason(sim, provider, platform, state):
    sim.set_order_state(platform, "260002", state)
    answer = report_shipment(provider, shipment(platform, "260002"))
    assert not answer.accepted and not answer.retry
    assert state in answer.reason or "10007" in answer.code
    assert (platform, "260002") not in sim.shipments


def test_the_signature_is_checked_for_shipment_reports_too(sim, platform):
    from station.ewaybill import provider_for
    from tests.ewaybill.conftest import settings_for

    p = provider_for(platform, settings_for(sim, platform, app_secret="wrong"))
    try:
        answer = report_shipment(p, shipment(platform, "260003"))
    finally:
        p.close()
    assert not answer.accepted
    assert (platform, "260003") not in sim.shipments


def test_taobao_offline_send_and_missing_fields(sim):
    from station.ewaybill import provider_for
    from tests.ewaybill.conftest import settings_for

    p = provider_for("cainiao", settings_for(sim, "cainiao"))
    try:
        ok = report_shipment(p, Shipment("260010", "YTO", "YT1", offline=True))
        assert ok.accepted and sim.shipments[("cainiao", "260010")] == ("YTO", "YT1")
        missing = report_shipment(p, Shipment("260011", "YTO", ""))
        assert not missing.accepted and "out_sid" in missing.reason
        assert sim.calls("alibaba.ascp.logistics.offline.send")
    finally:
        p.close()


def test_pinduoduo_needs_its_numeric_carrier_id(sim):
    from station.ewaybill import provider_for
    from tests.ewaybill.conftest import settings_for

    p = provider_for("pdd", settings_for(sim, "pdd"))
    try:
        with pytest.raises(ValueError):
            report_shipment(p, Shipment("260020", "ZTO", "7500000000001"))
    finally:
        p.close()


def test_an_unreachable_platform_is_a_retry_not_an_answer(sim, provider, platform):
    sim.faults.append("down")
    answer = report_shipment(provider, shipment(platform, "260030"))
    assert answer.retry and not answer.accepted
    assert report_shipment(provider, shipment(platform, "260030")).accepted
