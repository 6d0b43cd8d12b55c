"""``station report daily``: the end-of-day report as PDF, CSV or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

REPORT_FORMATS = ("pdf", "csv", "json")


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help="the supervisor's reports")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rsub.add_parser("daily", parents=[common], help="a day's figures: PDF, CSV or JSON")
    p.add_argument("--date", default=None, help="YYYY-MM-DD, local (default: today)")
    p.add_argument("--format", choices=REPORT_FORMATS, default="pdf")
    p.add_argument("-o", "--output", required=True, help="a file, or - for standard output")


def run(args) -> int:
    from station.cli_documents import _open
    from station.labels.daily_report import report_bytes
    from station.services.daily import day_figures, keep_printed_anchor

    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        print(f"station report: the date must be YYYY-MM-DD, not {args.date!r}", file=sys.stderr)
        return 2
    services = _open(args)
    try:
        figures = day_figures(day, services.settings)
        data = report_bytes(figures, args.format)
        try:
            keep_printed_anchor(services.data_dir.root, figures)
        except OSError as exc:
            print(f"station report: the audit anchor was not kept: {exc}", file=sys.stderr)
    finally:
        services.close()
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return 0
    out = Path(args.output)
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"station report: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 1
    anchor = (figures.audit_anchor or {}).get("short")
    print(
        json.dumps(
            {
                "written": str(out),
                "bytes": len(data),
                "date": day.isoformat(),
                "audit_anchor": anchor,
            }
        )
    )
    return 0
