"""A virtual null-modem: two linked pseudo-terminals made by socat.

Bytes written to one end come out of the other. Stopping it is pulling the
cable (both links vanish); starting a new pair with the same link names is
plugging it back in.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path


class VirtualSerialPair:
    def __init__(self, folder: Path, a: str = "ttyDevice", b: str = "ttyStation"):
        if shutil.which("socat") is None:
            raise RuntimeError("socat is not installed (apt-get install socat)")
        self.folder = Path(folder)
        self.device_end = self.folder / a  # where the simulated device writes
        self.station_end = self.folder / b  # what the station opens
        self._proc: subprocess.Popen | None = None

    def start(self, timeout: float = 5.0) -> VirtualSerialPair:
        self.folder.mkdir(parents=True, exist_ok=True)
        for p in (self.device_end, self.station_end):
            p.unlink(missing_ok=True)
        self._proc = subprocess.Popen(
            [
                "socat",
                f"pty,raw,echo=0,link={self.device_end}",
                f"pty,raw,echo=0,link={self.station_end}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        end = time.monotonic() + timeout
        while not (self.device_end.exists() and self.station_end.exists()):
            if time.monotonic() > end or self._proc.poll() is not None:
                self.stop()
                raise RuntimeError("socat did not make the pseudo-terminals")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Pull the cable: socat exits and its links disappear."""
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(3)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None
        for p in (self.device_end, self.station_end):
            p.unlink(missing_ok=True)

    def __enter__(self) -> VirtualSerialPair:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
