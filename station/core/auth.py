"""Operators' secrets and rights: PIN and badge hashing, lockout, roles.

PINs are hashed with scrypt and a random salt; the stored form names its
parameters (``scrypt$N$r$p$salt$digest``) so they can be raised later without
breaking old hashes: :func:`verify_pin` reads the parameters from the stored
form, :func:`needs_rehash` says when a hash is weaker than today's, and the
login upgrades it with the PIN it has just checked.

The cost (N=2^16, r=8, p=1: 64 MiB and about 0.17 s on a 2-core bench, see
``python -m benchmarks login``) is the most that keeps a login under 300 ms
on bench hardware; a stolen bench still lets someone try every 4-digit PIN
offline in about half an hour per operator (docs/security.md).

A badge code is hashed the same way, with one salt shared by the badges of a
site (head office's, or this database's own for operators made here), so a
scan is hashed once and found by equality; a badge code is never stored.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_N = 2**20  # a stored hash asking for more is refused, not computed (1 GiB)
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12


class Role(enum.StrEnum):
    PACKER = "packer"
    RECEIVER = "receiver"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    PACK = "pack"
    RECEIVE = "receive"
    PRINT = "print"
    APPROVE_EXCEPTION = "approve_exception"
    VOID = "void"
    VIEW_DASHBOARD = "view_dashboard"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_OPERATORS = "manage_operators"


_BASE = {Permission.PRINT}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PACKER: frozenset(_BASE | {Permission.PACK}),
    Role.RECEIVER: frozenset(_BASE | {Permission.RECEIVE}),
    Role.SUPERVISOR: frozenset(
        _BASE
        | {
            Permission.PACK,
            Permission.RECEIVE,
            Permission.APPROVE_EXCEPTION,
            Permission.VOID,
            Permission.VIEW_DASHBOARD,
            Permission.CHANGE_SETTINGS,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}


def has_permission(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[Role(role)]


class PinRejected(ValueError):
    """A PIN that may not be set; ``code`` is for the UI to translate."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_pin_shape(pin: str, min_length: int = MIN_PIN_LENGTH) -> None:
    """A new PIN: digits only, ``min_length`` (settings: security.min_pin_length, at
    least 4) to 12 of them, not one digit repeated. Raises PinRejected."""
    if not pin.isascii() or not pin.isdigit():
        raise PinRejected("pin_not_digits")
    if not max(MIN_PIN_LENGTH, min_length) <= len(pin) <= MAX_PIN_LENGTH:
        raise PinRejected("pin_length")
    if len(set(pin)) == 1:
        raise PinRejected("pin_too_simple")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    if not (1 < n <= MAX_SCRYPT_N and 0 < r <= 32 and 0 < p <= 16):
        raise ValueError("scrypt parameters out of range")
    return hashlib.scrypt(
        secret.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=dklen,
        maxmem=128 * r * (n + p + 2) + 2**20,  # OpenSSL's default (32 MiB) is below N=2^16
    )


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$digest`` (base64) with today's parameters and a random salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, digest) of a stored hash; ValueError when it is not one."""
    scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    if scheme != "scrypt":
        raise ValueError("not an scrypt hash")
    return int(n), int(r), int(p), base64.b64decode(salt_b64), base64.b64decode(digest_b64)


def verify_pin(pin: str, stored: str) -> bool:
    """The PIN against a stored hash made with any parameters; False for a malformed one."""
    try:
        n, r, p, salt, expected = _parse(stored)
        digest = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, TypeError, AttributeError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def needs_rehash(stored: str | None) -> bool:
    """True when a stored PIN or badge hash is cheaper than today's parameters (or
    unreadable): the login that has just checked the secret stores it again."""
    try:
        n, r, p, _, _ = _parse(stored or "")
    except (ValueError, TypeError):
        return True
    return n < SCRYPT_N or r < SCRYPT_R or p < SCRYPT_P


def new_badge_salt() -> str:
    """A salt for a site's badges (base64 of 16 random bytes)."""
    return _b64(secrets.token_bytes(16))


def badge_code_text(code: str) -> str:
    """The part of a scan that is the badge: surrounding white space is not."""
    return code.strip()


def hash_badge(code: str, salt: str) -> str:
    """A badge code's stored form: ``scrypt$N$r$p$salt$digest``, ``salt`` being the
    site's (base64). Same code and salt, same hash: a scan is found by equality."""
    raw = base64.b64decode(salt)
    digest = _scrypt(badge_code_text(code), raw, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt}${_b64(digest)}"


def badge_hash_prefix(stored: str) -> str:
    """``scrypt$N$r$p$salt$``: what a scan must be hashed with to compare with ``stored``."""
    return stored[: stored.rindex("$") + 1]


def hash_badge_like(code: str, prefix: str) -> str:
    """The scan hashed with the parameters and salt of ``prefix`` (see badge_hash_prefix)."""
    scheme, n, r, p, salt, _ = prefix.split("$")
    if scheme != "scrypt":
        raise ValueError("not an scrypt hash")
    digest = _scrypt(badge_code_text(code), base64.b64decode(salt), int(n), int(r), int(p))
    return prefix + _b64(digest)


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)

    def after_failure(self, failures: int, now: datetime) -> tuple[int, datetime | None]:
        """New failure count and, when the limit is reached, the time the lock ends."""
        failures += 1
        if failures >= self.max_failures:
            return failures, now + self.lockout
        return failures, None

    @staticmethod
    def is_locked(locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and now < locked_until
