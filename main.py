"""Start the station's window: ``python main.py [--demo] [--data-dir DIR]``."""

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Start the station.")
    parser.add_argument("--demo", action="store_true", help="demo database and simulated devices")
    parser.add_argument("--data-dir", metavar="DIR", help="data directory")
    args, qt_args = parser.parse_known_args(argv)
    from station.app import run_gui

    return run_gui(data_dir=args.data_dir, demo=args.demo, qt_args=qt_args)


if __name__ == "__main__":
    sys.exit(main())
