import contextlib

from hypothesis import given
from hypothesis import strategies as st

from station.drivers.printers import tspl, zpl
from station.drivers.printers.status import PrinterStatus

# A real reply to ~HS (ZPL II Programming Guide layout): paper out and paused set.
REAL_HS = (
    b"\x02030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


def test_real_zpl_reply():
    s = zpl.parse_host_status(REAL_HS)
    assert s.paper_out and s.paused and s.ribbon_out
    assert not s.head_open and not s.buffer_full
    assert not s.ready and s.problems == ["paper_out", "ribbon_out", "paused"]


FLAGS = st.fixed_dictionaries({k: st.booleans() for k in sorted(zpl.STATUS_FLAGS)})


@given(FLAGS)
def test_zpl_round_trip(flags):
    s = zpl.parse_host_status(zpl.format_host_status(PrinterStatus(**flags)))
    assert {k: getattr(s, k) for k in flags} == flags


@given(st.fixed_dictionaries({k: st.booleans() for k in tspl.BITS}))
def test_tspl_round_trip(flags):
    s = tspl.parse_status_byte(tspl.format_status_byte(PrinterStatus(**flags)))
    assert {k: getattr(s, k) for k in flags} == flags


def test_tspl_documented_codes():
    assert tspl.parse_status_byte(b"\x00").ready
    assert tspl.parse_status_byte(b"\x05").problems == ["paper_out", "head_open"]
    assert tspl.parse_status_byte(b"\x20").printing and tspl.parse_status_byte(b"\x20").ready


@given(st.binary(max_size=200))
def test_garbage_never_crashes_the_parsers(data):
    for parse in (zpl.parse_host_status, tspl.parse_status_byte):
        with contextlib.suppress(zpl.StatusReplyError, tspl.StatusReplyError):
            parse(data)
