"""Dispatch on the board and in the daily report: parcels packed and not handed over
per carrier against its pickup (amber an hour before, red after, the penalty at
risk), the day's handovers, and the pickup setting's rule."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from station.config import PackingSettings, SettingsError, load_settings, pickup_times
from station.labels.daily_report import report_bytes
from station.services.daily import day_figures
from station.services.dispatch import DispatchService
from station.services.dispatch.board import carriers_waiting
from tests.barcodes import pdf_text
from tests.services.dispatch_day import pack, session, supervisor

CHINA = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("SF=18:00", {"SF": "18:00"}),
        ("sf=18:00, zto=16:30", {"SF": "18:00", "ZTO": "16:30"}),
        ("SF=18:00，YTO=07:05,", {"SF": "18:00", "YTO": "07:05"}),
    ],
)
def test_pickup_times_per_carrier(text, expected):
    assert pickup_times(PackingSettings(pickups=text)) == expected


@pytest.mark.parametrize("text", ["SF", "SF=25:00", "=18:00", "SF=18", "SF:18:00"])
def test_a_pickup_time_that_is_not_one_is_refused(text, data_dir):
    import json

    data_dir.settings.write_text(json.dumps({"packing": {"pickups": text}}))
    with pytest.raises(SettingsError) as e:
        load_settings(data_dir.settings)
    assert (e.value.key, e.value.code) == ("packing.pickups", "settings.pickups")


def utc(hh, mm=0):
    """A local (UTC+8) time of the demo day as naive UTC."""
    local = datetime(2026, 11, 11, hh, mm, tzinfo=CHINA)
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("hh", "mm", "state"),
    [(15, 0, "ok"), (15, 59, "ok"), (16, 0, "amber"), (16, 59, "amber"), (17, 0, "red")],
)
def test_amber_an_hour_before_the_pickup_and_red_after(demo_services, hh, mm, state):
    pack(demo_services, "2611230003")
    pack(demo_services, "2611230007")
    settings = demo_services.settings.replace("packing", pickups="ZTO=17:00", cutoff="20:00")
    (zto,) = carriers_waiting(settings, utc(hh, mm), CHINA)
    assert (zto.carrier, zto.parcels, zto.orders, zto.state) == ("ZTO", 2, 2, state)
    assert zto.pickup.endswith("17:00+08:00")
    from station.core.deadlines import PenaltyRule
    from station.db.models import SalesOrder

    p = settings.packing
    rule = PenaltyRule(p.penalty_rate_pct, p.penalty_min_fen, p.penalty_max_fen)
    paid = [SalesOrder.get(SalesOrder.number == n).paid_fen for n in ("2611230003", "2611230007")]
    assert zto.penalty_fen == sum(rule.at_risk(x) for x in paid) > 0


def test_handed_over_parcels_leave_the_board_and_enter_the_report(demo_services):
    parcels = {n: pack(demo_services, n) for n in ("2611230003", "2611230007", "2611230002")}
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    svc.open("ZTO", session())
    svc.scan(parcels["2611230003"].tracking_number, session())
    view = svc.close(session(), approved_by=supervisor())
    now = datetime.now(UTC).replace(tzinfo=None)
    waiting = {c.carrier: c.parcels for c in carriers_waiting(demo_services.settings, now)}
    assert waiting == {"ZTO": 1, "YTO": 1}
    figures = day_figures(datetime.now().date(), demo_services.settings)
    (h,) = figures.handovers
    assert (h["number"], h["parcels"], h["left_out"]) == (view.handover.number, 1, 1)
    assert {c["carrier"] for c in figures.carriers_waiting} == {"ZTO", "YTO"}
    csv = report_bytes(figures, "csv").decode("utf-8-sig")
    assert f"handover,{view.handover.number},parcels,1" in csv
    assert "not_handed_over,ZTO,parcels,1" in csv
    text = pdf_text(report_bytes(figures, "pdf"))
    assert view.handover.number in text and "Not handed over" in text
