"""Peak day through the window: 2,000 open orders grouped on the Batches page, one
batch's waybills printed (asked first) on a TCP label printer on 127.0.0.1, then
at pack-out each pre-printed waybill scanned with a wedge scanner opens its order,
one scan of the item closes it without a second label, down to none left."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from station.db.models import Batch, BatchOrder, Product
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.ui.main_window import MainWindow
from station.ui.pages.batches_page import BatchesPage
from station.ui.pages.pack_page import PackPage
from station.ui.wedge_sim import WedgeScanner
from tests.barcodes import decode_zpl
from tests.peak_day import add_orders
from tests.ui.conftest import login


def _confirm(window, qtbot):
    from station.ui.confirm import Confirmation

    qtbot.waitUntil(lambda: any(isinstance(t, Confirmation) for t in window.ctx.scan_targets))
    dialog = next(t for t in window.ctx.scan_targets if isinstance(t, Confirmation))
    qtbot.waitUntil(dialog.isVisible)
    dialog.yes_button.click()


def test_a_batch_printed_first_and_verified_by_its_waybills(qtbot, demo_services, translations):
    s = demo_services
    add_orders(s.store.db, 2000, carriers=("YTO", "ZTO"))
    s.settings = s.settings.replace("batches", max_orders=8)
    plain = {p.sku for p in Product.select().where(Product.track_serial == False)}  # noqa: E712
    with SimulatedLabelPrinter() as printer:
        s.settings = s.settings.replace("devices", printer=printer.uri, document_printer="")
        w = MainWindow(s, translations)
        qtbot.addWidget(w)
        w.show()
        login(w, "张伟", "1357")
        try:
            page = w.page(BatchesPage)
            w.open_page(w.pages.index(page))
            qtbot.waitUntil(lambda: w.current_page() is page)
            page.setFocus()
            qtbot.keyClick(page, "g")  # group now
            qtbot.waitUntil(lambda: "New batches" in w.banner.text(), timeout=20000)
            assert not BatchOrder.select().where(BatchOrder.batch.is_null()).exists()
            batch = next(
                b
                for b in Batch.select().where(Batch.rule == "single").order_by(Batch.id)
                if b.sku in plain
                and BatchOrder.select().where(BatchOrder.batch == b.id).count() == 8
            )
            # a wedge scan of the batch's barcode chooses it
            page.setFocus()
            WedgeScanner().scan(batch.number)
            qtbot.waitUntil(lambda: page.chosen == batch.number)
            page.setFocus()
            qtbot.keyClick(page, "p")
            with qtbot.waitSignal(page.printed, timeout=20000) as printed:
                _confirm(w, qtbot)
            assert printed.args[0].labels == 8
            job = printer.wait_for_jobs(1, timeout=20)[0]
            labels = decode_zpl(job)
            lines = s.batches.lines(Batch.get_by_id(batch.id))
            for n, (line, symbols) in enumerate(zip(lines, labels, strict=True), 1):
                assert ("Code128", f"{batch.number}{n:04d}0008") in symbols
                assert ("Code128", line.tracking) in symbols
            assert "waybills sent to the label printer: 8" in w.banner.text()
            item = next(
                b.code
                for b in Product.get(Product.sku == batch.sku).barcodes
                if b.kind == "gtin" and b.pack_qty == 1
            )
            pack = w.page(PackPage)
            w.open_page(w.pages.index(pack))
            qtbot.waitUntil(lambda: w.current_page() is pack)
            closed = []
            pack.parcel_closed.connect(closed.append)
            w.activateWindow()
            for n, line in enumerate(lines, 1):
                pack.setFocus()
                qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
                WedgeScanner().scan(line.tracking)
                qtbot.waitUntil(
                    lambda ln=line: pack.state is not None and pack.state.order.number == ln.order
                )
                assert f"{8 - n + 1} of 8 left" in pack.info.text()
                # a wrong item first: refused out loud, nothing counted
                if n == 1:
                    other = next(
                        b.code
                        for b in Product.get(Product.sku != batch.sku).barcodes
                        if b.kind == "gtin"
                    )
                    with qtbot.waitSignal(w.sounds.sound_requested) as sound:
                        WedgeScanner().scan(other)
                    assert sound.args == ["refused"] and w.banner.outcome.value == "refused"
                WedgeScanner().scan(item)
                qtbot.waitUntil(lambda k=n: len(closed) == k, timeout=10000)
                result = closed[-1]
                assert result.preprinted and result.tracking_number == line.tracking
                if n < 8:
                    assert f"{8 - n} of 8 left" in w.banner.text()
            assert "is packed" in w.banner.text()
            assert Batch.get_by_id(batch.id).state == "packed"
            # not one more waybill: only the batch's job reached the printer
            assert s.printing.run_once() == 0
            assert len(printer.jobs) == 1
            # the supervisor's board shows the batches by state
            from datetime import datetime

            from station.services.daily import day_figures
            from station.ui.board.view import BoardView

            board = BoardView()
            qtbot.addWidget(board)
            now = datetime.now()
            board.show_figures(day_figures(now.date(), s.settings, now=now))
            assert "printed 0" in board.backlog.text()
            assert "packed 1" in board.backlog.text()
        finally:
            w.shutdown()
