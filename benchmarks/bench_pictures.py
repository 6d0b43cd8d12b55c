"""Product pictures: fetching them into the cache, and showing them on the lines.

- 200 photo-sized JPEGs (1600x1200) fetched from the reference head office
  (its own process, ``--media``) on the sync side: checked, scaled to 384 px and
  kept, pictures per second; baseline: the same files only downloaded, by the
  same HTTP client. The cache's bytes per picture, against the originals'.
- While the fetch runs on its thread, a 10 ms timer on the Qt event loop: the
  longest gap between ticks. Goal: no stall over 50 ms.
- A line's 112 px picture on the GUI thread: the first time (read, decoded,
  scaled) and every time after (kept), p50.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.bench_sync import _port, _wait
from benchmarks.common import Figure, percentile

BENCH, TOKEN = "bench-pics", "pics-token"


def _photo(n: int) -> bytes:
    """A photo-like JPEG: a gradient with grain (compresses as a camera's picture does)."""
    from PIL import Image, ImageDraw

    im = Image.merge(
        "RGB",
        [
            Image.effect_noise((1600, 1200), 18 + n % 7).point(lambda v, k=k: (v + k * 40) % 256)
            for k in range(3)
        ],
    )
    draw = ImageDraw.Draw(im)
    draw.ellipse((300 + n % 200, 200, 1200, 1000), fill=(40 + n % 200, 120, 200))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def run(quick: bool = False) -> list[Figure]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station.services.pictures import PictureCache
    from station.sync.client import HeadOfficeClient
    from station.sync.pictures import PictureFetcher
    from station.ui.pictures import PICTURE_PX, PictureBook

    n = 40 if quick else 200
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        media = root / "media"
        media.mkdir()
        refs = {}
        source_bytes = 0
        photos = [_photo(i) for i in range(10)]  # ten different, each under many names
        for i in range(n):
            data = photos[i % 10]
            source_bytes += len(data)
            (media / f"p{i:04d}.jpg").write_bytes(data)
            refs[f"SKU-{i:04d}"] = f"p{i:04d}.jpg"
        port = _port()
        ho = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "station",
                "head-office",
                "--port",
                str(port),
                "--db",
                f"sqlite:///{root / 'ho.sqlite3'}",
                "--bench",
                f"{BENCH}:{TOKEN}",
                "--media",
                str(media),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(f"{url}/v1/health")
            client = HeadOfficeClient(url, TOKEN)

            # baseline: the same files, only downloaded
            t0 = time.perf_counter()
            for ref in refs.values():
                client.http.get(f"/v1/media/{ref}").raise_for_status()
            bare_rate = n / (time.perf_counter() - t0)

            # the station: the fetcher on its own thread, a 10 ms timer on the event loop
            cache = PictureCache(root / "pictures")
            fetcher = PictureFetcher(cache, client.http, per_round=n)
            gaps: list[float] = []
            last = [time.perf_counter()]

            def tick() -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now

            timer = QTimer()
            timer.timeout.connect(tick)
            timer.start(10)
            result = []
            worker = threading.Thread(target=lambda: result.append(fetcher.fetch(refs)))
            t0 = time.perf_counter()
            worker.start()
            while worker.is_alive():
                app.processEvents()
                time.sleep(0.001)
            elapsed = time.perf_counter() - t0
            timer.stop()
            fetcher.close()
            client.close()
            fetched = len(result[0].fetched)
            kept_bytes = cache.size_bytes()

            # on the GUI thread: each picture the first time, then again
            book = PictureBook(cache, limit=2 * n)
            cold, warm = [], []
            for ref in refs.values():
                t = time.perf_counter()
                book.pixmap(ref, PICTURE_PX)
                cold.append(time.perf_counter() - t)
            for _ in range(5):
                for ref in refs.values():
                    t = time.perf_counter()
                    book.pixmap(ref, PICTURE_PX)
                    warm.append(time.perf_counter() - t)
        finally:
            ho.terminate()
            ho.wait(10)
    return [
        Figure(
            f"{n} pictures fetched, checked, scaled, kept",
            fetched / elapsed,
            "pictures/s",
            bare_rate,
            "the same files only downloaded",
        ),
        Figure("pictures kept", fetched, "pictures", goal=f"{n}"),
        Figure(
            "bytes kept per picture",
            kept_bytes / max(1, fetched) / 1024,
            "KiB",
            source_bytes / n / 1024,
            "the original's",
        ),
        Figure(
            "longest GUI event-loop gap during the fetch", max(gaps) * 1000, "ms", goal="< 50 ms"
        ),
        Figure(
            "a line's picture, first time / p50",
            percentile(cold, 50) * 1000,
            "ms",
        ),
        Figure(
            "a line's picture, every time after / p50",
            percentile(warm, 50) * 1000,
            "ms",
            percentile(cold, 50) * 1000,
            "the first time",
        ),
    ]
