"""A waybill refused for a character no font has, or a text too long for its box:
the parcel is closed and recorded, and the banner names the field and the
character in the packer's language."""

from __future__ import annotations

import pytest

from station.db.models import Parcel, SalesOrder
from tests.ui.test_pack_flow import ean, pack_window, scan


@pytest.mark.parametrize(
    ("address", "language", "shown"),
    [
        ("北京市\ue000路1号", "en", ["Label not printed", "recipient's address", "U+E000"]),
        ("北京市\ue000路1号", "zh_CN", ["标签未打印", "收件人地址", "U+E000", "私用区"]),
        ("北京市\u0378路1号", "zh_CN", ["标签未打印", "U+0378", "没有任何字体"]),
        ("北京市" + "望京街道阜通东大街6号院" * 30, "zh_CN", ["标签未打印", "太长", "6 磅"]),
    ],
)
def test_a_waybill_that_cannot_print_says_why(qtbot, demo_services, translations, address,
                                               language, shown):  # fmt: skip
    translations.set_language(language)
    SalesOrder.update(address=address).where(SalesOrder.number == "2611230005").execute()
    w, page = pack_window(
        qtbot, demo_services, translations, printer="zpl+file:///dev/null", document_printer=""
    )
    try:
        scan(w, "2611230005")
        scan(w, ean("SOCK-5P"))
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, ean("SOCK-5P"))
        assert Parcel.get_by_id(closed.args[0].parcel.id).status == "closed"
        assert w.banner.outcome.value == "warning"
        for text in shown:
            assert text in w.banner.text(), w.banner.text()
    finally:
        w.shutdown()
