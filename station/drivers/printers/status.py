"""A printer's state as the station needs it, whatever the language.

Three questions, answered in this order:

1. Is it there? ``online`` is False when the connection could not be made
   (refused, unreachable, unplugged): *offline*.
2. Did it answer the status query? ``answer`` is ``"ok"``, ``"none"`` (the
   connection opened but nothing came back in time: *not answering*),
   ``"incomplete"`` (part of a reply, then silence: a ZPL ``~HS`` reply is
   three strings) or ``"garbled"`` (bytes that are not a reply).
3. What does it say? One boolean per condition the printer language
   documents; those that stop a label from printing are ``problems``, the
   others ``notes``. Numbers and modes the reply also carries (label length,
   formats waiting, print mode…) are in ``details``.

``problems`` and ``notes`` are codes for the UI to translate (see
``station/ui/status_bar.py``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ANSWERS = ("ok", "none", "incomplete", "garbled")

# Conditions that stop printing, in the order they are reported.
BLOCKING = (
    "paper_out",
    "ribbon_out",
    "head_open",
    "paused",
    "buffer_full",
    "paper_jam",
    "cover_open",
    "over_temperature",
    "under_temperature",
    "corrupt_ram",
    "comm_diagnostic",
    "other_error",
)
# Conditions shown to the operator that do not stop printing.
NOTES = ("printing", "label_waiting", "partial_format")


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer said about itself.

    Flags (ZPL II Programming Guide, ``~HS``; TSC TSPL/TSPL2 Programming
    Manual, ``<ESC>!?``):

    - ``paper_out``, ``paused``, ``buffer_full`` (receive buffer full),
      ``comm_diagnostic`` (communications diagnostic mode: the printer prints
      what it receives as a hex dump instead of labels), ``partial_format``
      (a format is half received), ``corrupt_ram`` (configuration data lost),
      ``under_temperature``, ``over_temperature``: ``~HS`` string 1.
    - ``head_open`` (head up), ``ribbon_out``, ``label_waiting`` (peel-off
      mode: a printed label waits to be taken): ``~HS`` string 2.
    - ``head_open``, ``paper_jam``, ``paper_out``, ``ribbon_out``,
      ``paused``, ``printing``, ``cover_open``, ``other_error``: the TSPL
      status byte, bits 0 to 7.
    """

    online: bool = True
    answer: str = "ok"
    paper_out: bool = False
    ribbon_out: bool = False
    head_open: bool = False
    paused: bool = False
    buffer_full: bool = False
    paper_jam: bool = False
    cover_open: bool = False
    over_temperature: bool = False
    under_temperature: bool = False
    corrupt_ram: bool = False
    comm_diagnostic: bool = False
    other_error: bool = False
    printing: bool = False
    label_waiting: bool = False
    partial_format: bool = False
    details: dict = field(default_factory=dict)
    known: bool = True  # False when the printer cannot report (file, CUPS raw)
    raw: str = ""

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        """Codes of everything that stops printing, for the UI to translate:
        ``offline``, ``not_answering``, ``answer_incomplete``, ``answer_garbled``,
        then the flags of ``BLOCKING`` that are set."""
        if not self.online:
            return ["offline"]
        if self.answer != "ok":
            return [{"none": "not_answering"}.get(self.answer, f"answer_{self.answer}")]
        return [name for name in BLOCKING if getattr(self, name)]

    @property
    def notes(self) -> list[str]:
        """Codes of what is worth showing but does not stop printing (``NOTES``)."""
        if not self.online or self.answer != "ok":
            return []
        return [name for name in NOTES if getattr(self, name)]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ready"] = self.ready
        d["problems"] = self.problems
        d["notes"] = self.notes
        return d


OFFLINE = PrinterStatus(online=False)
NOT_ANSWERING = PrinterStatus(online=True, answer="none")
