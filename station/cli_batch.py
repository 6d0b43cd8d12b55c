"""``station batch``: peak-day batches (波次) from a script, as the Batches page does them.

    station batch group [--badge OP-0001]              group every open order by the rules
    station batch new --badge OP-0001 ORDER [ORDER...] a batch of these orders, by hand
    station batch list [--state open]                  one JSON line per batch
    station batch show BT2611300001                    JSON: the batch and its orders
    station batch print BT2611300001 --badge OP-0001   queue its waybills (one job)
    station batch reprint BT2611300001 5 --badge ...   label 5 of the batch again
    station batch picklist BT2611300001 [--size 100x150] [--out list.pdf]
    station batch picked|close|dissolve BT2611300001 --badge OP-0001

Jobs are queued for the bench's printers (the window's spooler prints them). A
PIN, where the badge needs one, comes from ``STATION_PIN``. Exit 0 when done;
2 for a refused step (its code and parameters on stderr) or a bad argument.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_BAD = 2


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("batch", parents=[common], help="peak-day batches (波次)")
    bsub = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    g = bsub.add_parser("group", parents=[common], help="group the open orders by the rules")
    g.add_argument("--badge", default=None)
    n = bsub.add_parser("new", parents=[common], help="a batch of the orders named")
    n.add_argument("--badge", required=True)
    n.add_argument("orders", nargs="+")
    ls = bsub.add_parser("list", parents=[common], help="the batches, one JSON line each")
    ls.add_argument(
        "--state",
        action="append",
        choices=("open", "printed", "picked", "packed", "closed", "cancelled"),
    )
    sh = bsub.add_parser("show", parents=[common], help="a batch and its orders as JSON")
    sh.add_argument("number")
    pr = bsub.add_parser("print", parents=[common], help="queue the batch's waybills")
    pr.add_argument("number")
    pr.add_argument("--badge", required=True)
    rp = bsub.add_parser("reprint", parents=[common], help="one label of the batch again")
    rp.add_argument("number")
    rp.add_argument("seq", type=int, help="the label's n (of n/N)")
    rp.add_argument("--badge", required=True)
    pl = bsub.add_parser("picklist", parents=[common], help="the batch's pick list")
    pl.add_argument("number")
    pl.add_argument("--size", choices=("a4", "100x150"), default="a4")
    pl.add_argument("--out", type=Path, default=None, help="write the PDF here, print nothing")
    pl.add_argument("--badge", default=None)
    for action, text in (
        ("picked", "the picker is back with the goods"),
        ("close", "close a packed batch"),
        ("dissolve", "undo an open batch: its orders go free"),
    ):
        a = bsub.add_parser(action, parents=[common], help=text)
        a.add_argument("number")
        a.add_argument("--badge", required=True)


def _say(args, text: str) -> None:
    print(f"station batch {args.batch_command}: {text}", file=sys.stderr)


def run(args) -> int:
    from station.cli_documents import _open
    from station.core.errors import CodedError

    services = _open(args)
    try:
        try:
            return _run(args, services)
        except CodedError as exc:
            _say(args, f"refused: {exc.code} {json.dumps(exc.params, ensure_ascii=False)}")
            return EXIT_BAD
        except OSError as exc:
            _say(args, f"cannot write {getattr(args, 'out', '')}: {exc.strerror or exc}")
            return EXIT_BAD
    finally:
        services.close()


def _operator(services, badge: str | None):
    if not badge:
        return None
    return services.operators.login_with_badge(badge, os.environ.get("STATION_PIN")).operator


def _view(v) -> dict:
    return {
        "number": v.number,
        "state": v.state,
        "rule": v.rule,
        "sku": v.sku,
        "carrier": v.carrier,
        "deadline": v.deadline.isoformat() if v.deadline else None,
        "orders": v.total,
        "left": v.left,
    }


def _run(args, services) -> int:
    svc = services.batches
    action = args.batch_command
    if action == "list":
        for v in svc.batches(tuple(args.state) if args.state else None):
            print(json.dumps(_view(v), ensure_ascii=False))
        return 0
    if action == "show":
        batch = svc.find(args.number)
        out = _view(svc.view(batch))
        out["lines"] = [
            {
                "seq": ln.seq,
                "order": ln.order,
                "status": ln.status,
                "tracking": ln.tracking,
                "sku": ln.first_sku,
                "location": ln.location,
            }
            for ln in svc.lines(batch)
        ]
        print(json.dumps(out, ensure_ascii=False))
        return 0
    operator = _operator(services, getattr(args, "badge", None))
    if action == "group":
        made = svc.group(operator)
        for b in made:
            print(json.dumps(_view(svc.view(b)), ensure_ascii=False))
        _say(args, f"{len(made)} batches made")
        return 0
    if action == "new":
        batch = svc.create(args.orders, operator)
        print(json.dumps(_view(svc.view(batch)), ensure_ascii=False))
        return 0
    if action == "print":
        result = svc.print_waybills(
            args.number, operator, services.packing, services.documents, services.printing
        )
        print(json.dumps({"number": args.number, "labels": result.labels, "jobs": result.jobs}))
        return 0
    if action == "reprint":
        job = svc.reprint(args.number, args.seq, operator, services.documents, services.printing)
        print(json.dumps({"number": args.number, "seq": args.seq, "job": job.id}))
        return 0
    if action == "picklist":
        if args.out is not None:
            args.out.write_bytes(svc.pick_list(args.number, args.size))
            print(json.dumps({"number": args.number, "written": str(args.out)}))
            return 0
        job = svc.print_pick_list(args.number, operator, services.printing, args.size)
        print(json.dumps({"number": args.number, "job": job.id}))
        return 0
    step = {"picked": svc.mark_picked, "close": svc.close, "dissolve": svc.dissolve}[action]
    batch = step(args.number, operator)
    print(json.dumps(_view(svc.view(batch)), ensure_ascii=False))
    return 0
