"""The ``station`` command (also ``python -m station``).

Every command takes ``--data-dir DIR`` (else ``STATION_DATA_DIR``, else the
user data directory). Commands print plain text, or JSON with ``--json``
where a script would read the answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from station import (
    __version__,
    cli_batch,
    cli_devices,
    cli_dispatch,
    cli_documents,
    cli_recover,
    cli_reports,
    cli_stock,
    cli_sync,
)
from station.cli_args import OneLineParser
from station.cli_args import data_dir as data_dir_arg
from station.config import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_from_dict,
)
from station.paths import ENV_DATA_DIR, DataDir, resolve_data_dir


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        type=data_dir_arg,
        default=argparse.SUPPRESS,
        help="data directory (default: $STATION_DATA_DIR or the user data directory)",
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = OneLineParser(
        prog="station",
        description="Warehouse bench station: goods-in, pack-out, waybills.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", parents=[common], help="start the station's window")
    p.add_argument("--demo", action="store_true", help="demo database and simulated devices")

    p = sub.add_parser(
        "demo", parents=[common], help="write the demo database into the data directory"
    )
    p.add_argument("--force", action="store_true", help="replace a database that is not a demo")

    p = sub.add_parser("doctor", parents=[common], help="check data, database, ports, devices")
    p.add_argument("--json", action="store_true", help="one JSON object per check")
    p = sub.add_parser("sampling", parents=[common], help="an ISO 2859-1 sampling plan, as JSON")
    p.add_argument("--lot", type=int, required=True, help="lot size")
    p.add_argument("--aql", required=True, help="acceptance quality limit, e.g. 1.0")
    p.add_argument("--level", default="II", help="inspection level: S-1…S-4, I, II (default), III")
    p = sub.add_parser("audit", parents=[common], help="the audit log")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = asub.add_parser(
        "verify",
        parents=[common],
        help="check the hash chain: edited, deleted, reordered, cut off, rewritten; against "
        "head office's anchor when online and the last printed report's anchor",
    )
    p.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="an anchor printed on a daily report (audit anchor line), also checked",
    )
    p.add_argument("--offline", action="store_true", help="do not ask head office")
    p = sub.add_parser(
        "selftest",
        parents=[common],
        help="check this installation: demo database, fonts, a waybill, the window (offscreen)",
    )
    p.add_argument(
        "--keep", action="store_true", help="keep the temporary data folder (its path is printed)"
    )
    cli_devices.add_parsers(sub, common)
    cli_documents.add_parsers(sub, common)
    cli_sync.add_parsers(sub, common)
    cli_reports.add_parsers(sub, common)
    cli_dispatch.add_parsers(sub, common)
    cli_batch.add_parsers(sub, common)
    cli_recover.add_parsers(sub, common)
    cli_stock.add_parsers(sub, common)
    return parser


def _cmd_demo(args: argparse.Namespace) -> int:
    from station.services.demo import (
        DemoRefused,
        demo_first_day,
        seed_demo_pictures,
        write_demo_database,
    )
    from station.services.pictures import PictureCache

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None), demo=True)).ensure()
    settings = load_settings(dd.settings)
    try:
        path = write_demo_database(
            dd.database, dd.backups, settings.bench.bench_id, force=args.force
        )
    except DemoRefused as exc:
        print(f"station demo: {exc}", file=sys.stderr)
        return 2
    seed_demo_pictures(PictureCache(dd.pictures))  # as if head office had sent them
    save_settings(dd.settings, demo_first_day(settings))
    print(f"demo database written: {path}")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from station.services.doctor import run_checks

    # read-only: a missing folder or settings file is reported, never made
    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None)))
    checks = run_checks(dd, read_settings(dd.settings))
    for c in checks:
        if args.json:
            print(json.dumps({"check": c.name, "ok": c.ok, "detail": c.detail, **c.data}))
        else:
            print(f"[{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
    return 0 if all(c.ok for c in checks) else 1


def read_settings(path) -> Settings:
    """The settings as the file holds them, without writing anything: defaults when
    there is no file (``load_settings`` would save one). SettingsError when unreadable."""
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"settings file {path} must hold a JSON object")
    return settings_from_dict(data)


def _cmd_sampling(args: argparse.Namespace) -> int:
    from station.core.sampling import SamplingError, plan
    from station.resources import read_json

    try:
        result = plan(read_json("sampling", "iso2859_1.json"), args.lot, args.aql, args.level)
    except SamplingError as exc:
        print(json.dumps({"error": exc.code, **{k: str(v) for k, v in exc.params.items()}}))
        return 2
    print(json.dumps(result.to_dict()))
    return 0


def _cmd_selftest(args: argparse.Namespace) -> int:
    """Only a folder given with --data-dir is used, never $STATION_DATA_DIR or the
    bench's own: the self-test writes a demo database into it."""
    from station.selftest import run

    return run(getattr(args, "data_dir", None), keep=args.keep)


