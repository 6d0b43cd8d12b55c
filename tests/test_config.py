import json

import pytest

from station.config import SETTINGS_VERSION, Settings, SettingsError, load_settings, save_settings


def test_first_load_writes_defaults_with_a_bench_id(tmp_path):
    path = tmp_path / "settings.json"
    s = load_settings(path)
    assert s.bench.bench_id
    assert json.loads(path.read_text())["version"] == SETTINGS_VERSION
    assert load_settings(path).bench.bench_id == s.bench.bench_id


def test_round_trip_keeps_every_value(tmp_path):
    path = tmp_path / "settings.json"
    s = Settings().replace("bench", bench_id="b-1", language="zh_CN", bench_name="打包台 3")
    s = s.replace("devices", printer="zpl+tcp://127.0.0.1:9100")
    save_settings(path, s)
    assert load_settings(path) == s
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".settings-")]


def test_version_1_file_is_upgraded(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"version": 1, "language": "zh_CN", "bench": {"name": "B7", "bench_id": "x"}})
    )
    s = load_settings(path)
    assert s.bench.language == "zh_CN"
    assert s.bench.bench_name == "B7"


@pytest.mark.parametrize(
    "data,key",
    [
        ({"version": 2, "security": {"max_pin_failures": "five"}}, "security.max_pin_failures"),
        ({"version": 2, "bench": {"language": "fr"}}, "bench.language"),
        ({"version": 99}, "version"),
        ({"version": 2, "devices": []}, "devices"),
        ({"version": 3, "receiving": {"company_prefix": "69012AB"}}, "receiving.company_prefix"),
        ({"version": 3, "receiving": {"plates": "sometimes"}}, "receiving.plates"),
        ({"version": 3, "printing": {"no_progress_seconds": 0}}, "printing.no_progress_seconds"),
        ({"version": 3, "printing": {"no_progress_seconds": -5}}, "printing.no_progress_seconds"),
        ({"version": 3, "printing": {"no_progress_seconds": "30"}}, "printing.no_progress_seconds"),
        ({"version": 3, "printing": {"no_progress_seconds": 1e9}}, "printing.no_progress_seconds"),
    ],
)
def test_bad_values_are_refused_naming_the_key(tmp_path, data, key):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SettingsError) as exc:
        load_settings(path)
    assert key in str(exc.value)


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    with pytest.raises(SettingsError, match="cannot read settings"):
        load_settings(path)


def test_replace_checks_types():
    with pytest.raises(SettingsError):
        Settings().replace("feedback", sound="yes")


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"terminators": "enter,space"}, "scanner.terminators"),
        ({"terminators": "cr"}, "scanner.terminators"),
        ({"gs_chord": "]"}, "scanner.gs_chord"),
        ({"gs_chord": "Hyper+]"}, "scanner.gs_chord"),
    ],
)
def test_wedge_chord_and_terminators_are_checked(changes, key):
    with pytest.raises(SettingsError, match=key):
        Settings().replace("scanner", **changes)


def test_wedge_chord_and_terminators_defaults_need_no_setting():
    s = Settings().scanner
    assert s.gs_chord == "Ctrl+]" and s.terminators == "enter,tab"
    assert Settings().replace("scanner", gs_chord="Ctrl+5", terminators="enter").scanner.gs_chord


def test_the_printers_no_progress_limit_fits_real_printers(tmp_path):
    """A label printer stops reading for seconds while it prints a large graphic: the
    default limit outlasts that, and a whole number in the file is taken as seconds."""
    path = tmp_path / "settings.json"
    assert load_settings(path).printing.no_progress_seconds == 30
    path.write_text(json.dumps({"version": 3, "printing": {"no_progress_seconds": 12}}))
    assert load_settings(path).printing.no_progress_seconds == 12


@pytest.mark.parametrize(
    "batches",
    [{"max_orders": 0}, {"max_orders": 1001}, {"deadline_minutes": -1}, {"auto": "yes"}],
)
def test_batch_rules_out_of_range_are_refused_naming_the_key(tmp_path, batches):
    from station.config import settings_from_dict

    data = {**Settings().to_dict(), "batches": {**Settings().to_dict()["batches"], **batches}}
    with pytest.raises(SettingsError) as exc:
        settings_from_dict(data)
    assert exc.value.key == f"batches.{next(iter(batches))}"


def test_batch_rules_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    s = Settings().replace("batches", max_orders=30, deadline_minutes=120, by_carrier=False)
    save_settings(path, s)
    b = load_settings(path).batches
    assert (b.max_orders, b.deadline_minutes, b.by_carrier, b.auto) == (30, 120, False, True)
