"""The built application's program (``station`` / ``station.exe``, see ``station.build``).

With a command it is the ``station`` command (``station selftest``, ``station
doctor``…); started without one, as a double-click does, or with only the
window's options (``--demo``, ``--data-dir DIR``), it opens the window, like
``python main.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# options of the station command itself, not of the window
_COMMAND_OPTIONS = {"-h", "--help", "--version"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the station command or open the window; the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (not args[0].startswith("-") or args[0] in _COMMAND_OPTIONS):
        from station.cli import main as command

        return command(args)
    from station.cli_args import OneLineParser, data_dir, qt_arguments_problem

    parser = OneLineParser(prog="station", description="Start the station's window.")
    parser.add_argument("--demo", action="store_true", help="demo database and simulated devices")
    parser.add_argument("--data-dir", metavar="DIR", type=data_dir, help="data directory")
    known, qt_args = parser.parse_known_args(args)
    problem = qt_arguments_problem(qt_args)
    if problem is not None:
        parser.error(problem)
    from station.app import run_gui

    return run_gui(data_dir=known.data_dir, demo=known.demo, qt_args=qt_args)
