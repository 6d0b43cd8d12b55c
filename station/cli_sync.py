"""``station sync``, ``station export`` and ``station head-office``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from station import cli_args
from station.secrets import read_token, token_path, write_token  # noqa: F401


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help="send the outbox to head office")
    p.add_argument("--once", action="store_true", required=True, help="drain once and stop")
    p.add_argument("--url", type=cli_args.http_url, help="head office (default: settings)")
    p.add_argument(
        "--token", type=cli_args.token, help="this bench's token (default: the token file)"
    )
    p = sub.add_parser("export", parents=[common], help="the outbox to a file, for a USB stick")
    p.add_argument(
        "--since", type=cli_args.iso_time, help="only records from this time on (ISO 8601)"
    )
    p.add_argument("--all", action="store_true", help="also records head office already has")
    p.add_argument("-o", "--output", type=Path, required=True)
    p = sub.add_parser(
        "head-office", parents=[common], help="run the reference head-office service"
    )
    p.add_argument(
        "--port", type=cli_args.port, default=8080, help="0-65535, 0: any free port (default: 8080)"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to answer on (default: 127.0.0.1, behind a reverse proxy)",
    )
    p.add_argument(
        "--db",
        type=cli_args.db_url,
        default=os.environ.get("STATION_HEAD_OFFICE_DB") or "sqlite:///headoffice.db",
        help="sqlite:///FILE or postgresql://… (default: $STATION_HEAD_OFFICE_DB, else"
        " sqlite:///headoffice.db)",
    )
    p.add_argument(
        "--workers",
        type=cli_args.positive,
        default=1,
        help="processes answering on the port (more than 1: use PostgreSQL; default: 1)",
    )
    p.add_argument(
        "--supervisor",
        action="append",
        type=cli_args.supervisor_token,
        default=[],
        metavar="NAME:TOKEN",
        help="a supervisor's token: reads every bench's figures (the all-benches board)",
    )
    p.add_argument(
        "--max-inflight",
        type=cli_args.positive,
        default=64,
        metavar="N",
        help="requests one worker answers at once; more are told 503 with Retry-After"
        " (default: 64)",
    )
    p.add_argument(
        "--per-bench",
        type=cli_args.positive,
        default=4,
        metavar="N",
        help="requests of one token at once; more are told 429 with Retry-After (default: 4)",
    )
    p.add_argument(
        "--issue-supervisor",
        metavar="NAME",
        help="make a new token for supervisor NAME, print it once and stop",
    )
    p.add_argument(
        "--bench",
        action="append",
        type=cli_args.bench_token,
        default=[],
        metavar="BENCH_ID:TOKEN",
        help="a bench it lets in, by the token the bench sends (not empty; the token"
        " shows in the process list: --benches FILE keeps it off the command line)",
    )
    p.add_argument(
        "--benches",
        type=cli_args.benches_file,
        default=cli_args.BenchesFile([], Path()),
        metavar="FILE",
        help="benches it lets in, one BENCH_ID:TOKEN a line (# comments); keep the file"
        " readable by head office's user only",
    )
    p.add_argument(
        "--bench-site",
        action="append",
        type=cli_args.bench_site,
        default=[],
        metavar="BENCH_ID:SITE",
        help="the site (warehouse) a bench stands in: it gets that site's operators only",
    )
    p.add_argument("--import", dest="import_file", type=Path, help="import an export file and stop")
    p.add_argument(
        "--ewaybill-config",
        type=Path,
        metavar="FILE",
        help="the shops' e-waybill authorisations and carriers (JSON, see docs/ewaybill.md)",
    )
    p.add_argument(
        "--ewaybill-demo",
        action="store_true",
        help="start the e-waybill platform simulator and ask it (demo mode)",
    )
    p.add_argument(
        "--faults",
        type=cli_args.faults,
        default=[],
        help=argparse.SUPPRESS,  # tests: misbehave in turn, e.g. 500,429:1,drop,slow:0.5,http:403
    )
    p.add_argument(
        "--fault-every", type=cli_args.count, default=0, help=argparse.SUPPRESS
    )  # tests: …on every Nth upload
    p.add_argument(
        "--media", type=cli_args.folder, help="folder served as /v1/media/ (product pictures)"
    )


def _services(args):
    from station.app import build_services
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir, resolve_data_dir

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None))).ensure()
    settings = load_settings(dd.settings)
    return build_services(
        dd, settings, Store.open(dd.database, dd.backups, backup_interval=None), demo=False
    )


def _sync(args) -> int:
    from station.sync.client import HeadOfficeClient, SyncError, TokenRefused
    from station.sync.downloader import Downloader
    from station.sync.pictures import PictureFetcher
    from station.sync.uploader import Uploader

    services = _services(args)
    try:
        url = args.url or services.settings.head_office.url
        token = args.token or read_token(services.data_dir)
        if not url or not token:
            print(
                "station sync: no head-office URL or token (settings, token file or --url/--token)",
                file=sys.stderr,
            )
            return 2
        client = HeadOfficeClient(url, token, verify=services.settings.head_office.verify_tls)
        try:
            result = Uploader(services.store.db, services.bench_id, client).drain()
        finally:
            client.close()
        pending = Uploader(services.store.db, services.bench_id, client).pending()
        if result.token_refused:
            return _token_refused(result.error, pending)
        answer = {
            "acked": result.acked,
            "parked": result.parked,
            "pending": pending,
            "error": result.error or None,
            "retry_in": result.retry_in,
        }
        if result.done:
            client = HeadOfficeClient(url, token, verify=services.settings.head_office.verify_tls)
            pictures = PictureFetcher(services.pictures, client.http)
            try:
                down = Downloader(services.store.db, services.bench_id, client, pictures).pull()
                answer.update(master_applied=down.applied, master_conflicts=down.conflicts)
                if down.pictures is not None:
                    answer.update(
                        pictures_fetched=len(down.pictures.fetched),
                        pictures_failed=down.pictures.failed,
                    )
            except TokenRefused as exc:
                return _token_refused(str(exc), pending)
            except SyncError as exc:
                answer["error"] = f"master data: {exc}"
                result.error = answer["error"]
            finally:
                pictures.close()
                client.close()
        print(json.dumps(answer, ensure_ascii=False))
        return 0 if result.done else 1
    finally:
        services.close()


def _token_refused(error: str, pending: int) -> int:
    """One line, exit 3: the token is the bench's set-up; the records wait."""
    print(
        f"station sync: {error}; nothing was sent, {pending} records kept to send"
        " once the token is right (keyring or head_office.token, or --token)",
        file=sys.stderr,
    )
    return 3


