"""The shell in demo mode: login, scan routing, feedback, pages, locks, approvals."""

import json

import pytest
from PySide6.QtCore import Qt

from station.config import load_settings
from station.core.scan import Outcome, Scan
from station.db.models import AuditEntry, ScanEvent
from station.ui.approval import ApprovalDialog
from station.ui.login import LoginPage
from station.ui.pages.dashboard_page import DashboardPage
from station.ui.pages.pack_page import PackPage
from station.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import login, scan_keys


def test_starts_on_the_login_screen_and_refuses_work_scans(window):
    assert window.screens.currentWidget() is window.login
    with pytest.raises(AssertionError):
        login(window, "张伟", "0000")
    assert "2" in window.login.error.text() or "tries" in window.login.error.text()


def test_badge_scan_logs_in(qtbot, window):
    with qtbot.waitSignal(window.login.logged_in):
        window.bus.publish(Scan("OP-0001", source="sim"))
    assert window.ctx.session.operator.name == "张伟"
    assert isinstance(window.current_page(), PackPage)


def test_every_page_opens_for_an_admin(window):
    login(window, "Admin", "8642")
    titles = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.pages_stack.currentWidget() is window.pages[row]
        titles.append(window.current_page().title())
    assert titles == [
        "Pack-out",
        "Goods-in",
        "Waybills",
        "Dispatch",
        "Dashboard",
        "Sync",
        "Settings",
        "Batches",
    ]


def test_function_keys_switch_pages(qtbot, window):
    login(window, "Admin", "8642")
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_page().title() == "Waybills"


def test_scan_reaches_the_front_page_while_a_text_field_has_focus(qtbot, window):
    login(window, "张伟", "1357")
    field = window.sim_panel.code
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    pack = window.page(PackPage)
    with qtbot.waitSignal(window.feedback.shown) as shown:
        scan_keys(qtbot, field, "2611230001")
    assert field.text() == ""
    assert shown.args[0] == "ok"
    assert pack.state is not None and pack.state.order.number == "2611230001"
    assert "刘贺" in pack.buyer.text()
    assert "送胶" in pack.remarks.text()  # the seller's remark is in front of the packer
    event = ScanEvent.select().order_by(ScanEvent.id.desc()).first()
    assert (event.data, event.context, event.operator.name) == ("2611230001", "pack", "张伟")


@pytest.mark.parametrize(
    "code,outcome,words",
    [
        ("2611230002", Outcome.OK, "2611230002"),
        ("6900000000007", Outcome.REFUSED, "No order"),  # a valid EAN nobody knows
        ("6900000000000", Outcome.REFUSED, "MISREAD"),  # its check digit is wrong
        ("2611230008", Outcome.REFUSED, "ON HOLD"),
        ("PO-2611-001", Outcome.WARNING, "Goods-in"),
    ],
)
def test_each_verdict_has_its_colour_and_sound(qtbot, window, code, outcome, words):
    login(window, "张伟", "1357")
    with qtbot.waitSignal(window.sounds.sound_requested) as sound:
        window.bus.publish(Scan(code, source="sim"))
    assert sound.args == [outcome.value]
    assert window.banner.outcome is outcome
    assert words in window.banner.text()
    colour = {"ok": "#1b7f3b", "refused": "#c62828", "warning": "#f9a825"}[outcome.value]
    assert colour in window.banner.styleSheet()


def test_packer_cannot_open_the_dashboard(window):
    login(window, "张伟", "1357")
    row = window.pages.index(window.page(DashboardPage))
    assert not (window.nav.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)
    window.show_page(row)
    assert not isinstance(window.current_page(), DashboardPage)
    window.open_page(row)  # F5, as the packer presses it: refused out loud
    assert not isinstance(window.current_page(), DashboardPage)
    assert window.banner.outcome.value == "refused" and "张伟" in window.banner.text()


def test_idle_bench_locks_itself(qtbot, window):
    login(window, "张伟", "1357")
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.login, timeout=3000)
    assert window.ctx.session is None
    assert "Locked" in window.login.error.text()
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "auto_lock"


def test_logout_hotkey(qtbot, window):
    login(window, "张伟", "1357")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.screens.currentWidget(), LoginPage)


def _open_approval(window, new_name):
    page = window.page(SettingsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.bench_name.setText(new_name)
    dialog = page.request_save()
    assert isinstance(dialog, ApprovalDialog)
    assert window.ctx.scan_targets[-1] is dialog
    return dialog


def test_supervisor_approves_a_packers_settings_change_by_badge(qtbot, window):
    login(window, "张伟", "1357")
    dialog = _open_approval(window, "打包台 7")
    # the packer's own badge does not approve
    window.bus.publish(Scan("OP-0001", source="sim"))
    assert dialog.isVisible() and "not a supervisor" in dialog.error.text()
    with qtbot.waitSignal(dialog.approved):
        window.bus.publish(Scan("SV-0001", source="sim"))
    assert not window.ctx.scan_targets
    assert load_settings(window.services.data_dir.settings).bench.bench_name == "打包台 7"
    entry = AuditEntry.select().where(AuditEntry.action == "settings_changed").get()
    assert entry.operator.name == "张伟" and entry.approved_by.name == "王芳"
    assert json.loads(entry.details) == {"bench.bench_name": "打包台 7"}


def test_supervisor_approves_by_pin_and_wrong_pin_is_refused(qtbot, window):
    login(window, "张伟", "1357")
    dialog = _open_approval(window, "B2")
    dialog.supervisor.setCurrentIndex(dialog.supervisor.findText("王芳"))
    dialog.pin.setText("0000")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "Wrong PIN" in dialog.error.text()
    dialog.pin.setText("9876")
    with qtbot.waitSignal(dialog.approved):
        dialog.buttons.accepted.emit()
    assert window.services.settings.bench.bench_name == "B2"


def test_cancelled_approval_changes_nothing(window):
    login(window, "张伟", "1357")
    before = window.services.settings
    dialog = _open_approval(window, "never")
    dialog.reject()
    assert window.services.settings == before
    assert not window.ctx.scan_targets


def test_supervisor_saves_settings_without_a_dialog(window):
    login(window, "王芳", "9876")
    page = window.page(SettingsPage)
    page.idle_lock.setValue(3)
    assert page.request_save() is None
    assert window.services.settings.security.idle_lock_minutes == 3
    assert window.idle.timer.interval() == 3 * 60_000


def test_cutoff_and_putaway_settings_with_a_clear_refusal(window):
    from PySide6.QtCore import QTime

    login(window, "王芳", "9876")
    page = window.page(SettingsPage)
    page.cutoff.setTime(QTime(18, 30))
    page.plates.setCurrentIndex(page.plates.findData("close"))
    page.company_prefix.setText("69012AB")  # not digits
    page.request_save()
    assert window.banner.outcome.value == "refused"
    assert "company prefix has 6 to 12 digits, not 69012AB" in window.banner.text()
    assert window.services.settings.packing.cutoff == "17:00"  # nothing half-saved
    page.company_prefix.setText("6901234")
    page.request_save()
    s = window.services.settings
    assert (s.packing.cutoff, s.receiving.plates, s.receiving.company_prefix) == (
        "18:30",
        "close",
        "6901234",
    )


def test_status_bar_shows_who_where_and_backlog(window):
    login(window, "张伟", "1357")
    window.bus.publish(Scan("2611230001", source="sim"))
    window.status_timer.timeout.emit()  # the bar refreshes on its timer, not per scan
    assert window.status.operator.text() == "Operator: 张伟"
    assert window.status.outbox.text() == "To send: 1"
    assert "sim" in window.status.scanner.text()
