"""Marketplace order exports read as rows of text, and the profile that reads them.

A file is CSV in UTF-8 (with or without BOM) or GBK/GB18030, or an xlsx workbook
(its first sheet, read with python-calamine). Cells come out as the text the
spreadsheet shows; :mod:`station.services.cells` then puts right or refuses what
the spreadsheet did to them, the same for every reader.

A profile (``station/resources/import_profiles/*.json`` built in, ``profiles/*.json`` in
the data directory for the shop's own) maps a platform's column headers, in every
spelling its exports have used, to the station's order fields. The profile of a
file is recognised from its whole header row (docs/formats.md, "Orders:
marketplace exports").
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from station.resources import read_json, resource
from station.services.cells import EXCEL_DIGITS, clean_header

XLSX_MAGIC = b"PK\x03\x04"  # a zip container: xlsx (ECMA-376 part 2, Open Packaging)
# a double holds every integer exactly up to 2**53 (IEEE 754 binary64)
EXACT_FLOAT_INT = 2**53


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with BOM, UTF-16 with its BOM (Excel's "Unicode
    text"), UTF-8, else GB18030 (a superset of GBK).

    Raises ValueError when the bytes are none of these."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-16 text (byte {exc.start})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 or GBK text (byte {exc.start})") from None


def xlsx_text(value) -> str:
    """One xlsx cell as calamine types it, as text the cell rules can judge.

    An integral float becomes its digits only while a double can hold them and
    Excel kept them (at most 15 significant digits, below 2**53); past that the
    number was rounded when the file was saved, and it is handed on in scientific
    notation, which :func:`station.services.cells.clean_cell` refuses for an id
    and reads for an amount. Dates and times become ISO text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "#NUM!"
        if value.is_integer():
            whole = int(value)
            significant = str(abs(whole)).rstrip("0") or "0"
            if abs(whole) < EXACT_FLOAT_INT and len(significant) <= EXCEL_DIGITS:
                return str(whole)
            return f"{value:.{EXCEL_DIGITS - 1}E}"
        return repr(value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):  # a time of day typed as a duration
        return str(value)
    return str(value)


def xlsx_records(data: bytes) -> Iterator[list[str]]:
    """The first sheet of an xlsx workbook, row by row, as text (:func:`xlsx_text`),
    read as it is iterated. Raises ValueError for a file that is not a readable
    workbook (at once, or at the row where a damaged sheet stops)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).iter_rows()
    except (CalamineError, zipfile.BadZipFile, OSError, IndexError) as exc:
        raise ValueError(f"not a readable xlsx workbook ({exc})") from None
    except Exception as exc:  # calamine raises its own kinds for damaged parts
        raise ValueError(f"not a readable xlsx workbook ({type(exc).__name__})") from None

    def text_rows() -> Iterator[list[str]]:
        try:
            for row in rows:
                yield [xlsx_text(v) for v in row]
        except Exception as exc:
            raise ValueError(f"not a readable xlsx workbook ({type(exc).__name__})") from None

    return text_rows()


# what separates cells: a comma, a semicolon where the decimal sign is a comma
# (Excel's CSV in much of Europe writes the list separator of the system), a tab
# (Excel's "Unicode text")
DELIMITERS = (",", ";", "\t")


def delimiter_of(text: str) -> str:
    """The cell separator of a CSV ``text``, by its header line: the one of
    :data:`DELIMITERS` that splits it into the most cells (a comma on a tie, and
    for a one-column file)."""
    header = text.split("\n", 1)[0]
    best, cells = ",", 1
    for candidate in DELIMITERS:
        try:
            n = len(next(csv.reader([header], delimiter=candidate), []))
        except csv.Error:
            continue
        if n > cells:
            best, cells = candidate, n
    return best


def read_records(data: bytes) -> tuple[Iterator[list[str]], str, bool]:
    """(rows of cells as text, read as iterated; what the file was: an encoding
    name or ``xlsx``; whether its numbers have a decimal comma: a CSV saved with
    semicolons, :func:`delimiter_of`). Raises ValueError (not text in a known
    encoding, not a workbook), csv.Error while iterating a broken CSV."""
    if data.startswith(XLSX_MAGIC):
        return xlsx_records(data), "xlsx", False
    text, encoding = decode(data)
    delimiter = delimiter_of(text)
    return csv.reader(io.StringIO(text), delimiter=delimiter), encoding, delimiter == ";"


def header_row(path: Path) -> list[str]:
    """A file's header row, read whole whatever its length or encoding (a GBK or
    UTF-8 character is never cut), cleaned of guards and invisible characters.
    An unreadable file gives ``[]``: the import reports why."""
    try:
        with path.open("rb") as f:
            start = f.read(4)
            f.seek(0)
            if start == XLSX_MAGIC:
                records = xlsx_records(f.read())
            else:
                line = f.readline()  # the whole first line, any length
                records = iter(list(csv.reader(io.StringIO(decode(line)[0]))))
            for rec in records:
                if any(c.strip() for c in rec):
                    return [clean_header(c) for c in rec]
    except (OSError, ValueError, csv.Error):
        return []
    return []


# --- profiles ---


def builtin_profiles() -> dict[str, dict]:
    """The profiles shipped with the station, by name (the file's stem)."""
    return {
        p.name.removesuffix(".json"): read_json("import_profiles", p.name)
        for p in sorted(resource("import_profiles").iterdir(), key=lambda p: p.name)
        if p.name.endswith(".json")
    }


def _read_profile(path: Path) -> dict:
    try:
        profile = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"import profile {path.name}: {exc}") from None
    if not isinstance(profile, dict) or not isinstance(profile.get("columns"), dict):
        raise ValueError(f'import profile {path.name}: an object with "columns" is expected')
    return profile


