"""The soak, short: two minutes of a peak shift (2,400 pack scans at 20 a second) into
the real window while the outbox drains to head office with faults injected.
The full shift is ``python -m benchmarks.soak`` (50,000 scans)."""

from __future__ import annotations

import pytest

from benchmarks.soak import soak

FROZEN_MS = 1000  # a packer notices a bench that stops answering for a second


@pytest.mark.timeout(600)
@pytest.mark.allow_error_logs  # head office's injected faults are logged
def test_two_minutes_of_peak_shift(tmp_path, qapp):
    r = soak(tmp_path, 2400, 20.0)
    print(f"longest stall {r.max_stall_ms} ms, longest collection {r.longest_gc_ms} ms")
    print(r.stall_stack)
    assert r.answered == 2400 and r.kept >= r.answered  # every scan answered is kept
    assert r.parcels == 800  # every order closed on its last unit
    assert r.records == r.at_head_office and r.duplicates == 0  # exactly once
    assert r.faults_injected >= 5
    # the < 100 ms goal is the benchmark's (python -m benchmarks.soak), where the machine
    # is quiet; here a stall only fails the test when the bench would look frozen
    assert r.max_stall_ms < FROZEN_MS, f"{r}\n{r.stall_stack}"
    assert r.rss_growth_pct < 10, r
