"""Product pictures on screen: each kept file decoded and scaled once, then reused.

The files are those of the picture cache (``station.services.pictures``), fetched
by the sync thread. Here they become square pixmaps for the line tables: the
picture fitted and centred, or a neutral placeholder when a product has none (or
its file cannot be read; that is logged once). Pixmaps are kept by file, change
time and size, so a picture replaced on disk is read again and a repaint never
decodes anything.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImageReader, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from station.services.pictures import PictureCache

log = logging.getLogger(__name__)

PICTURE_PX = 112  # a line's picture: recognisable at arm's length
LARGE_PX = 240  # the product scanned last


class PictureBook(QObject):
    """Pixmaps of product pictures by reference. ``arrived`` fires (on the GUI thread)
    when the sync thread has fetched new pictures, so pages can show them."""

    arrived = Signal()

    def __init__(self, cache: PictureCache | None, limit: int = 300, parent=None):
        super().__init__(parent)
        self.cache = cache
        self.limit = limit
        self._pixmaps: OrderedDict[tuple, QPixmap] = OrderedDict()
        self._placeholders: dict[tuple, QPixmap] = {}
        self.decoded = 0  # files read from disk (each once while unchanged)
        self.hooked = False

    def on_drained(self, result) -> None:
        """A sync round ended (a queued signal of the sync hub)."""
        pictures = getattr(getattr(result, "downloaded", None), "pictures", None)
        if pictures is not None and pictures.fetched:
            self.arrived.emit()

    def has_picture(self, reference: str | None) -> bool:
        return self.cache is not None and self.cache.has(reference)

    def pixmap(self, reference: str | None, px: int = PICTURE_PX, dpr: float = 1.0) -> QPixmap:
        """A ``px`` x ``px`` pixmap (device-independent pixels) of the reference's picture,
        or the placeholder. Never raises on a missing or damaged file."""
        path = self.cache.path_for(reference) if self.cache is not None else None
        if path is None:
            return self.placeholder(px, dpr)
        try:
            st = path.stat()
        except OSError:
            return self.placeholder(px, dpr)
        key = (str(path), st.st_mtime_ns, st.st_size, px, dpr)
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
            return found
        pixmap = self._read(path, px, dpr)
        self._pixmaps[key] = pixmap
        while len(self._pixmaps) > self.limit:
            self._pixmaps.popitem(last=False)
        return pixmap

    def _read(self, path, px: int, dpr: float) -> QPixmap:
        self.decoded += 1
        side = round(px * dpr)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > 0 and size.height() > 0:
            reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            log.warning("product picture %s cannot be shown: %s", path.name, reader.errorString())
            return self.placeholder(px, dpr)
        image = image.scaled(
            QSize(side, side),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        canvas = QPixmap(side, side)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage((side - image.width()) // 2, (side - image.height()) // 2, image)
        painter.end()
        canvas.setDevicePixelRatio(dpr)
        return canvas

    def placeholder(self, px: int = PICTURE_PX, dpr: float = 1.0) -> QPixmap:
        """A neutral grey frame with a faint picture sign: no picture, nothing broken."""
        key = (px, dpr)
        found = self._placeholders.get(key)
        if found is not None:
            return found
        side = round(px * dpr)
        canvas = QPixmap(side, side)
        canvas.fill(Qt.GlobalColor.transparent)
        p = QPainter(canvas)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        m = side * 0.06
        box = QRectF(m, m, side - 2 * m, side - 2 * m)
        p.setPen(QPen(QColor("#c7c7c7"), max(1.0, side / 56)))
        p.setBrush(QColor("#f2f2f2"))
        p.drawRoundedRect(box, side * 0.08, side * 0.08)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#d6d6d6"))
        w, h, x0, y0 = box.width(), box.height(), box.left(), box.top()
        p.drawEllipse(QPointF(x0 + w * 0.68, y0 + h * 0.32), w * 0.09, w * 0.09)
        hills = QPolygonF(
            [
                QPointF(x0 + w * 0.18, y0 + h * 0.78),
                QPointF(x0 + w * 0.42, y0 + h * 0.44),
                QPointF(x0 + w * 0.58, y0 + h * 0.64),
                QPointF(x0 + w * 0.68, y0 + h * 0.54),
                QPointF(x0 + w * 0.84, y0 + h * 0.78),
            ]
        )
        path = QPainterPath()
        path.addPolygon(hills)
        p.drawPath(path)
        p.end()
        canvas.setDevicePixelRatio(dpr)
        self._placeholders[key] = canvas
        return canvas


def picture_book(ctx) -> PictureBook:
    """The window's one PictureBook (on the UI context), hooked to the sync hub once
    the main window has made it."""
    book = ctx.pictures
    if book is None:
        book = ctx.pictures = PictureBook(ctx.services.pictures)
    if not book.hooked and ctx.sync is not None:
        ctx.sync.drained.connect(book.on_drained)
        book.hooked = True
    return book


class ProductPicture(QFrame):
    """The large picture of one product (the one scanned last) with its name under it."""

    def __init__(self, book: PictureBook, px: int = LARGE_PX, parent=None):
        super().__init__(parent)
        self.book = book
        self.px = px
        self.reference: str | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(px + 24)
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setFixedSize(px, px)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        font = self.caption.font()
        font.setPointSize(14)
        self.caption.setFont(font)
        layout.addWidget(self.image)
        layout.addWidget(self.caption, 1)

    def show_product(self, reference: str | None, caption: str) -> None:
        self.reference = reference
        self.image.setPixmap(self.book.pixmap(reference, self.px, self.devicePixelRatioF()))
        self.caption.setText(caption)
        self.show()
