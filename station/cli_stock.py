"""``station stock``: the bench's stock figures, the stock warning, the pre-sale orders
waiting for stock, and their release.

    station stock                 every SKU: received, packed, on hand, reserved, free,
                                  waiting, threshold, head office's figure and its time
    station stock --warnings      only the SKUs under their threshold (库存预警)
    station stock --waiting       the pre-sale orders waiting, with the goods they need
    station stock --release       release the waiting orders the free stock fills now
    --json                        one JSON document instead of the table

Exit 0; with ``--warnings``, 1 when a SKU is under its threshold (for a script).
"""

from __future__ import annotations

import argparse
import json

EXIT_WARNED = 1


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "stock", parents=[common], help="stock per SKU, stock warning, pre-sale orders waiting"
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--warnings",
        dest="stock_command",
        action="store_const",
        const="warnings",
        help="only the SKUs under their stock threshold (库存预警)",
    )
    what.add_argument(
        "--waiting",
        dest="stock_command",
        action="store_const",
        const="waiting",
        help="the pre-sale orders waiting for stock (待备货)",
    )
    what.add_argument(
        "--release",
        dest="stock_command",
        action="store_const",
        const="release",
        help="release the waiting pre-sale orders the free stock fills now",
    )
    p.set_defaults(stock_command="show")
    p.add_argument("--json", action="store_true", help="JSON instead of a table")


def _when(value) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def run(args) -> int:
    from station.cli_documents import _open
    from station.services.stock import StockService

    services = _open(args)
    try:
        stock = StockService(services.store.db, services.bench_id)
        action = args.stock_command
        if action == "release":
            done = stock.release()
            if args.json:
                print(json.dumps({"released": done.orders}, ensure_ascii=False))
            else:
                listed = f": {', '.join(done.orders)}" if done.orders else ""
                noun = "order" if done.count == 1 else "orders"
                print(f"{done.count} pre-sale {noun} released for packing{listed}")
            return 0
        if action == "waiting":
            return _waiting(args, stock)
        figures = stock.figures(warnings_only=action == "warnings")
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "sku": f.sku,
                            "name": f.name,
                            "received": f.received,
                            "packed": f.packed,
                            "on_hand": f.on_hand,
                            "reserved": f.reserved,
                            "free": f.free,
                            "waiting": f.waiting,
                            "threshold": f.threshold,
                            "warning": f.warning,
                            "head_office": f.head_office,
                            "head_office_as_of": _when(f.head_office_as_of),
                        }
                        for f in figures
                    ],
                    ensure_ascii=False,
                )
            )
        else:
            _table(figures)
        return EXIT_WARNED if action == "warnings" and figures else 0
    finally:
        services.close()


def _table(figures) -> None:
    head = ("SKU", "on hand", "reserved", "free", "waiting", "threshold", "head office", "as of")
    rows = [
        (
            f.sku + (" !" if f.warning else ""),
            str(f.on_hand),
            str(f.reserved),
            str(f.free),
            str(f.waiting),
            "" if f.threshold is None else str(f.threshold),
            "" if f.head_office is None else str(f.head_office),
            (_when(f.head_office_as_of) or "").replace("T", " "),
        )
        for f in figures
    ]
    if not rows:
        print("no stock figures")
        return
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    for r in (head, *rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _waiting(args, stock) -> int:
    waiting = stock.waiting()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "number": w.number,
                        "promised_dispatch_at": _when(w.promised_dispatch_at),
                        "fits": w.fits,
                        "lines": [
                            {
                                "sku": ln.sku,
                                "qty": ln.qty,
                                "on_hand": ln.on_hand,
                                "free": ln.free,
                                "short": ln.short,
                            }
                            for ln in w.lines
                        ],
                    }
                    for w in waiting
                ],
                ensure_ascii=False,
            )
        )
        return 0
    if not waiting:
        print("no pre-sale order waits for stock")
    for w in waiting:
        due = (_when(w.promised_dispatch_at) or "no deadline").replace("T", " ")
        needs = ", ".join(f"{ln.sku} ×{ln.qty} (free {ln.free})" for ln in w.lines)
        print(f"{w.number}  due {due}  waits for {needs}")
    return 0