def _cmd_gui(args: argparse.Namespace) -> int:
    from station.app import run_gui

    return run_gui(data_dir=getattr(args, "data_dir", None), demo=args.demo)


def _cmd_audit(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from station.db.audit import verify
    from station.db.store import Store

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None))).ensure()
    try:
        anchors, notes = audit_anchors(dd, args)
    except ValueError as exc:
        print(f"station audit verify: {exc}", file=sys.stderr)
        return 2
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        verdict = verify(anchors)
    finally:
        store.close()
    message = "; ".join([verdict.message, *notes])
    print(json.dumps({**asdict(verdict), "message": message}, ensure_ascii=False))
    if not verdict.ok:
        print(f"station audit verify: {message}", file=sys.stderr)
    return 0 if verdict.ok else 1


# Commands that only read the data folder, or never use it: they may run beside a
# station. Every other command writes into the folder (database, settings, token)
# and first takes its lock (station.instance_lock), so a new command is guarded
# unless it is added here. ``None``: every action of the command.
READ_ONLY: dict[str, set[str] | None] = {
    "audit": {"verify"},
    "barcode": None,
    "batch": {"list", "show"},
    "dispatch": {"status"},
    "doctor": None,
    "export": None,
    "head-office": None,  # its own database, not the bench's
    "label": {"waybill", "packing-list", "discrepancy"},
    "report": None,
    "sampling": None,
    "selftest": None,  # locks the folder it works in itself (a temporary one by default)
    "stock": {"show", "warnings", "waiting"},
}


def _action(args: argparse.Namespace) -> str | None:
    return getattr(args, f"{args.command.replace('-', '_')}_command", None)


def needs_lock(args: argparse.Namespace) -> bool:
    """Whether the command must have the data folder to itself.

    ``devices`` actions touch no file of the folder, but a device the folder's
    station is set up with belongs to that station (two readers would split a
    scanner's scans; a printer's jobs would interleave with the spooler's), so
    naming one of those needs the lock too."""
    if args.command == "gui":
        return False  # the window takes the lock itself, and raises a running one
    if args.command == "devices":
        given = [getattr(args, a, None) for a in ("printer", "scanner", "scale")]
        given = {g.strip() for g in given if g}
        return bool(given & {e["uri"].strip() for e in cli_devices._configured(args)})
    if args.command in READ_ONLY:
        actions = READ_ONLY[args.command]
        return actions is not None and _action(args) not in actions
    return True


def _locked(args: argparse.Namespace, handler) -> int:
    from station.instance_lock import EXIT_BUSY, AlreadyRunning, InstanceLock

    root = resolve_data_dir(getattr(args, "data_dir", None), demo=args.command == "demo")
    what = " ".join(p for p in ("station", args.command, _action(args)) if p)
    lock = InstanceLock(root, what)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"{what}: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except OSError as exc:
        print(f"{what}: cannot lock the data folder {root}: {exc.strerror or exc}", file=sys.stderr)
        return 4
    try:
        return handler(args)
    finally:
        lock.release()


