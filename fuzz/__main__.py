"""Coverage-guided fuzzing of everything that reads outside input (atheris).

    python -m fuzz [TARGET…] [--runs N] [--seconds S]

Each target runs in its own process under libFuzzer; the table at the end says
how many inputs each one was given. A crash, a half-written import or a refusal
without a message stops that target and leaves the input in ``fuzz/crashes/``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path


def one(name: str, runs: int, seconds: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["station"]):
        from fuzz.targets import check, targets

    target = targets()[name]

    def test_one_input(data: bytes) -> None:
        check(target, data)

    crashes = Path(__file__).parent / "crashes"
    crashes.mkdir(exist_ok=True)
    atheris.Setup(
        [
            sys.argv[0],
            f"-runs={runs}",
            f"-max_total_time={seconds}",
            f"-artifact_prefix={crashes}/{name}-",
            "-max_len=4096",
        ],
        test_one_input,
    )
    atheris.Fuzz()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    p.add_argument("names", nargs="*")
    p.add_argument("--runs", type=int, default=20_000, help="inputs per target")
    p.add_argument("--seconds", type=int, default=60, help="time limit per target")
    p.add_argument("--one", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        one(args.one, args.runs, args.seconds)
        return 0
    from fuzz.targets import targets

    names = args.names or list(targets())
    total, failed = 0, []
    print(f"{'target':<22} {'inputs':>10}  result")
    for name in names:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "fuzz",
                "--one",
                name,
                f"--runs={args.runs}",
                f"--seconds={args.seconds}",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        found = re.findall(r"Done (\d+) runs", done.stderr) or re.findall(r"#(\d+)\s", done.stderr)
        n = int(found[-1]) if found else 0
        total += n
        ok = done.returncode == 0
        if not ok:
            failed.append(name)
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            print(tail, file=sys.stderr)
        print(f"{name:<22} {n:>10,}  {'ok' if ok else 'FAILED'}")
    print(f"{'total':<22} {total:>10,}  {'ok' if not failed else 'FAILED: ' + ', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
