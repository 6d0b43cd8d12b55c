"""``station doctor``: what an IT person needs to know about this bench, at a glance."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from station.config import Settings
from station.db.backup import list_backups, quick_check
from station.db.migrate import latest_version
from station.instance_lock import holder_now
from station.paths import DataDir


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


def _database(dd: DataDir) -> Check:
    path = dd.database
    if not path.exists():
        return Check("database", True, f"{path}: not created yet (made at first start)")
    problems = ["the database file is empty (0 bytes)"] if not path.stat().st_size else []
    problems = problems or quick_check(path)
    if problems:
        return Check("database", False, f"{path}: damaged: {problems[0]}", {"problems": problems})
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        orders = con.execute("SELECT COUNT(*) FROM sales_order").fetchone()[0]
        pending = con.execute(
            "SELECT COUNT(*) FROM outbox_record WHERE state != 'acked'"
        ).fetchone()[0]
    except sqlite3.Error as exc:
        return Check("database", False, f"{path}: unreadable: {exc}")
    finally:
        con.close()
    latest = latest_version()
    ok = version <= latest
    state = "current" if version == latest else ("older: migrates at start" if ok else "NEWER")
    backups = list_backups(dd.backups)
    return Check(
        "database",
        ok,
        f"{path}: schema v{version} ({state}), {orders} orders, {pending} records for head "
        f"office, {len(backups)} backups",
        {
            "path": str(path),
            "schema_version": version,
            "latest_version": latest,
            "orders": orders,
            "outbox_pending": pending,
            "backups": len(backups),
            "last_backup": backups[0].taken_at.isoformat() if backups else None,
        },
    )


def _serial_ports() -> Check:
    from serial.tools import list_ports

    ports = [
        {
            "device": p.device,
            "vid_pid": f"{p.vid:04X}:{p.pid:04X}" if p.vid is not None else None,
            "description": p.description,
        }
        for p in list_ports.comports()
    ]
    return Check("serial_ports", True, f"{len(ports)} serial port(s) found", {"ports": ports})


def _devices(settings: Settings) -> Check:
    d = settings.devices
    configured = {
        "scanner": d.scanner,
        "printer": d.printer,
        "standby_printer": d.standby_printer,
        "document_printer": d.document_printer,
        "scale": d.scale,
    }
    shown = ", ".join(f"{k}={v}" for k, v in configured.items() if v) or "none"
    return Check("devices", True, f"configured: {shown}", configured)


def _system_printers(settings: Settings) -> Check:
    """The printers of the computer's print system (CUPS, the Windows spooler), and
    each configured printer address that names one of them (``…+system://NAME``,
    ``…+spool://NAME``, ``pdf+cups://QUEUE``) that is not there: a typo, a printer
    renamed or removed, a driver not installed on this PC."""
    from station.drivers.errors import DeviceError, DeviceUriError
    from station.drivers.transports.spool import system_spooler
    from station.drivers.uri import parse_uri

    d = settings.devices
    wanted: dict[str, str] = {}
    for role, text in (
        ("printer", d.printer),
        ("standby_printer", d.standby_printer),
        ("document_printer", d.document_printer),
    ):
        try:
            uri = parse_uri("printer", text) if text and not text.startswith("sim") else None
        except DeviceUriError:
            continue  # the devices check and the bench's status bar report it
        if uri is not None and uri.transport in ("system", "spool", "cups"):
            wanted[role] = uri.path
    spooler = system_spooler()
    why = spooler.available()
    try:
        names = [] if why else spooler.printers()
    except DeviceError as exc:
        why = str(exc)
        names = []
    missing = {role: name for role, name in wanted.items() if name not in names}
    data = {"spooler": spooler.name, "printers": names, "missing": missing}
    if why:
        return Check(
            "system_printers",
            not wanted,
            f"{spooler.name}: not usable here ({why})"
            + (f"; needed by {', '.join(wanted)}" if wanted else ""),
            data,
        )
    listed = ", ".join(names) if names else "none"
    detail = f"{spooler.name}: {len(names)} printer(s): {listed}"
    if missing:
        detail += "; NOT FOUND: " + ", ".join(f"{role} {name!r}" for role, name in missing.items())
    return Check("system_printers", not missing, detail, data)


def _head_office(settings: Settings, timeout: float) -> Check:
    url = settings.head_office.url
    if not url:
        return Check("head_office", True, "not configured: the station works offline")
    import httpx

    try:
        r = httpx.get(url, timeout=timeout, verify=settings.head_office.verify_tls)
    except httpx.HTTPError as exc:
        return Check("head_office", False, f"{url}: unreachable ({exc.__class__.__name__})")
    return Check(
        "head_office",
        r.status_code < 500,
        f"{url}: HTTP {r.status_code}",
        {"status": r.status_code},
    )


def run_checks(dd: DataDir, settings: Settings, *, timeout: float = 3.0) -> list[Check]:
    """The checks, reading only: a missing data folder is reported, not made."""
    writable = dd.root.is_dir() and _writable(dd.root)
    holder = holder_now(dd.root) if writable else None
    in_use = f"; in use by {holder.describe()}" if holder else "; no station running on it"
    if not dd.root.exists():
        folder = Check(
            "data_dir",
            False,
            f"{dd.root}: the folder does not exist (a station or `station demo` makes it)",
            {"path": str(dd.root), "exists": False, "in_use_by": None},
        )
    else:
        folder = Check(
            "data_dir",
            writable,
            f"{dd.root} ({'writable' if writable else 'NOT writable'}){in_use}",
            {"path": str(dd.root), "exists": True, "in_use_by": asdict(holder) if holder else None},
        )
    checks = [
        folder,
        _database(dd),
        _serial_ports(),
        _devices(settings),
        _system_printers(settings),
        _head_office(settings, timeout),
    ]
    return checks


def _writable(folder: Path) -> bool:
    probe = folder / ".write-probe"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False
