"""The day's figures against a day of events built by hand: every figure is checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from station.config import Settings
from station.db.models import (
    AuditEntry,
    CarrierAccount,
    Inspection,
    Operator,
    PackedItem,
    Parcel,
    PrintJob,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    SalesOrder,
    SalesOrderLine,
    ScanEvent,
    Supplier,
    TrackingNumber,
)
from station.services.daily import day_figures

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 30, tzinfo=SH)


def at(hh: int, mm: int, day: date = DAY) -> datetime:
    """A local time as the database keeps it: naive UTC."""
    local = datetime(day.year, day.month, day.day, hh, mm, tzinfo=SH)
    return local.astimezone(UTC).replace(tzinfo=None)


class Day:
    """Builds the events of one bench day."""

    def __init__(self):
        self.ops = {
            n: Operator.create(name=n, role=r, pin_hash="x")
            for n, r in (
                ("张伟", "packer"),
                ("王芳", "packer"),
                ("李娜", "receiver"),
                ("主管", "supervisor"),
            )
        }
        self.product = Product.create(sku="TEA-100", name="tea")
        self.n = 0

    def order(self, promised=None, status="new", paid=0, parent=None, created=None) -> SalesOrder:
        self.n += 1
        o = SalesOrder.create(
            number=f"SO-{self.n}",
            buyer_name="b",
            address="a",
            status=status,
            promised_dispatch_at=promised,
            paid_fen=paid,
            parent=parent,
            created_at=created or at(8, 0),
        )
        SalesOrderLine.create(sales_order=o, line_no=1, product=self.product, qty=5)
        return o

    def parcel(self, order, who, bench, closed, units=(1,), status="closed", seq=1) -> Parcel:
        p = Parcel.create(
            sales_order=order,
            seq=seq,
            status=status,
            operator=self.ops[who],
            bench_id=bench,
            closed_at=closed,
            tracking_number=f"T{order.number}-{seq}",
        )
        line = order.lines.first()
        for q in units:
            PackedItem.create(parcel=p, sales_order_line=line, qty=q)
        return p

    def audit(self, action, when, approved=True, entity="", details="{}"):
        AuditEntry.create(
            bench_id="b1",
            action=action,
            operator=self.ops["张伟"],
            approved_by=self.ops["主管"] if approved else None,
            entity=entity,
            details=details,
            hash="h",
            created_at=when,
        )

    def scan(self, who, when, outcome="ok", message="", bench="b1"):
        ScanEvent.create(
            raw="x",
            data="x",
            operator=self.ops[who] if who else None,
            bench_id=bench,
            outcome=outcome,
            message=message,
            scanned_at=when,
        )


@pytest.fixture
def day(store):
    d = Day()
    # --- packing ---
    a, b, c, e = d.order(status="packed"), d.order(status="packed"), d.order(), d.order()
    d.parcel(a, "张伟", "b1", at(9, 10), units=(1, 2))
    d.parcel(b, "王芳", "b2", at(10, 5))
    d.parcel(b, "王芳", "b2", at(13, 50), seq=2)
    d.parcel(c, "张伟", "b1", at(14, 20))
    dd = d.order(status="packed")
    d.parcel(dd, "张伟", "b1", at(14, 25))
    d.parcel(e, "张伟", "b1", at(11, 0), status="voided")  # not shipped
    f = d.order(status="packed")
    d.parcel(f, "张伟", "b1", at(23, 50, DAY - timedelta(days=1)))  # yesterday
    g = d.order(status="packed")
    d.parcel(g, "张伟", "b1", at(0, 10))  # just after midnight: today, hour 0
    d.parcel(d.order(status="packing"), "王芳", "b2", None, status="open")
    # --- receiving ---
    sup = Supplier.create(code="S1", name="s")
    po = PurchaseOrder.create(number="PO-1", supplier=sup)
    pol = PurchaseOrderLine.create(purchase_order=po, line_no=1, product=d.product, qty_ordered=99)
    r1 = Receipt.create(number="R-1", purchase_order=po, operator=d.ops["李娜"], bench_id="b1")
    r2 = Receipt.create(number="R-2", purchase_order=po, operator=d.ops["李娜"], bench_id="b2")
    for receipt, qty, when, extra in (
        (r1, 24, at(8, 30), {}),
        (r1, 12, at(8, 45), {"status": "quarantine", "reason": "shelf_life:40<90"}),
        (r2, 6, at(14, 20), {}),
    ):
        ReceiptLine.create(
            receipt=receipt,
            purchase_order_line=pol,
            product=d.product,
            qty=qty,
            created_at=when,
            **extra,
        )
    ReceiptLine.create(  # a wrong item: recorded, refused, not received
        receipt=r1,
        product=d.product,
        qty=5,
        status="quarantine",
        discrepancy="wrong_item",
        created_at=at(8, 50),
    )
    ReceiptLine.create(
        receipt=r1, purchase_order_line=pol, qty=7, created_at=at(8, 0, DAY - timedelta(days=1))
    )
    for result, when in (("accepted", at(9, 0)), ("rejected", at(9, 30)), (None, at(10, 0))):
        Inspection.create(
            receipt=r1,
            product=d.product,
            lot_size=36,
            aql=2.5,
            code_letter="D",
            sample_size=8,
            accept_no=0,
            reject_no=1,
            result=result,
            operator=d.ops["李娜"],
            created_at=when,
        )
    # --- scans ---
    for _ in range(5):
        d.scan("张伟", at(9, 5))
    d.scan("王芳", at(10, 0), "refused", "wrong_item", bench="b2")
    d.scan("王芳", at(10, 1), "refused", "wrong_item", bench="b2")
    d.scan("王芳", at(10, 2), "warning", "weight_off", bench="b2")
    d.scan(None, at(7, 59))  # the badge scan that logged someone in
    d.scan("张伟", at(12, 0, DAY - timedelta(days=1)))  # yesterday
    # --- supervisor actions: each approval is a grant (the dialog's) and its act ---
    d.audit("approved:duplicate_override", at(10, 59))
    d.audit("duplicate_override", at(11, 0))
    d.audit("approved:weight_off", at(11, 29))
    d.audit("approved:weight_off", at(11, 30), entity="parcel")
    d.audit("approved:short_ship", at(11, 59))  # the grant
    d.audit("parcel_closed", at(12, 0), entity="parcel", details='{"shorts": 1}')
    d.audit("approved:short_ship", at(12, 0), entity="sales_order")  # the reship's entry
    d.audit("approved:void_waybill", at(10, 59))
    d.audit("parcel_voided", at(11, 0))
    d.audit("tracking_number_voided", at(11, 5), approved=False)
    d.audit("approval_refused", at(11, 10))
    d.audit("duplicate_override", at(11, 0, DAY - timedelta(days=1)))
    d.audit("parcel_closed", at(9, 10), approved=False, details='{"shorts": 0}')
    # --- the backlog (c above is waiting too, with no deadline) ---
    d.order(promised=at(13, 0), paid=10_000)  # late: 10% = 10 CNY
    d.order(promised=at(15, 0), paid=200_000, status="packing")  # at risk: capped at 100 CNY
    d.order(promised=at(20, 0))  # due today
    d.order(promised=at(10, 0, DAY + timedelta(days=1)))  # later
    d.order(status="held", promised=at(9, 0))  # held: not waiting
    d.order(parent=b, created=at(13, 0))  # a reship, no deadline
    # --- devices ---
    for status in ("failed", "held", "done", "queued"):
        PrintJob.create(
            kind="waybill",
            document_ref="X",
            printer_uri="tcp://p",
            language="zpl",
            payload=b"",
            status=status,
            held_reason="stale" if status == "held" else None,
            error="paper out" if status == "failed" else None,
        )
    sf = CarrierAccount.create(carrier="SF", name="顺丰", account_no="A1", low_water=50)
    yto = CarrierAccount.create(carrier="YTO", name="圆通", account_no="B2", low_water=2)
    for n in range(3):
        TrackingNumber.create(account=sf, number=f"SF{n}")
    for n in range(5):
        TrackingNumber.create(account=yto, number=f"YT{n}")
    return d


def settings():
    return Settings().replace("bench", bench_id="b1").replace("packing", cutoff="17:00")


def test_totals_and_hours(day):
    f = day_figures(DAY, settings(), now=NOW, tz=SH)
    t = f.totals
    assert (t.units_received, t.lines_inspected, t.orders_packed, t.parcels_shipped) == (
        42,
        2,
        5,
        6,
    )
    assert (t.units_packed, t.scans) == (8, 9)
    hours = {m: {h: n for h, n in enumerate(v) if n} for m, v in f.hourly.items()}
    assert hours == {
        "units_received": {8: 36, 14: 6},
        "lines_inspected": {9: 2},
        "orders_packed": {0: 1, 9: 1, 10: 1, 14: 2},
        "parcels_shipped": {0: 1, 9: 1, 10: 1, 13: 1, 14: 2},
    }


def test_per_operator_and_bench(day):
    f = day_figures(DAY, settings(), now=NOW, tz=SH)
    ops = {r.name: r for r in f.by_operator}
    assert set(ops) == {"张伟", "王芳", "李娜"}
    z, w, li = ops["张伟"], ops["王芳"], ops["李娜"]
    assert (z.orders_packed, z.parcels_shipped, z.units_packed, z.scans) == (4, 4, 6, 5)
    assert (w.orders_packed, w.parcels_shipped, w.units_packed, w.scans) == (1, 2, 2, 3)
    assert (li.units_received, li.lines_inspected, li.orders_packed) == (42, 2, 0)
    benches = {r.name: r for r in f.by_bench}
    b1, b2 = benches["Bench 1"], benches["—"]  # b2's name was never learnt here
    assert (b1.units_received, b2.units_received) == (36, 6)
    assert (b1.parcels_shipped, b2.parcels_shipped) == (4, 2)
    assert (b1.scans, b2.scans) == (6, 3)  # the login scan is b1's
    assert b1.lines_inspected == 2


def test_benches_are_named_never_by_id(day):
    """This bench by its settings' name, another by the name the database remembers
    for it; an earlier name of this bench's id is replaced by the current one."""
    from station.services.daily import remember_bench_name

    remember_bench_name("b1", "old name")
    remember_bench_name("b2", "收货台 2")
    s = settings().replace("bench", bench_name="打包台 1")
    f = day_figures(DAY, s, now=NOW, tz=SH)
    benches = {r.name: r for r in f.by_bench}
    assert set(benches) == {"打包台 1", "收货台 2"}
    assert benches["收货台 2"].parcels_shipped == 2 and f.bench_name == "打包台 1"
    remember_bench_name("b2", "收货台 B")  # renamed: the last name wins
    assert {r.name for r in day_figures(DAY, s, now=NOW, tz=SH).by_bench} == {
        "打包台 1",
        "收货台 B",
    }


