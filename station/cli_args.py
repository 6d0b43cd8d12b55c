"""The command line's argument types and its parser: a bad argument is one line on
stderr and exit 2, never a traceback.

Each type takes the text as typed and returns the value, or raises
``argparse.ArgumentTypeError`` with what a right value looks like; argparse
prefixes the option's name (``argument --port: …``).
"""

from __future__ import annotations

import argparse
import math
import re
import threading
from pathlib import Path

#: what ``station head-office --db`` can open (playhouse.db_url schemes we support)
DB_SCHEMES = ("sqlite:///", "postgresql://")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but an error is one line (``PROG: MESSAGE (see PROG --help)``) and
    exit 2, not the usage block: a script's log or a person's terminal keeps the cause.
    Subparsers made from it are of the same kind."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def port(text: str) -> int:
    """A TCP port, 0-65535 (0: any free port)."""
    try:
        value = int(text, 10)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"a port is a whole number from 0 to 65535 (0: any free port), not {text!r}"
        )
    return value


def db_url(text: str) -> str:
    """Head office's database: ``sqlite:///FILE`` or ``postgresql://…``."""
    for scheme in DB_SCHEMES:
        if text.startswith(scheme) and text[len(scheme) :].strip():
            return text
    raise argparse.ArgumentTypeError(
        f"the database is sqlite:///FILE or postgresql://USER@HOST/NAME, not {text!r}"
    )


def http_url(text: str) -> str:
    """Head office's address: ``http://HOST[:PORT][/PATH]`` or ``https://…``."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"head office's address is http://HOST:PORT or https://HOST, not {text!r}"
        )
    return text.strip()


def token(text: str) -> str:
    """A bench's token: not empty, no spaces at its ends."""
    if not text.strip() or text != text.strip():
        raise argparse.ArgumentTypeError("a token is not empty and has no spaces at its ends")
    return text


def _pair(text: str, what: str, who: str = "BENCH_ID") -> tuple[str, str]:
    left, colon, right = text.partition(":")
    if not colon or not left.strip() or not right.strip():
        raise argparse.ArgumentTypeError(f"give {who}:{what}, both not empty, not {text!r}")
    return left, right


def bench_token(text: str, who: str = "BENCH_ID") -> str:
    """``BENCH_ID:TOKEN``: a bench and the token it sends, neither empty (a bench with
    an empty token would let any request without one in). The token is everything
    after the first colon; spaces at its ends are refused (a header never carries them,
    so the bench could never be let in)."""
    name, token = _pair(text, "TOKEN", who)
    if token != token.strip():
        whose = "bench" if who == "BENCH_ID" else "supervisor"
        raise argparse.ArgumentTypeError(
            f"the token of {whose} {name!r} begins or ends with a space"
        )
    return text


def supervisor_token(text: str) -> str:
    """``NAME:TOKEN``: a supervisor and the token the board sends (see :func:`bench_token`)."""
    return bench_token(text, "NAME")


class BenchesFile(list):
    """The benches of a ``--benches`` file (``BENCH_ID:TOKEN`` each), and its ``path``."""

    def __init__(self, benches: list[str], path: Path):
        super().__init__(benches)
        self.path = path


def benches_file(text: str) -> BenchesFile:
    """A file of benches, one ``BENCH_ID:TOKEN`` a line (blank lines and lines starting
    with ``#`` left out), so the tokens are not on a command line every user of the
    machine can read. A bad line is refused with its number."""
    path = Path(text)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise argparse.ArgumentTypeError(
            f"{text}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    benches = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            benches.append(bench_token(line))
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(f"{text}, line {number}: {exc}") from None
    return BenchesFile(benches, path)


def positive(text: str) -> int:
    """A whole number, 1 or more."""
    try:
        value = int(text, 10)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number, 1 or more, not {text!r}")
    return value


def bench_site(text: str) -> str:
    """``BENCH_ID:SITE``: the warehouse a bench stands in, neither empty."""
    _pair(text, "SITE")
    return text


def count(text: str) -> int:
    """A whole number, 0 or more."""
    try:
        value = int(text, 10)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"a whole number, 0 or more, not {text!r}")
    return value


