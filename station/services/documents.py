"""Waybills and packing lists for parcels, in the language each printer speaks.

A waybill exists only for a closed parcel, which has passed verification
(or a supervisor's approval for shorts or weight): there is no path that
prints one for an order whose units were not all checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from station.config import WAYBILL_SIZES, Settings
from station.core.errors import CodedError
from station.core.privacy import mask_phone
from station.core.tracking import s10_check_digit, split_child_number
from station.db.models import (
    CarrierAccount,
    Operator,
    PackedItem,
    Parcel,
    SalesOrder,
    SalesOrderLine,
)
from station.drivers.errors import DeviceUriError
from station.drivers.printers.component import component_document
from station.drivers.uri import COMPONENT_PORTS, parse_uri
from station.labels.layout import load_template
from station.labels.packing_list import ListLine, PackingListData, render_packing_list
from station.labels.pdf import render_pdf, render_pdf_pages
from station.labels.png import render_png
from station.labels.tspl import render_tspl
from station.labels.zpl import render_zpl
from station.services.devices import label_dpi
from station.services.routing import child_parent, parcel_routing

CARRIER_NAMES = {
    "SF": "顺丰速运 SF Express",
    "YTO": "圆通速递 YTO",
    "ZTO": "中通快递 ZTO",
    "JD": "京东物流 JD",
    "YD": "韵达快递 Yunda",
    "EMS": "中国邮政 EMS",
}
FORMATS = ("pdf", "zpl", "tspl", "png")  # png: a preview, dot for dot at the printer's dpi
SIZES = WAYBILL_SIZES


class DocumentError(CodedError):
    """No document can be made; ``code``/``params`` for the UI."""


def sample_waybill_fields() -> dict:
    """A waybill's fields with every element of the standard templates filled:
    the second parcel of two (its parent's number), a masked phone, routing
    (route code, sortation, consolidation), service, payment, insurance, QR."""
    serial, parent = "12345678", "12345670"
    return {
        "carrier": "EMS",
        "carrier_name": CARRIER_NAMES["EMS"],
        "tracking": f"EE{serial}{s10_check_digit(serial)}CN",
        "recipient_name": "刘贺",
        "recipient_phone": "138****5521",
        "recipient_address": "四川省成都市都江堰市幸福街道建设路88号2栋1单元502",
        "sender_name": "Station 仓库",
        "sender_phone": "0571-8888 6666",
        "sender_address": "浙江省杭州市余杭区仓前街道文一西路 1500 号 3 号库",
        "order": "2611230001",
        "weight": "3.26 kg",
        "date": "2026-11-11 09:30",
        "parcel": "2/2",
        "contents": "防滑地垫 240x300cm ×1 · 地毯双面胶 ×1 (赠品)\n备注：送胶",
        # routing as a platform's e-waybill answer carries it (Cainiao routingInfo)
        "route_code": "830-120-00 012",
        "sortation_name": "830都江堰",
        "consolidation_code": "280104",
        "consolidation_name": "成都转运中心",
        "consolidation": "成都转运中心  280104",
        "parent_tracking": f"EE{parent}{s10_check_digit(parent)}CN",
        "service_type": "标快",
        "payment": "寄付月结",
        "insured": "保价 500元",
        "qr": f"EE{serial}{s10_check_digit(serial)}CN",
    }


def routing_fields(routing: dict, tracking: str) -> dict:
    """The waybill fields a template's routing elements read, from a parcel's
    routing (``station.services.routing.parcel_routing``, or an e-waybill's
    answer): ``route_code``, ``sortation_name``, ``consolidation_code``,
    ``consolidation_name``, ``consolidation`` (name and code, the "集" box),
    ``parent_tracking``, ``service_type`` (标快, 特惠), ``payment`` (寄付月结),
    ``insured`` (保价 500元) and ``qr`` (the routing's QR text, SF's routing
    string; else the waybill number, as Cainiao and PDD print data give it).
    A value the routing does not have is "" and its element is left out."""

    def text(name: str) -> str:
        v = routing.get(name)
        return "" if v is None else str(v).strip()

    consolidation = "  ".join(
        v for v in (text("consolidation_name"), text("consolidation_code")) if v
    )
    return {
        "route_code": text("route_code"),
        "sortation_name": text("sortation_name"),
        "consolidation_code": text("consolidation_code"),
        "consolidation_name": text("consolidation_name"),
        "consolidation": consolidation,
        "parent_tracking": text("parent_tracking"),
        "service_type": text("service_type"),
        "payment": text("payment"),
        "insured": text("insured"),
        "qr": text("qr") or tracking,
    }


def batch_code(batch: str, n: int, total: int) -> str:
    """The custom-area barcode of a batch's label: the batch number, then ``n`` and
    ``N`` in four digits each (``BT2611300001`` + ``0012`` + ``0050``). Digits
    only after ``BT``, so Code 128 packs them two a symbol: 167 modules whatever
    the batch's size (up to 1,000 orders), 46 mm at the narrowest bars a scanner
    reads; ``<batch>/<n>/<N>`` of a 500-order batch would not fit a 100 mm label's
    custom area. :func:`read_batch_code` reads it back."""
    return f"{batch}{n:04d}{total:04d}"


_BATCH_CODE = re.compile(r"^(BT\d{10})(\d{4})(\d{4})$")


def read_batch_code(code: str) -> tuple[str, int, int] | None:
    """(batch, n, N) of a label's batch barcode (:func:`batch_code`); None for any
    other code."""
    m = _BATCH_CODE.match(code.strip())
    if m is None:
        return None
    return m.group(1), int(m.group(2)), int(m.group(3))


def batch_contents(counts: dict[str, int], shown: int = 3) -> str:
    """The contents line of a batch's pre-printed waybill, whose custom area takes
    half the contents' room: the first ``shown`` items (name ×qty), then
    ``… +N`` for the other items."""
    items = [f"{n} ×{q}" for n, q in counts.items()]
    if len(items) > shown + 1:
        items = [*items[:shown], f"… +{len(items) - shown}"]
    return " · ".join(items)


PrintData = Callable[[Parcel], "dict | str | None"]


class DocumentService:
    """``print_data``: the platform's print data of a parcel's e-waybill, exactly as
    the e-waybill service returned it (a JSON object, or its text), None when the
    parcel has none; a bench whose label printer is a platform's print component
    prints only that. Without it such a bench has no waybill to print."""

    def __init__(
        self,
        settings: callable,
        user_templates: Path | None = None,
        print_data: PrintData | None = None,
    ):
        self.settings = settings  # () -> Settings
        self.user_templates = user_templates
        self.print_data = print_data

    # --- fields ---

    def waybill_fields(self, parcel: Parcel) -> dict:
        if parcel.status != "closed" or not parcel.tracking_number:
            raise DocumentError("no_waybill_unverified", order=parcel.sales_order.number)
        order: SalesOrder = parcel.sales_order
        s: Settings = self.settings()
        items = (
            PackedItem.select(PackedItem, SalesOrderLine)
            .join(SalesOrderLine)
            .where(PackedItem.parcel == parcel)
        )
        counts: dict[str, int] = {}
        for it in items:
            name = it.sales_order_line.product.name.split(" · ")[0]
            counts[name] = counts.get(name, 0) + it.qty
        parcels = Parcel.select().where(Parcel.sales_order == order).count()
        closed = (parcel.closed_at or parcel.created_at).replace(tzinfo=UTC).astimezone()
        seq, total = parcel.seq, max(parcels, parcel.seq)
        split = split_child_number(parcel.tracking_number) if child_parent(parcel) else None
        if split is not None:
            seq, total = split[1], split[2]  # JD: the n/N its number carries
        return {
            **self._waybill_parties(order, parcel, s),
            "weight": f"{parcel.weight_g / 1000:.2f} kg" if parcel.weight_g else "",
            "date": closed.strftime("%Y-%m-%d %H:%M"),
            "parcel": f"{seq}/{total}",
            "contents": " · ".join(f"{n} ×{q}" for n, q in counts.items()),
        }

    @staticmethod
    def _waybill_parties(order: SalesOrder, parcel: Parcel, s: Settings) -> dict:
        """The fields every waybill of ``parcel`` carries whenever it is printed: the
        carrier, the number, the recipient (the phone masked unless the carrier's
        setting says otherwise), the sender, the order, and the routing fields."""
        account = CarrierAccount.get_or_none(CarrierAccount.carrier == (order.carrier or ""))
        phone = order.buyer_phone or ""
        if s.packing.phone_masked(order.carrier):
            phone = mask_phone(phone)
        return {
            "carrier": (order.carrier or "").upper(),
            "carrier_name": CARRIER_NAMES.get(
                order.carrier or "", account.name if account else order.carrier or ""
            ),
            "tracking": parcel.tracking_number,
            "recipient_name": order.buyer_name,
            "recipient_phone": phone,
            "recipient_address": order.address,
            "sender_name": s.packing.sender_name,
            "sender_phone": s.packing.sender_phone,
            "sender_address": s.packing.sender_address,
            "order": order.number,
            **routing_fields(parcel_routing(parcel), parcel.tracking_number),
        }

    def batch_waybill_fields(self, parcel: Parcel, batch: str, n: int, total: int) -> dict:
        """A waybill printed before packing (a batch's, 先打单): the parcel's number
        taken ahead (``PackingService.take_number_ahead``), the contents the order's
        lines, no weight; the custom area carries ``batch`` (its number), ``batch_seq``
        (``n/N``: the label's place in the pick list's walk) and ``batch_code`` (its
        barcode, :func:`batch_code`). DocumentError ``no_waybill_unverified`` for a
        parcel without a number."""
        if parcel.status == "voided" or not parcel.tracking_number:
            raise DocumentError("no_waybill_unverified", order=parcel.sales_order.number)
        order: SalesOrder = parcel.sales_order
        s: Settings = self.settings()
        counts: dict[str, int] = {}
        for ln in order.lines.order_by(SalesOrderLine.line_no):
            name = ln.product.name.split(" · ")[0]
            counts[name] = counts.get(name, 0) + ln.qty
        now = parcel.created_at.replace(tzinfo=UTC).astimezone()
        return {
            **self._waybill_parties(order, parcel, s),
            "weight": "",
            "date": now.strftime("%Y-%m-%d %H:%M"),
            "parcel": f"{parcel.seq}/{parcel.seq}",
            "contents": batch_contents(counts),
            "batch": batch,
            "batch_seq": f"{n}/{total}",
            "batch_code": batch_code(batch, n, total),
        }

    def batch_waybills(self, labels: list[tuple[Parcel, str, int, int]], fmt: str) -> list[bytes]:
        """Each pre-printed waybill of ``labels`` ((parcel, batch, n, N), in print
        order) in ``fmt``: the label printer's language, or a platform's print
        component (its print data unaltered, the batch in the custom area)."""
        size = self.settings().printing.waybill_size
        out = []
        for parcel, batch, n, total in labels:
            if fmt in COMPONENT_PORTS:
                data = self.print_data(parcel) if self.print_data is not None else None
                if data is None:
                    raise DocumentError("no_print_data", tracking=parcel.tracking_number)
                custom = {
                    "order": parcel.sales_order.number,
                    "barcode": parcel.sales_order.number,
                    "batch": batch,
                    "batch_seq": f"{n}/{total}",
                    "parcel": f"{parcel.seq}/{parcel.seq}",
                }
                try:
                    out.append(
                        component_document(
                            fmt,
                            parcel.tracking_number,
                            data,
                            custom,
                            self.settings().printing.component_custom_template,
                        )
                    )
                except ValueError:
                    raise DocumentError("no_print_data", tracking=parcel.tracking_number) from None
            else:
                fields = self.batch_waybill_fields(parcel, batch, n, total)
                out.append(self.render_waybill(fields, fmt, size))
        return out

    # --- rendering ---

    def render_waybill(
        self, fields: dict, fmt: str, size: str = "100x150", *, dpi: int | None = None
    ) -> bytes:
        """A waybill in ``fmt`` (pdf, zpl, tspl, png); ZPL, TSPL and the PNG preview
        laid out for ``dpi`` (203, 300, 600; default: the bench's label printer's,
        ``label_dpi``)."""
        if fmt not in FORMATS:
            raise DocumentError("unknown_format", format=fmt)
        template = load_template(f"waybill_{size}", self.user_templates)
        if fmt == "pdf":
            return render_pdf(template, fields)
        render = {"zpl": render_zpl, "tspl": render_tspl, "png": render_png}[fmt]
        return render(template, fields, dpi=dpi or self.label_dpi())

    def render_labels(
        self, name: str, pages: list[dict], fmt: str, *, dpi: int | None = None
    ) -> bytes:
        """Template ``name`` filled once per dict: one PDF of several pages, or the
        labels one after another for a label printer of ``dpi`` (default: the
        bench's label printer's, ``label_dpi``): ZPL, TSPL, or PNG images written
        one after another (for a label printer with only a graphics driver)."""
        if fmt not in FORMATS:
            raise DocumentError("unknown_format", format=fmt)
        template = load_template(name, self.user_templates)
        if fmt == "pdf":
            return render_pdf_pages(template, pages)
        render = {"zpl": render_zpl, "tspl": render_tspl, "png": render_png}[fmt]
        dpi = dpi or self.label_dpi()
        return b"".join(render(template, fields, dpi=dpi) for fields in pages)

    def label_dpi(self) -> int:
        """The resolution of the bench's label printer, dots per inch: its address's
        ``dpi=``, else ``devices.printer_dpi``, else 203. An address that cannot be
        read counts as none (the print job reports it)."""
        d = self.settings().devices
        try:
            return label_dpi(d.printer, d.printer_dpi)
        except DeviceUriError:
            return label_dpi("", d.printer_dpi)

    def label_language(self) -> str | None:
        """The language of the bench's label printer's jobs; None when it has none.
        ``png`` for a label printer reached through the system's graphics driver
        (``zpl+system://NAME``): each label is sent as an image at its dpi."""
        printer = self.settings().devices.printer
        if not printer:
            return None
        if printer.strip().startswith("sim"):
            return "zpl"
        uri = parse_uri("printer", printer)
        if uri.transport == "system" and uri.language != "pdf":
            return "png"
        return uri.language

    def waybill(
        self, parcel: Parcel, fmt: str, size: str = "100x150", *, dpi: int | None = None
    ) -> bytes:
        """The waybill in ``fmt``: drawn by the station (pdf, zpl, tspl; ``dpi`` for
        the label printer's resolution), or for a platform's print component
        (cainiao, pdd, douyin) the job it prints."""
        if fmt in COMPONENT_PORTS:
            return self.component_waybill(parcel, fmt)
        return self.render_waybill(self.waybill_fields(parcel), fmt, size, dpi=dpi)

    def custom_area(self, parcel: Parcel) -> dict:
        """The station's own area on a platform's waybill (the custom template's data):
        ``order`` and ``barcode`` (the order number, for the order barcode), ``items``
        [{sku, name, qty}] packed in this parcel, ``remark`` (seller remark and
        buyer message), ``parcel`` ("2/3")."""
        if parcel.status != "closed" or not parcel.tracking_number:
            raise DocumentError("no_waybill_unverified", order=parcel.sales_order.number)
        order: SalesOrder = parcel.sales_order
        counts: dict[int, dict] = {}
        items = (
            PackedItem.select(PackedItem, SalesOrderLine)
            .join(SalesOrderLine)
            .where(PackedItem.parcel == parcel)
        )
        for it in items:
            product = it.sales_order_line.product
            line = counts.setdefault(
                product.id, {"sku": product.sku, "name": product.name, "qty": 0}
            )
            line["qty"] += it.qty
        parcels = Parcel.select().where(Parcel.sales_order == order).count()
        remark = "  ".join(r for r in (order.seller_remark, order.buyer_message) if r)
        return {
            "order": order.number,
            "barcode": order.number,
            "items": list(counts.values()),
            "remark": remark,
            "parcel": f"{parcel.seq}/{max(parcels, parcel.seq)}",
        }

    def component_waybill(self, parcel: Parcel, language: str) -> bytes:
        """The job for a platform's print component: the e-waybill's print data,
        unaltered, and the custom area when a custom template is set
        (printing.component_custom_template). DocumentError ``no_print_data`` when
        the parcel has no e-waybill print data."""
        custom = self.custom_area(parcel)
        data = self.print_data(parcel) if self.print_data is not None else None
        if data is None:
            raise DocumentError("no_print_data", tracking=parcel.tracking_number)
        try:
            return component_document(
                language,
                parcel.tracking_number,
                data,
                custom,
                self.settings().printing.component_custom_template,
            )
        except ValueError:
            raise DocumentError("no_print_data", tracking=parcel.tracking_number) from None

    def packing_list_data(self, order: SalesOrder, parcel: Parcel | None = None) -> PackingListData:
        packed: dict[int, int] = {}
        for it in PackedItem.select().join(Parcel).where(Parcel.sales_order == order):
            packed[it.sales_order_line_id] = packed.get(it.sales_order_line_id, 0) + it.qty
        lines = [
            ListLine(
                ln.product.sku,
                ln.product.name,
                ln.qty,
                packed.get(ln.id, 0),
                ln.qty_short,
                ln.is_gift,
            )
            for ln in order.lines.order_by(SalesOrderLine.line_no)
        ]
        reship = order.reships.order_by(SalesOrder.id.desc()).first()
        remark = "  ".join(r for r in (order.seller_remark, order.buyer_message) if r)
        phone = order.buyer_phone or ""
        if self.settings().packing.phone_masked(order.carrier):
            phone = mask_phone(phone)
        return PackingListData(
            order=order.number,
            shop=order.shop or "",
            buyer=f"{order.buyer_name} {phone}".strip(),
            address=order.address,
            date=(order.created_at.replace(tzinfo=UTC).astimezone()).strftime("%Y-%m-%d"),
            lines=lines,
            remark=remark,
            tracking=parcel.tracking_number if parcel and parcel.tracking_number else "",
            reship=reship.number if reship else "",
        )

    def packing_list(
        self, order: SalesOrder, size: str = "a4", parcel: Parcel | None = None
    ) -> bytes:
        return render_packing_list(self.packing_list_data(order, parcel), size)

    # --- printing a closed parcel ---

    def print_parcel(
        self, parcel: Parcel, printing, operator: Operator | None, *, waybill: bool = True
    ) -> list:
        """Waybill to the label printer (its language), packing list to the document
        printer. ``waybill`` False: the packing list only (the waybill was printed
        before packing, with its batch, and is on the box already)."""
        d = self.settings().devices
        jobs = []
        language = self.label_language() if waybill else None
        if language:
            jobs.append(
                printing.submit(
                    "waybill",
                    self.waybill(parcel, language, self.settings().printing.waybill_size),
                    language=language,
                    document_ref=parcel.tracking_number,
                    operator=operator,
                )
            )
        if d.document_printer:
            jobs.append(
                printing.submit(
                    "packing_list",
                    self.packing_list(parcel.sales_order, "a4", parcel),
                    language="pdf",
                    document_ref=parcel.sales_order.number,
                    role="document",
                    operator=operator,
                )
            )
        return jobs
