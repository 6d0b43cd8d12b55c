"""The platforms' print components as printers: Cainiao, Pinduoduo (PDD) and Douyin.

A print component is a program on the packing PC that listens on a local
WebSocket (Cainiao ``ws://127.0.0.1:13528``, PDD ``ws://127.0.0.1:5000``,
Douyin ``ws://127.0.0.1:13888``), renders the platform's signed (often
encrypted) print data with the platform's template and prints it to a
printer of the operating system, by name, through that printer's driver.
The station cannot read or draw such a waybill; it hands the data over and
follows the component's notifications. The messages are described, with
their sources, in docs/print-components.md.

A job for a component printer is one *document*, UTF-8 JSON::

    {"documentID": "<waybill number>",
     "contents": [<print data exactly as the e-waybill service returned it>,
                  {"data": {<the station's custom area>}, "templateURL": "<custom template>"}]}

(``component_document`` makes it). ``ComponentPrinter.print_job`` wraps it in
the ``print`` request and returns when the component reports it printed;
it raises DevicePrintFailed when the component reports a failure,
DeviceOffline when the component is not running or drops the connection,
DeviceTimeout when no news of the task came for ``timeout`` seconds.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from station.drivers.errors import DeviceError, DeviceOffline, DevicePrintFailed, DeviceTimeout
from station.drivers.printers.printer import Printer
from station.drivers.printers.status import OFFLINE, PrinterStatus
from station.drivers.transports import Transport
from station.drivers.transports.base import Deadline
from station.drivers.uri import COMPONENT_PORTS, DeviceUri, parse_uri

PROTOCOL_VERSION = "1.0"


@dataclass(frozen=True)
class Dialect:
    """What differs between the components.

    ``template_key``: the name of the template address in a content (Cainiao
    ``templateURL``; PDD's own demo data names the custom area's template
    ``templateUrl``). ``result_commands``: the commands that carry a task's
    print result (PDD's component sends ``PrintResultNotify``, the others
    ``notifyPrintResult``; both are accepted from every component)."""

    language: str
    title: str
    port: int
    template_key: str
    result_commands: tuple[str, ...] = ("notifyPrintResult", "PrintResultNotify")


DIALECTS = {
    "cainiao": Dialect("cainiao", "Cainiao 菜鸟", COMPONENT_PORTS["cainiao"], "templateURL"),
    "pdd": Dialect("pdd", "PDD 拼多多", COMPONENT_PORTS["pdd"], "templateUrl"),
    "douyin": Dialect("douyin", "Douyin 抖店", COMPONENT_PORTS["douyin"], "templateURL"),
}


def is_component_address(text: str) -> bool:
    """Whether ``text`` is a valid address of a platform's print component."""
    try:
        return parse_uri("printer", text).language in COMPONENT_PORTS
    except ValueError:
        return False


def address_with_printer(text: str, name: str) -> str:
    """The print component address ``text`` with its ``printer=`` option set to
    ``name`` (other options kept). Raises DeviceUriError for an
    address that is not valid."""
    parse_uri("printer", text)
    parts = urlsplit(text.strip())
    options = [(k, v) for k, v in parse_qsl(parts.query) if k != "printer"]
    query = urlencode([*options, ("printer", name)], quote_via=_quote)
    return urlunsplit(parts._replace(query=query))


def _quote(value: str, *_: Any) -> str:
    """Percent-encode only what would end or change the option (space, %, &, +, #, =):
    a printer's name stays readable, in Chinese too, in the settings."""
    return "".join(quote(c, safe="") if c in " %&+#=?" else c for c in value)


def new_id() -> str:
    """A request or task id: unique per message, as the protocol asks (a UUID's hex)."""
    return uuid.uuid4().hex


def request(cmd: str, **fields: Any) -> dict:
    """The request head every component expects: ``cmd``, ``requestID``, ``version``."""
    return {"cmd": cmd, "requestID": new_id(), "version": PROTOCOL_VERSION, **fields}


