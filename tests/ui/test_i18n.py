import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from station.resources import resource
from station.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import login


def test_catalogue_is_complete():
    tree = ET.fromstring(resource("translations", "station_zh_CN.ts").read_bytes())
    unfinished = [
        m.findtext("source")
        for m in tree.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete")
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []


def test_catalogue_holds_every_string_in_the_source(tmp_path):
    """A new tr() string without a Chinese translation fails here, not at the bench."""
    root = Path(__file__).resolve().parents[2]
    sources = sorted(str(p) for p in (root / "station" / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    r = subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    in_code = {m.findtext("source") for m in ET.parse(fresh).iter("message")}
    shipped = ET.fromstring(resource("translations", "station_zh_CN.ts").read_bytes())
    in_catalogue = {m.findtext("source") for m in shipped.iter("message")}
    assert sorted(in_code - in_catalogue) == []


def test_switching_to_chinese_in_settings_retranslates_the_running_window(qtbot, window):
    login(window, "Admin", "8642")
    page = window.page(SettingsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    page.request_save()
    # Qt delivers LanguageChange to every widget through the event loop
    qtbot.waitUntil(lambda: page.save.text() == "保存设置")
    assert window.nav.item(0).text() == "F1  打包出库"
    assert "工作站" in window.windowTitle()
    assert window.status.operator.text() == "操作员：Admin"
    assert window.banner.text() == "设置已保存"
    # Qt's own catalogue is loaded too, so standard dialogs speak Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert window.services.settings.bench.language == "zh_CN"


def test_chinese_at_start_from_settings(qtbot, demo_services, translations):
    from station.ui.main_window import MainWindow

    translations.set_language("zh_CN")
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    assert w.login.button.text() == "登录"
    assert any(
        "打包员" in w.login.operators.item(i).text() for i in range(w.login.operators.count())
    )
    w.shutdown()


def test_no_tr_call_hides_inside_an_f_string():
    """pyside6-lupdate cannot see tr() inside f-strings; such a text is never translated."""
    import ast

    root = Path(__file__).resolve().parents[2] / "station" / "ui"
    hidden = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and getattr(
                        call.func, "attr", getattr(call.func, "id", "")
                    ) in ("tr", "translate"):
                        hidden.append(f"{path.name}:{node.lineno}")
    assert hidden == []


def test_every_order_state_and_job_kind_has_a_text():
    from station.ui.messages import MESSAGES

    for state in ("new", "packing", "packed", "shipped", "held", "cancelled"):
        assert f"order_status_{state}" in MESSAGES
    for kind in ("waybill", "packing_list", "lpn", "test", "report"):
        assert f"job_kind_{kind}" in MESSAGES


# --- the language at first start, and the choice on the login screen ---


def test_the_language_follows_the_locale_until_one_is_chosen():
    from station.config import Settings
    from station.ui.i18n import starting_language, system_language

    for locale, want in (
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("zh_SG.UTF-8", "zh_CN"),
        ("zh_TW.UTF-8", "zh_CN"),  # the only Chinese catalogue is Simplified
        ("en_US.UTF-8", "en"),
        ("en_GB", "en"),
        ("de_DE.UTF-8", "en"),  # no German catalogue: English
        ("C", "en"),
    ):
        assert system_language(locale) == want, locale
    assert Settings().bench.language == ""  # nothing chosen on a new bench
    assert starting_language("en") == "en" and starting_language("zh_CN") == "zh_CN"


START = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from station.config import load_settings
from station.paths import DataDir
from station.ui.i18n import Translations, starting_language
from pathlib import Path
dd = DataDir(Path(sys.argv[1])).ensure()
settings = load_settings(dd.settings)
t = Translations(app, dd.cache / "i18n")
t.set_language(starting_language(settings.bench.language))
print(json.dumps([settings.bench.language, t.language, app.translate("LoginPage", "Log in")]))
"""


def run_start(tmp_path, lang: str, data: str) -> list:
    import json
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path / data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_first_start_speaks_the_system_language(tmp_path):
    """A real process with LANG set, as a bench PC starts the station."""
    assert run_start(tmp_path, "zh_CN.UTF-8", "a") == ["", "zh_CN", "登录"]
    assert run_start(tmp_path, "en_US.UTF-8", "b") == ["", "en", "Log in"]
    # once chosen, the choice holds whatever the locale
    from station.config import load_settings, save_settings
    from station.paths import DataDir

    dd = DataDir(tmp_path / "a")
    save_settings(dd.settings, load_settings(dd.settings).replace("bench", language="en"))
    assert run_start(tmp_path, "zh_CN.UTF-8", "a") == ["en", "en", "Log in"]


def test_the_language_is_chosen_on_the_login_screen(qtbot, window):
    from station.config import load_settings
    from station.db.models import AuditEntry

    lp = window.login
    services = window.services
    # demo mode runs with a head office of its own, never written to the file
    services.settings = services.settings.replace("head_office", url="http://127.0.0.1:9")
    assert lp.button.text() == "Log in" and lp.language.currentData() == "en"
    lp.language.activated.emit(lp.language.findData("zh_CN"))  # as a click on 简体中文 does
    qtbot.waitUntil(lambda: lp.button.text() == "登录")
    assert "扫描工牌" in lp.hint.text() and "工作站" in window.windowTitle()
    assert lp.language.currentData() == "zh_CN"
    on_disk = load_settings(services.data_dir.settings)
    assert on_disk.bench.language == "zh_CN" and services.settings.bench.language == "zh_CN"
    # only the language was written: demo mode's head office stays out of the file
    assert on_disk.head_office.url == "" and services.settings.head_office.url != ""
    entry = AuditEntry.select().where(AuditEntry.action == "language_chosen").get()
    assert entry.operator is None and "zh_CN" in entry.details
    # keys still reach the name list and the PIN: the choice takes no focus
    from PySide6.QtCore import Qt

    assert lp.language.focusPolicy() == Qt.FocusPolicy.NoFocus
    lp.language.activated.emit(lp.language.findData("en"))
    qtbot.waitUntil(lambda: lp.button.text() == "Log in")
    assert load_settings(services.data_dir.settings).bench.language == "en"
    login(window, "Admin", "8642")  # and logging in works in the language chosen
