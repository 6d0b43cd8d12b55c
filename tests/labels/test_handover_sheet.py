"""The handover sheet rasterised: its barcode decodes to the handover id, every
waybill and the count are on it, parcels left out are listed, and long sheets flow."""

import pytest

from station.labels.handover_sheet import HandoverSheetData, SheetParcel, render_handover_sheet
from station.services.dispatch import DispatchService
from station.services.dispatch.sheet import handover_sheet
from tests.barcodes import decode_pdf, pdf_text
from tests.services.dispatch_day import pack, session, supervisor


def test_a_closed_handover_sheet_decodes_and_lists_what_was_left_out(demo_services):
    parcels = [pack(demo_services, n) for n in ("2611230003", "2611230007")]
    svc = DispatchService(demo_services.store.db, demo_services.bench_id)
    svc.open("ZTO", session(), offline=True)
    svc.scan(parcels[0].tracking_number, session())
    view = svc.close(session(), approved_by=supervisor())
    pdf = handover_sheet(svc, view.handover, "打包台 3")
    (page,) = decode_pdf(pdf, dpi=300)
    assert ("Code128", view.handover.number) in page
    text = pdf_text(pdf)
    assert parcels[0].tracking_number in text and parcels[1].tracking_number in text
    assert "Count: 1" in text and "王芳" in text and "打包台 3" in text
    assert "unreachable" in text and "中通快递" in text
    assert "Signature" in text


@pytest.mark.parametrize("n", [1, 45, 120])
def test_long_sheets_flow_onto_pages_each_naming_the_handover(n):
    rows = [SheetParcel(f"ZT{7500000000 + k}", f"26112{k:05d}", 1000 + k) for k in range(n)]
    data = HandoverSheetData("HO20261111-B1-001", "ZTO", "B1", "09:00", "18:00", rows)
    pdf = render_handover_sheet(data)
    pages = decode_pdf(pdf, dpi=200)
    assert ("Code128", "HO20261111-B1-001") in pages[0]
    text = pdf_text(pdf)
    for row in rows:
        assert row.tracking in text
    assert text.count("HO20261111-B1-001 ·") == len(pages)
    assert (len(pages) > 1) == (n > 40)
