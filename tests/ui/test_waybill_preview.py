"""Settings: the waybill preview for this bench's label printer and size, and the
waybill size and full-phone carriers saved."""

from __future__ import annotations

import zxingcpp

from station.services.documents import sample_waybill_fields
from station.ui.main_window import MainWindow
from station.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import login


def test_the_preview_shows_the_sample_at_the_printers_dots(qtbot, demo_services, translations):
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        sample = sample_waybill_fields()
        for size, dpi, pixels in [
            ("100x150", 203, (799, 1199)),
            ("76x130", 300, (898, 1535)),
            ("100x180", 203, (799, 1439)),
        ]:
            page.waybill_size.setCurrentIndex(page.waybill_size.findData(size))
            page.printer_dpi.setCurrentIndex(page.printer_dpi.findData(dpi))
            dialog = page.show_waybill_preview()
            assert dialog is not None and dialog.isVisible()
            assert (dialog.image.width(), dialog.image.height()) == pixels
            assert f"{dpi} dpi" in dialog.caption.text()
            found = zxingcpp.read_barcodes(dialog.image.toImage())
            texts = sorted((r.format.name, r.text) for r in found)
            assert ("QRCode", sample["qr"]) in texts and ("Code128", sample["tracking"]) in texts
            dialog.accept()
        # saved: the size the bench prints and the carriers printing the phone whole
        page.waybill_size.setCurrentIndex(page.waybill_size.findData("76x130"))
        page.full_phone_carriers.setText(" jd, ,sf ")
        page.request_save()
        s = demo_services.settings
        assert s.printing.waybill_size == "76x130"
        assert s.packing.full_phone_carriers == "JD,SF"
        assert not s.packing.phone_masked("sf") and s.packing.phone_masked("ZTO")
    finally:
        w.shutdown()


def test_a_template_that_cannot_be_drawn_is_said_not_raised(
    qtbot, demo_services, translations, tmp_path
):
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    try:
        login(w, "Admin", "8642")
        page = w.page(SettingsPage)
        user = demo_services.documents.user_templates
        user.mkdir(parents=True, exist_ok=True)
        (user / "waybill_100x150.json").write_text('{"size_mm": [100], "elements": []}')
        page.waybill_size.setCurrentIndex(page.waybill_size.findData("100x150"))
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            assert page.show_waybill_preview() is None
        assert "waybill_100x150" in w.banner.text()
    finally:
        (demo_services.documents.user_templates / "waybill_100x150.json").unlink()
        w.shutdown()


def test_a_masked_recipient_is_refused_at_the_bench_with_the_reason(
    qtbot, demo_services, translations
):
    from datetime import UTC, datetime, timedelta

    from station.core.scan import Scan
    from station.db.models import Parcel, SalesOrder
    from station.resources import read_json

    SalesOrder.update(buyer_name="李**").where(SalesOrder.number == "2611230005").execute()
    sock = next(p for p in read_json("demo", "products.json") if p["sku"] == "SOCK-5P")
    code = sock["barcodes"][0]["code"]
    w = MainWindow(demo_services, translations)
    qtbot.addWidget(w)
    w.show()
    try:
        login(w, "张伟", "1357")
        translations.set_language("zh_CN")
        t0 = datetime.now(UTC)
        for n, scan in enumerate(("2611230005", code)):
            w.bus.publish(Scan(scan, source="wedge", at=t0 + timedelta(seconds=n)))
        with qtbot.waitSignal(w.feedback.shown, timeout=5000):
            w.bus.publish(Scan(code, source="wedge", at=t0 + timedelta(seconds=5)))
        qtbot.waitUntil(lambda: "电子面单" in w.banner.text(), timeout=5000)
        assert "2611230005" in w.banner.text() and "脱敏" in w.banner.text()
        order = SalesOrder.get(SalesOrder.number == "2611230005")
        assert not order.parcels.where(Parcel.status == "closed").exists()
    finally:
        translations.set_language("en")
        w.shutdown()
