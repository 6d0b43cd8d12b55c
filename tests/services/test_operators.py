import json
from datetime import timedelta

import pytest

from station.core.auth import LockoutPolicy, PinRejected
from station.db.models import AuditEntry, Meta, Operator
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


# --- secrets: badges hashed like PINs, hashes upgraded -------------------------------


def test_no_badge_code_is_stored_and_each_scan_finds_its_operator(ops, store):
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = store.path.read_bytes()
    for code in ("OP-0001", "SV-0001"):
        assert code.encode() not in raw
        assert all(code not in (o.badge_hash or "") for o in Operator.select())
    # one salt for the bench's badges: the scan is hashed once, found by equality
    salts = {o.badge_hash.split("$")[4] for o in Operator.select()}
    assert len(salts) == 1
    for code, name in (("OP-0001", "张伟"), (" SV-0001\n", "王芳")):
        assert ops.login_with_badge(code).operator.name == name
    for wrong in ("OP-0002", "op-0001", "", "SV-000"):
        with pytest.raises(AuthError, match="unknown_badge"):
            ops.login_with_badge(wrong)


def test_a_badge_hashed_with_another_salt_is_found_too(ops):
    from station.core.auth import hash_badge, new_badge_salt

    ops.create("赵敏", "packer", "4826")
    Operator.update(badge_hash=hash_badge("HO-77", new_badge_salt())).where(
        Operator.name == "赵敏"
    ).execute()  # as head office hashes it, with its site's salt
    assert ops.login_with_badge("HO-77").operator.name == "赵敏"
    assert ops.login_with_badge("OP-0001").operator.name == "张伟"


def test_old_pin_and_badge_hashes_verify_and_are_upgraded_at_login(ops, monkeypatch):
    import station.core.auth as auth

    old_pin, old_badge = op("张伟").pin_hash, op("张伟").badge_hash
    assert old_pin.startswith("scrypt$1024$") and auth.needs_rehash(old_pin) is False
    monkeypatch.setattr(auth, "SCRYPT_N", 2**12)  # the parameters are raised
    assert auth.needs_rehash(old_pin) and auth.needs_rehash(old_badge)
    ops.login_with_pin(op("张伟").id, "1357")
    assert op("张伟").pin_hash.startswith("scrypt$4096$8$1$")
    ops.login_with_badge("OP-0001")
    assert op("张伟").badge_hash.startswith("scrypt$4096$8$1$")
    assert op("张伟").badge_hash.split("$")[4] == old_badge.split("$")[4]  # the site's salt
    # and both still work after the upgrade
    assert ops.login_with_pin(op("张伟").id, "1357").operator.name == "张伟"
    assert ops.login_with_badge("OP-0001").operator.name == "张伟"
    with pytest.raises(AuthError, match="wrong_pin"):
        ops.login_with_pin(op("张伟").id, "1358")  # a failure upgrades nothing


def test_the_bench_cost_is_what_the_benchmark_measures(monkeypatch):
    """The real parameters (tests run cheaper ones, see conftest); timed in benchmarks/."""
    import station.core.auth as auth

    monkeypatch.undo()  # conftest's cheaper parameters off: the bench's own
    assert (auth.SCRYPT_N, auth.SCRYPT_R, auth.SCRYPT_P) == (2**16, 8, 1)
    stored = auth.hash_pin("482615")
    assert stored.startswith("scrypt$65536$8$1$") and auth.verify_pin("482615", stored)
    assert not auth.verify_pin("482616", stored)


@pytest.mark.parametrize(
    "length,pin,ok", [(4, "1357", True), (6, "1357", False), (6, "135792", True)]
)
def test_the_pin_length_setting(store, length, pin, ok):
    service = OperatorService(store.db, "bench-1", min_pin_length=length)
    if ok:
        service.create("新人", "packer", pin)
    else:
        with pytest.raises(PinRejected, match="pin_length"):
            service.create("新人", "packer", pin)


def test_badges_stored_before_are_hashed_by_the_migration(tmp_path):
    import peewee as pw

    from station.db.migrate import migrate

    path = tmp_path / "old.sqlite3"
    db = pw.SqliteDatabase(str(path))
    migrate(db, target=6)
    for i, code in enumerate(("OP-0001", "SV-0001")):
        db.execute_sql(
            'INSERT INTO "operator" (uuid, created_at, name, role, badge_code, pin_hash, '
            "failed_attempts, active) VALUES (?, '2026-01-01', ?, 'packer', ?, 'x', 0, 1)",
            (f"uuid-{i}", f"op{i}", code),
        )
    migrate(db)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert b"OP-0001" not in path.read_bytes() and b"SV-0001" not in path.read_bytes()
    with db.bind_ctx([Operator, Meta]):
        service = OperatorService(db, "bench-1")
        assert service.find_by_badge("SV-0001").name == "op1"
        assert service.find_by_badge("OP-0001").name == "op0"
        assert service.find_by_badge("OP-0003") is None


def test_supervisor_badge_and_pin_setting(ops):
    ops.supervisor_badge_and_pin = True
    with pytest.raises(AuthError, match="badge_needs_pin") as exc:
        ops.approve("void", op("张伟"), badge_code="SV-0001")
    assert exc.value.params["name"] == "王芳"
    with pytest.raises(AuthError, match="wrong_pin"):
        ops.approve("void", op("张伟"), badge_code="SV-0001", pin="1111")
    assert op("王芳").failed_attempts == 1
    assert ops.approve("void", op("张伟"), badge_code="SV-0001", pin="9876").name == "王芳"
    with pytest.raises(AuthError, match="badge_needs_pin"):
        ops.login_with_badge("SV-0001")
    assert ops.login_with_badge("SV-0001", pin="9876").operator.name == "王芳"
    assert ops.login_with_badge("OP-0001").operator.name == "张伟"  # a packer: badge alone
    logins = [
        json.loads(e.details)["by"] for e in AuditEntry.select().where(AuditEntry.action == "login")
    ]
    assert logins == ["badge+pin", "badge"]
