"""Logging in on the bench: the cost of hashing PINs and badges (scrypt).

- A PIN login through ``OperatorService.login_with_pin`` on a real database file,
  with today's parameters (N=2^16, r=8, p=1): median and p95 of the whole login,
  audited. Goal: under 300 ms on bench hardware (the issue's limit for a login).
  Measure on an idle machine: other work on the same cores slows scrypt in
  proportion (the yardstick in the table's first line shows the machine's pace);
  the login's CPU time (thread time) is what an idle bench would wait, even
  when the machine running the benchmark is busy.
- A badge login (one scan hashed with the site's salt, found by equality).
- Baseline: the scrypt of the previous parameters (N=2^14), the hash alone.
- What the cost buys: the time to try every 4-digit and every 6-digit PIN
  offline, on one core of this machine, for one operator (hours).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, percentile


def _time(fn, rounds: int, clock=time.perf_counter) -> list[float]:
    out = []
    for _ in range(rounds):
        start = clock()
        fn()
        out.append((clock() - start) * 1000)
    return out


def run(*, quick: bool = False) -> list[Figure]:
    import station.core.auth as auth
    from station.db.store import Store
    from station.services.operators import OperatorService

    rounds = 5 if quick else 30
    with tempfile.TemporaryDirectory() as d:
        store = Store.open(Path(d) / "station.sqlite3", Path(d) / "backups", backup_interval=None)
        try:
            ops = OperatorService(store.db, "bench-bm")
            op = ops.create("张伟", "packer", "135790", badge_code="OP-0001-7F3C")
            pin_ms = _time(lambda: ops.login_with_pin(op.id, "135790"), rounds)
            pin_cpu_ms = _time(
                lambda: ops.login_with_pin(op.id, "135790"), rounds, time.thread_time
            )
            badge_ms = _time(lambda: ops.login_with_badge("OP-0001-7F3C"), rounds)
            badge_cpu_ms = _time(
                lambda: ops.login_with_badge("OP-0001-7F3C"), rounds, time.thread_time
            )
        finally:
            store.close()
    salt = b"0123456789abcdef"
    old_ms = _time(
        lambda: auth._scrypt("135790", salt, 2**14, auth.SCRYPT_R, auth.SCRYPT_P), rounds
    )
    hash_ms = _time(
        lambda: auth._scrypt("135790", salt, auth.SCRYPT_N, auth.SCRYPT_R, auth.SCRYPT_P),
        rounds,
        time.thread_time,
    )
    one = percentile(hash_ms, 50) / 1000  # CPU seconds per guess, one core
    return [
        Figure(
            f"PIN login median (scrypt N=2^{auth.SCRYPT_N.bit_length() - 1})",
            percentile(pin_ms, 50),
            "ms",
            baseline=percentile(old_ms, 50),
            baseline_name="scrypt N=2^14 alone",
            goal="< 300 ms",
        ),
        Figure("PIN login p95", percentile(pin_ms, 95), "ms", goal="< 300 ms"),
        Figure("PIN login CPU time median", percentile(pin_cpu_ms, 50), "ms", goal="< 300 ms"),
        Figure("badge login median", percentile(badge_ms, 50), "ms", goal="< 300 ms"),
        Figure("badge login p95", percentile(badge_ms, 95), "ms", goal="< 300 ms"),
        Figure("badge login CPU time median", percentile(badge_cpu_ms, 50), "ms", goal="< 300 ms"),
        Figure("every 4-digit PIN tried offline", one * 10**4 / 3600, "h/core"),
        Figure("every 6-digit PIN tried offline", one * 10**6 / 3600, "h/core"),
    ]
