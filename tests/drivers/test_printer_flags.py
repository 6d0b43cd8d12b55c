"""Every flag a printer reports, read by the real driver from the TCP printer
simulator on 127.0.0.1: each one shown, each one that stops printing not ready,
and a printer that opens the connection but does not answer (or answers half)
never read as ready.

The rule: a status is ready only when the whole documented reply came back and
no flag that stops printing is set (ZPL II Programming Guide, ``~HS``; TSC TSPL
Programming Manual, ``<ESC>!?``)."""

import itertools

import pytest

from station.drivers.printers import open_printer
from station.drivers.printers.status import BLOCKING, PrinterStatus
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from tests.test_cli_devices import station

ZPL_BLOCKING = (
    "paper_out",
    "paused",
    "buffer_full",
    "comm_diagnostic",
    "corrupt_ram",
    "under_temperature",
    "over_temperature",
    "head_open",
    "ribbon_out",
)
TSPL_BITS = (
    "head_open",
    "paper_jam",
    "paper_out",
    "ribbon_out",
    "paused",
    "printing",
    "cover_open",
    "other_error",
)
# Other things a printer says at the same time, so each flag is read in several replies.
DETAILS = (
    {},
    {"label_length_dots": 1800, "formats_in_buffer": 3, "print_mode": "cutter"},
    {"labels_remaining": 12345678, "graphics_stored": 7, "thermal_transfer": True},
)


def query(sim: SimulatedLabelPrinter, timeout: float = 2.0) -> PrinterStatus:
    return open_printer(sim.uri).status(timeout=timeout)


@pytest.mark.parametrize("flag", ZPL_BLOCKING)
@pytest.mark.parametrize("details", DETAILS)
def test_each_zpl_flag_stops_printing_with_its_own_reason(flag, details):
    with SimulatedLabelPrinter(status=PrinterStatus(details=details, **{flag: True})) as sim:
        status = query(sim)
    assert status.online and status.answer == "ok"
    assert getattr(status, flag) and not status.ready
    assert status.problems == [flag]
    for name, value in details.items():
        assert status.details[name] == value


@pytest.mark.parametrize("pair", list(itertools.combinations(ZPL_BLOCKING, 2))[::4])
def test_zpl_flags_together_are_all_reported(pair):
    with SimulatedLabelPrinter(status=PrinterStatus(**dict.fromkeys(pair, True))) as sim:
        status = query(sim)
    assert sorted(status.problems) == sorted(pair)


@pytest.mark.parametrize("flag", ["label_waiting", "partial_format"])
@pytest.mark.parametrize("details", DETAILS)
def test_zpl_notes_are_shown_and_do_not_stop_printing(flag, details):
    with SimulatedLabelPrinter(status=PrinterStatus(details=details, **{flag: True})) as sim:
        status = query(sim)
    assert status.ready and status.notes == [flag] and getattr(status, flag)


# Replies as a printer writes them, typed from the ~HS layout (not made by our
# formatter): string 1 aaa,b,c,dddd,eee,f,g,h,iii,j,k,l; string 2
# mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www; string 3 xxxx,y.
S2 = b"\x02001,0,0,0,1,2,4,0,00000000,1,000\x03\r\n"
S3 = b"\x021234,0\x03\r\n"
RAW = [
    # over temperature: the case, "ready" before
    (b"\x02014,0,0,1218,000,0,0,0,000,0,0,1\x03\r\n" + S2 + S3, ["over_temperature"]),
    (b"\x02014,0,0,0812,002,0,0,0,000,0,1,0\x03\r\n" + S2 + S3, ["under_temperature"]),
    (b"\x02030,0,0,1218,000,0,0,0,000,1,0,0\x03\r\n" + S2 + S3, ["corrupt_ram"]),
    (b"\x02030,0,0,1218,000,0,1,0,000,0,0,0\x03\r\n" + S2 + S3, ["comm_diagnostic"]),
    (b"\x02030,1,1,1218,000,1,0,0,000,1,1,0\x03\r\n" + S2 + S3, None),
    # head up and ribbon out in string 2, over temperature in string 1
    (
        b"\x02030,0,0,1218,000,0,0,0,000,0,0,1\x03\r\n"
        b"\x02001,0,1,1,1,0,6,0,00000010,1,002\x03\r\n" + S3,
        ["head_open", "ribbon_out", "over_temperature"],
    ),
    # without CR LF between the strings, and spaces around fields
    (
        b"\x02 030,0,0,1218,000,0,0,0,000,0,0,0 \x03\x02001,0,0,0,0,1,6,1,00000000,1,000\x03"
        b"\x020000,1\x03",
        [],
    ),
]


@pytest.mark.parametrize("reply,problems", RAW)
def test_raw_replies(reply, problems):
    with SimulatedLabelPrinter(answer="raw", raw_reply=reply) as sim:
        status = query(sim)
    assert status.answer == "ok"
    if problems is None:  # everything in string 1 at once
        problems = ["paper_out", "paused", "buffer_full", "corrupt_ram", "under_temperature"]
    assert status.problems == [p for p in BLOCKING if p in problems]
    assert status.ready is (problems == [])
    assert "1234" not in status.raw  # the printer's password is never shown


