"""Byte pipes to devices. A transport only opens, writes, reads and closes.

Constructing one touches no hardware; ``open()`` is explicit and a
transport is a context manager. Writes are chunked and bounded in time,
so a dead device never blocks its caller for longer than the timeout.
"""

from __future__ import annotations

from station.drivers.errors import DeviceUriError
from station.drivers.transports.base import Transport
from station.drivers.transports.cups import CupsTransport
from station.drivers.transports.folder import FolderTransport
from station.drivers.transports.serial_port import SerialTransport
from station.drivers.transports.spool import SpoolTransport
from station.drivers.transports.system import SystemTransport
from station.drivers.transports.tcp import TcpTransport
from station.drivers.transports.usb_lp import UsbLpTransport
from station.drivers.transports.websocket import WebSocketTransport
from station.drivers.uri import DeviceUri

__all__ = ["Transport", "transport_for"]


def transport_for(uri: DeviceUri, *, extension: str = "bin") -> Transport:
    """The transport named by a device URI (the way pyserial's serial_for_url picks one)."""
    if uri.transport == "tcp":
        return TcpTransport(uri.host, uri.port)
    if uri.transport == "serial":
        return SerialTransport.from_uri(uri)
    if uri.transport == "usb":
        return UsbLpTransport(uri.path)
    if uri.transport == "file":
        return FolderTransport(uri.path, extension=extension)
    if uri.transport == "ws":
        return WebSocketTransport(uri.host, uri.port)
    if uri.transport == "cups":
        return CupsTransport(uri.path, raw=uri.language != "pdf")
    if uri.transport == "spool":
        return SpoolTransport(uri.path)
    if uri.transport == "system":
        # a label printer with only a graphics driver is sent each label as an image
        return SystemTransport(uri.path, "pdf" if uri.language == "pdf" else "png")
    raise DeviceUriError(f"no transport for {uri.text!r}")