def component_document(
    language: str,
    document_id: str,
    print_data: dict | str,
    custom_data: dict | None = None,
    custom_template_url: str = "",
) -> bytes:
    """The job for a component printer (UTF-8 JSON of one document).

    ``print_data``: the standard area, exactly as the platform's e-waybill service
    returned it (a dict, or its JSON text); it goes in as the first content
    unchanged. ``custom_data``: the station's own area (items, quantities, remark,
    order barcode), the second content, sent only with a ``custom_template_url``
    (the component cannot draw data without a template). Raises ValueError for an
    unknown language or print data that is not a JSON object."""
    dialect = DIALECTS[language]
    if isinstance(print_data, str):
        print_data = json.loads(print_data)
    if not isinstance(print_data, dict):
        raise ValueError("the print data of an e-waybill is a JSON object")
    contents: list[dict] = [print_data]
    if custom_data is not None and custom_template_url:
        contents.append({"data": custom_data, dialect.template_key: custom_template_url})
    document = {"documentID": document_id, "contents": contents}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _failed(message: dict) -> bool:
    return str(message.get("status", "success")).lower() not in ("success", "")


def _reason(message: dict) -> str:
    """The component's words for a failure: its msg, and each document's msg."""
    parts = [str(message["msg"])] if message.get("msg") else []
    for doc in message.get("printStatus") or []:
        if isinstance(doc, dict) and _failed(doc):
            why = doc.get("msg") or doc.get("detail") or ""
            parts.append(f"{doc.get('documentID', '')}: {why}")
    if message.get("errorCode") not in (None, 0, "0", ""):
        parts.append(f"error {message['errorCode']}")
    return "; ".join(p for p in parts if p.strip()) or "no reason given"


