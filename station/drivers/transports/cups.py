"""System print queues through CUPS's ``lp`` command (Linux, macOS)."""

from __future__ import annotations

import shutil
import subprocess

from station.drivers.errors import DeviceOffline, DeviceTimeout
from station.drivers.transports.base import TransportBase


class CupsTransport(TransportBase):
    def __init__(self, queue: str, *, raw: bool = False):
        self.queue = queue
        self.raw = raw
        self.name = f"cups://{queue}"

    def open(self) -> None:
        if shutil.which("lp") is None:
            raise DeviceOffline("CUPS is not installed here (no 'lp' command)")

    def close(self) -> None:
        pass

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        cmd = ["lp", "-d", self.queue, "-s"]
        if self.raw:
            cmd += ["-o", "raw"]
        try:
            result = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise DeviceTimeout(f"{self.name}: lp did not finish in {timeout:.0f} s") from exc
        if result.returncode != 0:
            raise DeviceOffline(f"{self.name}: {result.stderr.decode(errors='replace').strip()}")

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        return b""

    def queue_state(self, timeout: float = 3.0) -> str:
        """'idle', 'printing', 'disabled' or 'unknown', from ``lpstat -p``."""
        try:
            out = subprocess.run(
                ["lpstat", "-p", self.queue], capture_output=True, text=True, timeout=timeout
            )
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        text = out.stdout.lower()
        for state in ("disabled", "printing", "idle"):
            if state in text:
                return state
        return "unknown"
