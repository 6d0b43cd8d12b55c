"""Everything that reads outside input, as fuzz targets: ``target(data: bytes)``.

Each target either accepts the input or refuses it with one of its declared,
clear exceptions (a message a person can act on); anything else is a bug. The
import targets also check that a refused file left the database as it was:
nothing half-written.

Used by ``python -m fuzz`` (atheris, coverage-guided) and by the hypothesis
tests in ``tests/hardening/test_bad_input.py``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], object]
    refusals: tuple[type[BaseException], ...]  # the clear "no" this input may get


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


# --- barcodes and scanners ---


def gs1(data: bytes) -> None:
    from station.services import gs1 as g

    g.read(_text(data), gs_standin="^]")


def scanner_framing(data: bytes) -> None:
    from station.drivers.scanners.framing import FRAMINGS, Frame, Framer, decode

    for terminator in FRAMINGS:
        framer = Framer(terminator, max_length=64)
        out = framer.feed(data, now=0.0) + framer.tick(now=10.0) + framer.abandon()
        for item in out:
            if isinstance(item, Frame):
                decode(item.data)


def barcode_info(data: bytes) -> None:
    from station.services.barcode_info import describe

    describe(_text(data)[:200])


# --- devices' replies ---


def zpl_status(data: bytes) -> None:
    from station.drivers.printers.zpl import parse_host_status

    parse_host_status(data)


def tspl_status(data: bytes) -> None:
    from station.drivers.printers.tspl import parse_status_byte

    parse_status_byte(data)


def scale_reply(data: bytes) -> None:
    from station.drivers.scales.continuous import parse_line
    from station.drivers.scales.mtsics import parse_reply
    from station.drivers.scales.reading import ScaleNotReady, ScaleReplyError

    for parse in (parse_reply, parse_line):
        with contextlib.suppress(ScaleReplyError, ScaleNotReady):  # its clear "no"
            parse(_text(data))
    from station.drivers.scales.toledo import parse_frame

    with contextlib.suppress(ScaleReplyError, ScaleNotReady):
        parse_frame(data[:17], data[17] if len(data) > 17 else None)


# --- files ---


@cache
def _store():
    """A demo database for the import targets, made once per process."""
    from station.app import prepare_demo
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir

    dd = DataDir(Path(tempfile.mkdtemp(prefix="station-fuzz-"))).ensure()
    prepare_demo(dd, load_settings(dd.settings))
    return Store.open(dd.database, dd.backups, backup_interval=None)


def _counts() -> tuple[int, ...]:
    from station.db.models import (
        AsnPallet,
        OutboxRecord,
        PurchaseOrder,
        PurchaseOrderLine,
        SalesOrder,
        SalesOrderLine,
        TrackingNumber,
    )

    return tuple(
        m.select().count()
        for m in (
            SalesOrder,
            SalesOrderLine,
            PurchaseOrder,
            PurchaseOrderLine,
            AsnPallet,
            TrackingNumber,
            OutboxRecord,
        )
    )


class HalfWritten(AssertionError):
    pass


def spreadsheet_cells(data: bytes) -> None:
    """One cell through every kind: a clean value or :class:`CellDamage`; a clean
    identifier has no full-width ASCII, no guard left, no space at its ends."""
    from station.services.cells import ERROR_VALUES, KINDS, CellDamage, clean_cell

    text = _text(data)[:200]
    for kind in KINDS:
        try:
            value = clean_cell(text, kind)
        except CellDamage:
            continue
        if value != value.strip(" \t\r\n\u00a0\u3000\ufeff") or value.upper() in ERROR_VALUES:
            raise AssertionError(f"{kind}: {text!r} cleaned to {value!r}")
        if kind in ("id", "phone") and any("\uff01" <= c <= "\uff5e" for c in value):
            raise AssertionError(f"{kind}: full-width left in {value!r}")


def _import(run: Callable[[], object]) -> None:
    """Run an import; a refusal (rejects listed, or an error) must change nothing."""
    _store()
    before = _counts()
    try:
        result = run()
    except Exception:
        if _counts() != before:
            raise HalfWritten("a refused import changed the database") from None
        raise
    if getattr(result, "rejected", None) and _counts() != before:
        raise HalfWritten("an import with rejected lines wrote some of the file")


def orders_csv(data: bytes) -> None:
    from station.services.order_import import import_orders

    _import(lambda: import_orders(_store().db, "fuzz", data, kind="csv"))


def orders_json(data: bytes) -> None:
    from station.services.order_import import import_orders

    _import(lambda: import_orders(_store().db, "fuzz", data, kind="json"))


def orders_douyin(data: bytes) -> None:
    from station.services.order_import import import_orders

    _import(lambda: import_orders(_store().db, "fuzz", data, kind="csv", profile="douyin"))


def orders_marketplace(data: bytes) -> None:
    """Any export: the profile recognised from the header (CSV in any encoding, or
    xlsx when the bytes are a zip), a default carrier so the checks past it run."""
    from station.services.order_import import import_orders

    _import(lambda: import_orders(_store().db, "fuzz", data, carriers={"": "SF"}))


def purchase_orders(data: bytes) -> None:
    from station.services.po_import import import_purchase_orders

    kind = "json" if data[:1] in (b"{", b"[") else "csv"
    _import(lambda: import_purchase_orders(_store().db, "fuzz", data, kind=kind))


def asn(data: bytes) -> None:
    from station.services.asn_import import import_asn

    _import(lambda: import_asn(_store().db, "fuzz", data))


def invoice(data: bytes) -> None:
    from station.services.three_way_match import parse_invoice

    parse_invoice(data)


def tracking_numbers(data: bytes) -> None:
    from station.db.models import CarrierAccount
    from station.services.tracking_pool import TrackingPool

    store = _store()
    account = CarrierAccount.get(CarrierAccount.carrier == "SF")
    _import(lambda: TrackingPool(store.db, "fuzz").import_numbers(account, _text(data)))


def settings_file(data: bytes) -> None:
    from station.config import settings_from_dict

    value = json.loads(_text(data))
    if not isinstance(value, dict):
        raise ValueError("settings must be a JSON object")
    settings_from_dict(value)


def label_template(data: bytes) -> None:
    from station.labels.layout import parse_template

    value = json.loads(_text(data))
    if not isinstance(value, dict):
        raise ValueError("a template is a JSON object")
    parse_template(value, "fuzz")


LABEL_TEMPLATES = ("waybill_100x150", "waybill_100x180", "waybill_76x130", "lpn_100x150")


def label_injection(data: bytes) -> None:
    """A document's values (``\\x1e``-separated, in the template's field order)
    on a label in ZPL and TSPL: the printer's command list must be the
    template's, every barcode read back unchanged (``fuzz.commands``). The
    first byte picks the template."""
    from fuzz.commands import check_label, placeholders
    from station.labels.layout import load_template

    name = LABEL_TEMPLATES[data[0] % len(LABEL_TEMPLATES)] if data else LABEL_TEMPLATES[0]
    template = load_template(name)
    values = _text(data[1:]).split("\x1e")
    fields = dict(zip(placeholders(template), values, strict=False))
    for language in ("zpl", "tspl"):
        check_label(template, fields, language)


def export_file(data: bytes) -> None:
    from station.sync.export import read_export

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "outbox.json.gz"
        path.write_bytes(gzip.compress(data) if data[:1] != b"\x1f" else data)
        read_export(path)


# --- head office's answers ---


def _client(data: bytes, status: int = 200):
    from station.sync.client import HeadOfficeClient

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=data, headers={"Content-Type": "application/json"})

    return HeadOfficeClient("http://ho.invalid", "t", transport=httpx.MockTransport(answer))


def head_office_upload(data: bytes) -> None:
    from station.db import outbox
    from station.db.models import OutboxRecord, new_uuid
    from station.sync.uploader import Uploader

    store = _store()
    outbox.enqueue("fuzz", "scan_event", new_uuid(), {"n": 1})
    client = _client(data)
    try:
        Uploader(store.db, "fuzz", client).drain()
    finally:
        client.close()
    # whatever head office said, nothing is lost: every record is still there
    assert OutboxRecord.select().where(OutboxRecord.state == "acked").count() <= (
        OutboxRecord.select().count()
    )


def head_office_master(data: bytes) -> None:
    from station.sync.downloader import Downloader

    store = _store()
    client = _client(data)
    try:
        Downloader(store.db, "fuzz", client).pull()
    finally:
        client.close()


def head_office_daily(data: bytes) -> None:
    client = _client(data)
    try:
        answer = client.daily("2026-11-23", 480)
    finally:
        client.close()
    if not isinstance(answer, dict):
        raise ValueError("not an object")


def _refusals():
    from station.config import SettingsError
    from station.core.errors import CodedError
    from station.drivers.errors import DeviceError
    from station.labels.layout import TemplateError
    from station.sync.client import SyncError

    return {
        "coded": (CodedError,),
        "device": (DeviceError,),
        "value": (ValueError,),
        "settings": (SettingsError, ValueError),
        "template": (TemplateError, ValueError),
        "sync": (SyncError,),
        "export": (ValueError, OSError),
    }


def targets() -> dict[str, Target]:
    r = _refusals()
    table = [
        ("gs1", gs1, r["coded"]),
        ("scanner_framing", scanner_framing, ()),
        ("barcode_info", barcode_info, r["coded"]),
        ("zpl_status", zpl_status, r["device"]),
        ("tspl_status", tspl_status, r["device"]),
        ("scale_reply", scale_reply, ()),
        ("spreadsheet_cells", spreadsheet_cells, ()),
        ("orders_csv", orders_csv, r["coded"]),
        ("orders_json", orders_json, r["coded"]),
        ("orders_douyin", orders_douyin, r["coded"]),
        ("orders_marketplace", orders_marketplace, r["coded"]),
        ("purchase_orders", purchase_orders, r["coded"]),
        ("asn", asn, r["coded"]),
        ("invoice", invoice, r["coded"]),
        ("tracking_numbers", tracking_numbers, r["coded"]),
        ("settings_file", settings_file, r["settings"]),
        ("label_template", label_template, r["template"]),
        ("label_injection", label_injection, r["template"]),
        ("export_file", export_file, r["export"]),
        ("head_office_upload", head_office_upload, r["sync"]),
        ("head_office_master", head_office_master, r["sync"]),
        ("head_office_daily", head_office_daily, r["sync"] + r["value"]),
    ]
    return {name: Target(name, run, refusals) for name, run, refusals in table}


def check(target: Target, data: bytes) -> str:
    """``accepted`` or ``refused``; raises on a crash, a half-write or a refusal
    without a message."""
    try:
        target.run(data)
    except HalfWritten:
        raise
    except target.refusals as exc:
        if not str(exc).strip() and not getattr(exc, "code", ""):
            raise AssertionError(f"{target.name}: a refusal without a message") from exc
        return "refused"
    return "accepted"
