"""Pack-out asks a JD order's parcel count when its first parcel closes with
another to follow, as a packer meets it: the order scanned, a unit, *Next
parcel*, the question answered (or cancelled), the last unit closing itself."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from station.db.models import Parcel, SalesOrder, SalesOrderLine
from station.ui.messages import message
from tests.ui.test_pack_flow import ean, pack_window, scan

ORDER = "2611230005"  # two pairs of socks; a YD order in the demo, made a JD one here
POOL = ["JDV200000000001", "JDV200000000002"]


def jd_order(services) -> None:
    order = SalesOrder.get(SalesOrder.number == ORDER)
    SalesOrder.update(carrier="JD").where(SalesOrder.id == order.id).execute()
    assert [
        ln.qty for ln in SalesOrderLine.select().where(SalesOrderLine.sales_order == order)
    ] == [2]
    pool = services.packing.tracking
    assert not pool.import_numbers(pool.account("JD", "京东物流"), "\n".join(POOL)).rejected


def answer_count(qtbot, count: int | None, seen: list) -> None:
    """When the count is asked: note its text, type ``count`` and press OK (None:
    Cancel)."""

    def reply():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, reply)
            return
        seen.append(box.labelText())
        if count is None:
            box.reject()
        else:
            box.setIntValue(count)
            box.accept()

    QTimer.singleShot(0, reply)


def test_the_count_is_asked_and_every_label_carries_it(qtbot, demo_services, translations):
    jd_order(demo_services)
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, ORDER)
        scan(w, ean("SOCK-5P"))
        seen: list[str] = []
        answer_count(qtbot, None, seen)  # the packer cancels: nothing closes
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(seen) == 1)
        assert ORDER in seen[0]
        assert not Parcel.select().where(Parcel.status == "closed").exists()
        answer_count(qtbot, 2, seen)
        with qtbot.waitSignal(page.parcel_closed) as closed:
            qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
        assert closed.args[0].tracking_number == f"{POOL[0]}-1-2-"
        with qtbot.waitSignal(page.parcel_closed) as closed:
            scan(w, ean("SOCK-5P"))  # the last unit: the parcel closes itself, no question
        assert closed.args[0].tracking_number == f"{POOL[0]}-2-2-"
        assert len(seen) == 2
    finally:
        w.shutdown()


def test_a_last_close_before_the_count_is_refused_with_the_reason(
    qtbot, demo_services, translations
):
    jd_order(demo_services)
    w, page = pack_window(qtbot, demo_services, translations)
    try:
        scan(w, ORDER)
        scan(w, ean("SOCK-5P"))
        seen: list[str] = []
        answer_count(qtbot, 3, seen)
        with qtbot.waitSignal(page.parcel_closed):
            qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
        scan(w, ean("SOCK-5P"))  # the last unit: closing it would leave "1 of 3" wrong
        want = message("parcel_count_short", {"order": ORDER, "count": 3, "n": 2})
        qtbot.waitUntil(lambda: want in w.banner.text())
        assert w.banner.outcome.value == "refused"
        numbers = [p.tracking_number for p in Parcel.select().where(Parcel.status == "closed")]
        assert numbers == [f"{POOL[0]}-1-3-"]
    finally:
        w.shutdown()
