"""Who may read what at head office.

Two kinds of token, each kept as a digest only (``store.token_digest``):

- a **bench** token (``station head-office --bench ID:TOKEN``): uploads the
  bench's records; reads its own records, its own audit anchor, its site's
  master data, its own row of the day's figures, media and the tracking numbers
  its site's benches used (a bench restoring a backup needs them).
- a **supervisor** token (``station head-office --supervisor NAME:TOKEN``, or one
  made with ``station head-office --issue-supervisor NAME``): reads the
  all-benches board (``/v1/daily``), any bench's record UUIDs and anchors. It
  uploads nothing and gets no master data (it is no bench).

A bench token asking for another bench's records is answered 403.

Whom a token names is remembered for ``CALLER_TTL_S`` seconds in each worker
process (a request is then answered without a database query for it): a token
replaced or removed in another process still works for that long at most; one
replaced through this process's store stops at once.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import peewee as pw

from station.headoffice.models import Base
from station.headoffice.store import HeadOfficeStore, token_digest


class Supervisor(Base):
    """A supervisor's token (its digest): reads every bench's figures."""

    name = pw.CharField(primary_key=True)
    token = pw.CharField(unique=True)


@dataclass(frozen=True)
class Caller:
    """Whom a request's token names: ``role`` "bench" (``name`` the bench id) or
    "supervisor" (``name`` the supervisor's)."""

    role: str
    name: str

    @property
    def is_bench(self) -> bool:
        return self.role == "bench"

    def may_read_bench(self, bench_id: str) -> bool:
        """A supervisor reads every bench; a bench only itself."""
        return self.role == "supervisor" or bench_id == self.name


def prepare(store: HeadOfficeStore) -> None:
    """Bind the supervisors' table to the store's database (its migration
    m0003 makes it)."""
    store.db.bind([Supervisor])


def add_supervisor(store: HeadOfficeStore, name: str, token: str) -> None:
    """Register (or change) a supervisor's token. ValueError for an empty name or
    token, or a token that is a bench's."""
    if not name or not name.strip():
        raise ValueError("a supervisor needs a name")
    if not token or not token.strip():
        raise ValueError(f"supervisor {name}: a token that is not empty is needed")
    if store.bench_for(token) is not None:
        raise ValueError(f"supervisor {name}: that token is a bench's")
    prepare(store)
    digest = token_digest(token)
    Supervisor.insert(name=name, token=digest).on_conflict(
        conflict_target=[Supervisor.name], update={Supervisor.token: digest}
    ).execute()
    store.forget_callers()  # this supervisor's earlier token stops at once


def issue_supervisor(store: HeadOfficeStore, name: str) -> str:
    """A new random token for supervisor ``name`` (any earlier one stops working);
    returned once, kept only as a digest."""
    token = secrets.token_urlsafe(32)
    add_supervisor(store, name, token)
    return token


CALLER_TTL_S = 5.0  # seconds a token's caller is remembered (see the module's docstring)
CALLERS_KEPT = 10_000  # tokens remembered at most; past it, all are forgotten


def remembered_caller(store: HeadOfficeStore, token: str | None) -> Caller | None:
    """The caller of ``token`` if it was looked up less than ``CALLER_TTL_S`` ago, else
    None (look it up with :func:`caller_for`). No database: fit for the event loop."""
    if not token:
        return None
    hit = store.callers.get(token_digest(token))
    return hit[0] if hit is not None and hit[1] > time.monotonic() else None


def caller_for(store: HeadOfficeStore, token: str | None) -> Caller | None:
    """The bench or supervisor a token belongs to, or None (no token, a blank one,
    or an unknown one). A caller found is remembered (:func:`remembered_caller`)."""
    if not token or not token.strip():
        return None
    digest = token_digest(token)
    changes = store.tokens_changed  # a token changed during the lookup: not remembered
    bench = store.bench_for(token)
    if bench is not None:
        caller = Caller("bench", bench)
    else:
        row = Supervisor.get_or_none(Supervisor.token == digest)
        if row is None:
            return None
        caller = Caller("supervisor", row.name)
    with store.callers_lock:
        if store.tokens_changed != changes:
            return caller
        if len(store.callers) >= CALLERS_KEPT:
            store.callers.clear()
        store.callers[digest] = (caller, time.monotonic() + CALLER_TTL_S)
    return caller