def test_details_of_a_raw_reply():
    reply = (
        b"\x02014,0,0,0812,002,0,0,1,000,0,0,0\x03\r\n"
        b"\x02001,0,0,0,1,1,4,1,00000042,1,003\x03\r\n\x021234,1\x03\r\n"
    )
    with SimulatedLabelPrinter(answer="raw", raw_reply=reply) as sim:
        status = query(sim)
    assert status.details == {
        "comm_settings": 14,
        "label_length_dots": 812,
        "formats_in_buffer": 2,
        "function_settings": 1,
        "thermal_transfer": True,
        "print_mode": "peel_off",
        "print_width_mode": 4,
        "labels_remaining": 42,
        "format_while_printing": True,
        "graphics_stored": 3,
        "static_ram": True,
    }
    assert status.notes == ["label_waiting", "partial_format"] and status.ready


@pytest.mark.parametrize("language", ["zpl", "tspl"])
def test_silent_printer_is_not_answering_not_offline(language):
    with SimulatedLabelPrinter(language=language, answer="silent") as sim:
        status = query(sim, timeout=0.5)
        assert sim.status_queries == 1  # it did take the query
    assert status.online and status.answer == "none"
    assert status.problems == ["not_answering"] and not status.ready


@pytest.mark.parametrize("language", ["zpl", "tspl"])
def test_refused_connection_is_offline(language):
    with SimulatedLabelPrinter(language=language) as sim:
        uri = sim.uri
    status = open_printer(uri).status(timeout=0.5)
    assert not status.online and status.problems == ["offline"]


@pytest.mark.parametrize("strings", [1, 2])
@pytest.mark.parametrize("flags", [{}, {"paper_out": True}, {"over_temperature": True}])
def test_half_a_zpl_reply_is_not_ready(strings, flags):
    with SimulatedLabelPrinter(
        answer="partial", partial_strings=strings, status=PrinterStatus(**flags)
    ) as sim:
        status = query(sim, timeout=0.5)
    assert status.online and status.answer == "incomplete"
    assert status.problems == ["answer_incomplete"] and not status.ready


@pytest.mark.parametrize(
    "reply",
    [
        b"hello\r\n",
        b"\x02030,0,0,1218\x03\r\n" + S2 + S3,  # string 1 short of fields
        b"\x02030,2,0,1218,000,0,0,0,000,0,0,0\x03\r\n" + S2 + S3,  # a flag that is 2
        b"\x02030,0,0,12x8,000,0,0,0,000,0,0,0\x03\r\n" + S2 + S3,  # a length not a number
        b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n"
        b"\x02001,0,0,0,0,Q,6,0,00000000,1,000\x03\r\n" + S3,  # an undocumented print mode
        b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,1\x03\r\n" + S3,
    ],
)
def test_garbled_zpl_reply_is_not_ready(reply):
    with SimulatedLabelPrinter(answer="raw", raw_reply=reply) as sim:
        status = query(sim, timeout=0.5)
    assert status.online and status.answer in ("garbled", "incomplete")
    assert not status.ready and status.problems[0].startswith("answer_")


@pytest.mark.parametrize("bit,flag", list(enumerate(TSPL_BITS)))
@pytest.mark.parametrize("other", [0, 1 << 5, 1 << 2])
def test_each_tspl_bit(bit, flag, other):
    byte = (1 << bit) | other
    with SimulatedLabelPrinter(language="tspl", answer="raw", raw_reply=bytes([byte])) as sim:
        status = query(sim)
    set_flags = {TSPL_BITS[n] for n in range(8) if byte & (1 << n)}
    assert {f for f in TSPL_BITS if getattr(status, f)} == set_flags
    assert status.problems == [p for p in BLOCKING if p in set_flags]
    assert status.ready is (set_flags <= {"printing"})


@pytest.mark.parametrize("flag", TSPL_BITS)
def test_tspl_simulator_sends_each_flag(flag):
    with SimulatedLabelPrinter(language="tspl", status=PrinterStatus(**{flag: True})) as sim:
        status = query(sim)
    assert getattr(status, flag)
    assert status.problems == ([] if flag == "printing" else [flag])


@pytest.mark.parametrize(
    "args,problem",
    [
        ({"status": PrinterStatus(over_temperature=True)}, "over_temperature"),
        ({"status": PrinterStatus(corrupt_ram=True)}, "corrupt_ram"),
        ({"answer": "silent"}, "not_answering"),
        ({"answer": "partial", "partial_strings": 2}, "answer_incomplete"),
    ],
)
def test_cli_status_exits_non_zero_with_the_reason(args, problem):
    with SimulatedLabelPrinter(**args) as sim:
        rc, out, _ = station("devices", "status", "--printer", sim.uri)
    line = out[-1]
    assert rc == 1 and line["problems"] == [problem] and line["ready"] is False
