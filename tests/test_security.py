"""Secrets stay secret; brute force locks out; the token lives in the keyring or a
private file; TLS verification is never off without the bench saying so."""

from __future__ import annotations

import gzip
import logging
import os
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend

from station.db.models import Operator, OutboxRecord
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.logs import setup_logging
from station.secrets import read_token, token_path, where_token_is, write_token
from station.services.operators import AuthError
from station.sync.client import HeadOfficeClient
from station.sync.export import export_outbox
from station.sync.uploader import Uploader

TOKEN = "tok-3f9a1c77e2b84d5e"
PIN, WRONG = "482615", "999999"


class MemoryKeyring(KeyringBackend):
    """A keyring backend as a desktop provides one (keyring's own plug-in interface)."""

    priority = 5

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def system_keyring():
    kr = MemoryKeyring()
    keyring.set_keyring(kr)  # conftest puts keyring's "none" backend back after the test
    return kr


def test_token_goes_to_the_keyring_where_there_is_one(data_dir, system_keyring):
    token_path(data_dir).write_text("old")
    assert write_token(data_dir, TOKEN) == "keyring"
    assert read_token(data_dir) == TOKEN and where_token_is(data_dir) == "keyring"
    assert not token_path(data_dir).exists()  # no second copy on disk
    assert TOKEN in system_keyring.items.values()


@pytest.fixture
def no_keyring():
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # what a server without a desktop has


def test_else_a_file_only_its_user_can_read(data_dir, no_keyring):
    path = token_path(data_dir)
    path.write_text("old")
    os.chmod(path, 0o644)  # left readable by someone before
    assert write_token(data_dir, TOKEN) == "file"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_token(data_dir) == TOKEN and where_token_is(data_dir) == "file"


@pytest.mark.allow_error_logs
def test_pins_and_tokens_never_reach_logs_or_exports(demo_services, tmp_path, no_keyring):
    from tests.services.test_packing import ean, open_order, outcomes, session

    log_file = setup_logging(demo_services.data_dir.logs, level=logging.DEBUG)
    order = open_order(demo_services.packing, "2611230005")  # records to send and export
    outcomes(demo_services.packing, order, ean("SOCK-5P"), ean("SOCK-5P"))
    demo_services.packing.close(order, session())
    ops = demo_services.operators
    op = ops.create("新员工", "packer", PIN, badge_code="BADGE-77")
    with pytest.raises(AuthError):
        ops.login_with_pin(op.id, WRONG)
    ops.login_with_pin(op.id, PIN)
    write_token(demo_services.data_dir, TOKEN)
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, TOKEN)
    server = HeadOfficeServer(store).start()
    try:
        client = HeadOfficeClient(server.url, TOKEN)
        client_bad = HeadOfficeClient(server.url, TOKEN + "x")  # a refused token, logged
        Uploader(demo_services.store.db, demo_services.bench_id, client).drain()
        Uploader(demo_services.store.db, demo_services.bench_id, client_bad).drain()
        client.close()
        client_bad.close()
    finally:
        server.stop()
        store.close()
    export = tmp_path / "outbox.json.gz"
    export_outbox(export, demo_services.bench_id, include_acked=True)
    for h in logging.getLogger().handlers:
        h.flush()
    texts = {
        "log": "".join(p.read_text("utf-8") for p in log_file.parent.glob("*.log*")),
        "export": gzip.decompress(export.read_bytes()).decode("utf-8"),
        "settings": demo_services.data_dir.settings.read_text("utf-8"),
        "outbox": "".join(r.payload for r in OutboxRecord.select()),
    }
    assert "parcel_closed" in texts["export"] and "login" in texts["log"]  # real files
    for where, text in texts.items():
        for secret in (TOKEN, PIN, WRONG):
            assert secret not in text, f"{secret} found in the {where}"
    assert Operator.get_by_id(op.id).pin_hash != PIN


def test_brute_force_locks_out(demo_services):
    ops = demo_services.operators
    op = ops.create("试探者", "packer", PIN)
    limit = demo_services.settings.security.max_pin_failures
    for _ in range(limit):
        with pytest.raises(AuthError):
            ops.login_with_pin(op.id, WRONG)
    with pytest.raises(AuthError) as exc:
        ops.login_with_pin(op.id, PIN)  # the right PIN, too late
    assert exc.value.code == "operator_locked"


def test_tls_off_is_said_out_loud(demo_services, caplog, qtbot):
    from station.services.status import snapshot
    from station.ui.status_bar import StationStatusBar

    settings = demo_services.settings.replace(
        "head_office", url="https://ho.example.invalid", verify_tls=False
    )
    HeadOfficeClient("https://ho.example.invalid", "t", verify=False).close()
    assert "NOT checked" in caplog.text
    bar = StationStatusBar()
    qtbot.addWidget(bar)
    bar.show_state(None, snapshot(settings))
    assert "TLS CERTIFICATES NOT CHECKED" in bar.network.text()
    assert "#c62828" in bar.network.styleSheet()
