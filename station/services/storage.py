"""When the disk says no: a full disk, a read-only data folder, an I/O error.

The store's transactions roll back whole, so a write that fails leaves nothing
half-written; this names the failure so the bench can refuse the scan loudly
(never acknowledge it) and say what to do.
"""

from __future__ import annotations

import sqlite3

import peewee as pw

PROBLEMS = {
    "full": ("database or disk is full", "disk full"),
    "readonly": ("readonly database", "read-only", "attempt to write a readonly"),
    "io": ("disk i/o error", "unable to open database"),
}


def storage_problem(exc: BaseException | None) -> str | None:
    """``full``, ``readonly`` or ``io`` when ``exc`` (or what it was raised from)
    is the disk refusing a write. SQLite rolls a transaction back by itself on a
    full disk, so the error seen last may be "cannot rollback" raised while
    handling the real one."""
    seen = 0
    while exc is not None and seen < 5:
        problem = _one(exc)
        if problem is not None:
            return problem
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _one(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno is not None:
        import errno

        if exc.errno == errno.ENOSPC:
            return "full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "readonly"
        return None
    if not isinstance(exc, (pw.DatabaseError, sqlite3.DatabaseError)):
        return None
    text = str(exc).lower()
    for problem, needles in PROBLEMS.items():
        if any(n in text for n in needles):
            return problem
    return None
