"""Devices as the station configures them: ``sim`` resolved, data folders filled in."""

from __future__ import annotations

import logging
from pathlib import Path

from station.config import PrintingSettings
from station.drivers.errors import DeviceUriError
from station.drivers.printers.printer import Printer, printer_for
from station.drivers.scales.scale import Scale, open_scale
from station.drivers.simulators.scale import InProcessScale
from station.drivers.uri import DEFAULT_DPI, folder_address, parse_uri
from station.services.printing import PrinterPair

log = logging.getLogger(__name__)


def make_printer(
    text: str,
    output_dir: Path,
    *,
    timeout: float = PrintingSettings.no_progress_seconds,
    dpi: int = 0,
) -> Printer:
    """A printer from its address; ``sim`` writes ZPL files into the output folder.
    ``timeout``: seconds without progress before a job fails (printing.no_progress_seconds).
    ``dpi``: the printer's setting (``devices.printer_dpi``), 0 for none; the
    address's own ``dpi=`` comes first (settings never let the two differ)."""
    if text.strip() == "sim" or text.strip().startswith("sim?"):
        said = parse_uri("printer", text).dpi
        text = folder_address("zpl", output_dir) + (f"?dpi={said}" if said else "")
    return printer_for(parse_uri("printer", text), timeout=timeout, dpi=dpi or None)


def label_dpi(address: str, setting: int = 0) -> int:
    """The resolution labels for the printer at ``address`` are laid out for: the
    address's ``dpi=``, else ``setting``, else 203. Raises ``DeviceUriError`` for
    an address that cannot be read."""
    if not address:
        return setting or DEFAULT_DPI
    return parse_uri("printer", address).dpi or setting or DEFAULT_DPI


def bench_printers(settings, output_dir: Path, role: str) -> PrinterPair:
    """The bench's printer (and standby) for a role, as configured now.

    An address that cannot be parsed counts as no printer: the job then fails
    visibly with that reason rather than the station refusing to start.
    """
    d = settings.devices
    primary, standby = (
        ((d.printer, d.printer_dpi), (d.standby_printer, d.standby_printer_dpi))
        if role == "label"
        else ((d.document_printer, 0), ("", 0))
    )

    def build(text: str, dpi: int) -> Printer | None:
        if not text:
            return None
        try:
            return make_printer(
                text, output_dir, timeout=settings.printing.no_progress_seconds, dpi=dpi
            )
        except DeviceUriError as exc:
            log.error("printer address not usable: %s", exc)
            return None

    return PrinterPair(build(*primary), build(*standby))


def make_scale(text: str) -> Scale | InProcessScale:
    uri = parse_uri("scale", text)
    if uri.transport == "sim":
        grams = uri.params.get("grams")
        return InProcessScale(float(grams) if grams is not None else None)
    return open_scale(text)


def find_serial_ports() -> list[dict]:
    """Serial ports on this PC, with the address to use for each (by USB VID:PID when known)."""
    from serial.tools import list_ports

    found = []
    for p in sorted(list_ports.comports(), key=lambda p: p.device):
        vid_pid = f"{p.vid:04X}:{p.pid:04X}" if p.vid is not None else None
        found.append(
            {
                "device": p.device,
                "vid_pid": vid_pid,
                "serial_number": p.serial_number,
                "description": p.description if p.description != "n/a" else "",
                "uri": f"serial://usb/{vid_pid}" if vid_pid else f"serial://{p.device}",
            }
        )
    return found
