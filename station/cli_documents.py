"""``station label …`` and ``station import tracking-numbers``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from station import cli_args
from station.core.tracking import RULES
from station.drivers.uri import DPIS
from station.labels.layout import TemplateError
from station.services.documents import (
    FORMATS,
    SIZES,
    DocumentError,
    DocumentService,
    sample_waybill_fields,
)


def _set_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="with --sample: replace a field of the sample (e.g. recipient_address=…), "
        "to try a template with long or rare text",
    )


def _sample_fields(args, fields: dict) -> dict | None:
    """``fields`` with the ``--set FIELD=VALUE`` pairs; ``None`` (message printed)
    for a pair without ``=`` or a field the sample does not have."""
    out = dict(fields)
    for pair in args.set:
        name, eq, value = pair.partition("=")
        if not eq or name not in fields:
            print(
                f"station label: --set {name!r}: the sample's fields are {', '.join(fields)}",
                file=sys.stderr,
            )
            return None
        out[name] = value
    return out


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    label = sub.add_parser("label", parents=[common], help="render waybills and packing lists")
    lsub = label.add_subparsers(dest="label_command", metavar="DOCUMENT", required=True)
    p = lsub.add_parser("waybill", parents=[common], help="the waybill of a packed order")
    p.add_argument("order", nargs="?", help="order number (its closed parcels)")
    p.add_argument(
        "--sample", action="store_true", help="a built-in sample with a Chinese recipient"
    )
    p.add_argument("--format", choices=FORMATS, default="pdf")
    p.add_argument("--size", choices=SIZES, default="100x150")
    _dpi_argument(p)
    p.add_argument("-o", "--output", type=Path, required=True)
    _set_option(p)
    p = lsub.add_parser("packing-list", parents=[common], help="an order's packing list")
    p.add_argument("order", nargs="?")
    p.add_argument("--sample", action="store_true")
    _set_option(p)
    p.add_argument("--format", choices=("pdf",), default="pdf")
    p.add_argument("--size", choices=("a4", "100x150"), default="a4")
    p.add_argument("-o", "--output", type=Path, required=True)
    p = lsub.add_parser(
        "discrepancy", parents=[common], help="a goods-in receipt's discrepancy report (PDF)"
    )
    p.add_argument("receipt", help="receipt number, e.g. GR-PO-2611-001-1")
    p.add_argument("-o", "--output", type=Path, required=True)
    p = lsub.add_parser("lpn", parents=[common], help="putaway / licence-plate labels")
    p.add_argument("receipt", help="receipt number")
    p.add_argument(
        "--company-prefix",
        default=None,
        help="GS1 company prefix: plates are SSCCs (default: the receiving settings')",
    )
    p.add_argument("--format", choices=("pdf", "zpl", "tspl"), default="pdf")
    _dpi_argument(p)
    p.add_argument("-o", "--output", type=Path, required=True)

    imp = sub.add_parser("import", parents=[common], help="bring data in from files")
    isub = imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    p = isub.add_parser(
        "orders", parents=[common], help="sales orders from CSV, xlsx or JSON (marketplace exports)"
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--profile",
        default=None,
        type=cli_args.profile,
        help="a marketplace export's columns: a profile name ("
        + ", ".join(_profiles())
        + ", or one in the data directory's profiles/) or a profile file's path "
        "(default: recognised from the header row)",
    )
    p.add_argument(
        "--items",
        type=Path,
        default=None,
        help="Taobao/Tmall: the items file (宝贝报表) beside the orders file",
    )
    p = isub.add_parser(
        "purchase-orders", parents=[common], help="purchase orders from CSV or JSON"
    )
    p.add_argument("file", type=Path)
    p = isub.add_parser(
        "asn", parents=[common], help="advance shipping notices: pallets by SSCC (JSON)"
    )
    p.add_argument("file", type=Path)
    p = isub.add_parser(
        "invoice", parents=[common], help="a supplier invoice, matched against PO and receipts"
    )
    p.add_argument("file", type=Path, help="CSV: sku,qty,unit_price")
    p.add_argument("--po", required=True, help="the purchase order number")
    p.add_argument("--ref", default="", help="the invoice number")
    p = isub.add_parser(
        "tracking-numbers", parents=[common], help="a carrier's pre-allocated numbers"
    )
    p.add_argument("file", type=Path, help="one number a line (or the first CSV column)")
    p.add_argument("--carrier", required=True, help="SF, YTO, ZTO, JD, YD, EMS…")
    p.add_argument("--account", default="", help="the carrier account number")
    p.add_argument("--rule", choices=RULES, default=None, help="check digits (default: none)")
    p.add_argument(
        "--pattern",
        type=cli_args.regex,
        default=None,
        help="a regular expression every number matches",
    )


def _dpi_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dpi",
        type=int,
        choices=DPIS,
        default=None,
        help="the label printer's resolution for zpl/tspl (default: the bench's label "
        "printer's, else 203)",
    )


def _profiles() -> list[str]:
    """The marketplace export profiles shipped in station/resources/import_profiles."""
    from station.resources import resource

    return sorted(
        p.name.removesuffix(".json")
        for p in resource("import_profiles").iterdir()
        if p.name.endswith(".json")
    )


def _open(args):
    from station.app import build_services
    from station.config import load_settings
    from station.db.store import Store
    from station.paths import DataDir, resolve_data_dir

    dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None))).ensure()
    settings = load_settings(dd.settings)
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    return build_services(dd, settings, store, demo=False)


def _discrepancy(args) -> int:
    services = _open(args)
    try:
        from station.db.models import Receipt

        receipt = Receipt.get_or_none(Receipt.number == args.receipt)
        if receipt is None:
            print(f"station label: no receipt {args.receipt}", file=sys.stderr)
            return 2
        from station.core.errors import CodedError

        try:
            if args.label_command == "lpn":
                prefix = args.company_prefix
                if prefix is None:
                    prefix = services.settings.receiving.company_prefix
                pages = services.receiving.lpn_pages(receipt, prefix)
                data = services.documents.render_labels(
                    "lpn_100x150", pages, args.format, dpi=args.dpi
                )
            else:
                data = services.receiving.report_pdf(receipt)
        except CodedError as exc:
            print(f"station label: {exc.code} {json.dumps(exc.params)}", file=sys.stderr)
            return 2
        args.output.write_bytes(data)
        print(
            json.dumps({"written": str(args.output), "bytes": len(data), "receipt": receipt.number})
        )
        return 0
    finally:
        services.close()


def _label(args) -> int:
    if args.label_command in ("discrepancy", "lpn"):
        return _discrepancy(args)
    if args.sample == bool(args.order):
        print("station label: give an order number or --sample", file=sys.stderr)
        return 2
    if args.sample:
        from station.config import load_settings
        from station.paths import DataDir, resolve_data_dir

        # the bench's own templates and label printer: --sample tries what it prints
        dd = DataDir(resolve_data_dir(getattr(args, "data_dir", None))).ensure()
        settings = load_settings(dd.settings)
        docs = DocumentService(lambda: settings, dd.root / "labels")
        if args.label_command == "waybill":
            fields = _sample_fields(args, sample_waybill_fields())
            if fields is None:
                return 2
            if not any(pair.startswith("consolidation=") for pair in args.set):
                # the "集" box shows name and code: a --set of either shows there
                name, code = fields["consolidation_name"], fields["consolidation_code"]
                fields["consolidation"] = "  ".join(v for v in (name, code) if v)
            data = docs.render_waybill(fields, args.format, args.size, dpi=args.dpi)
        else:
            from station.labels.packing_list import ListLine, PackingListData, render_packing_list

            f = sample_waybill_fields()
            sample = PackingListData(
                order=f["order"],
                shop="家居旗舰店",
                buyer=f["recipient_name"],
                address=f["recipient_address"],
                date=f["date"][:10],
                lines=[
                    ListLine("MAT-240", "防滑地垫 240x300cm · Non-slip floor mat", 1, 1, 0, False),
                    ListLine("TAPE-01", "地毯双面胶 · Carpet tape", 1, 1, 0, True),
                ],
                remark="卖家备注：刘贺,3米*2.4米,图案正常,12月19发货,自提。送胶。",
                tracking=f["tracking"],
            )
            texts = {k: v for k, v in vars(sample).items() if isinstance(v, str)}
            fields = _sample_fields(args, texts)
            if fields is None:
                return 2
            data = render_packing_list(replace(sample, **fields), args.size)
        args.output.write_bytes(data)
        print(json.dumps({"written": str(args.output), "bytes": len(data), "sample": True}))
        return 0
    services = _open(args)
    try:
        from station.db.models import Parcel, SalesOrder

        order = SalesOrder.get_or_none(SalesOrder.number == args.order)
        if order is None:
            print(f"station label: no order {args.order}", file=sys.stderr)
            return 2
        if args.label_command == "packing-list":
            data = services.documents.packing_list(order, args.size)
        else:
            parcels = list(
                Parcel.select()
                .where((Parcel.sales_order == order) & (Parcel.status == "closed"))
                .order_by(Parcel.seq)
            )
            if not parcels:
                print(
                    f"station label: order {args.order} has no closed parcel: a waybill is printed "
                    "only for verified parcels",
                    file=sys.stderr,
                )
                return 3
            data = b"".join(
                services.documents.waybill(p, args.format, args.size, dpi=args.dpi)
                for p in parcels[:1]
            )
        args.output.write_bytes(data)
        print(json.dumps({"written": str(args.output), "bytes": len(data), "order": args.order}))
        return 0
    finally:
        services.close()


# English for the refusal codes of the file imports (the GUI's, translated, are in
# station/ui/import_messages.py); the spreadsheet damage ones: station/services/cells.py
REASONS = {
    "rounded": "the spreadsheet rounded this {what}; export again as text",
    "error_cell": "the cell holds a spreadsheet error ({detail}), not a value; "
    "fix it in the sheet or export again",
    "too_narrow": "the column was too narrow when the sheet was saved ({detail}); "
    "widen it or export again",
    "bad_check_digit": "the check digit of this {what} is wrong: digits were lost or changed",
    "not_a_date": "{detail} is no date between 2000 and 2099",
    "missing": "required value missing ({detail})",
    "bad_quantity": "not a whole quantity above 0 ({detail})",
    "unknown_sku": "no product with SKU {detail}",
    "bad_amount": "not an amount in CNY ({detail})",
    "bad_time": "not a date and time ({detail})",
    "bad_gift": "not yes or no ({detail})",
    "bad_order_type": "order type is spot, presale or custom, not {detail} "
    "(a profile's order_types names the platform's)",
    "no_carrier": "order {detail} has no carrier: the export names none and neither do the "
    "settings (packing.shop_carriers, packing.default_carrier: Settings, Carrier of imported "
    "orders)",
    "no_such_order": "item of order {detail}, which is not in the orders file",
    "order_without_items": "order {detail} has no item in the items file",
    "unknown_format": "no import profile knows this header ({detail}); give --profile",
    "bad_order_number": "an order number is printable ASCII only ({detail})",
    "order_differs": "rows of one order disagree ({detail})",
    "unknown_supplier": "unknown supplier {detail} and no supplier name",
    "unknown_po": "no purchase order {detail}",
    "bad_sscc": "not an 18-digit SSCC with a valid check digit, or repeated ({detail})",
    "bad_item": "an item needs a known SKU, a whole quantity and an ISO date ({detail})",
    "empty_pallet": "a pallet without items ({detail})",
    "unreadable": "the file cannot be read: {detail}",
    "empty": "nothing to import: {detail}",
}
WHAT = {
    "order_number": "order number",
    "po_number": "purchase order number",
    "po": "purchase order number",
    "sku": "SKU",
    "buyer_phone": "phone number",
    "supplier_code": "supplier code",
    "sscc": "SSCC",
    "lot": "lot number",
    "tracking": "tracking number",
}


def refusal_text(reason: str, detail: str, field: str = "") -> str:
    """One line in English for a refused row's ``reason`` code."""
    template = REASONS.get(reason)
    if template is None:
        return f"{reason} {detail}".strip()
    return template.format(detail=detail, what=WHAT.get(field, "number"))


