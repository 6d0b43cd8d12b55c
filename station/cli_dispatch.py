"""``station dispatch``: carrier handovers from a script, as the Dispatch page does them.

    station dispatch open --carrier ZTO [--bag ZTO-BAG-0193] --badge OP-0001
    station dispatch scan --badge OP-0001 CODE [CODE...]     one JSON line per scan
    station dispatch close --badge OP-0001 [--supervisor-badge SV-0001] --sheet out.pdf
    station dispatch undo --supervisor-badge SV-0001 TRACKING
    station dispatch cancel --badge OP-0001                   an empty one opened by mistake
    station dispatch status                                   JSON: the open handover

A PIN, where the badge needs one (a supervisor's, when the settings ask it), comes
from ``STATION_PIN`` / ``STATION_SUPERVISOR_PIN``, never from the command line.
Exit 0 when every scan was taken; 1 when one was refused (4 when an intercepted
parcel must be pulled out); 2 for a refused step or a bad argument.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_REFUSED, EXIT_BAD, EXIT_INTERCEPT = 1, 2, 4


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("dispatch", parents=[common], help="hand parcels over to a carrier")
    dsub = p.add_subparsers(dest="dispatch_command", metavar="ACTION", required=True)
    o = dsub.add_parser("open", parents=[common], help="open a handover for a carrier")
    o.add_argument("--carrier", required=True)
    o.add_argument("--bag", default="", help="the bag, cage or manifest barcode")
    o.add_argument("--badge", required=True, help="the operator's badge")
    s = dsub.add_parser("scan", parents=[common], help="scan waybills into the open handover")
    s.add_argument("--badge", required=True)
    s.add_argument("codes", nargs="+")
    c = dsub.add_parser("close", parents=[common], help="close it and write its sheet")
    c.add_argument("--badge", required=True)
    c.add_argument("--supervisor-badge", default=None, help="approves parcels left out")
    c.add_argument("--sheet", default=None, help="where to write the sheet (PDF)")
    u = dsub.add_parser("undo", parents=[common], help="take a parcel out (a supervisor)")
    u.add_argument("--supervisor-badge", required=True)
    u.add_argument("--reason", default="scanned into the wrong bag")
    u.add_argument("tracking")
    x = dsub.add_parser(
        "cancel", parents=[common], help="cancel the open handover while it holds no parcel"
    )
    x.add_argument("--badge", required=True)
    dsub.add_parser("status", parents=[common], help="the open handover as JSON")


def _say(args, text: str) -> None:
    print(f"station dispatch {args.dispatch_command}: {text}", file=sys.stderr)


def run(args) -> int:
    from station.cli_documents import _open
    from station.core.errors import CodedError
    from station.services.dispatch import DispatchError, DispatchService

    services = _open(args)
    try:
        svc = DispatchService(services.store.db, services.bench_id)
        try:
            return _run(args, services, svc)
        except (DispatchError, CodedError) as exc:
            _say(args, f"refused: {exc.code} {json.dumps(exc.params, ensure_ascii=False)}")
            return EXIT_BAD
    finally:
        services.close()


def _session(services, badge: str):
    return services.operators.login_with_badge(badge, os.environ.get("STATION_PIN"))


def _supervisor(services, badge: str | None, requester):
    if not badge:
        return None
    return services.operators.approve(
        "dispatch",
        requester,
        badge_code=badge,
        pin=os.environ.get("STATION_SUPERVISOR_PIN"),
    )


def _run(args, services, svc) -> int:
    action = args.dispatch_command
    if action == "status":
        h = svc.current()
        view = svc.view(h) if h else None
        print(
            json.dumps(
                {
                    "open": h.number if h else None,
                    "carrier": h.carrier if h else None,
                    "scanned": view.scanned if view else 0,
                    "expected": view.expected if view else 0,
                    "waiting": [w.tracking for w in view.waiting] if view else [],
                },
                ensure_ascii=False,
            )
        )
        return 0
    if action == "undo":
        sup = services.operators.find_by_badge(args.supervisor_badge)
        approver = _supervisor(services, args.supervisor_badge, sup) if sup else None
        svc.undo(args.tracking, approver, args.reason)
        print(json.dumps({"undone": args.tracking}))
        return 0
    session = _session(services, args.badge)
    if action == "open":
        h = svc.open(args.carrier, session, bag_code=args.bag)
        print(json.dumps({"opened": h.number, "carrier": h.carrier, "offline": h.offline}))
        return 0
    if action == "cancel":
        h = svc.cancel(session)
        print(json.dumps({"cancelled": h.number, "carrier": h.carrier}))
        return 0
    if action == "scan":
        worst = 0
        for code in args.codes:
            v = svc.scan(code, session)
            print(
                json.dumps(
                    {"code": code, "outcome": v.outcome.value, "message": v.code, **v.params},
                    ensure_ascii=False,
                ),
                flush=True,
            )
            if v.outcome.value == "alarm":
                worst = EXIT_INTERCEPT
            elif v.outcome.value == "refused" and worst != EXIT_INTERCEPT:
                worst = EXIT_REFUSED
        return worst
    # close
    approver = _supervisor(services, args.supervisor_badge, session.operator)
    view = svc.close(session, approved_by=approver)
    written = None
    if args.sheet:
        from station.services.daily.days import local_zone
        from station.services.dispatch.sheet import handover_sheet

        pdf = handover_sheet(svc, view.handover, services.settings.bench.bench_name, local_zone())
        try:
            Path(args.sheet).write_bytes(pdf)
            written = args.sheet
        except OSError as exc:
            _say(args, f"the handover is closed, but the sheet cannot be written: {exc}")
            return EXIT_BAD
    print(
        json.dumps(
            {
                "closed": view.handover.number,
                "parcels": view.scanned,
                "left_out": [w.tracking for w in view.waiting],
                "sheet": written,
            }
        )
    )
    return 0
