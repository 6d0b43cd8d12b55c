"""Every framing real scanners send, in every chunking: two reads are two scans, one is one.

The rule: a read is exactly what the scanner put between its start and its end.
A framing the reader does not know must not merge two reads or split one, and a
read that never got its end is dropped with a reason, never glued to the next.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.drivers.scanners.framing import FRAMINGS, Dropped, Frame, Framer, Overflow, decode

ISSUE = b"\x020106901234000030\x03\x020106901234000023\x03"  # issue 14, part 2

CODES = [
    "0106901234000030",
    "]C10106901234000023",  # AIM identifier inside the frame
    "]d2010690123400001610LOT7\x1d17271231",  # GS1 DataMatrix with its separator
    "]Q3https://example.cn/q?id=9",
    "]E06901234000016",
    "运单号SF1234567890",
    "A",  # one character is a read too
]


def lrc(data: bytes) -> bytes:
    """The block check some scanners add after ETX: XOR of the bytes after STX up to ETX."""
    value = 0
    for b in data:
        value ^= b
    return bytes([value])


# name -> (how the scanner frames one read, the terminator= that names it)
FRAMED = {
    "cr": (lambda c: c + b"\r", "cr"),
    "lf": (lambda c: c + b"\n", "lf"),
    "crlf": (lambda c: c + b"\r\n", "crlf"),
    "tab": (lambda c: c + b"\t", "tab"),
    "stx-etx": (lambda c: b"\x02" + c + b"\x03", "etx"),
    "stx-etx-lrc": (lambda c: b"\x02" + c + b"\x03" + lrc(c + b"\x03"), "etx"),
    "stx-etx-crlf": (lambda c: b"\x02" + c + b"\x03\r\n", "etx"),
    "etx-only": (lambda c: c + b"\x03", "etx"),
    "stx-cr": (lambda c: b"\x02" + c + b"\r", "cr"),
    "stx-crlf": (lambda c: b"\x02" + c + b"\r\n", "crlf"),
    # Denso: header STX, terminator CR or CR LF, then the BCC of data + terminator
    "stx-cr-bcc": (lambda c: b"\x02" + c + b"\r" + lrc(c + b"\r"), "cr"),
    "stx-crlf-bcc": (lambda c: b"\x02" + c + b"\r\n" + lrc(c + b"\r\n"), "crlf"),
    # Hand Held Products: STX … ETX and a record suffix after ETX
    "stx-etx-cr": (lambda c: b"\x02" + c + b"\x03\r", "etx"),
    "stx-etx-space": (lambda c: b"\x02" + c + b"\x03 ", "etx"),
    "stx-etx-eot": (lambda c: b"\x02" + c + b"\x03\x04", "etx"),
}


def feed_all(framer, chunks, step=0.001):
    out, t = [], 0.0
    for chunk in chunks:
        out += framer.feed(chunk, t)
        t += step
    return out + framer.tick(t + 10)  # a long silence at the end


def scans(events):
    return [decode(e.data) for e in events if isinstance(e, Frame)]


def cut(data: bytes, positions) -> list[bytes]:
    bounds = [0, *sorted(positions), len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


# --- the issue's example ---


@pytest.mark.parametrize("terminator", ["auto", "etx"])
def test_the_issues_two_reads_are_two_scans_whatever_the_chunking(terminator):
    want = ["0106901234000030", "0106901234000023"]
    chunkings = [[ISSUE], list(map(bytes, zip(ISSUE, strict=False)))]
    chunkings += [cut(ISSUE, (i,)) for i in range(1, len(ISSUE))]
    chunkings += [cut(ISSUE, p) for p in itertools.combinations(range(1, len(ISSUE)), 2)]
    for chunks in chunkings:
        events = feed_all(Framer(terminator), chunks)
        assert scans(events) == want, chunks
        assert len(events) == 2, chunks


def test_auto_learns_stx_etx_from_the_first_read():
    framer = Framer()
    assert not framer.learned
    framer.feed(ISSUE, 0.0)
    assert (framer.framing, framer.stx_starts) == ("etx", True)


# --- every framing, every chunking ---


@pytest.mark.parametrize("name", FRAMED)
@pytest.mark.parametrize("how", ["given", "auto"])
def test_every_framing_split_at_every_byte(name, how):
    frame, terminator = FRAMED[name]
    stream = b"".join(frame(c.encode()) for c in CODES)
    want = [c for c in CODES]
    for chunks in [[stream], *[cut(stream, (i,)) for i in range(1, len(stream))]]:
        framer = Framer(terminator if how == "given" else "auto")
        events = feed_all(framer, chunks)
        assert scans(events) == want, (name, chunks)
        assert all(isinstance(e, Frame) for e in events), events


@pytest.mark.parametrize("name", FRAMED)
def test_every_framing_one_byte_at_a_time(name):
    frame, terminator = FRAMED[name]
    stream = b"".join(frame(c.encode()) for c in CODES)
    for given_ in (terminator, "auto"):
        events = feed_all(Framer(given_), [bytes([b]) for b in stream])
        assert scans(events) == CODES, (name, given_)


@settings(max_examples=300, deadline=None)
@given(
    codes=st.lists(
        st.text(
            alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)
            | st.sampled_from("中文码\x1d"),
            min_size=1,
            max_size=30,
        ),
        min_size=1,
        max_size=12,
    ),
    name=st.sampled_from(sorted(FRAMED)),
    auto=st.booleans(),
    cuts=st.lists(st.integers(min_value=1, max_value=2000), max_size=40),
    noise=st.lists(st.binary(max_size=3).map(lambda b: bytes(x % 2 * 7 for x in b))),
)
def test_any_codes_any_framing_any_chunking(codes, name, auto, cuts, noise):
    """Random codes, a framing, line noise (NUL, BEL) between reads, cut anywhere."""
    frame, terminator = FRAMED[name]
    noise = noise + [b""] * len(codes)
    stream = b"".join(noise[i] + frame(c.encode()) for i, c in enumerate(codes))
    chunks = cut(stream, {c for c in cuts if c < len(stream)})
    assert scans(feed_all(Framer("auto" if auto else terminator), chunks)) == codes


@pytest.mark.parametrize(
    "terminator,end",
    [
        ("auto", b"\x03"),
        ("etx", b"\x03"),
        ("auto", b"\x03\r\n"),
        ("auto", b"\r"),
        ("cr", b"\r"),
        ("auto", b"\r\n"),
        ("crlf", b"\r\n"),
        ("lf", b"\n"),
    ],
)
def test_every_block_check_value_after_the_end_is_not_data(terminator, end):
    for bcc in range(256):
        b = bytes([bcc])
        stream = b"".join(b"\x02" + c + end + b for c in (b"AAA", b"BBB", b"CCC"))
        events = feed_all(Framer(terminator), [stream])
        assert events == [Frame(b"AAA"), Frame(b"BBB"), Frame(b"CCC")], bcc
        events = feed_all(Framer(terminator), [bytes([x]) for x in stream])
        assert events == [Frame(b"AAA"), Frame(b"BBB"), Frame(b"CCC")], bcc


def test_no_suffix_reads_end_at_the_pause():
    for terminator in ("none", "auto"):
        f = Framer(terminator, idle_ms=50)
        assert f.feed(b"69012", 0.0) == [] and f.feed(b"34", 0.01) == []
        assert f.tick(0.03) == []
        assert f.tick(0.07) == [Frame(b"6901234")]
        assert f.feed(b"AAA", 1.0) == [] and f.feed(b"BBB", 1.2) == [Frame(b"AAA")]
        assert f.tick(1.3) == [Frame(b"BBB")]


# --- what is wrong on the line is dropped with a reason, never merged ---


@pytest.mark.parametrize("terminator", ["auto", "etx"])
def test_a_frame_never_closed_is_dropped_when_the_next_one_starts(terminator):
    events = feed_all(Framer(terminator), [b"\x02AAA\x03\x02LOST-ETX\x02BBB\x03"])
    assert events == [Frame(b"AAA"), Dropped("unclosed", b"LOST-ETX"), Frame(b"BBB")]


@pytest.mark.parametrize("terminator", ["auto", "etx", "cr"])
def test_a_frame_never_closed_is_dropped_after_the_silence(terminator):
    f = Framer(terminator, timeout_ms=500)
    first = b"\x02AAA\x03" if terminator != "cr" else b"AAA\r"
    assert f.feed(first, 0.0) == [Frame(b"AAA")]
    assert f.feed(b"\x02HALF" if terminator != "cr" else b"HALF", 0.1) == []
    assert f.tick(0.3) == []  # a pause is not the end of a framed read
    assert f.tick(0.7) == [Dropped("unclosed", b"HALF")]
    assert f.feed(first.replace(b"AAA", b"BBB"), 5.0) == [Frame(b"BBB")]


@pytest.mark.parametrize(
    "terminator,stream,end",
    [
        ("auto", b"\x02AAA\x03\x02HALF", "ETX"),
        ("etx", b"HALF", "ETX"),
        ("auto", b"AAA\r\x02HALF", "CR or ETX"),
        ("auto", b"AAA\rHALF", "CR"),
        ("auto", b"AAA\nHALF", "LF"),
        ("tab", b"HALF", "TAB"),
        ("crlf", b"HALF", "CR/LF"),
    ],
)
def test_a_dropped_read_names_the_end_it_waited_for(terminator, stream, end):
    f = Framer(terminator)
    f.feed(stream, 0.0)
    (dropped,) = f.tick(5.0)
    assert (dropped, dropped.end) == (Dropped("unclosed", b"HALF"), end)


def test_a_cut_off_read_is_not_glued_to_the_next_after_a_silence():
    f = Framer("cr", timeout_ms=500)
    assert f.feed(b"0106901234", 0.0) == []  # the CR was lost
    assert f.feed(b"6901234000016\r", 2.0) == [
        Dropped("unclosed", b"0106901234"),
        Frame(b"6901234000016"),
    ]


@pytest.mark.parametrize("terminator", ["auto", "etx"])
def test_a_stray_etx_loses_nothing(terminator):
    stream = b"\x03\x02AAA\x03\x03\x03\x02BBB\x03\x03"
    assert feed_all(Framer(terminator), [stream]) == [Frame(b"AAA"), Frame(b"BBB")]


def test_a_read_whose_stx_was_lost_is_reported_not_merged():
    events = feed_all(Framer("auto"), [b"\x02AAA\x03BBBBB\x03\x02CCC\x03"])
    assert events == [Frame(b"AAA"), Dropped("outside_frame", b"BBBBB"), Frame(b"CCC")]


def test_line_noise_between_stx_frames_is_no_lost_read():
    stream = b"\x02AAA\x03\x00\x00\x07\x7f\x00\x02BBB\x03\x00\x00\x00\x00"
    assert feed_all(Framer(), [stream]) == [Frame(b"AAA"), Frame(b"BBB")]


def test_an_stx_inside_a_line_read_drops_the_unfinished_one():
    events = feed_all(Framer("cr"), [b"AAA\r\x02BB\x02CCC\r"])
    assert events == [Frame(b"AAA"), Dropped("unclosed", b"BB"), Frame(b"CCC")]


def test_an_over_long_frame_is_reported_and_the_next_is_clean():
    events = feed_all(Framer("etx", max_length=8), [b"\x02" + b"X" * 20 + b"\x03\x02OK\x03"])
    assert events == [Overflow(20), Frame(b"OK")]


def test_gs_inside_a_gs1_frame_is_kept_and_noise_dropped():
    stream = b"\x02]d2\x000106901234000016\x1d10LOT\x07\x1d21SN\x7f\x03"
    assert feed_all(Framer(), [stream]) == [Frame(b"]d20106901234000016\x1d10LOT\x1d21SN")]


def test_a_cable_pulled_mid_read_drops_it_and_relearning_starts_over():
    f = Framer()
    f.feed(b"\x02AAA\x03\x02BB", 0.0)
    assert f.abandon() == [Dropped("unclosed", b"BB")]
    f.relearn()
    assert not f.learned
    assert f.feed(b"CCC\r", 1.0) == [Frame(b"CCC")]
    assert (f.framing, f.stx_starts) == ("cr", False)


def test_auto_learns_again_after_a_first_read_that_misled_it():
    """A QR code with a line break, read first by a CR scanner: LF is learned, the next
    read never ends with LF and is dropped, then CR is learned and nothing more is lost."""
    f = Framer(timeout_ms=500)
    assert f.feed(b"LINE1\nLINE2\r", 0.0) == [Frame(b"LINE1")]
    assert f.framing == "lf"
    assert f.feed(b"6901234000016\r", 2.0) == [
        Dropped("unclosed", b"LINE2"),
        Frame(b"6901234000016"),
    ]
    assert f.framing == "cr"
    assert f.feed(b"6901234000023\r\n", 4.0) == [Frame(b"6901234000023")]


def test_a_noise_stx_before_the_first_read_costs_one_read_at_most():
    f = Framer()
    assert f.feed(b"\x00\x02AAA\r", 0.0) == [Frame(b"AAA")]
    assert f.stx_starts  # misled: reads seem to start with STX
    assert f.feed(b"BBB\r", 2.0) == [Dropped("outside_frame", b"BBB")]
    assert f.feed(b"CCC\r", 4.0) == [Frame(b"CCC")]
    assert (f.framing, f.stx_starts) == ("cr", False)


def test_a_given_framing_is_never_unlearned():
    f = Framer("etx")
    assert f.feed(b"\x02AAA\x02BBB\x03", 0.0) == [Dropped("unclosed", b"AAA"), Frame(b"BBB")]
    assert f.framing == "etx"


def test_a_noise_stx_does_not_make_reads_need_one():
    f = Framer("etx")
    assert feed_all(f, [b"AAA\x03\x02\x03BBB\x03"]) == [Frame(b"AAA"), Frame(b"BBB")]
    assert not f.stx_starts


def test_unknown_framing_refused():
    assert "auto" in FRAMINGS and "etx" in FRAMINGS
    with pytest.raises(ValueError, match="terminator must be one of"):
        Framer("stx")
