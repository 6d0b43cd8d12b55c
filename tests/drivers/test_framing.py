"""Serial framing: any chunking, noise and merging never lose, merge or double a scan."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from station.drivers.scanners.aim import split_symbology
from station.drivers.scanners.framing import Frame, Framer, Overflow, decode

CODE = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E) | st.sampled_from("中文码\x1d"),
    min_size=1,
    max_size=40,
)


def run(framer, chunks, start=0.0, step=0.001):
    out, t = [], start
    for chunk in chunks:
        out += framer.feed(chunk, t)
        t += step
    return out


def chunked(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    pieces, i = [], 0
    while i < len(data):
        n = rng.randint(1, 7)
        pieces.append(data[i : i + n])
        i += n
    return pieces


@settings(max_examples=300)
@given(
    codes=st.lists(CODE, min_size=1, max_size=30),
    seed=st.integers(),
    term=st.sampled_from(["cr", "lf", "crlf"]),
)
def test_any_chunking_gives_the_same_scans(codes, seed, term):
    ending = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}[term]
    stream = b"".join(c.encode() + ending for c in codes)
    frames = run(Framer(term), chunked(stream, seed))
    assert [decode(f.data) for f in frames] == codes


@settings(max_examples=200)
@given(codes=st.lists(CODE, min_size=1, max_size=20), seed=st.integers())
def test_line_noise_is_dropped(codes, seed):
    rng = random.Random(seed)
    stream = b""
    for c in codes:
        noise = bytes(rng.choice([0x00, 0x07, 0x7F, 0x0B]) for _ in range(rng.randint(0, 3)))
        stream += noise + c.encode() + b"\r"
    frames = run(Framer("cr"), chunked(stream, seed))
    assert [decode(f.data) for f in frames] == codes


@given(
    long=st.integers(min_value=9, max_value=100), code=st.text("0123456789", min_size=1, max_size=8)
)
def test_over_long_line_is_reported_not_merged(long, code):
    frames = run(Framer("cr", max_length=8), [b"X" * long + b"\r" + code.encode() + b"\r"])
    assert frames == [Overflow(long), Frame(code.encode())]


def test_no_terminator_ends_a_scan_after_the_pause():
    f = Framer("none", idle_ms=50)
    assert f.feed(b"69012", 0.0) == [] and f.feed(b"34", 0.01) == []
    assert f.tick(0.03) == []
    assert f.tick(0.07) == [Frame(b"6901234")]
    # two scans separated by a pause are two
    assert f.feed(b"AAA", 1.0) == [] and f.feed(b"BBB", 1.2) == [Frame(b"AAA")]


def test_gs1_separator_survives():
    assert run(Framer("cr"), [b"0106901234000016\x1d21SN1\r"]) == [
        Frame(b"0106901234000016\x1d21SN1")
    ]


def test_aim_identifiers():
    assert split_symbology("]C1010690123400001621A") == ("GS1_128", "010690123400001621A")
    assert split_symbology("]E06901234000016") == ("EAN_13", "6901234000016")
    assert split_symbology("]d2010690123400001621A")[0] == "GS1_DATAMATRIX"
    assert split_symbology("]Q3010690123400001621A")[0] == "GS1_QR_CODE"
    assert split_symbology("6901234000016") == ("", "6901234000016")
    assert split_symbology("]") == ("", "]")


def test_chinese_qr_in_gbk_is_decoded():
    assert decode("运单号".encode("gbk")) == "运单号"
    assert decode("运单号".encode()) == "运单号"
