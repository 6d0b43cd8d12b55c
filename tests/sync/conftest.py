"""PostgreSQL for head-office tests: one private cluster on loopback per test run,
started here (initdb into a temporary folder, pg_ctl), a fresh database per test."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

from tests.postgres_cluster import Cluster, postgres_bin


@pytest.fixture(scope="session")
def postgres_cluster():
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server not installed (quickstart.sh installs it)")
    if os.geteuid() == 0 and shutil.which("su") is None:
        pytest.skip("running as root without su: PostgreSQL cannot be started as another user")
    cluster = Cluster(bin_dir).start()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster):
    """A new, empty database of the test run's cluster."""
    return postgres_cluster.create_database("ho_" + uuid.uuid4().hex[:12])


@pytest.fixture
def ho(tmp_path):
    """A head office on SQLite in ``tmp_path``, served on 127.0.0.1: benches A and B
    and the supervisor "floor" (tests.sync.test_head_office_hostile.start). A test
    file may have an ``ho`` of its own."""
    from tests.sync.test_head_office_hostile import start

    server = start(tmp_path)
    yield server
    server.stop()
    server.store.close()
