"""Orders put right after a recovery: packed again when their salvaged parcels say so,
held for a supervisor when a waybill was printed for a parcel that was lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from station.db.recovery.numbers import file_texts, printed_fields
from station.db.recovery.report import RecoveryReport


def repack_orders(con: sqlite3.Connection, report: RecoveryReport) -> None:
    """An order is ``new``/``packing`` in the backup but its salvaged parcels are closed:
    it is packed (every unit in a closed parcel or short) or at least being packed."""
    rows = con.execute(
        """
        SELECT o.id, o.number, o.status,
          (SELECT COUNT(*) FROM sales_order_line l WHERE l.sales_order_id = o.id
             AND l.qty > l.qty_short + COALESCE((SELECT SUM(pi.qty) FROM packed_item pi
                 JOIN parcel p ON p.id = pi.parcel_id
                 WHERE pi.sales_order_line_id = l.id AND p.status = 'closed'), 0)) AS open_lines
        FROM sales_order o
        WHERE o.status IN ('new', 'packing')
          AND EXISTS (SELECT 1 FROM parcel p WHERE p.sales_order_id = o.id
                      AND p.status = 'closed')
        """
    ).fetchall()
    closed_final = {
        json.loads(p).get("order")
        for (p,) in con.execute("SELECT payload FROM outbox_record WHERE kind = 'parcel_closed'")
        if '"final": true' in p
    }
    for oid, number, status, open_lines in rows:
        new = "packed" if open_lines == 0 or number in closed_final else "packing"
        if new != status:
            con.execute("UPDATE sales_order SET status = ? WHERE id = ?", (new, oid))
            report.orders_repacked.append(f"{number}: {status} → {new}")


def hold_orders_with_lost_parcels(
    con: sqlite3.Connection, found: dict[str, str], printed: Path | None, report: RecoveryReport
) -> None:
    """An order still ``new``/``packing`` whose waybill was printed (a print job in the
    database, or a file the printers wrote that carries a number found in use and the
    order's number) had a parcel closed that was lost: it is held for a supervisor to
    look at the parcel, never offered for packing again as if untouched."""
    open_orders = {
        number: oid
        for oid, number in con.execute(
            "SELECT id, number FROM sales_order WHERE status IN ('new', 'packing')"
        )
    }
    if not open_orders:
        return
    hold: dict[str, str] = {}
    for (ref,) in con.execute(
        "SELECT document_ref FROM print_job j WHERE kind = 'waybill' AND NOT EXISTS "
        "(SELECT 1 FROM parcel p JOIN sales_order o ON o.id = p.sales_order_id "
        "WHERE o.number = j.document_ref AND p.status = 'closed')"
    ):
        if ref in open_orders:
            hold.setdefault(ref, "its waybill print job")
    if printed is not None and found:
        for where, data in file_texts(printed):
            fields = printed_fields(data)
            if fields & found.keys():
                for number in fields & open_orders.keys():
                    hold.setdefault(number, where)
    for number, where in sorted(hold.items()):
        con.execute(
            "UPDATE sales_order SET status = 'held', status_reason = ? WHERE id = ?",
            (
                f"recovery: waybill printed ({where}) but the parcel record was lost; "
                "check the parcel before releasing",
                open_orders[number],
            ),
        )
        report.orders_repacked.append(f"{number}: held (waybill printed: {where})")
        report.lost.append(
            f"order {number}: its waybill was printed ({where}) but the parcel record was "
            "lost; the order is held for a supervisor"
        )
