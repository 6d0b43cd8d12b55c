from datetime import datetime, timedelta

import pytest

from station.core.auth import (
    LockoutPolicy,
    Permission,
    PinRejected,
    Role,
    check_pin_shape,
    has_permission,
    hash_pin,
    verify_pin,
)


def test_pin_hash_verifies_and_hides_the_pin():
    stored = hash_pin("4821")
    assert stored.startswith("scrypt$")
    assert "4821" not in stored
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)


def test_same_pin_gets_a_different_salt_each_time():
    assert hash_pin("4821") != hash_pin("4821")


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$y$z$a$b", "md5$1$1$1$AA==$AA=="])
def test_malformed_stored_hash_never_verifies(stored):
    assert not verify_pin("4821", stored)


@pytest.mark.parametrize(
    "pin,code",
    [
        ("12a4", "pin_not_digits"),
        ("123", "pin_length"),
        ("1" * 13, "pin_length"),
        ("7777", "pin_too_simple"),
    ],
)
def test_pin_shape_rules(pin, code):
    with pytest.raises(PinRejected) as exc:
        check_pin_shape(pin)
    assert exc.value.code == code


def test_lockout_after_the_limit():
    policy = LockoutPolicy(max_failures=3, lockout=timedelta(minutes=10))
    now = datetime(2026, 11, 11, 9, 0)
    failures, until = policy.after_failure(0, now)
    assert (failures, until) == (1, None)
    failures, until = policy.after_failure(2, now)
    assert failures == 3 and until == now + timedelta(minutes=10)
    assert policy.is_locked(until, now + timedelta(minutes=9))
    assert not policy.is_locked(until, now + timedelta(minutes=10))


def test_roles():
    assert has_permission(Role.PACKER, Permission.PACK)
    assert not has_permission(Role.PACKER, Permission.APPROVE_EXCEPTION)
    assert not has_permission(Role.RECEIVER, Permission.PACK)
    assert has_permission(Role.SUPERVISOR, Permission.APPROVE_EXCEPTION)
    assert not has_permission(Role.SUPERVISOR, Permission.MANAGE_OPERATORS)
    assert all(has_permission(Role.ADMIN, p) for p in Permission)
    assert has_permission("packer", Permission.PRINT)