def test_the_daily_report_names_benches_never_by_id(day):
    import csv
    import io

    from station.labels.daily_report import report_bytes
    from station.services.daily import remember_bench_name
    from tests.barcodes import pdf_text

    remember_bench_name("b2", "收货台 2")
    bench_id = "7d0f3c9e-5b7a-4c1e-9a55-0c1d2e3f4a5b"
    for model in (Parcel, ScanEvent, Receipt):
        model.update(bench_id=bench_id).where(model.bench_id == "b1").execute()
    s = Settings().replace("bench", bench_id=bench_id, bench_name="打包台 1")
    f = day_figures(DAY, s, now=NOW, tz=SH)
    text = pdf_text(report_bytes(f, "pdf"))
    table = report_bytes(f, "csv").decode("utf-8-sig")
    for shown in (text, table):
        assert "打包台 1" in shown and "收货台 2" in shown
        assert bench_id not in shown and "b2" not in shown
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {r["name"] for r in rows if r["section"] == "bench"} == {"打包台 1", "收货台 2"}
    assert [r["value"] for r in rows if r["metric"] == "bench"] == ["打包台 1"]


def test_rates_backlog_and_cutoff(day):
    f = day_figures(DAY, settings(), now=NOW, tz=SH)
    # last 15 min: C and D (8/h); last hour: B's second parcel, C, D (3/h)
    assert f.rates == {
        "orders_15": 8.0,
        "units_received_15": 24.0,
        "orders_60": 3.0,
        "units_received_60": 6.0,
    }
    b = f.backlog
    # no deadline: C, E (its parcel voided), the one being packed, the reship
    assert (b.waiting, b.late, b.at_risk, b.due_today, b.later, b.no_deadline) == (8, 1, 1, 1, 1, 4)
    assert b.predicted_done_at == "2026-11-23T17:10+08:00"  # 8 orders at 3 an hour
    # two packers closed 3 orders in the last hour: 1.5 each; 2.5 h to the cut-off
    assert (b.packers_active, b.orders_per_packer_hour, b.per_packer_measured) == (2, 1.5, True)
    assert (b.hours_to_cutoff, b.packers_needed, b.will_meet_cutoff) == (2.5, 3, False)
    late = day_figures(DAY, settings().replace("packing", cutoff="18:00"), now=NOW, tz=SH).backlog
    assert (late.packers_needed, late.will_meet_cutoff) == (2, True)  # 8 / (1.5 x 3.5)
    after = day_figures(DAY, settings().replace("packing", cutoff="12:00"), now=NOW, tz=SH)
    assert after.backlog.packers_needed is None and after.backlog.will_meet_cutoff is None


