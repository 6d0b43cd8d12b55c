"""The scanner set-up check: scan one test code, learn what arrives garbled and why.

The test code holds every class of character the station needs: upper and
lower case letters, digits, ``-``, ``/``, ``"``, ``@`` and the GS1 group
separator. Comparing what arrived with what was printed finds the usual
faults of wedge scanners: a keyboard layout that differs between scanner
and PC, caps lock, a prefix or suffix, a separator that is dropped or sent
as a stand-in, dropped keystrokes on a slow PC, and no Enter at the end.
Each finding is a code with parameters; the UI says it in the user's
language with what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

GS = "\x1d"
# below this share of characters in common (difflib's ratio, case aside) the scan
# was some other barcode, not the test code garbled
NOT_THE_CODE_BELOW = 0.5
TEST_CODE = 'St4-/"@' + GS + "Qz9y"

# What a scanner set to a US layout produces on PCs with other layouts, for
# the characters of TEST_CODE (only the ones that differ).
LAYOUTS = {
    "uk": {'"': "@", "@": '"'},
    "de": {"z": "y", "y": "z", "Z": "Y", "Y": "Z", "-": "ß", "/": "-", '"': "Ä", "@": '"'},
    "fr": {
        "4": "'",
        "9": "ç",
        "Q": "A",
        "q": "a",
        "z": "w",
        "Z": "W",
        "-": ")",
        "/": "!",
        '"': "%",
        "@": "2",
    },
}


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)


def _strip_affixes(expected: str, received: str) -> tuple[str, str, str]:
    """(prefix, core, suffix) when ``received`` contains something like ``expected`` inside."""
    for cut in range(len(received)):
        rest = received[cut:]
        for n in range(len(rest), 0, -1):
            core = rest[:n]
            if _close(expected, core):
                return received[:cut], core, rest[n:]
    return "", received, ""


def _close(expected: str, core: str) -> bool:
    """Same length give or take the separator, and starts and ends alike."""
    if not core:
        return False
    bare_e = expected.replace(GS, "")
    return (
        core[:1].lower() == expected[:1].lower()
        and core[-1:].lower()
        in (
            expected[-1:].lower(),
            _layout_char(expected[-1:]),
        )
        and len(bare_e) <= len(core) <= len(expected) + 3
    )


def _layout_char(ch: str) -> str:
    for table in LAYOUTS.values():
        if ch in table:
            return table[ch].lower()
    return ch


def diagnose(received: str, *, expected: str = TEST_CODE, terminated: bool = True) -> list[Finding]:
    """What went wrong between the printed test code and what the station received."""
    if received == expected:
        return [Finding("scanner_ok")] if terminated else [Finding("no_terminator")]
    findings: list[Finding] = []
    if not terminated:
        findings.append(Finding("no_terminator"))
    prefix, core, suffix = _strip_affixes(expected, received)
    if prefix:
        findings.append(Finding("prefix", {"text": prefix}))
    if suffix:
        findings.append(Finding("suffix", {"text": suffix}))

    # The separator: dropped, or typed as a stand-in.
    head, _, tail = expected.partition(GS)
    if GS not in core:
        start = _match_len(head, core)
        end = _match_len(tail[::-1], core[::-1])
        middle = core[start : len(core) - end] if end else core[start:]
        if (
            start >= len(head) - 1
            and end >= len(tail) - 1
            and len(core) == start + len(middle) + end
        ):
            if middle == "":
                findings.append(Finding("gs_dropped"))
                core = core[:start] + GS + core[start:]
            elif len(middle) <= 3:
                findings.append(Finding("gs_standin", {"text": middle}))
                core = core[:start] + GS + core[start + len(middle) :]
    if core == expected:
        return findings or [Finding("scanner_ok")]

    if core.swapcase() == expected:
        return [*findings, Finding("caps_lock")]
    for name, table in LAYOUTS.items():
        mapped = "".join(table.get(c, c) for c in expected)
        if core == mapped or core == mapped.replace(GS, ""):
            wrong = sorted({c for c in expected if table.get(c, c) != c})
            return [
                *findings,
                Finding("keyboard_layout", {"layout": name, "chars": "".join(wrong)}),
            ]
    if len(core) < len(expected) and _is_subsequence(core, expected):
        lost = len(expected) - len(core)
        return [*findings, Finding("dropped_keys", {"count": lost})]
    if SequenceMatcher(None, expected.lower(), core.lower()).ratio() < NOT_THE_CODE_BELOW:
        # too little in common to be this code garbled: another barcode was scanned
        return [Finding("not_test_code", {"received": received})]
    wrong = [f"{e!r}→{r!r}" for e, r in zip(expected, core, strict=False) if e != r]
    return [
        *findings,
        Finding("garbled", {"received": received, "differences": ", ".join(wrong[:6])}),
    ]


def _match_len(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)