def _export(args) -> int:
    from station.sync.export import export_outbox

    services = _services(args)
    try:
        n = export_outbox(args.output, services.bench_id, args.since, include_acked=args.all)
        print(json.dumps({"exported": n, "file": str(args.output), "bench_id": services.bench_id}))
        return 0
    finally:
        services.close()


def _head_office(args) -> int:
    from station.headoffice.office import Limits
    from station.headoffice.server import serve
    from station.headoffice.store import HeadOfficeStore
    from station.sync.export import read_export

    if args.issue_supervisor is not None:
        from station.headoffice.access import issue_supervisor

        store = HeadOfficeStore(args.db)
        try:
            token = issue_supervisor(store, args.issue_supervisor)
        finally:
            store.close()
        print(json.dumps({"supervisor": args.issue_supervisor, "token": token}))
        return 0
    if args.import_file:
        body = read_export(args.import_file)
        store = HeadOfficeStore(args.db)
        try:
            acks = store.receive(
                body["bench_id"], body["records"], via="file", anchor=body.get("anchor")
            )["acks"]
        finally:
            store.close()
        counts = {
            s: sum(1 for a in acks if a["status"] == s) for s in ("stored", "duplicate", "rejected")
        }
        print(
            json.dumps(
                {"imported_from": str(args.import_file), "bench_id": body["bench_id"], **counts}
            )
        )
        return 0 if not counts["rejected"] else 1
    if args.benches:
        _warn_if_others_read(args.benches.path)
    serve(
        args.port,
        args.db,
        [*args.bench, *args.benches],
        args.host,
        faults=args.faults,
        fault_every=args.fault_every,
        media=args.media,
        sites=args.bench_site,
        ewaybill_config=args.ewaybill_config,
        ewaybill_demo=args.ewaybill_demo,
        supervisors=args.supervisor,
        workers=args.workers,
        limits=Limits(max_inflight=args.max_inflight, per_bench=args.per_bench),
    )
    return 0


def _warn_if_others_read(path: Path) -> None:
    """One line on stderr when the --benches file can be read by others than its owner."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if sys.platform != "win32" and mode & 0o077:
        print(
            f"station head-office: {path} (the benches' tokens) can be read by other users:"
            f" chmod 600 {path}",
            file=sys.stderr,
        )


def run(args) -> int:
    import peewee as pw

    try:
        return {"sync": _sync, "export": _export, "head-office": _head_office}[args.command](args)
    except (OSError, ValueError) as exc:
        print(f"station {args.command}: {exc}", file=sys.stderr)
        return 2
    except pw.PeeweeException as exc:
        if args.command != "head-office":
            raise  # the bench's own database: station.cli says what to do
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"station head-office: cannot use the database {_shown(args.db)}: {first}",
            file=sys.stderr,
        )
        return 2


def _shown(url: str) -> str:
    """A database URL without its password, for a message."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
