"""A network label printer on 127.0.0.1 that stores jobs and answers status queries.

It speaks raw TCP like a JetDirect port: every connection's bytes, minus
status queries (``~HS`` for ZPL, ``<ESC>!?`` for TSPL), are one job. The
state it reports can be set while it runs (every flag of ``PrinterStatus``:
paper out, head open, over temperature…), and so can how it answers:
``answer="full"`` (the whole reply), ``"silent"`` (reads the query, says
nothing), ``"partial"`` (the first ``partial_strings`` of the three ``~HS``
strings, then nothing) or ``"raw"`` (``raw_reply``'s bytes, whatever they
are). ``never_read`` makes it accept connections without reading, like a
printer whose buffer is full, to prove the station does not hang on it.

    python -m station.drivers.simulators.label_printer --port 9100 --language zpl --dir /tmp/jobs
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import itertools
import socket
import threading
from pathlib import Path

from station.drivers.printers import tspl, zpl
from station.drivers.printers.status import BLOCKING, NOTES, PrinterStatus

ANSWERS = ("full", "silent", "partial", "raw")


class SimulatedLabelPrinter:
    def __init__(
        self,
        *,
        language: str = "zpl",
        host: str = "127.0.0.1",
        port: int = 0,
        status: PrinterStatus | None = None,
        never_read: bool = False,
        save_dir: Path | None = None,
        answer: str = "full",
        partial_strings: int = 1,
        raw_reply: bytes = b"",
    ):
        if language not in ("zpl", "tspl"):
            raise ValueError("the simulated printer speaks zpl or tspl")
        self.language = language
        self.status = status or PrinterStatus()
        self.never_read = never_read
        if answer not in ANSWERS:
            raise ValueError(f"answer is one of {', '.join(ANSWERS)}")
        self.answer = answer
        self.partial_strings = partial_strings
        self.raw_reply = raw_reply
        self.save_dir = save_dir
        self.jobs: list[bytes] = []  # in the order their connections came, like a real port
        self._job_seqs: list[int] = []
        self._connections = itertools.count()
        self.status_queries = 0
        self._cond = threading.Condition()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if never_read:  # small buffers so a sender fills them quickly
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._sock.bind((host, port))
        self._sock.listen(8)
        self._sock.settimeout(0.1)  # so stop() is noticed without waiting on accept()
        self.host, self.port = self._sock.getsockname()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._held: list[socket.socket] = []

    @property
    def uri(self) -> str:
        return f"{self.language}+tcp://{self.host}:{self.port}"

    def start(self) -> SimulatedLabelPrinter:
        t = threading.Thread(target=self._accept, name=f"sim printer {self.port}", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._sock.close()
        for c in self._held:
            with contextlib.suppress(OSError):
                c.close()
        for t in self._threads:
            t.join(2)

    def __enter__(self) -> SimulatedLabelPrinter:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_for_jobs(self, n: int, timeout: float = 5.0) -> list[bytes]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.jobs) >= n, timeout)
            return list(self.jobs)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            if self.never_read:
                self._held.append(conn)
                continue
            seq = next(self._connections)
            t = threading.Thread(target=self._serve, args=(conn, seq), daemon=True)
            t.start()
            self._threads.append(t)

    def _reply(self) -> bytes:
        if self.answer == "silent":
            return b""
        if self.answer == "raw":
            return self.raw_reply
        if self.language == "zpl":
            strings = self.partial_strings if self.answer == "partial" else 3
            return zpl.format_host_status(self.status, strings=strings)
        return b"" if self.answer == "partial" else tspl.format_status_byte(self.status)

    def _serve(self, conn: socket.socket, seq: int = 0) -> None:
        query = zpl.STATUS_QUERY if self.language == "zpl" else tspl.STATUS_QUERY
        job = bytearray()
        with conn:
            conn.settimeout(0.2)
            while not self._stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                job += data
                while query in job:
                    job = job.replace(query, b"", 1)
                    self.status_queries += 1
                    try:
                        if reply := self._reply():
                            conn.sendall(reply)
                    except OSError:
                        break
        body = bytes(job).strip(b"\r\n")
        if body:
            with self._cond:
                # each connection is served by its own thread, and a later one may end
                # first: the job takes its place by the order the connections came
                at = bisect.bisect(self._job_seqs, seq)
                self._job_seqs.insert(at, seq)
                self.jobs.insert(at, bytes(job))
                if self.save_dir is not None:
                    self.save_dir.mkdir(parents=True, exist_ok=True)
                    (self.save_dir / f"job-{len(self.jobs):05d}.{self.language}").write_bytes(job)
                self._cond.notify_all()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=9100)
    p.add_argument("--language", choices=("zpl", "tspl"), default="zpl")
    p.add_argument("--dir", type=Path, default=None, help="save each job here")
    p.add_argument("--answer", choices=ANSWERS[:3], default="full", help="how it answers a query")
    p.add_argument(
        "--flag",
        action="append",
        default=[],
        choices=BLOCKING + NOTES,
        help="a condition it reports (repeat for several)",
    )
    args = p.parse_args()
    sim = SimulatedLabelPrinter(
        language=args.language,
        port=args.port,
        save_dir=args.dir,
        answer=args.answer,
        status=PrinterStatus(**{f: True for f in args.flag}),
    ).start()
    print(f"simulated printer at {sim.uri}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        sim.stop()


if __name__ == "__main__":
    main()