def test_exceptions(day):
    x = day_figures(DAY, settings(), now=NOW, tz=SH).exceptions
    assert x.wrong_item_refusals == 3  # two packing scans, one wrong item at goods-in
    assert (x.shorts, x.reships, x.overrides, x.voids) == (1, 1, 2, 1)
    assert (x.quarantined_lines, x.quarantined_units, x.lots_rejected) == (1, 12, 1)
    assert (x.late_orders, x.at_risk_orders, x.penalty_at_risk_fen) == (1, 1, 11_000)
    assert [(o.state, o.penalty_fen) for o in x.late_list] == [("late", 1000), ("at_risk", 10_000)]
    assert [(a["status"], a["reason"]) for a in x.printer_alerts] == [
        ("failed", "paper out"),
        ("held", "stale"),
    ]
    assert x.pools_low == [{"carrier": "SF", "account": "A1", "free": 3, "low_water": 50}]


def test_a_past_day_has_no_backlog_and_rates_from_its_end(day):
    f = day_figures(DAY - timedelta(days=1), settings(), now=NOW, tz=SH)
    assert f.backlog is None and not f.is_today
    assert (f.totals.parcels_shipped, f.totals.units_received, f.totals.scans) == (1, 7, 1)
    assert f.rates["orders_60"] == 1.0  # the 23:50 parcel, in the day's last hour
    assert f.exceptions.overrides == 1


