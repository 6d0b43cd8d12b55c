import json
from datetime import timedelta

import pytest

from station.core.auth import LockoutPolicy, PinRejected
from station.db.models import AuditEntry, Operator
from station.services.operators import AuthError, OperatorService


@pytest.fixture
def ops(store, clock):
    service = OperatorService(
        store.db, "bench-1", LockoutPolicy(3, timedelta(minutes=15)), clock=clock
    )
    service.create("张伟", "packer", "1357", badge_code="OP-0001")
    service.create("王芳", "supervisor", "9876", badge_code="SV-0001")
    return service


def op(name):
    return Operator.get(Operator.name == name)


def actions():
    return [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]


def test_pin_stored_hashed(ops):
    assert "1357" not in op("张伟").pin_hash


def test_weak_pin_refused_at_creation(ops):
    with pytest.raises(PinRejected):
        ops.create("X", "packer", "1111")


def test_login_with_pin_and_badge(ops):
    assert ops.login_with_pin(op("张伟").id, "1357").operator.name == "张伟"
    assert ops.login_with_badge("SV-0001").operator.name == "王芳"
    assert actions()[-2:] == ["login", "login"]


def test_wrong_pin_counts_down_then_locks(ops, clock):
    zw = op("张伟")
    with pytest.raises(AuthError) as e1:
        ops.login_with_pin(zw.id, "0000")
    assert e1.value.code == "wrong_pin" and e1.value.params["attempts_left"] == 2
    with pytest.raises(AuthError):
        ops.login_with_pin(zw.id, "0001")
    with pytest.raises(AuthError) as e3:
        ops.login_with_pin(zw.id, "0002")
    assert e3.value.code == "operator_locked"
    # locked: even the right PIN and the badge are refused
    with pytest.raises(AuthError) as e4:
        ops.login_with_pin(zw.id, "1357")
    assert e4.value.code == "operator_locked"
    with pytest.raises(AuthError):
        ops.login_with_badge("OP-0001")
    assert "operator_locked" in actions()
    # after the lockout the right PIN works and the count starts again
    clock.now += timedelta(minutes=15)
    ops.login_with_pin(zw.id, "1357")
    assert op("张伟").failed_attempts == 0


def test_lock_survives_a_restart(ops, store, clock):
    zw = op("张伟")
    for pin in ("0000", "0001", "0002"):
        with pytest.raises(AuthError):
            ops.login_with_pin(zw.id, pin)
    fresh = OperatorService(store.db, "bench-1", LockoutPolicy(3, timedelta(minutes=15)), clock)
    with pytest.raises(AuthError, match="operator_locked"):
        fresh.login_with_pin(zw.id, "1357")


def test_unknown_badge_and_inactive_operator(ops):
    with pytest.raises(AuthError, match="unknown_badge"):
        ops.login_with_badge("NOPE")
    Operator.update(active=False).where(Operator.name == "张伟").execute()
    with pytest.raises(AuthError, match="operator_inactive"):
        ops.login_with_badge("OP-0001")


def test_supervisor_approves_by_pin_audited_with_both_names(ops):
    packer, sup = op("张伟"), op("王芳")
    approver = ops.approve(
        "short_ship",
        packer,
        supervisor_id=sup.id,
        pin="9876",
        entity="sales_order",
        entity_uuid="u-1",
        details={"lines": 1},
    )
    assert approver.id == sup.id
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "approved:short_ship"
    assert entry.operator_id == packer.id and entry.approved_by_id == sup.id
    assert json.loads(entry.details) == {"lines": 1}


def test_supervisor_approves_by_badge(ops):
    assert ops.approve("void", op("张伟"), badge_code="SV-0001").name == "王芳"


def test_a_packer_cannot_approve(ops):
    with pytest.raises(AuthError, match="not_a_supervisor"):
        ops.approve("short_ship", op("张伟"), badge_code="OP-0001")
    assert actions()[-1] == "approval_refused"


def test_wrong_supervisor_pin_counts_toward_their_lockout(ops):
    sup = op("王芳")
    with pytest.raises(AuthError, match="wrong_pin"):
        ops.approve("void", op("张伟"), supervisor_id=sup.id, pin="1234")
    assert op("王芳").failed_attempts == 1
    assert "approval_pin_failed" in actions()


def test_approval_without_credentials_is_refused(ops):
    with pytest.raises(AuthError, match="approval_needs_credentials"):
        ops.approve("void", op("张伟"))


def test_pin_failures_are_counted_from_the_record_not_from_a_copy_in_hand(ops):
    """A session's operator was read at login; a failure elsewhere since (another login
    attempt, another process) must still count: three failures in all lock the
    operator, whichever copy each was checked against."""
    session = ops.login_with_badge("OP-0001")  # holds a copy with 0 failures
    with pytest.raises(AuthError):
        ops.login_with_pin(op("张伟").id, "0000")  # 1, on the record
    with pytest.raises(AuthError):
        ops.login_with_pin(op("张伟").id, "0000")  # 2
    with pytest.raises(AuthError) as exc:
        ops.unlock_screen(session, "0000")  # 3, though the session's copy says 0
    assert exc.value.code == "operator_locked"
    assert op("张伟").failed_attempts == 3 and op("张伟").locked_until is not None
