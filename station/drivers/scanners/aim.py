"""AIM symbology identifiers (``]C1``, ``]E0``, ``]d2``, ``]Q3``…), read by biip."""

from __future__ import annotations

from biip import ParseError
from biip.symbology import SymbologyIdentifier


def split_symbology(data: str) -> tuple[str, str]:
    """(symbology name, data without the identifier); ('', data) when there is none.

    The name is the GS1 one when the identifier says GS1 (``GS1_128``,
    ``GS1_DATAMATRIX``, ``EAN_13``…), else the ISO family (``CODE_128``, ``QR_CODE``).
    """
    if not data.startswith("]") or len(data) < 3:
        return "", data
    try:
        ident = SymbologyIdentifier.extract(data)
    except (ParseError, ValueError):
        return "", data
    name = ident.gs1_symbology.name if ident.gs1_symbology else ident.iso_symbology.name
    return name, data[len(ident.value) :]
