"""``station devices …`` and ``station barcode parse``: set-up tools for the IT person.

Every command prints JSON lines, so a script (or a person with ``jq``) can
read them. Device errors are one JSON line with ``error`` and ``message``.
``weigh`` exits 4 when the scale answers without a weight a parcel may have
(not settled, overload, underload, busy, below zero, a unit it cannot use),
with ``reason`` naming which.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from pathlib import Path

from station import cli_args
from station.drivers.errors import DeviceError, DeviceUriError
from station.drivers.scales.reading import ScaleNotReady, ScaleUnitError
from station.drivers.uri import parse_uri


def emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str), flush=True)


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    devices = sub.add_parser("devices", parents=[common], help="find, test and watch devices")
    dsub = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    dsub.add_parser("list", parents=[common], help="serial ports found and devices configured")
    p = dsub.add_parser("listen", parents=[common], help="one line per scan until stopped")
    p.add_argument("--scanner", required=True, metavar="URI", help="serial://… or wedge (stdin)")
    p.add_argument("--count", type=cli_args.count, default=0, help="stop after this many scans")
    p.add_argument("--seconds", type=cli_args.seconds, default=0, help="stop after this long")
    p = dsub.add_parser("print", parents=[common], help="send a file to a printer as it is")
    p.add_argument("--printer", required=True, metavar="URI")
    p.add_argument("file", type=Path)
    p = dsub.add_parser("test-label", parents=[common], help="print a test label")
    p.add_argument("--printer", required=True, metavar="URI")
    p = dsub.add_parser("status", parents=[common], help="ask a printer how it is")
    p.add_argument("--printer", required=True, metavar="URI")
    p = dsub.add_parser(
        "printers", parents=[common], help="the printers a platform's print component lists"
    )
    p.add_argument("--printer", required=True, metavar="URI", help="cainiao+ws://…, pdd+ws://…")
    p = dsub.add_parser("weigh", parents=[common], help="read a scale")
    p.add_argument("--scale", required=True, metavar="URI")
    p.add_argument("--unstable", action="store_true", help="do not wait for a stable weight")
    p.add_argument(
        "--settle",
        type=cli_args.seconds,
        default=None,
        metavar="SECONDS",
        help="how long the scale may take to settle (default: devices.scale_settle_seconds, 5)",
    )

    barcode = sub.add_parser("barcode", parents=[common], help="what the station reads in a code")
    bsub = barcode.add_subparsers(dest="barcode_command", metavar="ACTION", required=True)
    p = bsub.add_parser("parse", parents=[common], help="symbology, GTIN, GS1 elements, verdict")
    p.add_argument("data", help=r"the scanned text; \x1d or --gs stand-in for the GS separator")
    p.add_argument(
        "--gs", default="", metavar="CHARS", help="the scanner's stand-in for GS (e.g. '|')"
    )


def _configured(args) -> list[dict]:
    from station.config import load_settings
    from station.paths import DataDir, resolve_data_dir

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None)))
    if not dd.settings.exists():
        return []
    devices = load_settings(dd.settings).devices
    out = []
    for role, kind in (
        ("scanner", "scanner"),
        ("printer", "printer"),
        ("standby_printer", "printer"),
        ("document_printer", "printer"),
        ("scale", "scale"),
    ):
        text = getattr(devices, role)
        if not text:
            continue
        entry = {"type": "configured", "role": role, "uri": text}
        try:
            parse_uri(kind, text)
            entry["valid"] = True
        except DeviceUriError as exc:
            entry.update(valid=False, message=str(exc))
        out.append(entry)
    return out


def _list(args) -> int:
    from station.services.devices import find_serial_ports

    for port in find_serial_ports():
        emit({"type": "serial_port", **port})
    for entry in _configured(args):
        emit(entry)
    return 0


def _listen(args) -> int:
    from station.services.barcode_info import describe

    uri = parse_uri("scanner", args.scanner)
    done = threading.Event()
    count = 0

    def on_scan(data: str, symbology: str, source: str, framing: str | None = None) -> None:
        nonlocal count
        count += 1
        line = {"type": "scan", "data": data, "symbology": symbology or None, "source": source}
        if framing:
            line["framing"] = framing
        emit({**line, "understood": describe(data)})
        if args.count and count >= args.count:
            done.set()

    if uri.transport == "wedge":
        # A keyboard-wedge scanner types into this terminal: one line per scan.
        for line in sys.stdin:
            on_scan(line.rstrip("\r\n"), "", "wedge")
            if done.is_set():
                break
        return 0
    if uri.transport != "serial":
        emit({"error": "device_uri", "message": f"cannot listen to {uri.text}"})
        return 2
    from station.drivers.scanners.serial_scanner import SerialScannerReader

    def on_state(state: str, detail: str) -> None:
        emit({"type": "state", "state": state, "detail": detail})

    reader = SerialScannerReader(
        uri, lambda r: on_scan(r.data, r.symbology, r.source, r.framing), on_state
    )
    with reader, contextlib.suppress(KeyboardInterrupt):
        done.wait(args.seconds or None)
    return 0


def _printer(args):
    from station.services.devices import make_printer
    from station.system_print import install

    install()  # a pdf+system:// printer is drawn by Qt's print support

    out_dir = Path.cwd()
    return make_printer(args.printer, out_dir)


def _print(args) -> int:
    data = args.file.read_bytes()
    _printer(args).print_job(data)
    emit({"type": "printed", "printer": args.printer, "bytes": len(data), "file": str(args.file)})
    return 0


def _test_label(args) -> int:
    printer = _printer(args)
    data = printer.test_label()
    printer.print_job(data)
    emit({"type": "printed", "printer": args.printer, "bytes": len(data), "test_label": True})
    return 0


def _status(args) -> int:
    status = _printer(args).status()
    emit({"type": "printer_status", "printer": args.printer, **status.to_dict()})
    return 0 if status.ready else 1


def _component_printers(args) -> int:
    from station.drivers.printers.component import ComponentPrinter, address_with_printer

    printer = _printer(args)
    if not isinstance(printer, ComponentPrinter):
        emit(
            {
                "error": "device_uri",
                "message": f"{args.printer} is not a print component "
                "(cainiao+ws://…, pdd+ws://…, douyin+ws://…)",
            }
        )
        return 2
    names, default = printer.list_printers()
    for name in names:
        emit(
            {
                "type": "component_printer",
                "name": name,
                "default": name == default,
                "uri": address_with_printer(args.printer, name),
            }
        )
    return 0


NO_PARCEL_WEIGHT = 4  # the scale answered, but with no weight a parcel may have


def _settle_seconds(args) -> float:
    if args.settle is not None:
        return args.settle
    from station.config import DeviceSettings, load_settings
    from station.paths import DataDir, resolve_data_dir

    with contextlib.suppress(Exception):  # no data folder yet: the default
        dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None)))
        if dd.settings.exists():
            return load_settings(dd.settings).devices.scale_settle_seconds
    return DeviceSettings.scale_settle_seconds


def _weigh(args) -> int:
    """One weight line; exit 0 only for a weight a parcel may have (stable, a known
    unit, in range, not below zero), else exit 4 with the reason."""
    from station.drivers.scales.reading import parcel_grams
    from station.services.devices import make_scale

    scale = make_scale(args.scale)
    try:
        weight = scale.weigh(stable=not args.unstable, timeout=_settle_seconds(args))
    finally:
        scale.close()
    try:
        parcel_grams(weight)
    except (ScaleNotReady, ScaleUnitError) as exc:
        emit({"type": "weight", "scale": args.scale, **weight.to_dict(), **_refusal(exc)})
        return NO_PARCEL_WEIGHT
    emit({"type": "weight", "scale": args.scale, **weight.to_dict()})
    return 0


def _refusal(exc: ScaleNotReady | ScaleUnitError) -> dict:
    reason = exc.reason if isinstance(exc, ScaleNotReady) else "unit"
    return {"error": exc.code, "reason": reason, "message": str(exc)}


def _barcode(args) -> int:
    from station.services.barcode_info import describe

    data = args.data.replace("\\x1d", "\x1d")
    result = describe(data, gs_standin=args.gs)
    emit(result)
    return 0 if result["ok"] else 1


def run(args) -> int:
    if args.command == "barcode":
        return _barcode(args)
    handler = {
        "list": _list,
        "listen": _listen,
        "print": _print,
        "test-label": _test_label,
        "status": _status,
        "printers": _component_printers,
        "weigh": _weigh,
    }[args.devices_command]
    try:
        return handler(args)
    except DeviceUriError as exc:
        emit({"error": exc.code, "message": str(exc)})
        return 2
    except (ScaleNotReady, ScaleUnitError) as exc:
        emit(_refusal(exc))
        return NO_PARCEL_WEIGHT
    except DeviceError as exc:
        emit({"error": exc.code, "message": str(exc)})
        return 1
    except OSError as exc:
        emit({"error": "os_error", "message": str(exc)})
        return 1
