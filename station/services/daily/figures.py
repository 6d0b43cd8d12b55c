"""The day's figures as data: what the board shows and the daily report prints, in
one :class:`DayFigures` (its ``to_json`` is the report's JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

METRICS = ("units_received", "lines_inspected", "orders_packed", "parcels_shipped")

UNNAMED = "—"


@dataclass
class Row:
    """One operator's or bench's day."""

    name: str
    units_received: int = 0
    lines_inspected: int = 0
    orders_packed: int = 0
    parcels_shipped: int = 0
    units_packed: int = 0
    scans: int = 0


@dataclass
class Backlog:
    waiting: int
    late: int
    at_risk: int
    due_today: int
    later: int
    no_deadline: int
    orders_per_hour: float  # the bench's rate over the last hour
    predicted_done_at: str | None  # local ISO time; None with no rate
    cutoff: str  # local ISO time of today's cut-off
    hours_to_cutoff: float
    orders_per_packer_hour: float
    per_packer_measured: bool  # False: the setting's figure, nothing measured yet
    packers_active: int  # closing parcels in the last hour
    packers_needed: int | None  # None after the cut-off
    will_meet_cutoff: bool | None


@dataclass
class LateOrder:
    order: str
    promised: str  # local ISO time
    state: str  # late | at_risk
    penalty_fen: int


@dataclass
class Exceptions:
    wrong_item_refusals: int  # packing scans refused as the wrong item + goods-in wrong items
    shorts: int  # parcels closed with lines short (each short shipment once)
    reships: int  # reship orders created
    overrides: int  # actions a supervisor approved (duplicate, weight, over-receipt…)
    voids: int  # waybills (tracking numbers) voided, a parcel's void counted once
    quarantined_lines: int
    quarantined_units: int
    lots_rejected: int  # inspections rejected or held
    late_orders: int
    at_risk_orders: int
    penalty_at_risk_fen: int
    late_list: list[LateOrder] = field(default_factory=list)
    printer_alerts: list[dict] = field(default_factory=list)  # jobs failed, held, stale
    pools_low: list[dict] = field(default_factory=list)  # carrier, account, free, low_water
    # orders changed at the platform after they were packed, not yet decided (order_conflict)
    order_conflicts: int = 0


@dataclass
class DayFigures:
    date: str
    bench_id: str  # for machines (the JSON); people see bench_name
    bench_name: str
    generated_at: str  # local ISO time
    is_today: bool
    totals: Row
    hourly: dict[str, list[int]]  # metric -> 24 counts, local hours
    by_operator: list[Row]
    by_bench: list[Row]
    rates: dict[str, float]  # orders_15, orders_60, units_received_15, units_received_60
    backlog: Backlog | None  # only for today: a past day's backlog is not kept
    exceptions: Exceptions
    # the audit chain's head when the report was made: {"seq", "hash" (64 hex), "short"
    # (SEQ:16 hex, as printed)}; kept on paper, it anchors the chain outside the file
    audit_anchor: dict | None = None
    # dispatch (station.services.dispatch.board): the day's handovers, and for today
    # the parcels packed and not handed over per carrier against its pickup time
    handovers: list[dict] = field(default_factory=list)
    carriers_waiting: list[dict] = field(default_factory=list)
    # stock (station.services.stock), for today: the pre-sale orders waiting for stock,
    # oldest deadline first ({"number", "promised_dispatch_at" ISO or None, "fits",
    # "lines": [{"sku", "name", "qty", "on_hand", "free", "short"}]}), and the SKUs under
    # their stock threshold ({"sku", "name", "on_hand", "threshold", "head_office",
    # "head_office_as_of"})
    presale_waiting: list[dict] = field(default_factory=list)
    stock_warnings: list[dict] = field(default_factory=list)
    # peak-day batches (station.services.batches.hooks.batches_now), today only: how
    # many in each state, and their orders still to pack ("orders_left")
    batches: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)
