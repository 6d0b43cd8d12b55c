import pytest
from PySide6.QtMultimedia import QMediaDevices

from station.core.scan import Outcome
from station.resources import resource
from station.ui.feedback import Banner, Feedback, SoundPlayer


def test_every_outcome_has_a_sound_file():
    for outcome in Outcome:
        data = resource("sounds", f"{outcome.value}.wav").read_bytes()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"


@pytest.mark.skipif(bool(QMediaDevices.audioOutputs()), reason="this machine has a sound device")
def test_no_sound_device_means_banner_only_and_one_log_line(qtbot, caplog):
    player = SoundPlayer(enabled=True)
    assert not player.available
    assert sum("no sound device" in r.getMessage() for r in caplog.records) == 1
    banner = Banner()
    qtbot.addWidget(banner)
    fb = Feedback(banner, player)
    with qtbot.waitSignal(player.sound_requested) as asked:
        fb.give(Outcome.REFUSED, "Wrong item")
    assert asked.args == ["refused"]
    assert banner.text() == "Wrong item" and banner.outcome is Outcome.REFUSED


def test_sound_can_be_switched_off_but_is_still_reported(qtbot):
    player = SoundPlayer(enabled=False)
    with qtbot.waitSignal(player.sound_requested) as asked:
        player.play(Outcome.OK)
    assert asked.args == ["ok"]
