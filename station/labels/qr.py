"""QR codes on labels: the symbol's modules (for the PDF, which draws them) and
the module size in whole printer dots (for ZPL ``^BQ`` and TSPL ``QRCODE``,
whose printers encode the data themselves).

Error correction M (15 %), the level the platforms' standard waybill templates
print (Cainiao and PDD print data carry the waybill number as ``qrCode``; SF's
templates a routing string, ASCII). The data goes in one mode chosen for the
whole value (numeric, alphanumeric or byte), as ZPL's ``A`` (automatic) and
TSPL's ``A`` mode do; a printer that mixes modes makes a symbol no larger.
"""

from __future__ import annotations

import math

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

from station.labels.layout import LabelFieldError

# The narrowest QR module a bench scanner or a courier's phone reads off a
# thermal label: 0.25 mm, the same floor as the barcodes'
# (``station.labels.resolution.MIN_MODULE_MM``): 2 dots at 203 dpi.
MIN_MODULE_MM = 0.25
# ZPL ``^BQ`` takes a magnification of 1 to 10 (ZPL II Programming Guide, ^BQ),
# TSPL ``QRCODE`` a cell width of 1 to 10 (TSPL/TSPL2 Programming Manual).
MAX_MODULE_DOTS = 10
QUIET_MODULES = 4  # each side (ISO/IEC 18004): the template keeps that space clear


def qr_matrix(value: str) -> list[list[bool]]:
    """The dark modules of ``value``'s QR symbol at error correction M, rows top
    to bottom (quiet zone excluded). ``LabelFieldError`` when no QR version
    holds the value."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    try:
        code.addData(value)
        code.make()
    except Exception as exc:  # reportlab's "code length overflow" is a bare Exception
        raise LabelFieldError(f"QR code: {value[:40]!r} cannot be encoded ({exc})") from None
    n = code.getModuleCount()
    return [[bool(code.isDark(r, c)) for c in range(n)] for r in range(n)]


def qr_modules(value: str) -> int:
    """How many modules wide ``value``'s QR symbol is at error correction M
    (``qr_matrix``'s size), from its version alone: what ZPL and TSPL need, the
    printer drawing the symbol itself. ``LabelFieldError`` when no version holds
    the value."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    try:
        code.addData(value)
        version = code.calculate_version()
    except (ValueError, TypeError, IndexError) as exc:
        raise LabelFieldError(f"QR code: {value[:40]!r} cannot be encoded ({exc})") from None
    if version >= 40 or (version == 39 and not _fits(code, 39)):
        raise LabelFieldError(f"QR code: {value[:40]!r} is too long for a QR code")
    return version * 4 + 17


def _fits(code: QRCode, version: int) -> bool:
    from reportlab.graphics.barcode.qrencoder import QRRSBlock

    blocks = QRRSBlock.getRSBlocks(version, code.errorCorrectLevel)
    capacity = sum(b.dataCount for b in blocks) * 8
    need = sum(4 + d.getLengthBits(version) + d.bitlength for d in code.dataList)
    return need <= capacity


def qr_module(modules: int, box_dots: int, dpi: int, name: str = "qr") -> int:
    """The module size in whole dots for a symbol ``modules`` wide in a square box
    ``box_dots`` wide on a ``dpi`` head: the largest that fits (at most
    ``MAX_MODULE_DOTS``). ``LabelFieldError`` naming the element when even the
    narrowest readable module (``MIN_MODULE_MM``) does not fit."""
    dpmm = dpi / 25.4
    smallest = math.ceil(round(MIN_MODULE_MM * dpmm, 6))
    module = min(MAX_MODULE_DOTS, box_dots // modules)
    if module < smallest:
        raise LabelFieldError(
            f"QR code {name}: {modules} modules need {modules * smallest / dpmm:.1f} mm "
            f"at {dpi} dpi; the box is {box_dots / dpmm:.1f} mm"
        )
    return module
