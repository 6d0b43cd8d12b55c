"""Translations: our ``.ts`` sources compiled to ``.qm``, plus Qt's own.

The ``.ts`` files in ``station/resources/translations`` are the source of truth.
They are compiled with ``lrelease`` (shipped in the PySide6 wheel) into the
data directory's cache when missing or older than the source, so a fresh
install needs no build step. A built application (``python -m station.build``)
carries the ``.qm`` compiled at build time beside the ``.ts`` and uses it, as
it has no ``lrelease``. Qt's ``qtbase_zh_CN.qm`` is loaded as well so
standard dialogs (OK/Cancel, file dialogs) speak Chinese too.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from importlib.resources import as_file
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station.resources import resource

log = logging.getLogger(__name__)

APP_CATALOG = "station"
# each language named in itself, so anyone can find their own in the list
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def system_language(locale_name: str | None = None) -> str:
    """The interface language for a locale (``zh_CN.UTF-8``, ``en_US``, ``C``); the
    system's (LC_ALL, LC_MESSAGES, LANG on Linux) when None. Any Chinese locale gets
    Simplified Chinese, the only Chinese catalogue; everything else English."""
    locale = QLocale.system() if locale_name is None else QLocale(locale_name.split(".")[0])
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def starting_language(chosen: str) -> str:
    """The language to start in: the one chosen in the settings, else the system's."""
    return chosen if chosen in LANGUAGE_NAMES else system_language()


def _lrelease() -> list[str]:
    import PySide6

    exe = Path(PySide6.__file__).parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise RuntimeError("lrelease not found: install PySide6-Essentials")
    return [found]


def compiled_catalog(language: str, cache_dir: Path) -> Path | None:
    """The ``.qm`` for ``language``, compiled from its ``.ts`` when stale; None if none."""
    shipped = resource("translations", f"{APP_CATALOG}_{language}.qm")
    if getattr(sys, "frozen", False) and shipped.is_file():
        return Path(str(shipped))  # a built application: compiled with it, never stale
    ts_node = resource("translations", f"{APP_CATALOG}_{language}.ts")
    if not ts_node.is_file():
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    qm = cache_dir / f"{APP_CATALOG}_{language}.qm"
    with as_file(ts_node) as ts:
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            tmp = qm.with_suffix(".qm.partial")
            result = subprocess.run(
                [*_lrelease(), "-silent", str(ts), "-qm", str(tmp)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0 or not tmp.exists():
                log.error("lrelease failed for %s: %s", ts, result.stderr.strip())
                return None
            tmp.replace(qm)
    return qm


class Translations:
    """Installs and swaps the application's translators at run time."""

    def __init__(self, app: QCoreApplication, cache_dir: Path):
        self.app = app
        self.cache_dir = cache_dir
        self.language = "en"
        self._translators: list[QTranslator] = []

    def set_language(self, language: str) -> bool:
        """Switch language; widgets get a LanguageChange event and retranslate."""
        for t in self._translators:
            self.app.removeTranslator(t)
        self._translators.clear()
        self.language = language
        if language == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return True
        ok = True
        qm = compiled_catalog(language, self.cache_dir)
        ours = QTranslator(self.app)
        if qm is None or not ours.load(str(qm)):
            log.error("no translation catalogue for %s; staying in English", language)
            ok = False
        else:
            self.app.installTranslator(ours)
            self._translators.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(self.app)
        if qtbase.load(f"qtbase_{language}", qt_dir):
            self.app.installTranslator(qtbase)
            self._translators.append(qtbase)
        QLocale.setDefault(QLocale(language))
        return ok