def _import_orders(args) -> int:
    """``import orders`` and ``import purchase-orders``: same rules, same report."""
    services = _open(args)
    try:
        if args.import_command == "orders":
            from station.services.order_import import import_file
            from station.services.order_import.carriers import import_carriers

            result = import_file(
                services.store.db,
                services.bench_id,
                args.file,
                args.profile,
                items=args.items,
                carriers=import_carriers(services.settings.packing),
                profiles_dir=services.data_dir.profiles,
            )
            if result.ok and services.settings.batches.auto:
                made = services.batches.group(None)  # the new orders into batches (波次)
                if made:
                    print(f"station import: {len(made)} new batches", file=sys.stderr)
        elif args.import_command == "asn":
            from station.services.asn_import import import_asn

            result = import_asn(services.store.db, services.bench_id, args.file.read_bytes())
        else:
            from station.services.po_import import import_file

            result = import_file(services.store.db, services.bench_id, args.file)
        for r in result.rejected:
            text = refusal_text(r.reason, r.detail, r.field)
            print(
                json.dumps(
                    {
                        **({"file": r.file} if getattr(r, "file", "") else {}),
                        "line": r.line,
                        "column": r.column,
                        "refused": r.reason,
                        "detail": r.detail,
                        "message": text,
                    },
                    ensure_ascii=False,
                )
            )
            where = f"row {r.line}, column {r.column}" if r.column else f"row {r.line}"
            if getattr(r, "file", ""):
                where = f"{r.file} file {where}"
            print(f"station import: {args.file.name}: {where}: {text}", file=sys.stderr)
        for number in result.conflicts:
            print(json.dumps({"order": number, "conflict": "differs from the order already here"}))
        for number in result.masked:
            print(
                json.dumps(
                    {
                        "order": number,
                        "recipient_masked": "masked by the platform: ships only with "
                        "the platform's e-waybill",
                    }
                )
            )
        print(
            json.dumps(
                {
                    "recipient_masked": len(result.masked),
                    "imported_orders": result.orders,
                    "imported_lines": result.lines,
                    "already_there": result.already,
                    "conflicts": len(result.conflicts),
                    "rejected": len(result.rejected),
                    "encoding": result.encoding,
                    **(
                        {
                            "profile": result.profile,
                            "platform": result.platform,
                            "updated": len(result.updated),
                            "cancelled": len(result.cancelled),
                            "masked": len(result.masked),
                        }
                        if args.import_command == "orders"
                        else {}
                    ),
                }
            )
        )
        return 0 if result.ok else 1
    finally:
        services.close()


