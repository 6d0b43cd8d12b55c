"""``python -m station.build``: the station as a one-folder application (PyInstaller).

The folder (``dist/station/`` by default) holds Python, Qt, the station and every
file it ships: demo data, sounds, label templates, import profiles, the GS1
dictionary and the translations, their ``.qm`` compiled here (a bench PC has no
``lrelease``). Its program, ``station`` (``station.exe`` on Windows), is the
``station`` command; started without a command (double-clicked) it opens the
window, and ``station selftest`` checks the build (``station.selftest``).

Fonts are not shipped: labels use the system's Chinese font (Windows: Microsoft
YaHei, ``msyh.ttc``, and SimSun-ExtB, present on every Windows 10/11; Linux:
WenQuanYi Micro Hei and the Hanazono/BabelStone faces, ``quickstart.sh``), found by
``station.labels.fonts``; ``station selftest`` fails on a machine without one.

The same command on Windows makes the Windows build (PyInstaller builds for the
system it runs on). Needs the ``build`` extra: ``pip install .[build]``.

Options: ``--dist DIR`` (where the folder goes, default ``dist``), ``--work DIR``
(PyInstaller's work files, default ``build``; kept between runs, so a second build
reuses its analysis), ``--clean`` (start the work files afresh).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

NAME = "station"
# the folder that holds the station package (the source tree, or site-packages)
SOURCE_ROOT = Path(__file__).resolve().parent.parent
# Qt modules the station never uses: left out, so the folder stays small and the
# build quick (PyInstaller's Qt hooks would otherwise follow some of them).
QT_UNUSED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
# Python packages the station never imports at run time (tests, tools, other GUIs).
PY_UNUSED = (
    "tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "IPython",
    "matplotlib",
    "numpy",
    "zxingcpp",
    "openpyxl",
    "importlinter",
    "grimp",
    "PyInstaller",
    "station.build",
    "psycopg2",  # the reference head office on PostgreSQL, not the bench
    # httpx's command-line client and what only it needs
    "httpx._main",
    "rich",
    "pygments",
    "click",
    "markdown_it",
    # websockets' server router (the station is a client)
    "werkzeug",
    # PyInstaller adds this one itself, to the list it was given: named here, the
    # list stays as the last build stored it, so a second build reuses the analysis
    "__main__",
)


class BuildError(RuntimeError):
    """The build cannot be made; the message says why and what to do."""


def compile_translations(into: Path) -> list[Path]:
    """Every ``station/resources/translations/*.ts`` compiled to ``.qm`` in ``into``
    with PySide6's ``lrelease`` (a ``.qm`` already there with the same bytes is left
    untouched). Raises BuildError when one does not compile."""
    from station.resources import resource
    from station.ui.i18n import _lrelease

    into.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in sorted(resource("translations").iterdir(), key=lambda n: n.name):
        if not ts.name.endswith(".ts"):
            continue
        qm = into / (ts.name.removesuffix(".ts") + ".qm")
        fresh = qm.with_suffix(".qm.new")
        r = subprocess.run(
            [*_lrelease(), "-silent", str(ts), "-qm", str(fresh)], capture_output=True, text=True
        )
        if r.returncode != 0 or not fresh.is_file():
            raise BuildError(f"{ts.name} did not compile: {r.stderr.strip()}")
        if qm.is_file() and qm.read_bytes() == fresh.read_bytes():
            fresh.unlink()  # unchanged: the file PyInstaller saw last time stays as it was
        else:
            fresh.replace(qm)
        made.append(qm)
    return made


def pyinstaller_arguments(entry: Path, qm_files: list[Path], dist: Path, work: Path) -> list[str]:
    """The PyInstaller command line for the one-folder build (see the module's text)."""
    sep = os.pathsep  # PyInstaller's SOURCE:DEST separator (";" on Windows)
    args = [
        str(entry),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        # where the station package's folder is: an editable install finds it through
        # an import hook PyInstaller's analysis does not see
        "--paths",
        str(SOURCE_ROOT),
        # every module of the station: pages, migrations and drivers are imported by name
        "--collect-submodules",
        "station",
        # reportlab's barcode widgets import each symbology by name
        "--collect-submodules",
        "reportlab.graphics.barcode",
        # the shipped files, read through importlib.resources
        "--collect-data",
        "station",
        # data files of libraries: biip's GS1 tables, python-barcode's font
        "--collect-data",
        "biip",
        "--collect-data",
        "barcode",
        # keyring finds the system keyring through its entry points
        "--copy-metadata",
        "keyring",
    ]
    for qm in qm_files:
        args += ["--add-data", f"{qm}{sep}station/resources/translations"]
    for module in QT_UNUSED:
        args += ["--exclude-module", f"PySide6.{module}"]
    for module in PY_UNUSED:
        args += ["--exclude-module", module]
    if sys.platform == "win32":
        # a console program, so `station selftest` prints; its console is hidden
        # when the window is started by a double-click
        args += ["--hide-console", "hide-early"]
    return args


ENTRY = """\
import sys

from station.launcher import main

sys.exit(main())
"""


def build(dist: Path, work: Path, *, clean: bool = False, out=print) -> Path:
    """Make the one-folder application in ``dist/station``; returns the program's path.
    Raises BuildError (PyInstaller missing, a translation that does not compile, a
    failed build)."""
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise BuildError("PyInstaller is not installed: pip install .[build]") from None
    dist, work = dist.resolve(), work.resolve()
    if clean:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    entry = work / "station_entry.py"
    if not entry.exists() or entry.read_text() != ENTRY:
        entry.write_text(ENTRY)
    # compiled into the work folder: the same path each time lets PyInstaller reuse
    # its analysis when nothing else changed
    qm_files = compile_translations(work / "translations")
    started = time.monotonic()
    try:
        pyinstaller.run(pyinstaller_arguments(entry, qm_files, dist, work))
    except SystemExit as exc:  # PyInstaller ends with sys.exit on its errors
        if exc.code not in (0, None):
            raise BuildError(f"PyInstaller failed (exit {exc.code}); see above") from None
    program = dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))
    if not program.is_file():
        raise BuildError(f"the build made no {program}")
    size = sum(
        f.lstat().st_size for f in (dist / NAME).rglob("*") if f.is_file() and not f.is_symlink()
    )
    out(
        f"built {dist / NAME} in {time.monotonic() - started:.0f} s "
        f"({size / 2**20:.0f} MiB); try it: {program} selftest"
    )
    return program


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m station.build", description="Make the station's one-folder application."
    )
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="default: dist")
    parser.add_argument("--work", type=Path, default=Path("build"), help="default: build")
    parser.add_argument("--clean", action="store_true", help="start the work files afresh")
    args = parser.parse_args(argv)
    try:
        build(args.dist, args.work, clean=args.clean)
    except BuildError as exc:
        print(f"station.build: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
