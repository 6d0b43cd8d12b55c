"""Demo mode: the demo head office is this session's, started at every start, never saved."""

import urllib.request

from station.app import attach_demo_head_office, build_services
from station.config import load_settings, save_settings
from station.core.scan import Scan
from station.db.models import OutboxRecord
from station.ui.main_window import MainWindow
from station.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import login


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status < 500
    except urllib.error.HTTPError as exc:  # any HTTP answer: a server is there
        return exc.code < 500
    except OSError:
        return False


def _session(qtbot, services, translations):
    office = attach_demo_head_office(services)
    w = MainWindow(services, translations)
    qtbot.addWidget(w)
    w.show()
    return office, w


def test_saving_settings_in_demo_mode_keeps_the_session_address_out_of_the_file(
    qtbot, demo_services, translations
):
    path = demo_services.data_dir.settings
    before = load_settings(path).head_office.url
    office, w = _session(qtbot, demo_services, translations)
    try:
        assert demo_services.settings.head_office.url == office.url
        login(w, "王芳", "9876")
        page = w.page(SettingsPage)
        w.nav.setCurrentRow(w.pages.index(page))
        assert page.head_office.text() == office.url and page.head_office.isReadOnly()
        page.bench_name.setText("Bench by the door")
        page.request_save()
        assert "Settings saved" in w.banner.text()
        on_disk = load_settings(path)
        assert on_disk.bench.bench_name == "Bench by the door"  # the change was saved
        assert on_disk.head_office.url == before and office.url not in path.read_text("utf-8")
        # the running session still syncs to its head office
        assert demo_services.settings.head_office.url == office.url
        w.bus.publish(Scan("2611230002", source="sim"))
        w.sync.sync_now()
        qtbot.waitUntil(lambda: w.sync.last is not None and w.sync.last.acked >= 1, timeout=10000)
        assert set(office.store.uuids()) >= {r.record_uuid for r in OutboxRecord.select()}
    finally:
        w.shutdown()
        office.stop()
        office.store.close()


def test_the_demo_head_office_starts_every_time(qtbot, demo_services, translations):
    dd = demo_services.data_dir
    office, w = _session(qtbot, demo_services, translations)
    first_url = office.url
    w.shutdown()
    w.close()
    office.stop()
    office.store.close()
    assert not _answers(first_url)
    # an older station saved the dead address in the file: the demo must not sync to it
    save_settings(dd.settings, load_settings(dd.settings).replace("head_office", url=first_url))

    for start in range(2):  # the station starts again, twice
        services = build_services(dd, load_settings(dd.settings), demo_services.store, demo=True)
        office, w = _session(qtbot, services, translations)
        try:
            assert _answers(office.url), f"start {start + 2}: no demo head office"
            assert services.settings.head_office.url == office.url
            login(w, "张伟", "1357")
            w.bus.publish(Scan("2611230005", source="sim"))
            w.sync.sync_now()
            qtbot.waitUntil(
                lambda w=w: w.sync.last is not None and w.sync.last.acked >= 1, timeout=10000
            )
            sent = {r.record_uuid for r in OutboxRecord.select()}
            assert sent <= set(office.store.uuids())
        finally:
            w.shutdown()
            w.close()
            office.stop()
            office.store.close()
    assert load_settings(dd.settings).head_office.url == first_url  # the file as it was
