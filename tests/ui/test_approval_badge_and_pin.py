"""security.supervisor_badge_and_pin: a supervisor's badge alone does not approve."""

from station.core.scan import Scan
from station.db.models import AuditEntry
from tests.ui.conftest import login
from tests.ui.test_main_window import _open_approval


def test_a_supervisors_badge_then_their_pin_approves(qtbot, window):
    window.services.operators.supervisor_badge_and_pin = True  # as the setting makes it
    login(window, "张伟", "1357")
    dialog = _open_approval(window, "打包台 9")
    window.bus.publish(Scan("SV-0001", source="sim"))
    assert dialog.isVisible() and "needs the PIN too" in dialog.error.text()
    assert dialog.supervisor.currentText() == "王芳"
    dialog.pin.setText("0000")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "Wrong PIN" in dialog.error.text()
    dialog.pin.setText("9876")
    with qtbot.waitSignal(dialog.approved):
        dialog.buttons.accepted.emit()
    entry = AuditEntry.select().where(AuditEntry.action == "settings_changed").get()
    assert entry.approved_by.name == "王芳"
    failed = AuditEntry.select().where(AuditEntry.action == "approval_pin_failed").get()
    assert failed.operator.name == "王芳"  # the wrong PIN counted toward her lockout


def test_with_the_pin_typed_first_the_badge_approves_at_once(qtbot, window):
    window.services.operators.supervisor_badge_and_pin = True
    login(window, "张伟", "1357")
    dialog = _open_approval(window, "打包台 10")
    dialog.pin.setText("9876")
    with qtbot.waitSignal(dialog.approved):
        window.bus.publish(Scan("SV-0001", source="sim"))
