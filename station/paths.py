"""Where the station keeps its files.

One data directory holds the database, backups, logs, settings and printed
output. It is chosen, first match wins, by ``--data-dir``, by the
``STATION_DATA_DIR`` environment variable, or the platform's user data
directory (``platformdirs``). Demo mode without an explicit directory uses a
``demo`` folder beside the real one, so trying the demo never touches a
bench's real records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "station"
ENV_DATA_DIR = "STATION_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike | None = None, *, demo: bool = False) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return base / "demo" if demo else base


@dataclass(frozen=True)
class DataDir:
    """The layout inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "station.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def output(self) -> Path:
        """Where file printers (PDF/ZPL to a folder) write their jobs."""
        return self.root / "output"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def profiles(self) -> Path:
        """The shop's own order-import profiles (``*.json``, docs/formats.md)."""
        return self.root / "profiles"

    @property
    def pictures(self) -> Path:
        """Product pictures from head office, kept for offline use."""
        return self.cache / "pictures"

    def write_problem(self) -> str | None:
        """Why nothing can be saved here (a read-only mount, a full disk, no
        permission), or None. Tried by writing a file, the only sure test."""
        probe = self.root / f".write-test-{os.getpid()}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(probe, "wb") as f:
                f.write(b"ok")
                f.flush()
                os.fsync(f.fileno())
            probe.unlink()
        except OSError as exc:
            return f"{self.root}: {exc.strerror or exc}"
        return None

    def ensure(self) -> DataDir:
        for p in (self.root, self.backups, self.logs, self.output, self.cache):
            p.mkdir(parents=True, exist_ok=True)
        return self
