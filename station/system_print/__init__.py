"""Printing through the operating system's print system with Qt's print support.

The drivers never import Qt; this room does, and nothing else. It offers:

- ``printer_names()`` / ``default_printer_name()``: the system's printers as
  ``QPrinterInfo`` lists them (CUPS on Linux and macOS, the spooler on Windows),
  for Settings;
- ``render(printer_name, kind, data, title)``: a document drawn on a system
  printer by ``QPrinter``/``QPainter`` at the printer's own resolution, each page
  on paper of the page's own size (``QPageLayout``, no margins): ``kind="pdf"``
  renders each page of a PDF (``QPdfDocument``) at the printer's resolution
  (at most ``MAX_RENDER_DPI``); ``kind="png"`` prints label images, one a page,
  at the size their recorded resolution gives (a 203-dpi label on a 203-dpi
  thermal printer: one pixel a dot);
- ``install()``: registers ``render`` as the drivers' system renderer
  (``station.drivers.transports.system``), called by the window and the CLI.

Errors are the drivers' (``DeviceOffline``) so the print queue fails them over.
"""

from __future__ import annotations

import struct

from station.drivers.errors import DeviceError, DeviceOffline
from station.drivers.transports.system import set_system_renderer

# A page rendered finer than this gains nothing on paper and costs memory (an A4 page
# at 600 dpi is 35 million pixels).
MAX_RENDER_DPI = 600
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def split_pngs(data: bytes) -> list[bytes]:
    """PNG files written one after another, each whole (signature to ``IEND``).
    Raises ``DeviceError`` for bytes that are not such a series."""
    images: list[bytes] = []
    pos = 0
    while pos < len(data):
        if data[pos : pos + 8] != PNG_SIGNATURE:
            raise DeviceError(f"a label image is not a PNG at byte {pos}")
        at = pos + 8
        while True:
            if at + 8 > len(data):
                raise DeviceError(f"a label image is cut short at byte {len(data)}")
            (length,) = struct.unpack(">I", data[at : at + 4])
            kind = data[at + 4 : at + 8]
            at += 12 + length
            if kind == b"IEND":
                break
        if at > len(data):
            raise DeviceError(f"a label image is cut short at byte {len(data)}")
        images.append(data[pos:at])
        pos = at
    return images


def _app() -> None:
    """Qt's painting needs a Gui application: the window has one; the CLI gets one."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        QGuiApplication(["station"])


def printer_names() -> list[str]:
    """The system's printers, by the names the ``system``/``spool`` addresses take."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return list(QPrinterInfo.availablePrinterNames())


def default_printer_name() -> str:
    """The system's default printer, '' when there is none."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.defaultPrinterName()


def _printer(name: str, title: str):
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise DeviceOffline(f"{name}: no printer of that name in the system's printers")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def _layout(size, unit):
    """A page layout of exactly ``size`` (width, height in ``unit``), no margins."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize

    w, h = size
    landscape = w > h
    page = QPageSize(QSizeF(min(w, h), max(w, h)), unit, "", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Portrait
    if landscape:
        orientation = QPageLayout.Orientation.Landscape
    return QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0))


def _pages_pdf(data: bytes, dpi_of):
    """(layout, image) for each page of a PDF, the image at ``dpi_of()`` dots per inch."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QPageSize
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        raise DeviceError(f"the document is not a readable PDF ({doc.error().name})")
    for i in range(doc.pageCount()):
        pt = doc.pagePointSize(i)
        layout = _layout((pt.width(), pt.height()), QPageSize.Unit.Point)
        dpi = dpi_of()
        px = QSize(max(1, round(pt.width() * dpi / 72)), max(1, round(pt.height() * dpi / 72)))
        image = doc.render(i, px)
        if image.isNull():
            raise DeviceError(f"page {i + 1} of the document could not be drawn")
        yield layout, _on_paper(image)
    doc.close()


def _on_paper(image):
    """A rendered page (transparent where nothing is drawn) on white paper, grey."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    paper = QImage(image.size(), QImage.Format.Format_Grayscale8)
    paper.setDotsPerMeterX(image.dotsPerMeterX())
    paper.setDotsPerMeterY(image.dotsPerMeterY())
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def _pages_png(data: bytes):
    """(layout, image) for each label image, the page its size at its resolution."""
    from PySide6.QtGui import QImage, QPageSize

    for n, png in enumerate(split_pngs(data), 1):
        image = QImage.fromData(png, "PNG")
        if image.isNull():
            raise DeviceError(f"label image {n} could not be read")
        dpm = image.dotsPerMeterX() or round(203 / 0.0254)
        mm = (image.width() * 1000 / dpm, image.height() * 1000 / dpm)
        yield _layout(mm, QPageSize.Unit.Millimeter), image


def render(printer_name: str, kind: str, data: bytes, title: str) -> None:
    """Draw ``data`` (``kind`` ``pdf`` or ``png``, see the module) on the system
    printer ``printer_name`` as one print job named ``title``. Raises DeviceOffline
    when the printer is not in the system's list or refuses the job, DeviceError
    when the document cannot be read."""
    from PySide6.QtCore import QRectF, QSizeF
    from PySide6.QtGui import QPainter

    _app()
    printer = _printer(printer_name, title)
    resolution = printer.resolution()
    render_dpi = min(resolution, MAX_RENDER_DPI)
    pages = _pages_pdf(data, lambda: render_dpi) if kind == "pdf" else _pages_png(data)
    painter = QPainter()
    first = True
    for layout, image in pages:
        if first:
            if not printer.setPageLayout(layout):
                printer.setPageSize(layout.pageSize())
            if not painter.begin(printer):
                raise DeviceOffline(f"{printer_name}: the printer did not start the job")
            first = False
        else:
            printer.setPageLayout(layout)
            if not printer.newPage():
                painter.end()
                raise DeviceOffline(f"{printer_name}: the printer did not take another page")
        full = printer.pageLayout().fullRectPixels(printer.resolution())
        target = QRectF(0, 0, full.width(), full.height())
        # keep the page's proportions on paper the driver may have rounded
        scale = min(target.width() / image.width(), target.height() / image.height())
        target.setSize(QSizeF(image.width() * scale, image.height() * scale))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, kind == "pdf")
        painter.drawImage(target, image)
    if first:
        raise DeviceError("the document has no pages")
    if not painter.end():
        raise DeviceOffline(f"{printer_name}: the job did not finish")


def install() -> None:
    """Make ``render`` the drivers' way of drawing on a system printer."""
    set_system_renderer(render)
