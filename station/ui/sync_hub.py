"""Head-office sync in the running station: the upload loop on its own thread.

The bench never waits for the network: scans go to the outbox; this loop
drains it in the background and reports each attempt by a queued signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from station.cli_sync import read_token
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader
from station.sync.pictures import PictureFetcher
from station.sync.uploader import DrainResult, Uploader, UploadLoop

log = logging.getLogger(__name__)


class SyncHub(QObject):
    drained = Signal(object)  # DrainResult, from the uploader thread
    progress = Signal(int, int)

    def __init__(self, services, parent: QObject | None = None, *, interval: float = 30.0):
        super().__init__(parent)
        self.services = services
        self.interval = interval
        self.loop: UploadLoop | None = None
        self.client: HeadOfficeClient | None = None
        self.pictures: PictureFetcher | None = None
        self.last: DrainResult | None = None
        self.last_success = None

    @property
    def configured(self) -> bool:
        return bool(self.services.settings.head_office.url and read_token(self.services.data_dir))

    def start(self) -> None:
        if not self.configured:
            return
        s = self.services.settings.head_office
        self.client = HeadOfficeClient(
            s.url, read_token(self.services.data_dir), verify=s.verify_tls
        )
        uploader = Uploader(self.services.store.db, self.services.bench_id, self.client)
        if self.services.pictures is not None:  # fetched on the uploader's thread
            self.pictures = PictureFetcher(self.services.pictures, self.client.http)
        downloader = Downloader(
            self.services.store.db, self.services.bench_id, self.client, self.pictures
        )
        self.loop = UploadLoop(
            uploader,
            self.interval,
            self._done,
            self.progress.emit,
            downloader=downloader,
            token_source=lambda: read_token(self.services.data_dir),
            after=self._waybills_waiting,
        ).start()

    def _waybills_waiting(self) -> None:  # uploader thread, after a round that reached head office
        services = self.services
        if services.waybills is None:
            return
        services.waybills.resolve_waiting(
            lambda parcel: services.documents.print_parcel(parcel, services.printing, None)
        )

    def _done(self, result: DrainResult) -> None:  # uploader thread
        self.drained.emit(result)

    def note(self, result: DrainResult) -> None:
        """On the GUI thread: remember the last result (and when it last worked)."""
        from station.db.models import utcnow

        self.last = result
        if result.done:
            self.last_success = utcnow()

    def sync_now(self) -> None:
        if self.loop is not None:
            self.loop.wake.set()

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.stop()
            self.loop = None
        if self.pictures is not None:
            self.pictures.close()
            self.pictures = None
        if self.client is not None:
            self.client.close()
            self.client = None

    def restart(self) -> None:
        self.stop()
        self.start()
