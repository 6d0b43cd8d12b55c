"""The one check every approved write makes, whatever page or command asked for it.

A page asks a supervisor before it calls a service; the service checks again
here, against the operator as stored now: a real, active, unlocked operator
whose role may approve exceptions. So a packer cannot approve their own
override through another path (a script, the CLI, a crafted call), and a
supervisor who was deactivated or locked out a minute ago approves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from station.core.auth import Permission, has_permission
from station.db.models import Operator, utcnow


def may_approve(op: Operator | None) -> Operator | None:
    """The stored operator if they may approve exceptions now, else None."""
    if op is None or getattr(op, "id", None) is None:
        return None
    fresh = Operator.get_or_none(Operator.id == op.id)
    if fresh is None or not fresh.active:
        return None
    if fresh.locked_until is not None and fresh.locked_until > utcnow():
        return None
    if not has_permission(fresh.role, Permission.APPROVE_EXCEPTION):
        return None
    return fresh


def require_approver(op: Operator | None, refuse: Callable[[], Exception]) -> Operator:
    fresh = may_approve(op)
    if fresh is None:
        raise refuse()
    return fresh
