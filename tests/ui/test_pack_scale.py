"""The pack page with a real scale on a serial line: a parcel never closes on a
moving, overloaded, underloaded, negative or wrong-unit reading; each is refused
with its own message, and the parcel closes once the scale gives a stable weight."""

import pytest
from PySide6.QtCore import Qt

from station.db.models import Parcel, SalesOrder
from station.drivers.scales import continuous
from station.drivers.scales.toledo import format_frame
from station.drivers.simulators.scale import SimulatedSerialScale
from station.drivers.simulators.vserial import VirtualSerialPair
from tests.ui.test_pack_flow import ean, pack_window, scan

ORDER = "2611230005"  # 2 pairs of socks: 2x200 + 60 = 460 g expected


@pytest.fixture
def pair(tmp_path):
    with VirtualSerialPair(tmp_path / "tty") as p:
        yield p


def closed_parcels():
    return Parcel.select().where(Parcel.status == "closed").count()


@pytest.mark.parametrize(
    ("protocol", "state", "en", "zh"),
    [
        ("mtsics", {"stable": False}, "did not settle in 0.5 s", "0.5 秒内没有稳定"),
        ("continuous", {"stable": False}, "did not settle in 0.5 s", "0.5 秒内没有稳定"),
        ("mtsics", {"garbage": b"S +\r\n"}, "OVERLOADED", "超载"),
        ("continuous", {"garbage": b"OL,GS\r\n"}, "OVERLOADED", "超载"),
        ("mtsics", {"garbage": b"S -\r\n"}, "UNDERLOAD", "欠载"),
        ("mtsics", {"garbage": b"S S    -0.050 kg\r\n"}, "below zero (-50 g)", "低于零（-50 克）"),
        ("continuous", {"garbage": b"ST,GS,-0000.050kg\r\n"}, "below zero (-50 g)", "低于零"),
        ("mtsics", {"garbage": b"S S     2.300 ct\r\n"}, "weighs in 'ct'", "“ct”"),
        ("continuous", {"garbage": b"QT,+00000002PC\r\n"}, "weighs in 'PC'", "“PC”"),
        ("toledo", {"stable": False}, "did not settle in 0.5 s", "0.5 秒内没有稳定"),
        ("toledo", {"garbage": format_frame(1, not_zeroed=True)}, "not been zeroed", "没有归零"),
        ("toledo", {"garbage": format_frame(9, out_of_range=True)}, "OVERLOADED", "超载"),
        ("toledo", {"garbage": format_frame(460, unit="t")}, "weighs in 't'", "“t”"),
    ],
)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_parcel_closes_on_a_reading_that_is_not_its_weight(
    qtbot, demo_services, translations, pair, protocol, state, en, zh, language
):
    sim = SimulatedSerialScale(str(pair.device_end), protocol=protocol, grams=460)
    for name, value in state.items():
        setattr(sim, name, value)
    sim.start()
    w, page = pack_window(
        qtbot,
        demo_services,
        translations,
        scale=f"{protocol}+serial://{pair.station_end}",
        scale_settle_seconds=0.5,
    )
    translations.set_language(language)
    try:
        scan(w, ORDER)
        scan(w, ean("SOCK-5P"))
        scan(w, ean("SOCK-5P"))  # complete: the page weighs and would close
        words = en if language == "en" else zh
        qtbot.waitUntil(lambda: words in w.banner.text(), timeout=5000)
        assert w.banner.outcome.value == "refused"
        assert closed_parcels() == 0 and page.state is not None
        assert SalesOrder.get(SalesOrder.number == ORDER).status == "packing"
        # the scale is put right: the parcel closes with the stable weight
        sim.garbage, sim.stable = None, True
        with qtbot.waitSignal(page.parcel_closed, timeout=5000) as closed:
            qtbot.keyClick(page, Qt.Key.Key_Return)
        assert closed.args[0].parcel.weight_g == 460
    finally:
        w.shutdown()
        sim.stop()


def test_a_scale_that_settles_in_time_closes_with_the_settled_weight(
    qtbot, demo_services, translations, pair
):
    sim = SimulatedSerialScale(str(pair.device_end), protocol="continuous", grams=460)
    sim.script.extend([continuous.format_line(1450, False)] * 10)  # set down hard, swinging
    sim.start()
    w, page = pack_window(
        qtbot, demo_services, translations, scale=f"continuous+serial://{pair.station_end}"
    )
    try:
        scan(w, ORDER)
        scan(w, ean("SOCK-5P"))
        with qtbot.waitSignal(page.parcel_closed, timeout=8000) as closed:
            sim.script.extend([continuous.format_line(1450, False)] * 10)
            scan(w, ean("SOCK-5P"))
        assert closed.args[0].parcel.weight_g == 460
    finally:
        w.shutdown()
        sim.stop()
