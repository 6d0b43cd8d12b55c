"""Serial and USB-CDC ports through pyserial, found by path or by USB VID:PID."""

from __future__ import annotations

import serial
from serial.tools import list_ports

from station.drivers.errors import DeviceNotOpen, DeviceOffline, DeviceTimeout
from station.drivers.transports.base import CHUNK, Deadline, TransportBase
from station.drivers.uri import DeviceUri


def find_port(vid: int, pid: int, serial_number: str | None = None) -> str | None:
    """The device path of the USB serial port with this VID:PID (and serial number)."""
    for p in list_ports.comports():
        if p.vid == vid and p.pid == pid and (serial_number in (None, p.serial_number)):
            return p.device
    return None


class SerialTransport(TransportBase):
    def __init__(
        self,
        path: str | None = None,
        baud: int = 9600,
        *,
        vid_pid: tuple[int, int] | None = None,
        serial_number: str | None = None,
    ):
        if not path and not vid_pid:
            raise ValueError("a serial transport needs a path or a USB VID:PID")
        self.path, self.baud = path, baud
        self.vid_pid, self.serial_number = vid_pid, serial_number
        self.name = path or "usb/{:04X}:{:04X}".format(*vid_pid)
        self._port: serial.Serial | None = None

    @classmethod
    def from_uri(cls, uri: DeviceUri) -> SerialTransport:
        return cls(
            uri.path or None,
            uri.baud,
            vid_pid=uri.vid_pid,
            serial_number=uri.params.get("serial"),
        )

    def resolve(self) -> str:
        if self.path and not self.vid_pid:
            return self.path
        found = find_port(*self.vid_pid, self.serial_number)
        if found is None:
            raise DeviceOffline(
                f"{self.name}: no USB serial device with this VID:PID is plugged in"
            )
        return found

    @property
    def is_open(self) -> bool:
        return self._port is not None and self._port.is_open

    def open(self) -> None:
        if self.is_open:
            return
        path = self.resolve()
        try:
            self._port = serial.serial_for_url(
                path, baudrate=self.baud, timeout=0.05, write_timeout=1.0, exclusive=True
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            self._port = None
            raise DeviceOffline(f"{self.name}: {exc}") from exc

    def close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            finally:
                self._port = None

    def _need(self) -> serial.Serial:
        if not self.is_open:
            raise DeviceNotOpen(f"{self.name} is not open")
        return self._port

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        port = self._need()
        deadline = Deadline(timeout)
        for start in range(0, len(data), CHUNK):
            if deadline.expired():
                raise DeviceTimeout(f"{self.name}: device took no data for {timeout:g} s")
            left = round(max(deadline.left(), 0.01), 1)
            try:
                if port.write_timeout != left:
                    port.write_timeout = left
                port.write(data[start : start + CHUNK])
                deadline.restart()  # a chunk went: the limit counts from here
            except serial.SerialTimeoutException as exc:
                raise DeviceTimeout(f"{self.name}: device took no data for {timeout:g} s") from exc
            except (serial.SerialException, OSError) as exc:
                self.close()
                raise DeviceOffline(f"{self.name}: {exc}") from exc

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        port = self._need()
        timeout = max(timeout, 0.0)
        try:
            if port.timeout != timeout:  # pyserial reconfigures the tty on every assignment
                port.timeout = timeout
            first = port.read(1)
            if not first:
                return b""
            waiting = port.in_waiting
            return first + (port.read(min(waiting, size - 1)) if waiting else b"")
        except (serial.SerialException, OSError, TypeError) as exc:
            # pyserial raises SerialException ("device reports readiness to read but
            # returned no data") or TypeError when the device goes away mid-read.
            self.close()
            raise DeviceOffline(f"{self.name}: {exc}") from exc
