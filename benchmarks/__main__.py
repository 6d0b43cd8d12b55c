"""Run every benchmark and print one table (or JSON with ``--json``)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import sqlite3
import sys
import time

import benchmarks
from benchmarks.common import Figure


def cpu_yardstick_ms() -> float:
    """A fixed pure-Python loop, best of three: how fast this machine is today, so
    that two runs' milliseconds can be compared (the ratios need no such help)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def machine() -> dict:
    import PySide6

    return {
        "cores": os.cpu_count(),
        "yardstick_ms": cpu_yardstick_ms(),
        "python": platform.python_version(),
        "qt": PySide6.__version__,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("names", nargs="*", help="only these benchmark modules (e.g. scanners)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    figures: list[tuple[str, Figure]] = []
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        short = info.name.removeprefix("bench_")
        if args.names and short not in args.names:
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        figures += [(short, f) for f in module.run(quick=args.quick)]
    facts = machine()
    if args.json:
        print(
            json.dumps(
                {"machine": facts, "figures": [{"group": g, **f.to_dict()} for g, f in figures]},
                indent=2,
            )
        )
        return 0
    print("machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    header = f"{'group':<10} {'figure':<44} {'value':>12} {'baseline':>12} {'ratio':>7}  goal"
    print(header)
    print("-" * len(header))
    for group, f in figures:
        base = f"{f.baseline:.3f}" if f.baseline is not None else "-"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
        label = f"{f.name} ({f.unit})"
        print(f"{group:<10} {label:<44} {f.value:>12.3f} {base:>12} {ratio:>7}  {f.goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
