"""Tracking numbers used anywhere: on a parcel, in a record for head office, an audit
entry, a print job, or a file the printers wrote (ZPL, TSPL, PDF). A number found is
one no parcel may be given again."""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

_SHAPE = re.compile(r"^([A-Za-z]*)([0-9]{6,})([A-Za-z]*)$")
_DIGITS = re.compile(rb"(?<![0-9])[0-9]{6,}(?![0-9])")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def file_texts(folder: Path) -> Iterable[tuple[str, bytes]]:
    """The files the bench's file printers wrote; PDF page streams unpacked."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        yield f"print file {path.name}", data
        if data.startswith(b"%PDF"):
            for m in _STREAM.finditer(data):
                try:
                    text = zlib.decompress(m.group(1))
                except zlib.error:
                    continue
                yield f"print file {path.name}", text


_FIELDS = (
    re.compile(rb"\^FD(.*?)\^FS", re.DOTALL),  # ZPL field data
    re.compile(rb'"([^"\r\n]*)"'),  # TSPL quoted text
    re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj"),  # PDF text shown
)


def printed_fields(data: bytes) -> set[str]:
    """The text fields of a label or page the printers wrote (ZPL, TSPL or PDF)."""
    out = set()
    for pattern in _FIELDS:
        for m in pattern.finditer(data):
            out.add(m.group(1).decode("utf-8", "replace").strip())
    return out


def numbers_in_use(con: sqlite3.Connection, free: set[str], printed: Path | None) -> dict[str, str]:
    """Which of the ``free`` numbers appear as used anywhere: a parcel, a record for head
    office (sent or not), an audit entry, a print job, a file the printers wrote.
    A number found is one no parcel may be given again. Returns number -> first place seen.
    """
    found: dict[str, str] = {}
    if not free:
        return found
    for (n,) in con.execute("SELECT tracking_number FROM parcel WHERE tracking_number IS NOT NULL"):
        if n in free:
            found.setdefault(n, "a parcel")
    shaped: dict[tuple[int, int], set[str]] = {}  # (letters before, after) -> numbers
    odd: set[str] = set()
    for n in free:
        m = _SHAPE.match(n)
        if m:
            shaped.setdefault((len(m.group(1)), len(m.group(3))), set()).add(n)
        else:
            odd.add(n)

    def scan(where: str, data: bytes | str | None) -> None:
        if data is None:
            return
        if isinstance(data, str):
            data = data.encode("utf-8", "replace")
        for m in _DIGITS.finditer(data):
            s, e = m.span()
            for (before, after), numbers in shaped.items():
                if s >= before:
                    candidate = data[s - before : e + after].decode("ascii", "replace")
                    if candidate in numbers:
                        found.setdefault(candidate, where)
        for n in odd:
            if n.encode() in data:
                found.setdefault(n, where)

    for kind, state, payload in con.execute("SELECT kind, state, payload FROM outbox_record"):
        scan(f"a {kind} record for head office ({state})", payload)
    for action, details in con.execute("SELECT action, details FROM audit_entry"):
        scan(f"audit entry {action}", details)
    for ref, payload in con.execute("SELECT document_ref, payload FROM print_job"):
        scan(f"print job {ref}", payload)
    if printed is not None:
        for where, data in file_texts(printed):
            scan(where, data)
    return found
