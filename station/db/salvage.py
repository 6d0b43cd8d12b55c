"""Reading what can still be read in a damaged SQLite file, page by page.

SQLite's own ``.recover`` needs the ``sqlite_dbpage`` table, which the
distributions' builds (Debian's included) leave out; this reader does the same
job from the file format (https://www.sqlite.org/fileformat2.html) with no
help from SQLite, so it works on a file SQLite refuses to open at all:

- the WAL (``-wal`` beside the file) is laid over the main file first: the
  newest frame of each page from the WAL's last complete transaction wins;
- each table's b-tree is walked from its root page (the root pages come from
  the damaged file's schema, else from a backup's: the backup API copies pages
  one for one); rows on pages that parse are kept, a page that does not parse
  or lies past the end of the file is noted with the range of row ids it held
  (from the keys of the interior page above it);
- table-leaf pages no walk reached (their parent was damaged) are read too and
  given to the one table whose column count and key column fit;
- a row whose overflow chain is broken or whose text is not UTF-8 is not kept:
  its row id is listed as damaged.

The result is plain data (``Salvage``): rows per table and what was lost.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_TABLE_LEAF, _TABLE_INTERIOR = 13, 5
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class PageError(ValueError):
    """A page or cell that does not parse."""


@dataclass
class TableSalvage:
    """What was read of one table: ``rows`` maps row id to the stored values (in the
    table's column order; an INTEGER PRIMARY KEY column holds the row id)."""

    name: str
    columns: list[str]
    ipk: int | None = None  # the INTEGER PRIMARY KEY column, stored as the row id
    types: list[tuple[str, bool]] = field(default_factory=list)  # (declared type, not null)
    rows: dict[int, tuple] = field(default_factory=dict)
    damaged_rows: set[int] = field(default_factory=set)  # row ids seen, content unreadable
    # row-id ranges (low, high) held by pages that could not be read; None = unbounded
    lost_ranges: list[tuple[int | None, int | None]] = field(default_factory=list)
    from_orphan_pages: int = 0  # rows found on pages no walk reached


@dataclass
class Salvage:
    path: Path
    size: int
    page_size: int
    pages: int
    tables: dict[str, TableSalvage] = field(default_factory=dict)
    bad_pages: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # problems with the file as a whole

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if pos + i >= len(buf):
            raise PageError("varint runs off the page")
        byte = buf[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable")


def _decode_record(payload: bytes) -> tuple:
    header_len, pos = _varint(payload, 0)
    if header_len > len(payload) or header_len < 1:
        raise PageError("record header longer than the record")
    types = []
    while pos < header_len:
        t, pos = _varint(payload, pos)
        types.append(t)
    body = header_len
    values = []
    for t in types:
        if t == 0:
            values.append(None)
        elif 1 <= t <= 6:
            n = (1, 2, 3, 4, 6, 8)[t - 1]
            if body + n > len(payload):
                raise PageError("value runs off the record")
            values.append(int.from_bytes(payload[body : body + n], "big", signed=True))
            body += n
        elif t == 7:
            if body + 8 > len(payload):
                raise PageError("value runs off the record")
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif t in (8, 9):
            values.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            if body + n > len(payload):
                raise PageError("value runs off the record")
            raw = payload[body : body + n]
            body += n
            if t % 2:
                try:
                    values.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    raise PageError("text that is not UTF-8") from None
            else:
                values.append(bytes(raw))
        else:
            raise PageError(f"reserved serial type {t}")
    if body != len(payload):
        raise PageError("record length does not match its header")
    return tuple(values)


class _File:
    """The pages of the damaged file, the WAL's newest committed pages laid over them."""

    def __init__(self, path: Path, fallback_page_size: int):
        # mapped, not read: a bench's database can be larger than the memory to spare
        self._fh = open(path, "rb") if path.exists() else None  # noqa: SIM115 (closed in close)
        size = os.fstat(self._fh.fileno()).st_size if self._fh else 0
        data = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.size = size
        self.notes: list[str] = []
        page_size = 0
        if data[:16] == MAGIC:
            raw = struct.unpack(">H", data[16:18])[0]
            page_size = 65536 if raw == 1 else raw
            if page_size < 512 or page_size & (page_size - 1):
                page_size = 0
            self.reserved = data[20]
        else:
            self.reserved = 0
            if data:
                self.notes.append("the file header is damaged")
        wal = Path(f"{path}-wal")
        wal_pages: dict[int, bytes] = {}
        if wal.exists():
            page_size = self._read_wal(wal.read_bytes(), page_size, wal_pages)
        self.page_size = page_size or fallback_page_size
        self.usable = self.page_size - self.reserved
        self.data = data
        self.wal = wal_pages
        self.pages = max([len(data) // self.page_size, *wal_pages.keys()], default=0)
        self.progress: Callable[[int, int], None] | None = None

    def _read_wal(self, wal: bytes, page_size: int, out: dict[int, bytes]) -> int:
        if len(wal) < 32 or struct.unpack(">I", wal[:4])[0] not in _WAL_MAGIC:
            if wal:
                self.notes.append("the write-ahead log is damaged and was not read")
            return page_size
        wal_page = struct.unpack(">I", wal[8:12])[0]
        salt = wal[16:24]
        if not page_size:
            page_size = wal_page
        if wal_page != page_size:
            self.notes.append("the write-ahead log's page size does not match; not read")
            return page_size
        frame = 24 + page_size
        pending: dict[int, bytes] = {}
        pos = 32
        while pos + frame <= len(wal):
            pgno, commit = struct.unpack(">II", wal[pos : pos + 8])
            if wal[pos + 8 : pos + 16] != salt or pgno == 0:
                break
            pending[pgno] = wal[pos + 24 : pos + frame]
            if commit:  # a transaction's last frame: its pages count
                out.update(pending)
                pending.clear()
            pos += frame
        return page_size

    def close(self) -> None:
        if isinstance(self.data, mmap.mmap):
            self.data.close()
        if self._fh is not None:
            self._fh.close()

    def page(self, pgno: int) -> bytes:
        if pgno < 1 or pgno > self.pages:
            raise PageError(f"page {pgno} is past the end of the file")
        if pgno in self.wal:
            return self.wal[pgno]
        start = (pgno - 1) * self.page_size
        chunk = self.data[start : start + self.page_size]
        if len(chunk) < self.page_size:
            raise PageError(f"page {pgno} is cut off")
        return chunk


def _page_header(f: _File, pgno: int) -> tuple[bytes, int, int, list[int], int]:
    """(page, type, header offset, cell offsets, right-most child) of a table page."""
    page = f.page(pgno)
    h = 100 if pgno == 1 else 0
    kind = page[h]
    if kind not in (_TABLE_LEAF, _TABLE_INTERIOR):
        raise PageError(f"page {pgno} is not a table page (type {kind})")
    ncells = struct.unpack(">H", page[h + 3 : h + 5])[0]
    header = 8 if kind == _TABLE_LEAF else 12
    right = struct.unpack(">I", page[h + 8 : h + 12])[0] if kind == _TABLE_INTERIOR else 0
    ptrs_end = h + header + 2 * ncells
    if ptrs_end > f.usable:
        raise PageError(f"page {pgno}: cell count {ncells} does not fit")
    cells = [
        struct.unpack(">H", page[h + header + 2 * i : h + header + 2 * i + 2])[0]
        for i in range(ncells)
    ]
    if any(c < ptrs_end or c >= f.usable for c in cells):
        raise PageError(f"page {pgno}: a cell points outside the page")
    return page, kind, h, cells, right


def _leaf_cells(f: _File, pgno: int, page: bytes, cells: list[int]):
    """Yield (rowid, values or None when the cell is damaged) for a table leaf."""
    u = f.usable
    x = u - 35
    m = ((u - 12) * 32 // 255) - 23
    for off in cells:
        try:
            length, pos = _varint(page, off)
            rowid, pos = _varint(page, pos)
        except PageError:
            continue
        if rowid >= 1 << 63:
            rowid -= 1 << 64
        try:
            if length <= x:
                local, overflow = length, 0
            else:
                k = m + ((length - m) % (u - 4))
                local = k if k <= x else m
                if pos + local + 4 > u:
                    raise PageError("cell runs off the page")
                overflow = struct.unpack(">I", page[pos + local : pos + local + 4])[0]
            if pos + local > u:
                raise PageError("cell runs off the page")
            payload = bytearray(page[pos : pos + local])
            seen = set()
            while len(payload) < length:
                if overflow in seen or not overflow:
                    raise PageError("overflow chain broken")
                seen.add(overflow)
                chunk = f.page(overflow)
                overflow = struct.unpack(">I", chunk[:4])[0]
                payload += chunk[4 : 4 + min(u - 4, length - len(payload))]
            yield rowid, _decode_record(bytes(payload))
        except PageError:
            yield rowid, None


def _walk(f: _File, root: int, table: TableSalvage, visited: set[int], bad: set[int]) -> None:
    """Read a table's b-tree: every leaf row, and the row-id ranges of pages lost."""
    stack: list[tuple[int, int | None, int | None]] = [(root, None, None)]
    while stack:
        pgno, low, high = stack.pop()
        if pgno in visited:
            continue
        visited.add(pgno)
        if f.progress is not None and not len(visited) % 512:
            f.progress(len(visited), f.pages)
        try:
            page, kind, _h, cells, right = _page_header(f, pgno)
        except PageError:
            bad.add(pgno)
            table.lost_ranges.append((low, high))
            continue
        if kind == _TABLE_LEAF:
            _take_rows(f, pgno, page, cells, table, orphan=False)
            continue
        prev = low
        for off in cells:
            try:
                child = struct.unpack(">I", page[off : off + 4])[0]
                key, _ = _varint(page, off + 4)
            except (PageError, struct.error):
                table.lost_ranges.append((prev, None))
                prev = None
                continue
            stack.append((child, prev, key))
            prev = key + 1
        stack.append((right, prev, high))


def _take_rows(f, pgno, page, cells, table: TableSalvage, *, orphan: bool) -> int:
    taken = 0
    width = len(table.columns)
    for rowid, values in _leaf_cells(f, pgno, page, cells):
        if values is None or len(values) > width or not _plausible(table, rowid, values):
            if not orphan:
                table.damaged_rows.add(rowid)
            continue
        if orphan and rowid in table.rows:
            continue
        values = values + (None,) * (width - len(values))  # columns added later: defaults
        if table.ipk is not None and values[table.ipk] is None:
            values = (*values[: table.ipk], rowid, *values[table.ipk + 1 :])
        table.rows[rowid] = values
        table.damaged_rows.discard(rowid)
        taken += 1
    if orphan:
        table.from_orphan_pages += taken
    return taken


def _plausible(table: TableSalvage, rowid: int, values: tuple) -> bool:
    """A row the station could have written: a positive id, a UUID where one belongs."""
    if table.ipk is not None and rowid < 1:
        return False
    for name, value in zip(table.columns, values, strict=False):
        if name in ("uuid", "record_uuid") and not (
            isinstance(value, str) and (_UUID.match(value) or len(value) <= 80)
        ):
            return False
    return True


def _schema_rows(f: _File, visited: set[int]) -> list[tuple]:
    """The damaged file's own sqlite_master rows (type, name, tbl_name, rootpage, sql)."""
    master = TableSalvage("sqlite_master", ["type", "name", "tbl_name", "rootpage", "sql"], None)
    _walk(f, 1, master, visited, set())
    return [r for r in master.rows.values() if len(r) == 5]


_COLUMN = re.compile(r'^\s*"?(\w+)"?\s', re.MULTILINE)


def columns_of(create_sql: str) -> tuple[list[str], int | None, list[tuple[str, bool]]]:
    """Column names, in order, of a ``CREATE TABLE`` statement as peewee writes it, the
    index of its INTEGER PRIMARY KEY column (None when it has none), and each column's
    (declared type, NOT NULL)."""
    inner = create_sql[create_sql.index("(") + 1 : create_sql.rindex(")")]
    cols, depth, part = [], 0, ""
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            cols.append(part)
            part = ""
        else:
            part += ch
    cols.append(part)
    names, ipk, types = [], None, []
    for c in cols:
        word = c.strip().split()[0].strip('"`[]') if c.strip() else ""
        if word.upper() in ("FOREIGN", "PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", ""):
            continue
        rest = " ".join(c.upper().split()[1:])
        if rest.startswith("INTEGER") and "PRIMARY KEY" in rest:
            ipk = len(names)
        names.append(word)
        types.append((rest.split("(")[0].split(" ")[0], "NOT NULL" in rest))
    return names, ipk, types


def read_damaged(
    path: Path,
    reference_schema: list[tuple[str, int, str]],
    *,
    page_size: int = 4096,
    progress: Callable[[int, int], None] | None = None,
) -> Salvage:
    """Everything readable in ``path`` (and its ``-wal``).

    ``reference_schema``: (table, root page, CREATE TABLE sql) from a sound copy of
    the same database (a backup), used for the tables the damaged file's own schema
    no longer names. ``page_size`` is the size assumed when the header is damaged.
    ``progress(pages_read, pages)`` is called now and then (from this thread).
    Raises nothing for a damaged file: an empty or unreadable file gives an empty
    ``Salvage`` with its ``notes``.
    """
    f = _File(path, page_size)
    f.progress = progress
    try:
        return _read(f, path, reference_schema)
    finally:
        f.close()


def _read(f: _File, path: Path, reference_schema: list[tuple[str, int, str]]) -> Salvage:
    result = Salvage(path, f.size, f.page_size, f.pages, notes=list(f.notes))
    if f.size == 0 and not f.wal:
        result.notes.append("the file is empty (0 bytes)")
        return result
    if f.size % f.page_size:
        result.notes.append(f"the file ends in the middle of page {f.size // f.page_size + 1}")
    own = {}
    visited: set[int] = set()
    try:
        for kind, name, _tbl, root, sql in _schema_rows(f, visited):
            if kind == "table" and isinstance(root, int) and root > 0 and isinstance(sql, str):
                own[name] = (root, sql)
    except PageError:
        pass
    if not own:
        result.notes.append("the file's schema could not be read; a backup's was used")
    schema = {name: (root, sql) for name, root, sql in reference_schema}
    schema.update(own)
    for name, (root, sql) in sorted(schema.items(), key=lambda kv: kv[1][0]):
        if name.startswith("sqlite_"):
            continue
        try:
            cols, ipk, types = columns_of(sql)
        except (ValueError, IndexError):
            continue
        table = TableSalvage(name, cols, ipk, types)
        _walk(f, root, table, visited, result.bad_pages)
        result.tables[name] = table
    _adopt_orphans(f, result, visited)
    return result


def _freelist(f: _File) -> set[int]:
    """Pages SQLite had freed (their old rows are deleted ones): not to be revived."""
    free: set[int] = set()
    try:
        head = f.page(1)
        trunk = struct.unpack(">I", head[32:36])[0]
        while trunk and trunk not in free and trunk <= f.pages:
            free.add(trunk)
            page = f.page(trunk)
            n = struct.unpack(">I", page[4:8])[0]
            if n > (f.usable - 8) // 4:
                break
            free.update(struct.unpack(">I", page[8 + 4 * i : 12 + 4 * i])[0] for i in range(n))
            trunk = struct.unpack(">I", page[:4])[0]
    except (PageError, struct.error):
        pass
    return free


def _adopt_orphans(f: _File, result: Salvage, visited: set[int]) -> None:
    """Leaf pages no walk reached: given to the one table whose shape fits their rows."""
    free = _freelist(f)
    for pgno in range(2, f.pages + 1):
        if f.progress is not None and not pgno % 512:
            f.progress(max(pgno, len(visited)), f.pages)
        if pgno in visited or pgno in free:
            continue
        try:
            page, kind, _h, cells, _r = _page_header(f, pgno)
        except PageError:
            continue
        if kind != _TABLE_LEAF or not cells:
            continue
        rows = [(r, v) for r, v in _leaf_cells(f, pgno, page, cells) if v is not None]
        if not rows:
            continue
        width = max(len(v) for _r, v in rows)
        fits = [
            t
            for t in result.tables.values()
            if len(t.columns) == width
            and ("uuid" in t.columns or "record_uuid" in t.columns)
            and all(_plausible(t, r, v) for r, v in rows)
            and _shape_matches(t, rows)
        ]
        if len(fits) == 1:
            _take_rows(f, pgno, page, cells, fits[0], orphan=True)


_KINDS = {
    "INTEGER": (int,),
    "BOOLEAN": (int,),
    "DATETIME": (str,),
    "DATE": (str,),
    "VARCHAR": (str,),
    "TEXT": (str,),
    "BLOB": (bytes,),
    "REAL": (float, int),
}


def _shape_matches(table: TableSalvage, rows: list[tuple[int, tuple]]) -> bool:
    """Every value fits its column's declared type and NOT NULL, and the key column is a
    UUID, so tables of the same width tell apart."""
    for _r, values in rows:
        for i, (value, (kind, not_null)) in enumerate(zip(values, table.types, strict=False)):
            if value is None:
                if not_null and i != table.ipk:
                    return False
            elif kind in _KINDS and not isinstance(value, _KINDS[kind]):
                return False
    if "uuid" in table.columns:
        i = table.columns.index("uuid")
        return all(isinstance(v[i], str) and _UUID.match(v[i]) for _r, v in rows)
    i = table.columns.index("record_uuid")
    return all(isinstance(v[i], str) and _UUID.match(v[i][:36]) for _r, v in rows)
