"""E-waybills through a platform's print component: queued job to "printed".

Each job goes through the station's print queue (a real SQLite file: claim,
print, record) to the simulated print component on 127.0.0.1 (a WebSocket
connection per job, the ``print`` request, its acknowledgement and the
``rendered``/``printed`` notifications), against the same queue sending a ZPL
label of the same size to the simulated network label printer over raw TCP.
The simulator prints instantly: the figure is the station's and the
protocol's share, not a real printer's.
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
    from drivers.printers import open_printer
    from station.db.store import Store
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


def run(quick: bool = False) -> list[Figure]:
    from drivers.printers.component import component_document
    from drivers.simulators.label_printer import SimulatedLabelPrinter
    from drivers.simulators.print_component import SimulatedPrintComponent

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
    return figures
