"""How head office reads and keeps a batch, on its fast paths and the exact ones:

- a body is parsed by orjson, or (a run of 19 digits) by the standard library: both
  readings agree, value for value, and refuse the same broken bodies;
- a record's payload is kept exactly as sent, integers beyond 64 bits included;
- a time in UTC is cut, not written anew: the same text as the full reading;
- a batch's Idempotency-Key is the bench's own: another bench's batch under the
  same key is stored and answered on its own;
- the bench or supervisor a token names is remembered a few seconds, and a token
  replaced through the server's own store stops at once.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.headoffice import access
from station.headoffice.bodies import ApiError, has_long_number, parse_json
from station.headoffice.models import Received
from station.headoffice.office import Limits
from station.headoffice.records import aware_time, record_times
from station.headoffice.store import HeadOfficeStore
from tests.sync.test_head_office_hostile import (
    SUP,
    TA,
    TB,
    A,
    B,
    assert_json_error,
    batch,
    exchange,
    get,
    post,
    rec,
    slow_upload,
    start,
)

LONG = b', "pad": 12345678901234567890123'  # 23 digits: the standard library's reading

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=6), inner)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_both_readings_of_a_body_give_what_was_sent(value):
    raw = json.dumps(value, ensure_ascii=False).encode()
    assert parse_json(raw, 64) == value
    padded = json.dumps({"value": value}).encode()
    assert parse_json(padded, 64) == {"value": value}
    assert has_long_number(raw) == any(
        len(run) >= 19
        for run in "".join(c if c in "0123456789" else " " for c in raw.decode()).split()
    )


@pytest.mark.parametrize(
    "inner",
    [
        b'"\\ud800"',  # a lone surrogate, escaped
        b'"\\udc00x"',
        b'"\xed\xa0\x80"',  # a surrogate written out in bytes (not UTF-8)
        b'"\xff\xfe"',
        b"NaN",
        b"-Infinity",
        b"1e400",  # beyond a double
        b"[" * 70 + b"]" * 70,  # deeper than 64
        b"[" * 5000 + b"]" * 5000,  # deeper than either parser goes
        b"01",
        b"'single'",
        b"[1,]",
    ],
)
def test_both_readings_refuse_the_same_broken_bodies(inner):
    for raw in (
        b'{"records": [], "x": ' + inner + b"}",
        b'{"records": [], "x": ' + inner + LONG + b"}",
    ):
        with pytest.raises(ApiError) as refused:
            parse_json(raw, 64)
        assert refused.value.status == 400, raw[:80]


def test_a_byte_order_mark_is_ignored_and_trailing_bytes_refused_by_both_readings():
    for tail in (b"", LONG):
        assert parse_json(b'\xef\xbb\xbf{"a": 1' + tail + b"}", 64)["a"] == 1
        for raw in (b'{"a": 1' + tail + b"} x", b'\xef\xbb\xbf\xef\xbb\xbf{"a": 1' + tail + b"}"):
            with pytest.raises(ApiError):
                parse_json(raw, 64)


def test_json_in_utf16_or_utf32_is_refused_by_both_readings():
    for tail in ("", LONG.decode()):
        for encoding in ("utf-16", "utf-16-le", "utf-32", "utf-32-be"):
            with pytest.raises(ApiError):
                parse_json(('{"a": 1' + tail + "}").encode(encoding), 64)


def test_a_payload_is_kept_exactly_as_sent_integers_beyond_64_bits_too(ho):
    payloads = [
        {"big": 2**70, "negative": -(2**70), "u64": 2**64 - 1, "i64": -(2**63)},
        {"fraction": 0.1, "tiny": 5e-324, "huge": 1.7976931348623157e308, "neg_zero": -0.0},
        {"text": '中文 \u0000 \U0001f4e6 \\ "', "nested": {"b": [1, {"c": None}], "a": True}},
        {"sscc": "00123456789012345678", "qty": 3},  # 20 digits in a string
    ]
    records = [rec(payload=p, seq=i + 1) for i, p in enumerate(payloads)]
    status, _, body, _ = exchange(ho, post("/v1/records", batch(*records)))
    assert status == 200, body
    assert {a["status"] for a in json.loads(body)["acks"]} == {"stored"}
    kept = {r.uuid: json.loads(r.payload) for r in Received.select()}
    for r in records:
        assert kept[r["uuid"]] == r["payload"]
        assert json.dumps(kept[r["uuid"]], sort_keys=True) == json.dumps(
            r["payload"], sort_keys=True
        )


def reference_times(value, naive_is_utc):
    """The full reading: parsed, turned to UTC, written anew."""
    when = aware_time(value, naive_is_utc)
    if when is None:
        return None
    utc = when.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(), utc.isoformat(timespec="microseconds")


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(["+00:00", "Z", "z", "-00:00", "+08:00", "-05:30", ""]),
    st.sampled_from(["seconds", "milliseconds", "microseconds", "auto"]),
    st.sampled_from(["T", " "]),
    st.booleans(),
)
def test_a_utc_time_cut_is_the_same_text_as_the_full_reading(when, offset, spec, sep, naive):
    text = when.isoformat(sep=sep, timespec=spec) + offset
    assert record_times(text, naive) == reference_times(text, naive)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T01:02:03+00:00",
        "2026-02-29T01:02:03Z",
        "2026-11-30T24:00:00+00:00",
        "2026-11-30T01:60:00.000000Z",
        "2026-11-3xT01:02:03+00:00",
        "2026-11-30T01:02:03.12345Z+",
        "2026-11-30T01:02:03.1234567+00:00",
        "2026-11-30T01:02:03,123456+00:00",
        "２０２６-11-30T01:02:03+00:00",
        "2026-11-30T01:02:03.000000+00:00",
        "2026-11-30T01:02:03.000000Z",
    ],
)
def test_times_at_the_edges_of_the_cut_read_as_the_full_reading(text):
    assert record_times(text, False) == reference_times(text, False)
    assert record_times(text, True) == reference_times(text, True)


def test_a_utc_time_and_the_same_instant_elsewhere_are_kept_alike():
    t = datetime(2026, 11, 30, 1, 2, 3, 450000, tzinfo=UTC)
    east = t.astimezone(timezone(timedelta(hours=8))).isoformat()
    assert (
        record_times(t.isoformat(), False)
        == record_times(east, False)
        == record_times(t.isoformat().replace("+00:00", "Z"), False)
    )


def test_another_benchs_batch_under_the_same_key_is_its_own(ho):
    mine, theirs = rec(), rec()
    status, _, body, _ = exchange(ho, post("/v1/records", batch(mine), key="shared"))
    assert status == 200 and json.loads(body)["acks"] == [
        {"uuid": mine["uuid"], "status": "stored"}
    ]
    status, _, body, _ = exchange(
        ho, post("/v1/records", batch(theirs, bench=B), token=TB, key="shared")
    )
    assert status == 200
    assert json.loads(body)["acks"] == [{"uuid": theirs["uuid"], "status": "stored"}]
    assert ho.store.uuids(B) == [theirs["uuid"]]
    # and the first bench's resend still gets its own answer
    status, _, body, _ = exchange(ho, post("/v1/records", batch(mine), key="shared"))
    assert json.loads(body)["acks"] == [{"uuid": mine["uuid"], "status": "stored"}]


def test_a_token_replaced_through_the_servers_store_stops_at_once(ho):
    assert exchange(ho, get("/v1/master?cursor=0"))[0] == 200  # remembered now
    ho.store.add_bench(A, "tok-a-new")
    assert_json_error(exchange(ho, get("/v1/master?cursor=0")), 401)
    assert exchange(ho, get("/v1/master?cursor=0", token="tok-a-new"))[0] == 200


def test_a_token_replaced_by_another_process_stops_within_the_time_remembered(
    ho, tmp_path, monkeypatch
):
    monkeypatch.setattr(access, "CALLER_TTL_S", 0.5)
    assert exchange(ho, get("/v1/master?cursor=0"))[0] == 200
    other = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")  # another worker's store
    try:
        other.add_bench(A, "tok-a-elsewhere")
    finally:
        other.close()
    replaced = time.monotonic()
    while exchange(ho, get("/v1/master?cursor=0"))[0] == 200:
        assert time.monotonic() - replaced < 5, "the replaced token kept working"
        time.sleep(0.05)
    assert exchange(ho, get("/v1/master?cursor=0", token="tok-a-elsewhere"))[0] == 200


def test_an_unknown_token_is_never_remembered(ho):
    for _ in range(3):
        assert_json_error(exchange(ho, get("/v1/master?cursor=0", token="nobody")), 401)
    assert all(caller.name in (A, B, "floor") for caller, _ in ho.store.callers.values())


def closed(number: str) -> dict:
    return rec(kind="parcel_closed", payload={"order": "SO-1", "tracking_number": number})


def test_a_bench_gets_the_tracking_numbers_of_its_own_sites_benches(ho):
    ho.store.add_bench("bench-c", "tok-c", site="north")
    ho.store.set_site(A, "north")
    ho.store.set_site(B, "south")
    sent = {A: (TA, "SF100"), B: (TB, "SF200"), "bench-c": ("tok-c", "SF300")}
    for bench, (token, number) in sent.items():
        answer = exchange(ho, post("/v1/records", batch(closed(number), bench=bench), token=token))
        assert answer[0] == 200, answer
    for token, expected in (
        (TA, ["SF100", "SF300"]),
        ("tok-c", ["SF100", "SF300"]),
        (TB, ["SF200"]),
    ):
        status, _, body, _ = exchange(ho, get("/v1/tracking-numbers", token=token))
        assert status == 200 and json.loads(body)["numbers"] == expected
    status, _, body, _ = exchange(ho, get("/v1/tracking-numbers", token=SUP))
    assert json.loads(body)["numbers"] == ["SF100", "SF200", "SF300"]


def test_an_upload_refused_for_overload_goes_first_when_it_comes_back(tmp_path):
    """max_inflight=1 with one upload held: newcomers are refused 503; a refused
    upload that comes back is let in over the limit, once, and while fewer than
    twice max_inflight requests are answered."""
    server = start(tmp_path, Limits(max_inflight=1, retry_after=2))
    held = []
    try:
        held.append(slow_upload(server, seconds=6.0))
        first, second = batch(rec()), batch(rec())
        assert_json_error(exchange(server, post("/v1/records", first, key="first")), 503)
        assert_json_error(exchange(server, post("/v1/records", second, key="second")), 503)
        # "first" comes back while the held upload keeps the only place: let in (and
        # held too, so two requests are answered now: twice max_inflight)
        server.faults = ["slow:6"]
        server.upload_arrived.clear()
        back = threading.Thread(
            target=lambda: held.append(exchange(server, post("/v1/records", first, key="first")))
        )
        back.start()
        assert server.upload_arrived.wait(10)
        # "second" comes back too, but the process is at twice its limit: refused again
        assert_json_error(exchange(server, post("/v1/records", second, key="second")), 503)
        assert_json_error(exchange(server, get("/v1/anchor", TB)), 503)  # and a newcomer
        back.join(15)
        status, _, body, _ = held[-1]
        assert status == 200 and {a["status"] for a in json.loads(body)["acks"]} == {"stored"}
        held[0].join(15)
        # with room again, "second" (still remembered) and everything else are let in
        assert exchange(server, post("/v1/records", second, key="second"))[0] == 200
    finally:
        server.stop()
        server.store.close()
