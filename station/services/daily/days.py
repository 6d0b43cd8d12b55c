"""Days and benches: the local day in stored time (naive UTC), the local hour in SQL,
and the names the database remembers for bench ids."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

import peewee as pw

from station.config import Settings
from station.db.models import Meta

BENCH_NAME_KEY = "bench_name:"  # Meta key prefix: bench id -> the bench's name


def remember_bench_name(bench_id: str, name: str) -> None:
    """Record in the open database that ``bench_id`` is called ``name`` (the last
    name given wins). Raises peewee errors if the database cannot be written."""
    if not bench_id or not name:
        return
    key = BENCH_NAME_KEY + bench_id
    row = Meta.get_or_none(Meta.key == key)
    if row is None or row.value != name:
        Meta.insert(key=key, value=name).on_conflict_replace().execute()


def bench_names(settings: Settings) -> dict[str, str]:
    """Bench id -> name: every name the database remembers, this bench's from settings."""
    names = {
        key[len(BENCH_NAME_KEY) :]: value
        for key, value in Meta.select(Meta.key, Meta.value)
        .where(Meta.key.startswith(BENCH_NAME_KEY))
        .tuples()
    }
    if settings.bench.bench_id:
        names[settings.bench.bench_id] = settings.bench.bench_name
    return names


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The local day as naive UTC, as the database stores times."""
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return (
        start.astimezone(UTC).replace(tzinfo=None),
        end.astimezone(UTC).replace(tzinfo=None),
    )


def _local(t: datetime, tz: tzinfo) -> datetime:
    return t.replace(tzinfo=UTC).astimezone(tz)


def _hour(column: pw.Field, offset_s: int):
    """The local hour of a stored UTC time, in SQL."""
    return pw.Cast(pw.fn.strftime("%H", column, f"{offset_s:+d} seconds"), "INTEGER")