def _import_invoice(args) -> int:
    from dataclasses import asdict

    from station.db.models import PurchaseOrder
    from station.services.three_way_match import MatchError, match, parse_invoice

    services = _open(args)
    try:
        po = PurchaseOrder.get_or_none(PurchaseOrder.number == args.po)
        if po is None:
            print(f"station import invoice: no purchase order {args.po}", file=sys.stderr)
            return 2
        try:
            invoice = parse_invoice(args.file.read_bytes())
        except MatchError as exc:
            print(json.dumps({"refused": exc.code, **exc.params}, ensure_ascii=False))
            return 2
        rows = match(services.store.db, services.bench_id, po, invoice, args.ref or args.file.name)
        for row in rows:
            print(json.dumps(asdict(row), ensure_ascii=False))
        mismatches = sum(1 for r in rows if r.problems)
        print(
            json.dumps({"purchase_order": po.number, "lines": len(rows), "mismatches": mismatches})
        )
        return 1 if mismatches else 0
    finally:
        services.close()


def _import(args) -> int:
    if args.import_command in ("orders", "purchase-orders", "asn"):
        return _import_orders(args)
    if args.import_command == "invoice":
        return _import_invoice(args)
    services = _open(args)
    try:
        from station.db.models import CarrierAccount

        existing = CarrierAccount.get_or_none(
            (CarrierAccount.carrier == args.carrier.upper())
            & (CarrierAccount.account_no == args.account)
        )
        account = existing or services.tracking.account(
            args.carrier,
            account_no=args.account,
            check_rule=args.rule or "none",
            pattern=args.pattern or "",
        )
        try:
            text = args.file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = args.file.read_bytes().decode("gb18030")
        result = services.tracking.import_numbers(account, text)
        for line, number, reason in result.rejected:
            print(
                json.dumps({"line": line, "number": number, "refused": reason}, ensure_ascii=False)
            )
            if reason in REASONS:
                text = refusal_text(reason, number, "tracking")
                print(f"station import: {args.file.name}: row {line}: {text}", file=sys.stderr)
        print(
            json.dumps(
                {
                    "carrier": account.carrier,
                    "added": result.added,
                    "already_there": result.already,
                    "rejected": len(result.rejected),
                    "free": services.tracking.free_count(account),
                }
            )
        )
        return 1 if result.rejected else 0
    finally:
        services.close()


def run(args) -> int:
    try:
        if args.command == "label":
            return _label(args)
        return _import(args)
    except (DocumentError, TemplateError) as exc:
        print(f"station {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"station {args.command}: {exc}", file=sys.stderr)
        return 1
