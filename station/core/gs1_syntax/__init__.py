"""GS1 element strings checked by the GS1 Barcode Syntax Dictionary, used as data.

:func:`validate` splits and checks a whole element string; :data:`ENGLISH` holds the
command line's words for each refusal code. See ``docs/formats.md`` ("GS1 element
strings") for the shipped dictionary and its licence.
"""

from station.core.gs1_syntax.dictionary import AiEntry, DictionaryError, load, parse_dictionary
from station.core.gs1_syntax.validate import ENGLISH, Element, Gs1Refused, validate

__all__ = [
    "ENGLISH",
    "AiEntry",
    "DictionaryError",
    "Element",
    "Gs1Refused",
    "load",
    "parse_dictionary",
    "validate",
]