def test_an_empty_day_measures_nothing(store):
    f = day_figures(DAY, settings(), now=NOW, tz=SH)
    assert f.totals.scans == 0 and f.by_operator == [] and f.backlog.waiting == 0
    assert f.backlog.per_packer_measured is False and f.backlog.packers_needed == 0
    assert f.backlog.predicted_done_at == "2026-11-23T14:30+08:00"


def test_past_day_has_no_live_exceptions(day):
    x = day_figures(DAY - timedelta(days=1), settings(), now=NOW, tz=SH).exceptions
    assert x.late_list == [] and x.printer_alerts == [] and x.pools_low == []
    assert x.penalty_at_risk_fen == 0


def test_pdf_csv_and_json_carry_the_same_figures(day):
    import csv
    import io
    import json

    from station.labels.daily_report import report_bytes
    from tests.barcodes import pdf_text

    f = day_figures(DAY, settings(), now=NOW, tz=SH)
    data = json.loads(report_bytes(f, "json"))
    assert data == json.loads(json.dumps(f.to_json()))
    assert data["totals"]["parcels_shipped"] == 6 and data["backlog"]["packers_needed"] == 3
    rows = list(csv.DictReader(io.StringIO(report_bytes(f, "csv").decode("utf-8-sig"))))
    got = {(r["section"], r["name"], r["metric"]): r["value"] for r in rows}
    for metric, value in data["totals"].items():
        if metric != "name":
            assert got[("total", "", metric)] == str(value)
    for metric, hours in data["hourly"].items():
        assert [int(got[("hour", f"{h:02d}", metric)]) for h in range(24)] == hours
    for r in data["by_operator"]:
        assert got[("operator", r["name"], "orders_packed")] == str(r["orders_packed"])
    assert got[("backlog", "", "waiting")] == "8"
    assert got[("exception", "", "penalty_at_risk_fen")] == "11000"
    assert got[("pool_low", "SF A1", "free")] == "3"
    text = pdf_text(report_bytes(f, "pdf"))
    for needle in (
        "Daily report · 2026-11-23",
        "张伟",
        "王芳",
        "110.00",  # penalty at risk in CNY
        "SO-",
        "Per hour",
        "17:10",  # predicted done
    ):
        assert needle in text, needle


def test_cli_writes_the_report(day, data_dir, tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, TZ="Asia/Shanghai")
    yesterday = (DAY - timedelta(days=1)).isoformat()
    out = tmp_path / "r.json"
    args = [sys.executable, "-m", "station", "report", "daily", "--data-dir", str(data_dir.root)]
    done = subprocess.run(
        [*args, "--date", yesterday, "--format", "json", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["date"] == yesterday
    got = json.loads(out.read_text(encoding="utf-8"))
    want = day_figures(DAY - timedelta(days=1), settings(), now=NOW, tz=SH).to_json()
    assert got["totals"] == want["totals"] and got["hourly"] == want["hourly"]
    assert got["by_operator"] == want["by_operator"]
    bad = subprocess.run(
        [*args, "--date", "23/11", "-o", "-"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