class ComponentPrinter(Printer):
    """A printer behind a platform's print component (``cainiao+ws://…?printer=NAME``).

    ``timeout``: the no-progress limit of a job, in seconds, as for every printer:
    the wait for the component's answer starts again at each message about the
    task (accepted, rendered), so a job fails only after that long without news."""

    def __init__(self, uri: DeviceUri, transport: Transport, *, timeout: float = 10.0):
        super().__init__(uri, transport, timeout=timeout)
        self.dialect = DIALECTS[uri.language]
        self.printer_name = uri.params.get("printer", "")  # "" = the component's default

    def can_print(self, language: str) -> bool:
        """Only the platform's own data: a ZPL label means nothing to a component."""
        return language == self.language

    # --- one exchange ---

    def _ask(self, message: dict, timeout: float) -> dict:
        """Send one request on the open transport and return the answer with its
        requestID. Raises DeviceTimeout when none came in ``timeout`` seconds."""
        self.transport.write(json.dumps(message, ensure_ascii=False).encode("utf-8"), timeout)
        deadline = Deadline(timeout)
        while not deadline.expired():
            answer = _decode(self.transport.read(timeout=deadline.left()))
            if answer is not None and answer.get("requestID") == message["requestID"]:
                return answer
        raise DeviceTimeout(
            f"{self.name}: no answer to {message['cmd']} from the print component in {timeout:g} s"
        )

    # --- printing ---

    def print_job(self, data: bytes) -> None:
        """Print one document (see ``component_document``) and wait for its result.

        Raises DevicePrintFailed (the component said it failed), DeviceOffline
        (component not running, connection dropped), DeviceTimeout (no news of the
        task for ``timeout`` seconds), DeviceError (a job that is not a document)."""
        try:
            document = json.loads(bytes(data).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DeviceError(f"{self.name}: the job is not a print component document") from exc
        if not isinstance(document, dict) or not isinstance(document.get("contents"), list):
            raise DeviceError(f"{self.name}: the job is not a print component document")
        task_id = new_id()
        message = request(
            "print",
            task={
                "taskID": task_id,
                "preview": False,
                "printer": self.printer_name,
                "documents": [document],
            },
        )
        with self._lock:
            try:
                self.transport.open()
                self.transport.write(json.dumps(message, ensure_ascii=False).encode("utf-8"))
                self._follow(message["requestID"], task_id)
            finally:
                self.transport.close()

    def _follow(self, request_id: str, task_id: str) -> None:
        """Read the component's messages until the task printed or failed."""
        deadline = Deadline(self.timeout)
        while True:
            left = deadline.left()
            if left <= 0:
                raise DeviceTimeout(
                    f"{self.name}: no print result for task {task_id} "
                    f"in {self.timeout:g} s from the print component"
                )
            message = _decode(self.transport.read(timeout=left))
            if message is None:
                continue
            cmd = message.get("cmd")
            if cmd == "print" and message.get("requestID") == request_id:
                if _failed(message):
                    raise DevicePrintFailed(f"{self.name}: print refused: {_reason(message)}")
                deadline.restart()  # accepted: the task is on its way
            elif cmd in self.dialect.result_commands and message.get("taskID") == task_id:
                state = str(message.get("taskStatus", "")).lower()
                if state == "failed" or (state == "printed" and _failed_documents(message)):
                    raise DevicePrintFailed(f"{self.name}: not printed: {_reason(message)}")
                if state == "printed":
                    return
                deadline.restart()  # rendered: the printer has it now
            elif cmd == "notifyTaskResult" and message.get("taskID") == task_id:
                # the Cainiao component on macOS ends a task with this
                state = str(message.get("status", "")).lower()
                if state == "completesuccess":
                    return
                if "fail" in state:
                    raise DevicePrintFailed(f"{self.name}: not printed: {_reason(message)}")
                deadline.restart()

    # --- asking the component ---

    def list_printers(self, timeout: float = 3.0) -> tuple[list[str], str]:
        """The printers the component can print to, and its default one (``getPrinters``).
        Raises DeviceOffline / DeviceTimeout, DeviceError when the component refuses."""
        with self._lock:
            try:
                self.transport.open()
                answer = self._ask(request("getPrinters"), timeout)
            finally:
                self.transport.close()
        if _failed(answer):
            raise DeviceError(f"{self.name}: getPrinters refused: {_reason(answer)}")
        names = [
            str(p.get("name", "")) if isinstance(p, dict) else str(p)
            for p in answer.get("printers") or []
        ]
        return [n for n in names if n], str(answer.get("defaultPrinter") or "")

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        """OFFLINE when the component is not running or does not know the printer;
        else online, with what ``getPrinterConfig`` said in ``raw`` (a component
        reports no paper or head state: ``known`` is False)."""
        with self._lock:
            try:
                self.transport.open()
                listed = self._ask(request("getPrinters"), timeout)
                name = self.printer_name or str(listed.get("defaultPrinter") or "")
                config = self._ask(request("getPrinterConfig", printer=name), timeout)
            except (DeviceOffline, DeviceTimeout):
                return OFFLINE
            finally:
                self.transport.close()
        printers = {
            str(p.get("name")): p for p in listed.get("printers") or [] if isinstance(p, dict)
        }
        if not name or name not in printers:
            return PrinterStatus(online=False, raw=f"printer {name!r} not found by the component")
        paused = str(printers[name].get("status", "enable")).lower() not in ("enable", "enabled")
        if _failed(config):
            return PrinterStatus(online=True, known=False, paused=paused, raw=_reason(config))
        raw = json.dumps(config.get("printer", {}), ensure_ascii=False)
        return PrinterStatus(online=True, known=False, paused=paused, raw=raw)

    def test_label(self) -> bytes:
        raise DeviceError(
            f"{self.name}: a print component prints only the platform's e-waybills; "
            "print a waybill to test it"
        )


def _failed_documents(message: dict) -> bool:
    return any(isinstance(d, dict) and _failed(d) for d in message.get("printStatus") or [])


def _decode(raw: bytes) -> dict | None:
    """A message from the component, or None for no message or one that is not a
    JSON object (it is skipped, like noise on a line)."""
    if not raw:
        return None
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return message if isinstance(message, dict) else None
