"""Start the station's window: ``python main.py [--demo] [--data-dir DIR] [QT OPTIONS]``."""

import sys


def main(argv=None) -> int:
    from station.cli_args import OneLineParser, data_dir, qt_arguments_problem

    parser = OneLineParser(
        prog="main.py",
        description="Start the station.",
        epilog="Qt's own options (-platform NAME, -style NAME, -reverse, …) are passed to Qt; "
        "any other is refused.",
    )
    parser.add_argument("--demo", action="store_true", help="demo database and simulated devices")
    parser.add_argument("--data-dir", metavar="DIR", type=data_dir, help="data directory")
    args, qt_args = parser.parse_known_args(argv)
    problem = qt_arguments_problem(qt_args)
    if problem is not None:
        parser.error(problem)
    from station.app import run_gui

    return run_gui(data_dir=args.data_dir, demo=args.demo, qt_args=qt_args)


if __name__ == "__main__":
    sys.exit(main())
