"""A platform's print component on 127.0.0.1: a WebSocket server in the dialect of
Cainiao, PDD or Douyin, for tests and for trying a bench without the real one.

It answers ``getPrinters``, ``getPrinterConfig`` and ``print`` as the
components do (docs/print-components.md): a print is acknowledged, then
notified ``rendered`` and ``printed``, or ``failed`` with the printer's
error. It keeps every request and every print task it received, whole, for
tests to inspect, and refuses a print task that lacks a field the protocol
requires. It can be told to misbehave while it runs:

- ``fail_with = "缺纸"``: every print is notified ``failed`` with that reason;
- ``refuse_with = "…"``: every print request is answered ``status: failed``;
- ``drop = True``: the connection is closed when a print arrives;
- ``silent = True``: a print is kept and never answered;
- ``delay = 2.0``: each answer to a print comes that many seconds late;
- ``gap = 2.0``: that many seconds between a task's notifications (a slow
  printer: accepted, rendered, then printed much later).

The server runs on an asyncio loop in its own thread; nothing of it leaks
into the caller's thread.

    python -m station.drivers.simulators.print_component --language cainiao --port 13528
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import threading
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from station.drivers.uri import COMPONENT_PORTS

RESULT_COMMAND = {
    "cainiao": "notifyPrintResult",
    "pdd": "PrintResultNotify",
    "douyin": "notifyPrintResult",
}
DEFAULT_PRINTERS = ("Deli DL-888T", "GP-1324D", "汉印 N41")


def task_problems(message: dict) -> list[str]:
    """What a ``print`` request lacks that the protocol requires: the request head
    (cmd, requestID, version) and task.taskID, task.documents[] each with a
    documentID and a non-empty contents[] of objects. Empty when it is complete."""
    problems = [f"no {key}" for key in ("cmd", "requestID", "version") if not message.get(key)]
    task = message.get("task")
    if not isinstance(task, dict):
        return [*problems, "no task"]
    if not task.get("taskID"):
        problems.append("no task.taskID")
    documents = task.get("documents")
    if not isinstance(documents, list) or not documents:
        return [*problems, "no task.documents"]
    for n, doc in enumerate(documents):
        if not isinstance(doc, dict) or not doc.get("documentID"):
            problems.append(f"no documents[{n}].documentID")
            continue
        contents = doc.get("contents")
        if not isinstance(contents, list) or not contents:
            problems.append(f"no documents[{n}].contents")
        elif not all(isinstance(c, dict) for c in contents):
            problems.append(f"documents[{n}].contents[] are not objects")
    return problems


class SimulatedPrintComponent:
    def __init__(
        self,
        language: str = "cainiao",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        printers: tuple[str, ...] = DEFAULT_PRINTERS,
        default_printer: str | None = None,
    ):
        if language not in RESULT_COMMAND:
            raise ValueError(f"the simulated component speaks {', '.join(RESULT_COMMAND)}")
        self.language = language
        self.host, self.port = host, port
        self.printers = list(printers)
        self.default_printer = default_printer if default_printer is not None else printers[0]
        self.fail_with: str | None = None
        self.refuse_with: str | None = None
        self.drop = False
        self.silent = False
        self.delay = 0.0
        self.gap = 0.0
        self.requests: list[dict] = []  # every request, in the order it came
        self.tasks: list[dict] = []  # every print request, whole
        self.printed: list[dict] = []  # the documents it reported printed
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Any = None
        self._stopped: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    @property
    def uri(self) -> str:
        return f"{self.language}+ws://{self.host}:{self.port}"

    def printer_uri(self, name: str | None = None) -> str:
        """The station's address of one of its printers (the first by default)."""
        from urllib.parse import quote

        return f"{self.uri}?printer={quote(name if name is not None else self.printers[0])}"

    # --- running ---

    def start(self) -> SimulatedPrintComponent:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            try:
                asyncio.run(self._main(ready))
            except BaseException as exc:  # reported to start() below
                failure.append(exc)
                ready.set()

        self._thread = threading.Thread(target=run, name=f"sim component {self.port}", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    async def _main(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        async with serve(self._serve, self.host, self.port, compression=None) as server:
            self._server = server
            self.port = next(iter(server.sockets)).getsockname()[1]
            ready.set()
            await self._stopped.wait()

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> SimulatedPrintComponent:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_for_tasks(self, n: int, timeout: float = 5.0) -> list[dict]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.tasks) >= n, timeout)
            return list(self.tasks)

    # --- the protocol ---

    async def _serve(self, ws: ServerConnection) -> None:
        try:
            async for raw in ws:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                with self._cond:
                    self.requests.append(message)
                    if message.get("cmd") == "print":
                        self.tasks.append(message)
                    self._cond.notify_all()
                if not await self._answer(ws, message):
                    return
        except ConnectionClosed:
            return

    async def _send(self, ws: ServerConnection, message: dict) -> None:
        await ws.send(json.dumps(message, ensure_ascii=False))

    async def _answer(self, ws: ServerConnection, message: dict) -> bool:
        """Answer one request; False when the connection is to end."""
        cmd, request_id = message.get("cmd"), message.get("requestID")
        head = {"cmd": cmd, "requestID": request_id}
        if cmd == "getPrinters":
            await self._send(
                ws,
                {
                    **head,
                    "status": "success",
                    "msg": "",
                    "defaultPrinter": self.default_printer,
                    "printers": [{"name": n, "status": "enable"} for n in self.printers],
                },
            )
        elif cmd == "getPrinterConfig":
            name = message.get("printer") or self.default_printer
            if name not in self.printers:
                await self._send(ws, {**head, "status": "failed", "msg": f"打印机不存在: {name}"})
            else:
                config = {
                    "name": name,
                    "needTopLogo": False,
                    "needBottomLogo": False,
                    "horizontalOffset": 0,
                    "verticalOffset": 0,
                    "forceNoPageMargins": True,
                    "paperSize": {"width": 100, "height": 180},
                }
                await self._send(ws, {**head, "status": "success", "msg": "", "printer": config})
        elif cmd == "print":
            return await self._print(ws, message, head)
        else:
            await self._send(ws, {**head, "status": "failed", "msg": f"unknown cmd {cmd!r}"})
        return True

    async def _print(self, ws: ServerConnection, message: dict, head: dict) -> bool:
        if self.drop:
            await ws.close()
            return False
        if self.silent:
            return True
        if self.delay:
            await asyncio.sleep(self.delay)
        task = message.get("task") if isinstance(message.get("task"), dict) else {}
        task_id = task.get("taskID", "")
        problems = task_problems(message)
        printer = task.get("printer") or self.default_printer
        if not problems and printer not in self.printers:
            problems = [f"打印机不存在: {printer}"]
        if problems or self.refuse_with:
            reason = self.refuse_with or "; ".join(problems)
            await self._send(ws, {**head, "taskID": task_id, "status": "failed", "msg": reason})
            return True
        await self._send(ws, {**head, "taskID": task_id, "status": "success", "msg": ""})
        documents = task["documents"]
        notify = {
            "cmd": RESULT_COMMAND[self.language],
            "requestID": head["requestID"],
            "taskID": task_id,
            "printer": printer,
        }
        if self.language != "pdd":  # PDD's component reports only the end of a task
            await asyncio.sleep(self.gap)
            await self._send(ws, {**notify, "taskStatus": "rendered", "printStatus": []})
        await asyncio.sleep(self.gap)
        if self.fail_with:
            status = [
                {"documentID": d["documentID"], "status": "failed", "msg": self.fail_with}
                for d in documents
            ]
            await self._send(ws, {**notify, "taskStatus": "failed", "printStatus": status})
            return True
        with self._cond:
            self.printed.extend(documents)
            self._cond.notify_all()
        status = [
            {"documentID": d["documentID"], "status": "success", "msg": ""} for d in documents
        ]
        await self._send(ws, {**notify, "taskStatus": "printed", "printStatus": status})
        return True


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--language", choices=tuple(RESULT_COMMAND), default="cainiao")
    p.add_argument("--port", type=int, default=None, help="the platform's own port by default")
    p.add_argument("--fail-with", default=None, help="notify every print failed with this reason")
    args = p.parse_args()
    port = args.port if args.port is not None else COMPONENT_PORTS[args.language]
    sim = SimulatedPrintComponent(args.language, port=port)
    sim.fail_with = args.fail_with
    sim.start()
    print(f"simulated print component at {sim.uri}; printers: {', '.join(sim.printers)}")
    print(f"address for the station: {sim.printer_uri()}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        sim.stop()


if __name__ == "__main__":
    main()