def audit_anchors(dd: DataDir, args: argparse.Namespace) -> tuple[list, list[str]]:
    """The anchors to check the audit chain against: given ones, the last printed
    report's (``audit-anchor.json``), and head office's unless ``--offline`` or
    not set up; with notes on what could not be had. ValueError for a bad one."""
    from station.db.audit import Anchor, load_printed_anchor, parse_anchor
    from station.secrets import read_token
    from station.sync.client import HeadOfficeClient, SyncError

    anchors = [parse_anchor(text, "given") for text in args.anchor]
    notes: list[str] = []
    printed = load_printed_anchor(dd.root)
    if printed is not None:
        anchors.append(printed)
    settings = load_settings(dd.settings)
    url = settings.head_office.url
    token = read_token(dd) if url and not args.offline else None
    if url and token:
        try:
            client = HeadOfficeClient(url, token, verify=settings.head_office.verify_tls)
            try:
                found = client.anchor()
            finally:
                client.close()
        except (SyncError, ValueError) as exc:
            notes.append(f"head office not reached ({exc}), checked offline")
        else:
            if found is None:
                notes.append("head office holds no anchor of this bench yet")
            else:
                anchors.append(Anchor(found["seq"], found["hash"], "head_office"))
                if found.get("conflicts"):
                    notes.append(
                        f"head office has received {found['conflicts']} conflicting heads "
                        "from this bench"
                    )
    return anchors, notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "audit": _cmd_audit,
        "demo": _cmd_demo,
        "doctor": _cmd_doctor,
        "gui": _cmd_gui,
        "sampling": _cmd_sampling,
        "selftest": _cmd_selftest,
        "devices": cli_devices.run,
        "barcode": cli_devices.run,
        "label": cli_documents.run,
        "import": cli_documents.run,
        "sync": cli_sync.run,
        "export": cli_sync.run,
        "head-office": cli_sync.run,
        "report": cli_reports.run,
        "dispatch": cli_dispatch.run,
        "batch": cli_batch.run,
        "recover": cli_recover.run,
        "stock": cli_stock.run,
    }
    if args.command is None:
        parser.print_help()
        return 0
    env_dir = os.environ.get(ENV_DATA_DIR)
    if env_dir and not getattr(args, "data_dir", None):
        try:
            data_dir_arg(env_dir)
        except argparse.ArgumentTypeError as exc:
            print(f"station {args.command}: {ENV_DATA_DIR}: {exc}", file=sys.stderr)
            return 2
    try:
        if needs_lock(args):
            return _locked(args, handlers[args.command])
        return handlers[args.command](args)
    except SettingsError as exc:
        print(f"station {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # a damaged database, whichever command meets it: one line, what to do, exit 3
        line = cli_recover.damaged_line(args.command, exc)
        if line is None:
            return _unforeseen(args, exc)
        print(line, file=sys.stderr)
        return 3


EXIT_UNFORESEEN = 70  # sysexits' EX_SOFTWARE


def _unforeseen(args: argparse.Namespace, exc: BaseException) -> int:
    """A fault nobody foresaw: one line on the screen, the traceback in a file for IT
    (the data folder's logs/cli-errors.log, or the temporary folder without one)."""
    import tempfile
    import traceback

    where = Path(tempfile.gettempdir()) / "station-cli-errors.log"
    try:
        root = resolve_data_dir(getattr(args, "data_dir", None), demo=args.command == "demo")
        if root.is_dir():
            (root / "logs").mkdir(exist_ok=True)
            where = root / "logs" / "cli-errors.log"
    except Exception:  # noqa: BLE001 - the report must not fail on the folder's fault
        pass
    try:
        with open(where, "a", encoding="utf-8") as fh:
            fh.write(f"--- station {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        where = None
    detail = f"; details for IT in {where}" if where else ""
    print(
        f"station {args.command}: unexpected error: {exc.__class__.__name__}: {exc}{detail}",
        file=sys.stderr,
    )
    return EXIT_UNFORESEEN