def seconds(text: str) -> float:
    """A duration in seconds, 0 or more and finite (at most ``threading.TIMEOUT_MAX``)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and 0 <= value <= threading.TIMEOUT_MAX):
        raise argparse.ArgumentTypeError(f"a number of seconds, 0 or more, not {text!r}")
    return value


def folder(text: str) -> Path:
    """An existing folder."""
    path = Path(text).expanduser()
    if not text.strip() or not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return path


def profile(text: str) -> str:
    """An import profile: a name (a built-in one, or one in the data directory's
    ``profiles/``, looked up when the import runs), or a profile file's path, which
    must then be a file (a name has no path separator and no ``.json``)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the profile is empty")
    looks_like_path = "/" in text or "\\" in text or text.lower().endswith(".json")
    if looks_like_path and not Path(text).expanduser().is_file():
        raise argparse.ArgumentTypeError(f"{text!r} is no profile file")
    return text


def data_dir(text: str) -> str:
    """A data directory: not empty, and not something that exists but is no folder
    (it is made when missing)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the data directory is empty")
    if Path(text).expanduser().exists() and not Path(text).expanduser().is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return text


_FAULT = re.compile(
    r"500|drop|429(:\d{1,5})?|http:[1-5]\d\d|slow(:(\d{1,4}(\.\d+)?|\.\d+))?", re.ASCII
)


def faults(text: str) -> list[str]:
    """The reference head office's injected faults, comma-separated: ``500``, ``drop``,
    ``429[:RETRY_AFTER_S]``, ``http:NNN``, ``slow[:SECONDS]``."""
    items = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in items if not _FAULT.fullmatch(f)]
    if bad:
        raise argparse.ArgumentTypeError(
            f"{bad[0]!r} is not a fault: 500, drop, 429[:SECONDS], http:NNN or slow[:SECONDS]"
        )
    return items


def regex(text: str) -> str:
    """A regular expression (Python's ``re``)."""
    try:
        re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"not a regular expression ({exc}): {text!r}") from None
    return text


def iso_time(text: str):
    """A date or date and time, ISO 8601 (``2026-11-30`` or ``2026-11-30T08:00``)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a time is ISO 8601, e.g. 2026-11-30 or 2026-11-30T08:00, not {text!r}"
        ) from None


#: Qt's own command-line options (QGuiApplication, QApplication, X11), which
#: ``main.py`` passes through to Qt: those that take a value, and those that do not.
#: Each also as ``--NAME`` and, with a value, as ``-NAME=VALUE``.
QT_VALUE_OPTIONS = frozenset(
    (
        "platform",
        "style",
        "stylesheet",
        "qwindowgeometry",
        "qwindowtitle",
        "qwindowicon",
        "session",
        "display",
        "geometry",
        "name",
        "title",
        "visual",
        "ncols",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qmljsdebugger",
        "fontengine",
    )
)
QT_FLAG_OPTIONS = frozenset(("reverse", "widgetcount", "cmap", "nograb", "dograb"))


def qt_arguments_problem(rest: list[str]) -> str | None:
    """Why the arguments left over by the station's own options are not all Qt's
    (one line), or None when Qt may have them: an unknown option (a typo of
    ``--demo`` must not start a real station), a Qt option without its value, or a
    stray word."""
    i = 0
    while i < len(rest):
        arg = rest[i]
        if not arg.startswith("-") or arg in ("-", "--"):
            return f"unexpected argument {arg!r}"
        name, equals, _ = arg.lstrip("-").partition("=")
        if name in QT_FLAG_OPTIONS and not equals:
            i += 1
        elif name in QT_VALUE_OPTIONS:
            if not equals and i + 1 >= len(rest):
                return f"Qt's option {arg} needs a value"
            i += 1 if equals else 2
        else:
            return f"unknown option {arg}"
    return None
