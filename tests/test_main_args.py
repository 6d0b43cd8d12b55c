"""``python main.py``: an option that is neither the station's nor Qt's is refused
(a typo of --demo must not start a real station), and with no display the window
says so in one line before Qt loads. Real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.app import no_display
from station.cli_args import qt_arguments_problem

ROOT = Path(__file__).resolve().parent.parent
NO_DISPLAY = "no display: start the station from the desktop session (DISPLAY is not set)"


def _env(tmp_path: Path, **extra: str) -> dict:
    """No display, a private data folder and home: whatever starts, it starts there."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(
        STATION_DATA_DIR=str(tmp_path / "data"),
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "share"),
        **extra,
    )
    return env


def _main(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path, **extra),
        cwd=tmp_path,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["--dmeo"],
        ["-demo"],
        ["demo"],
        ["--demo", "--bogus"],
        ["-platform", "offscreen", "--bogus"],
        ["--bogus=1"],
        ["-platform"],
    ],
)
def test_an_option_neither_ours_nor_qts_is_refused(tmp_path, args):
    r = _main(tmp_path, *args)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("main.py: ") and "Traceback" not in r.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "home").exists()


@pytest.mark.parametrize(
    "qt_args",
    [
        [],
        ["-platform", "offscreen"],
        ["--platform", "offscreen"],
        ["-style", "fusion", "-reverse"],
        ["-style=fusion"],
        ["--reverse", "-widgetcount"],
        ["-qmljsdebugger=port:1234"],
        ["-display", ":0", "-geometry", "800x600+0+0", "-nograb", "-name", "bench"],
        ["-qwindowtitle", "Bench 7", "-session", "s1", "-platformtheme", "gtk3"],
    ],
)
def test_qts_own_options_pass(qt_args):
    assert qt_arguments_problem(qt_args) is None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--data-dir", "DATA"],
        ["-style", "fusion"],
        ["-platform", "xcb"],
    ],
)
def test_no_display_is_one_line_before_qt(tmp_path, argv):
    argv = [a.replace("DATA", str(tmp_path / "data")) for a in argv]
    r = _main(tmp_path, *argv)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [NO_DISPLAY]
    assert not (tmp_path / "data").exists() and not (tmp_path / "home").exists()


@pytest.mark.parametrize("platform", ["xcb", "wayland", "xcb;wayland"])
def test_no_display_with_a_desktop_platform_chosen(tmp_path, platform):
    r = _main(tmp_path, QT_QPA_PLATFORM=platform)
    assert r.returncode == 2
    missing = "WAYLAND_DISPLAY" if platform == "wayland" else "DISPLAY"
    assert r.stderr.splitlines() == [NO_DISPLAY.replace("DISPLAY is", f"{missing} is")]


def test_station_gui_says_the_same(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "station", "gui", "--demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
    )
    assert r.returncode == 2 and r.stderr.splitlines() == [NO_DISPLAY]
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "environ,qt_args,platform",
    [
        ({"DISPLAY": ":0"}, [], "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, [], "linux"),
        ({"QT_QPA_PLATFORM": "offscreen"}, [], "linux"),
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, [], "linux"),
        ({"QT_QPA_PLATFORM": "vnc:size=1280x800"}, [], "linux"),
        ({"QT_QPA_PLATFORM": "xcb"}, ["-platform", "offscreen"], "linux"),
        ({}, ["--platform=minimal"], "linux"),
        ({}, [], "win32"),
        ({}, [], "darwin"),
    ],
)
def test_a_display_or_a_platform_without_one_is_enough(environ, qt_args, platform):
    assert no_display(environ, qt_args, platform) is None


@pytest.mark.parametrize(
    "environ,qt_args",
    [
        ({}, []),
        ({"DISPLAY": ""}, []),
        ({"QT_QPA_PLATFORM": "xcb"}, []),
        ({"QT_QPA_PLATFORM": "offscreen"}, ["-platform", "xcb"]),
    ],
)
def test_no_display_on_linux(environ, qt_args):
    assert no_display(environ, qt_args, "linux") == NO_DISPLAY