def user_profiles(folder: Path | None) -> tuple[dict[str, dict], list[str]]:
    """The shop's own profiles in ``folder`` (the data directory's ``profiles``) by
    name, and a message for each file that is not a profile (it is left out)."""
    found: dict[str, dict] = {}
    errors: list[str] = []
    if folder is None or not folder.is_dir():
        return found, errors
    for path in sorted(folder.glob("*.json")):
        try:
            found[path.stem] = _read_profile(path)
        except ValueError as exc:
            errors.append(str(exc))
    return found, errors


def all_profiles(folder: Path | None = None) -> dict[str, dict]:
    """Built-in and user profiles by name; a user profile of the same name wins."""
    return {**builtin_profiles(), **user_profiles(folder)[0]}


def load_profile(spec: str, folder: Path | None = None) -> tuple[str, dict]:
    """(name, profile) for ``spec``: a path to a JSON file, or the name of a user
    or built-in profile. Raises ValueError naming the known profiles otherwise."""
    path = Path(spec)
    if spec.endswith(".json") or path.parent != Path("."):
        if not path.is_file():
            raise ValueError(f"no import profile file {spec}")
        return path.stem, _read_profile(path)
    known = all_profiles(folder)
    if spec not in known:
        raise ValueError(f"no import profile {spec!r} (known: {', '.join(sorted(known))})")
    return spec, known[spec]


def _alternatives(entry) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry)


def matches(header: list[str], part: dict) -> bool:
    """Whether a header row has every column of ``part["signature"]`` (each entry a
    header or a list of its spellings)."""
    names = set(header)
    signature = part.get("signature") or []
    return bool(signature) and all(any(a in names for a in _alternatives(e)) for e in signature)


def detect(header: list[str], profiles: dict[str, dict]) -> tuple[str, str] | None:
    """(profile name, ``orders`` or ``items``) of the profile whose signature the
    header has, the one naming most of the header's columns when several do;
    ``None`` when no profile knows the file."""
    names = set(header)
    best: tuple[int, str, str] | None = None
    for name, profile in profiles.items():
        for part_name, part in (("orders", profile), ("items", profile.get("items") or {})):
            if part and matches(header, part):
                score = sum(1 for h in part.get("columns", {}) if h in names)
                if best is None or score > best[0]:
                    best = (score, name, part_name)
    return None if best is None else (best[1], best[2])


def present_columns(header: list[str], columns: dict[str, str]) -> dict[str, str]:
    """own field -> the header that holds it in this file: of several spellings of
    one field, the first the profile lists that the header has."""
    names = set(header)
    out: dict[str, str] = {}
    for theirs, own in columns.items():
        if theirs in names and own not in out:
            out[own] = theirs
    return out
