"""The upload loop outlives any one round: a fault nobody foresaw is logged and the
next round goes on; the records stay in the outbox and reach head office once."""

from __future__ import annotations

import threading

import pytest

from station.db.models import OutboxRecord
from station.sync.client import HeadOfficeClient
from station.sync.downloader import Downloader
from station.sync.uploader import DrainResult, Uploader, UploadLoop
from tests.sync.test_refusals import BENCH, TOKEN, assert_exactly_once, fill_fast, ho  # noqa: F401


@pytest.mark.allow_error_logs  # the unforeseen fault is logged with its traceback
def test_a_master_change_the_database_refuses_does_not_end_the_loop(store, ho, caplog):  # noqa: F811
    # a product change without a name: the bench's database refuses it (NOT NULL)
    ho.store.publish("product", "NONAME-1", {"sku": "NONAME-1", "barcodes": []})
    fill_fast(store, 50)
    client = HeadOfficeClient(ho.url, TOKEN)
    results: list[DrainResult] = []
    arrived = threading.Condition()

    def on_result(r: DrainResult) -> None:
        with arrived:
            results.append(r)
            arrived.notify_all()

    loop = UploadLoop(
        Uploader(store.db, BENCH, client, batch_size=20),
        downloader=Downloader(store.db, BENCH, client),
        interval=3600,
        on_result=on_result,
    )
    loop.start()
    try:
        with arrived:
            assert arrived.wait_for(lambda: len(results) >= 1, timeout=30)
        first = results[0]
        assert not first.done and first.error_code == "sync_error"
        fill_fast(store, 30)  # the bench goes on working
        loop.wake.set()
        with arrived:
            assert arrived.wait_for(lambda: len(results) >= 2, timeout=30)
        assert loop._thread is not None and loop._thread.is_alive()
    finally:
        loop.stop()
        client.close()
    assert OutboxRecord.select().count() == 80
    assert_exactly_once(ho)
    assert "upload round failed" in caplog.text
