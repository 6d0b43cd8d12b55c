"""E-waybills through a platform's print component: queued job to "printed".

Each job goes through the station's print queue (a real SQLite file: claim,
print, record) to the simulated print component on 127.0.0.1 (a WebSocket
connection per job, the ``print`` request, its acknowledgement and the
``rendered``/``printed`` notifications), against the same queue sending a ZPL
label of the same size to the simulated network label printer over raw TCP.
The simulator prints instantly: the figure is the station's and the
protocol's share, not a real printer's.

The last scan of an order to "waybill at the print component": orders released
by the reference head office (on 127.0.0.1, its e-waybill desk asking the
platform simulator) with their e-waybills fetched ahead and pulled by the bench;
at the bench the real packing service takes the order's last item scan and
closes the parcel on the fetched e-waybill, the documents service queues the
platform's print data and the print queue sends it to the simulated Cainiao
component, timed until the component has the task (p50/p99). Baseline: the same
print data queued and sent by the same queue, without the scan and the close.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, percentile

PRINT_DATA = {
    "encryptedData": "AES:" + "Jk3nZ0uV8s+Qm1f2a9Xh7w" * 60,  # a privacy waybill's size
    "signature": "MD:4b9c1f0e7a2d",
    "templateURL": "http://cloudprint.cainiao.com/template/standard/101/605",
    "ver": "waybill_print_secret_version_1",
}


def _queue_times(root: Path, uri: str, payload, language: str, n: int) -> list[float]:
    from station.db.store import Store
    from station.drivers.printers import open_printer
    from station.paths import DataDir
    from station.services.printing import PrinterPair, PrintService

    dd = DataDir(root).ensure()
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    try:
        printer = open_printer(uri, timeout=10)
        queue = PrintService(store.db, "b1", lambda role: PrinterPair(printer))
        times = []
        for i in range(n):
            start = time.perf_counter()
            queue.submit("waybill", payload(i), language=language, document_ref=f"YT{i}")
            queue.run_once()
            times.append(time.perf_counter() - start)
        return times
    finally:
        store.close()


class _Stamped(list):
    """The simulator's task list, each task's arrival time kept beside it."""

    def __init__(self):
        super().__init__()
        self.at: list[float] = []

    def append(self, item) -> None:
        self.at.append(time.perf_counter())
        super().append(item)


def last_scan_to_component(root: Path, n: int) -> list[Figure]:
    from station.app import build_services, prepare_demo
    from station.config import load_settings
    from station.core.scan import Scan
    from station.db.models import Operator
    from station.db.store import Store
    from station.drivers.simulators.print_component import SimulatedPrintComponent
    from station.headoffice.demo_waybills import start_demo_platforms
    from station.headoffice.server import HeadOfficeServer
    from station.headoffice.store import HeadOfficeStore
    from station.headoffice.waybills import WaybillDesk
    from station.paths import DataDir
    from station.secrets import write_token
    from station.services.devices import bench_printers
    from station.services.documents import DocumentService
    from station.services.operators import Session
    from station.services.printing import PrintService
    from station.sync.client import HeadOfficeClient
    from station.sync.downloader import Downloader

    token = "bench-token-benchmark"
    dd = DataDir(root / "bench").ensure()
    component = SimulatedPrintComponent("cainiao", printers=("GP-1324D",)).start()
    component.tasks = _Stamped()
    settings = prepare_demo(dd, load_settings(dd.settings)).replace(
        "devices",
        printer=component.printer_uri("GP-1324D"),
        standby_printer="",
        document_printer="",
        scale="",
    )
    store = Store.open(dd.database, dd.backups, backup_interval=None)
    services = build_services(dd, settings, store, demo=True)  # the bench first, as it runs
    platforms, config = start_demo_platforms(balance=10**6)
    office = HeadOfficeStore(f"sqlite:///{root}/ho.sqlite3")
    desk = WaybillDesk(office.db, config)
    server = HeadOfficeServer(office, waybills=desk).start()
    try:
        write_token(dd, token)
        office.add_bench(services.bench_id, token)
        services.use_session_head_office(server.url)
        numbers = [f"HO-BM{i:06d}" for i in range(n)]
        orders = [
            {
                "number": number,
                "shop": "茶园直营店",
                "carrier": "ZTO",
                "buyer_name": "陈**",
                "buyer_phone": "136****4410",
                "address": "广东省广州市天河区天河路385号太古汇北塔",
                "recipient": {
                    "name": "陈**",
                    "oaid": f"OAID-{number}",
                    "address": "广东省广州市天河区天河路385号",
                },
                "lines": [{"sku": "TEA-100", "qty": 2}],
            }
            for number in numbers
        ]
        for k in range(0, n, 10):
            office.publish_orders(orders[k : k + 10])
        client = HeadOfficeClient(server.url, token, timeout=10)
        try:
            Downloader(store.db, services.bench_id, client).pull()
        finally:
            client.close()
        docs = DocumentService(lambda: settings, print_data=services.waybills.print_data)
        queue = PrintService(
            store.db, services.bench_id, lambda role: bench_printers(settings, root, role)
        )
        svc = services.packing
        who = Session(Operator.get(Operator.name == "张伟"), "bench")
        tea = _gtin("TEA-100")
        times, print_data = [], None
        for number in numbers:
            _, state = svc.open(Scan(number), who)
            svc.scan_item(state.order, Scan(tea), who)
            start = time.perf_counter()
            svc.scan_item(state.order, Scan(tea), who)  # the last unit
            result = svc.close(state.order, who)
            if result.waybill_source != "platform":
                raise RuntimeError(f"{number}: closed on a {result.waybill_source} waybill")
            docs.print_parcel(result.parcel, queue, None)
            queue.run_once()
            times.append(component.tasks.at[-1] - start)
            print_data = services.waybills.print_data(result.parcel)
        if len(component.tasks) != n:
            raise RuntimeError(f"{len(component.tasks)} tasks at the component of {n}")
        base = []
        for i in range(n):
            start = time.perf_counter()
            payload = component_payload(print_data, i)
            queue.submit("waybill", payload, language="cainiao", document_ref=f"BASE{i}")
            queue.run_once()
            base.append(component.tasks.at[-1] - start)
    finally:
        server.stop()
        desk.close()
        office.close()
        platforms.stop()
        services.close()
        component.stop()
    label = "same queue, same print data, no scan/close"
    return [
        Figure(
            f"last scan to waybill at the component p50 (n={n})",
            percentile(times, 50) * 1000,
            "ms",
            percentile(base, 50) * 1000,
            label,
        ),
        Figure(
            f"last scan to waybill at the component p99 (n={n})",
            percentile(times, 99) * 1000,
            "ms",
            percentile(base, 99) * 1000,
            label,
        ),
    ]


def component_payload(print_data: str, i: int) -> bytes:
    from station.drivers.printers.component import component_document

    return component_document("cainiao", f"BASE{i}", print_data)


def _gtin(sku: str) -> str:
    from station.resources import read_json

    for p in read_json("demo", "products.json"):
        if p["sku"] == sku:
            return next(
                b["code"] for b in p["barcodes"] if b["kind"] == "gtin" and b["pack_qty"] == 1
            )
    raise KeyError(sku)


def run(quick: bool = False) -> list[Figure]:
    from station.drivers.printers.component import component_document
    from station.drivers.simulators.label_printer import SimulatedLabelPrinter
    from station.drivers.simulators.print_component import SimulatedPrintComponent

    n = 30 if quick else 500
    custom = {"order": "2611230005", "items": [{"sku": "SOCK-5P", "qty": 2}], "remark": "送胶"}
    figures = []
    with tempfile.TemporaryDirectory() as d:
        with SimulatedLabelPrinter() as label:
            size = len(component_document("cainiao", "YT0", PRINT_DATA, custom, "http://c"))
            zpl = b"^XA^FO50,50^A0N,30,30^FD" + b"x" * size + b"^FS^XZ\n"
            base = _queue_times(Path(d) / "zpl", label.uri, lambda i: zpl, "zpl", n)
        base_p50, base_p99 = percentile(base, 50) * 1000, percentile(base, 99) * 1000
        for language in ("cainiao", "pdd", "douyin"):
            with SimulatedPrintComponent(language) as sim:

                def payload(i, language=language):
                    return component_document(language, f"YT{i}", PRINT_DATA, custom, "http://c")

                times = _queue_times(Path(d) / language, sim.printer_uri(), payload, language, n)
                assert len(sim.printed) == n, "every job printed"
            figures += [
                Figure(
                    f"{language}: queued job to printed p50 (n={n})",
                    percentile(times, 50) * 1000,
                    "ms",
                    base_p50,
                    "same queue, ZPL over TCP",
                ),
                Figure(
                    f"{language}: queued job to printed p99 (n={n})",
                    percentile(times, 99) * 1000,
                    "ms",
                    base_p99,
                    "same queue, ZPL over TCP",
                ),
            ]
        figures += last_scan_to_component(Path(d) / "last-scan", n)
    return figures
