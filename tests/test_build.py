"""The installer: ``python -m station.build`` makes a one-folder application that
starts without a screen, writes the demo database, draws a waybill and exits 0;
and the wheel installs nothing but ``station`` at the top of site-packages.

The build is made once for this module (PyInstaller, about half a minute of CPU;
two minutes on a busy machine) and marked ``build``: ``pytest -m "not build"``
leaves it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from station.services.documents import sample_waybill_fields
from tests.barcodes import decode_image, decode_pdf

ROOT = Path(__file__).resolve().parent.parent


def _without_our_path(env: dict) -> dict:
    """The environment for the built program: nothing of this checkout on its path,
    so every module it runs is one it carries."""
    out = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    out["QT_QPA_PLATFORM"] = "offscreen"
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="the build extra: pip install .[build]")
    where = tmp_path_factory.mktemp("build")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.build",
            "--dist",
            str(where / "dist"),
            "--work",
            str(where / "work"),
        ],
        capture_output=True,
        text=True,
        cwd=where,
        timeout=1200,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    print(r.stdout.strip().splitlines()[-1])  # built … in N s (M MiB)
    program = where / "dist" / "station" / ("station.exe" if sys.platform == "win32" else "station")
    assert program.is_file()
    return program


@pytest.mark.build
@pytest.mark.timeout(1500)
def test_the_built_application_starts_offscreen_and_draws_a_waybill(built, tmp_path):
    folder = tmp_path / "bench"
    r = subprocess.run(
        [str(built), "selftest", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_without_our_path(os.environ),
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1] == "selftest passed"
    assert (folder / "station.sqlite3").stat().st_size > 0
    # the waybill it drew carries the sample's tracking number, in the PDF and the preview
    tracking = sample_waybill_fields()["tracking"]
    pdf = (folder / "output" / "selftest-waybill.pdf").read_bytes()
    assert tracking in {text for _, text in decode_pdf(pdf)[0]}
    png = Image.open(folder / "output" / "selftest-waybill.png")
    assert tracking in {text for _, text in decode_image(png)}
    # the window spoke Chinese from the catalogue compiled into the build
    assert "可以扫描" in r.stdout
    carried = built.parent / "_internal" / "station" / "resources" / "translations"
    assert (carried / "station_zh_CN.qm").is_file()


@pytest.mark.build
@pytest.mark.timeout(1500)
def test_the_built_program_is_the_station_command(built):
    r = subprocess.run(
        [str(built), "--version"],
        capture_output=True,
        text=True,
        env=_without_our_path(os.environ),
        timeout=60,
    )
    assert r.returncode == 0 and r.stdout.startswith("station "), r.stdout + r.stderr
    r = subprocess.run(
        [str(built), "--help"],
        capture_output=True,
        text=True,
        env=_without_our_path(os.environ),
        timeout=60,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "station" in r.stdout and "selftest" in r.stdout  # the command's help


def test_the_wheel_puts_only_station_at_the_top(tmp_path):
    """Built from a copy of the sources (the build leaves its own files behind)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "station", src / "station", ignore=shutil.ignore_patterns("__pycache__"))
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    (wheel,) = tmp_path.glob("station-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"station"}
    # the shipped files are in it, where importlib.resources looks for them
    for shipped in (
        "station/resources/demo/products.json",
        "station/resources/sounds/ok.wav",
        "station/resources/translations/station_zh_CN.ts",
        "station/resources/gs1/gs1-syntax-dictionary.txt",
        "station/resources/labels/waybill_100x150.json",
    ):
        assert shipped in names
