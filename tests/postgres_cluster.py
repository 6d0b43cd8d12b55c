"""A PostgreSQL cluster of our own on loopback, for tests and benchmarks: initdb into
a temporary folder, pg_ctl start on a free port of 127.0.0.1, removed when stopped."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile

BIN_DIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin")) + ["/usr/local/bin"]


def postgres_bin() -> str | None:
    """The folder holding initdb, pg_ctl and psql, or None when PostgreSQL is not installed."""
    for folder in reversed(BIN_DIRS):
        if all(os.access(f"{folder}/{tool}", os.X_OK) for tool in ("initdb", "pg_ctl", "psql")):
            return folder
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of our own in ``data`` on 127.0.0.1:``port``. The server
    refuses to run as root: then it runs as the ``postgres`` user (quickstart.sh's
    package makes it)."""

    def __init__(self, bin_dir: str):
        self.bin = bin_dir
        self.data = tempfile.mkdtemp(prefix="station-pg-")
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.data, "postgres")

    def run(self, cmd: str) -> subprocess.CompletedProcess:
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", cmd] if self.as_root else ["sh", "-c", cmd]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120)

    def start(self) -> Cluster:
        r = self.run(f"{self.bin}/initdb -D {self.data} -A trust -U postgres")
        assert r.returncode == 0, r.stderr
        options = f"-k {self.data} -p {self.port} -c listen_addresses=127.0.0.1"
        r = self.run(f"{self.bin}/pg_ctl -D {self.data} -w -o '{options}' -l {self.data}/log start")
        assert r.returncode == 0, r.stderr + self.log()
        return self

    def log(self) -> str:
        try:
            with open(f"{self.data}/log") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def create_database(self, name: str) -> str:
        r = self.run(
            f"{self.bin}/psql -h 127.0.0.1 -p {self.port} -U postgres -c 'create database {name}'"
        )
        assert r.returncode == 0, r.stderr
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.run(f"{self.bin}/pg_ctl -D {self.data} -m fast stop")
        shutil.rmtree(self.data, ignore_errors=True)
