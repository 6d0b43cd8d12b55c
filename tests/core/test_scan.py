from datetime import UTC, datetime, timedelta

from station.core.scan import DoubleReadFilter, Scan
from station.core.wedge_text import GS, WedgeFormat

T0 = datetime(2026, 11, 11, 9, 0, tzinfo=UTC)


def scan(data, ms, source="s1"):
    return Scan(data, source=source, at=T0 + timedelta(milliseconds=ms))


def test_same_code_within_blanking_is_a_double_read():
    f = DoubleReadFilter(400)
    assert [f.is_double(scan("A", t)) for t in (0, 150, 900, 1000)] == [False, True, False, True]


def test_other_code_or_other_scanner_is_never_a_double():
    f = DoubleReadFilter(400)
    assert not f.is_double(scan("A", 0))
    assert not f.is_double(scan("B", 50))
    assert not f.is_double(scan("B", 60, source="s2"))


def test_blanking_off():
    f = DoubleReadFilter(0)
    assert not f.is_double(scan("A", 0)) and not f.is_double(scan("A", 1))


def test_wedge_format():
    fmt = WedgeFormat(prefix="#", suffix="!", gs_standin="|")
    assert fmt.clean("#0106901234000016|21X!") == f"0106901234000016{GS}21X"
    assert WedgeFormat().clean("plain") == "plain"
