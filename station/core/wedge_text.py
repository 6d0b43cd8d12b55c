"""What a keyboard-wedge scanner typed, turned back into what the barcode holds.

Wedge scanners are often set to add a prefix or suffix, cannot type the GS1
group separator (ASCII 29) and so send a stand-in such as ``^]`` or ``|``,
and may start with an AIM symbology identifier.
"""

from __future__ import annotations

from dataclasses import dataclass

GS = "\x1d"


@dataclass(frozen=True)
class WedgeFormat:
    prefix: str = ""
    suffix: str = ""
    gs_standin: str = ""

    def clean(self, typed: str) -> str:
        text = typed
        if self.prefix and text.startswith(self.prefix):
            text = text[len(self.prefix) :]
        if self.suffix and text.endswith(self.suffix):
            text = text[: -len(self.suffix)]
        if self.gs_standin:
            text = text.replace(self.gs_standin, GS)
        return text
