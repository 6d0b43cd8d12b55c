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


def test_a_badge_hash_is_salted_repeatable_and_hides_the_code():
    from station.core.auth import badge_hash_prefix, hash_badge, hash_badge_like, new_badge_salt

    site_a, site_b = new_badge_salt(), new_badge_salt()
    stored = hash_badge("SV-0001", site_a)
    assert "SV-0001" not in stored and stored.split("$")[4] == site_a
    assert hash_badge("SV-0001", site_a) == stored  # a scan is found by equality
    assert hash_badge("SV-0001", site_b) != stored  # another site, another hash
    assert hash_badge("SV-0002", site_a) != stored
    assert hash_badge_like("SV-0001", badge_hash_prefix(stored)) == stored


@pytest.mark.parametrize(
    "stored",
    [
        "scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # N=2^21: 2 GiB, refused unrun
        "scrypt$1024$64$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # not a power of two
        "scrypt$0$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
    ],
)
def test_a_stored_hash_with_absurd_parameters_is_refused_not_computed(stored):
    assert not verify_pin("1357", stored)


def test_weaker_hashes_need_rehash(monkeypatch):
    import station.core.auth as auth

    monkeypatch.setattr(auth, "SCRYPT_N", 2**12)
    assert auth.needs_rehash("scrypt$1024$8$1$AAAA$AAAA")
    assert auth.needs_rehash("scrypt$4096$4$1$AAAA$AAAA")
    assert not auth.needs_rehash("scrypt$4096$8$1$AAAA$AAAA")
    assert not auth.needs_rehash("scrypt$8192$8$1$AAAA$AAAA")
    assert auth.needs_rehash("") and auth.needs_rehash(None)
