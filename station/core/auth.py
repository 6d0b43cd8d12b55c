"""Operators' secrets and rights: PIN hashing, lockout, roles.

PINs are hashed with scrypt and a random salt; the stored form names its
parameters so they can be raised later without breaking old hashes.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
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


def check_pin_shape(pin: str) -> None:
    if not pin.isascii() or not pin.isdigit():
        raise PinRejected("pin_not_digits")
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise PinRejected("pin_length")
    if len(set(pin)) == 1:
        raise PinRejected("pin_too_simple")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            pin.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


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
