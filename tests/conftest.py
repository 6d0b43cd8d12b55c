"""Shared fixtures. Every test gets its own data directory under tmp_path."""

from __future__ import annotations

import logging
import os
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

import pytest  # noqa: E402

from station.app import Services, build_services, prepare_demo  # noqa: E402
from station.config import load_settings  # noqa: E402
from station.db.store import Store  # noqa: E402
from station.paths import ENV_DATA_DIR, DataDir  # noqa: E402
from tests.cupsd import cups  # noqa: E402, F401  (a private CUPS scheduler, for any test)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test ever touches a real user's data directory."""
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(autouse=True)
def _cheap_secret_hashing(monkeypatch):
    """PINs and badges are hashed at N=2^10 in tests instead of the bench's 2^16
    (0.17 s a hash), or every test that builds the demo database would take a second
    longer. Stored hashes name their parameters, so nothing else differs; the real
    parameters are checked in tests/core/test_auth.py and timed in benchmarks/."""
    import station.core.auth as auth

    monkeypatch.setattr(auth, "SCRYPT_N", 2**10)


@pytest.fixture(autouse=True)
def _no_real_keyring():
    """No test ever writes to the user's keyring: each starts with keyring's "none"
    backend (a server without a desktop); tests that want one set their own."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield


@pytest.fixture(autouse=True)
def _fail_on_unexpected_errors(request, caplog):
    """Like qutebrowser's logfail: an ERROR log line fails the test unless it expects one."""
    caplog.set_level(logging.INFO)
    yield
    if request.node.get_closest_marker("allow_error_logs"):
        return
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    if errors:
        pytest.fail("unexpected error log: " + "; ".join(r.getMessage()[:200] for r in errors))


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_error_logs: the test expects ERROR log lines")
    config.addinivalue_line("markers", "build: builds the one-folder application (PyInstaller)")


class Clock:
    """A clock the test moves by hand (naive UTC, like the database)."""

    def __init__(self):
        self.now = datetime(2026, 11, 11, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data").ensure()


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir.database, data_dir.backups)
    yield s
    s.close()


@pytest.fixture
def demo_services(data_dir) -> Services:
    settings = prepare_demo(data_dir, load_settings(data_dir.settings))
    s = Store.open(data_dir.database, data_dir.backups)
    services = build_services(data_dir, settings, s, demo=True)
    yield services
    services.close()
