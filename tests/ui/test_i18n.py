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
