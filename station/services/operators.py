"""Operators: log in by PIN or badge, lock out after failures, supervisor approvals.

Every success, failure, lock and approval is written to the audit log in the
same transaction as the change it records. Neither a PIN nor a badge code is
stored: both are salted scrypt hashes (station.core.auth); a badge scan is
hashed with the salt of the stored badges and found by equality, and a hash
made with weaker parameters than today's is replaced at the next login that
proves the secret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee as pw

from station.core.auth import (
    MIN_PIN_LENGTH,
    LockoutPolicy,
    Permission,
    Role,
    badge_hash_prefix,
    check_pin_shape,
    has_permission,
    hash_badge,
    hash_badge_like,
    hash_pin,
    needs_rehash,
    new_badge_salt,
    verify_pin,
)
from station.core.errors import CodedError
from station.db.audit import append_audit
from station.db.models import Meta, Operator, utcnow

BADGE_SALT = "badge_salt"  # meta key: the salt of badges made on this bench


class AuthError(CodedError):
    """Refused: ``code`` is for the UI to translate, ``params`` fill its blanks."""


@dataclass
class Session:
    """Who is at the bench now."""

    operator: Operator
    bench_id: str
    started_at: datetime = field(default_factory=utcnow)

    def can(self, permission: Permission) -> bool:
        return has_permission(self.operator.role, permission)


class OperatorService:
    def __init__(
        self,
        db: pw.Database,
        bench_id: str,
        policy: LockoutPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
        *,
        min_pin_length: int = MIN_PIN_LENGTH,
        supervisor_badge_and_pin: bool = False,
    ):
        self.db = db
        self.bench_id = bench_id
        self.policy = policy or LockoutPolicy()
        self.clock = clock
        self.min_pin_length = min_pin_length  # settings: security.min_pin_length
        # settings: security.supervisor_badge_and_pin: a supervisor's badge alone is not enough
        self.supervisor_badge_and_pin = supervisor_badge_and_pin

    # --- managing operators ---

    def create(
        self, name: str, role: Role | str, pin: str, badge_code: str | None = None
    ) -> Operator:
        check_pin_shape(pin, self.min_pin_length)
        role = Role(role)
        with self.db.atomic():
            badge_hash = hash_badge(badge_code, self.badge_salt()) if badge_code else None
            op = Operator.create(
                name=name, role=role.value, pin_hash=hash_pin(pin), badge_hash=badge_hash
            )
            append_audit(
                self.bench_id,
                "operator_created",
                entity="operator",
                entity_uuid=op.uuid,
                details={"name": name, "role": role.value},
            )
        return op

    def badge_salt(self) -> str:
        """The salt of badges made on this bench (``meta.badge_salt``), made once."""
        row = Meta.get_or_none(Meta.key == BADGE_SALT)
        if row is not None:
            return row.value
        salt = new_badge_salt()
        Meta.insert(key=BADGE_SALT, value=salt).on_conflict_ignore().execute()
        return Meta.get(Meta.key == BADGE_SALT).value

    def find_by_badge(self, code: str) -> Operator | None:
        """The operator whose badge hash a scan gives, or None. The scan is hashed
        once per salt and parameter set among the stored badges (one, usually)."""
        prefixes = {
            badge_hash_prefix(h)
            for (h,) in Operator.select(Operator.badge_hash)
            .where(Operator.badge_hash.is_null(False))
            .distinct()
            .tuples()
            if "$" in h
        }
        for prefix in sorted(prefixes):
            try:
                candidate = hash_badge_like(code, prefix)
            except (ValueError, TypeError):
                continue  # a malformed stored hash matches no scan
            op = Operator.get_or_none(Operator.badge_hash == candidate)
            if op is not None:
                if needs_rehash(op.badge_hash):
                    salt = prefix.split("$")[4]
                    Operator.update(badge_hash=hash_badge(code, salt)).where(
                        Operator.id == op.id
                    ).execute()
                return op
        return None

    def active_operators(self) -> list[Operator]:
        return list(Operator.select().where(Operator.active).order_by(Operator.name))

    # --- logging in ---

    def _usable(self, op: Operator | None) -> Operator:
        if op is None:
            raise AuthError("unknown_operator")
        if not op.active:
            raise AuthError("operator_inactive", name=op.name)
        if self.policy.is_locked(op.locked_until, self.clock()):
            raise AuthError("operator_locked", name=op.name, until=op.locked_until)
        return op

    def _check_pin(self, op: Operator, pin: str, action: str) -> None:
        """Verify a PIN; on failure count it, lock when the limit is reached, and refuse."""
        op = self._usable(op)
        now = self.clock()
        if verify_pin(pin, op.pin_hash):
            if needs_rehash(op.pin_hash):  # made with older, cheaper parameters
                op.pin_hash = hash_pin(pin)
                Operator.update(pin_hash=op.pin_hash).where(Operator.id == op.id).execute()
            if op.failed_attempts or op.locked_until:
                Operator.update(failed_attempts=0, locked_until=None).where(
                    Operator.id == op.id
                ).execute()
                op.failed_attempts, op.locked_until = 0, None
            return
        with self.db.atomic():
            # counted from the row as it is now, inside the transaction (which holds the
            # write lock): failures at two places at once both count
            so_far = Operator.select(Operator.failed_attempts).where(Operator.id == op.id).scalar()
            failures, until = self.policy.after_failure(so_far or 0, now)
            Operator.update(failed_attempts=failures, locked_until=until).where(
                Operator.id == op.id
            ).execute()
            op.failed_attempts, op.locked_until = failures, until
            append_audit(
                self.bench_id,
                f"{action}_pin_failed",
                operator=op,
                details={"failures": failures},
            )
            if until is not None:
                append_audit(
                    self.bench_id, "operator_locked", operator=op, details={"until": str(until)}
                )
        if until is not None:
            raise AuthError("operator_locked", name=op.name, until=until)
        raise AuthError("wrong_pin", attempts_left=self.policy.max_failures - failures)

    def login_with_pin(self, operator_id: int, pin: str) -> Session:
        op = Operator.get_or_none(Operator.id == operator_id)
        self._check_pin(op, pin, "login")
        append_audit(self.bench_id, "login", operator=op, details={"by": "pin"})
        return Session(op, self.bench_id)

    def _badge_needs_pin(self, op: Operator) -> bool:
        return self.supervisor_badge_and_pin and has_permission(
            op.role, Permission.APPROVE_EXCEPTION
        )

    def _badge(self, op: Operator | None, pin: str | None, action: str) -> Operator:
        """The operator a badge scan found, with their PIN too where the settings ask
        it of supervisors: AuthError ``badge_needs_pin`` (params: name, operator_id)
        when it is missing; a wrong one counts toward their lockout."""
        op = self._usable(op)
        if self._badge_needs_pin(op):
            if pin is None:
                raise AuthError("badge_needs_pin", name=op.name, operator_id=op.id)
            self._check_pin(op, pin, action)
        return op

    def login_with_badge(self, badge_code: str, pin: str | None = None) -> Session:
        """Log in by badge scan; a supervisor also gives their PIN when
        ``security.supervisor_badge_and_pin`` is on."""
        op = self.find_by_badge(badge_code)
        if op is None:
            raise AuthError("unknown_badge")
        op = self._badge(op, pin, "login")
        by = "badge+pin" if self._badge_needs_pin(op) else "badge"
        append_audit(self.bench_id, "login", operator=op, details={"by": by})
        return Session(op, self.bench_id)

    def logout(self, session: Session, reason: str = "logout") -> None:
        append_audit(self.bench_id, reason, operator=session.operator)

    def unlock_screen(self, session: Session, pin: str) -> None:
        """The operator whose screen locked for idleness comes back with their PIN."""
        self._check_pin(session.operator, pin, "unlock")

    # --- approvals ---

    def approve(
        self,
        action: str,
        requested_by: Operator,
        *,
        supervisor_id: int | None = None,
        pin: str | None = None,
        badge_code: str | None = None,
        entity: str = "",
        entity_uuid: str = "",
        details: dict[str, Any] | None = None,
    ) -> Operator:
        """A supervisor approves ``action`` on ``requested_by``'s screen; audited.

        The supervisor proves who they are by badge, or by choosing their name
        and typing their PIN (failures count toward their own lockout); by badge
        and PIN when ``security.supervisor_badge_and_pin`` is on.
        """
        if badge_code is not None:
            found = self.find_by_badge(badge_code)
            if found is None:
                raise AuthError("unknown_badge")  # a scan that is no badge at all
            sup = self._badge(found, pin, "approval")
        elif supervisor_id is not None and pin is not None:
            sup = Operator.get_or_none(Operator.id == supervisor_id)
            self._check_pin(sup, pin, "approval")
        else:
            raise AuthError("approval_needs_credentials")
        if not has_permission(sup.role, Permission.APPROVE_EXCEPTION):
            with self.db.atomic():
                append_audit(
                    self.bench_id,
                    "approval_refused",
                    operator=requested_by,
                    approved_by=sup,
                    entity=entity,
                    entity_uuid=entity_uuid,
                    details={"action": action, "reason": "not_permitted"},
                )
            raise AuthError("not_a_supervisor", name=sup.name)
        append_audit(
            self.bench_id,
            f"approved:{action}",
            operator=requested_by,
            approved_by=sup,
            entity=entity,
            entity_uuid=entity_uuid,
            details=details,
        )
        return sup

    def supervisors(self) -> list[Operator]:
        return [
            op
            for op in self.active_operators()
            if has_permission(op.role, Permission.APPROVE_EXCEPTION)
        ]
