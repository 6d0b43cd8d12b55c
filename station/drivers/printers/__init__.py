"""Label and document printers: a language composed with a transport."""

from station.drivers.printers.printer import Printer, open_printer
from station.drivers.printers.status import PrinterStatus

__all__ = ["Printer", "PrinterStatus", "open_printer"]
