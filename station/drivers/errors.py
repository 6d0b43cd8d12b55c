"""Typed device errors. Drivers raise these; they never swallow an error."""

from __future__ import annotations


class DeviceError(Exception):
    """A device could not do what was asked. ``code`` is for the UI to translate."""

    code = "device_error"


class DeviceUriError(DeviceError, ValueError):
    """A device address that cannot be understood; the message says what is wrong."""

    code = "device_uri"


class DeviceOffline(DeviceError):
    """The device is not there: unplugged, switched off, unreachable."""

    code = "device_offline"


class DeviceTimeout(DeviceError):
    """The device did not answer or accept data in time."""

    code = "device_timeout"


class DevicePrintFailed(DeviceError):
    """The device (a print component) took the job and reported that it did not print:
    the printer's error, a template it could not render. The message carries its words."""

    code = "device_print_failed"


class DeviceNotOpen(DeviceError):
    code = "device_not_open"
