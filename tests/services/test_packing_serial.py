"""Pack-out fed by a serial scanner on a socat null-modem, as the bench wires it:
every read the reader delivers is one scan given to the packing service."""

import queue

import pytest

from station.core.scan import Scan
from station.db.models import Operator, PackedItem
from station.drivers.scanners.serial_scanner import SerialScannerReader
from station.drivers.simulators.serial_scanner import SimulatedSerialScanner
from station.drivers.simulators.vserial import VirtualSerialPair
from station.services.operators import Session
from station.services.order_import import import_orders

ORDER = (
    "order_number,shop,buyer_name,buyer_phone,address,paid,order_type,"
    "promised_dispatch_at,carrier,seller_remark,buyer_message,sku,qty,gift\n"
    "T2001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,59.00,spot,,SF,,,CUP-350,1,0\n"
    "T2001,家居旗舰店,张三,138****0001,浙江省杭州市西湖区文三路1号,59.00,spot,,SF,,,TAPE-01,1,0\n"
)


@pytest.fixture
def pair(tmp_path):
    p = VirtualSerialPair(tmp_path / "tty").start()
    yield p
    p.stop()


def read_scans(pair, data: bytes, count: int, options: str = "") -> list[Scan]:
    """What the serial reader delivers when a scanner sends ``data``: the bench's Scans."""
    reads: queue.Queue = queue.Queue()
    states: queue.Queue = queue.Queue()
    reader = SerialScannerReader(
        f"serial://{pair.station_end}{options}",
        reads.put,
        lambda state, detail: states.put(state),
    ).start()
    try:
        assert states.get(timeout=10) == "connected"
        sim = SimulatedSerialScanner(str(pair.device_end))
        sim.write_raw(data)
        sim.close()
        got = [reads.get(timeout=10) for _ in range(count)]
    finally:
        reader.stop()
    assert reads.empty()
    return [Scan(r.data, symbology=r.symbology, source=r.source, at=r.at) for r in got]


def pack(svc, number: str, scans: list[Scan]) -> list[str]:
    who = Session(Operator.get(Operator.name == "张伟"), "bench")
    verdict, state = svc.open(Scan(number), who)
    assert state is not None, verdict
    return [svc.scan_item(state.order, s, who)[0].code for s in scans]


def units(number: str) -> int:
    from station.db.models import SalesOrder, SalesOrderLine

    order = SalesOrder.get(SalesOrder.number == number)
    return sum(
        i.qty
        for i in PackedItem.select().join(SalesOrderLine).where(SalesOrderLine.sales_order == order)
    )


@pytest.mark.parametrize("options", ["", "?terminator=etx"])
def test_the_issues_two_stx_etx_reads_pack_two_units(demo_services, pair, options):
    assert import_orders(demo_services.store.db, "b1", ORDER.encode()).ok
    scans = read_scans(pair, b"\x020106901234000030\x03\x020106901234000023\x03", 2, options)
    assert [s.data for s in scans] == ["0106901234000030", "0106901234000023"]
    assert pack(demo_services.packing, "T2001", scans) == ["packed_line_done", "packed_line_done"]
    assert units("T2001") == 2
    assert demo_services.packing.state(demo_services.packing.find_order("T2001")).complete


def test_the_same_item_twice_in_one_burst_is_two_units(demo_services, pair):
    """Two units of one product, read back to back with AIM identifiers and a block check."""
    sim_frames = b"\x02]C10106901234000030\x03\x5a\x02]C10106901234000030\x03\x5a"
    scans = read_scans(pair, sim_frames, 2)
    assert [(s.symbology, s.data) for s in scans] == [("GS1_128", "0106901234000030")] * 2
    assert pack(demo_services.packing, "2611230002", scans) == ["packed", "packed_line_done"]
    assert units("2611230002") == 2
