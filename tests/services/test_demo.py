import sqlite3

import pytest

from station.db.models import SalesOrder
from station.db.store import Store
from station.services.demo import DemoRefused, is_demo_database, sample_codes, write_demo_database
from station.services.lookup import identify


def test_demo_database_is_complete(demo_services):
    orders = list(SalesOrder.select())
    assert len(orders) >= 10
    assert any("市" in o.address for o in orders)
    assert {o.status for o in orders} >= {"new", "held", "cancelled"}
    assert any(o.seller_remark for o in orders)


def test_demo_is_not_written_over_a_real_database(data_dir):
    Store.open(data_dir.database, data_dir.backups).close()
    with pytest.raises(DemoRefused):
        write_demo_database(data_dir.database, data_dir.backups, "b")
    write_demo_database(data_dir.database, data_dir.backups, "b", force=True)
    assert is_demo_database(data_dir.database)


def test_demo_can_be_rebuilt(data_dir):
    write_demo_database(data_dir.database, data_dir.backups, "b")
    write_demo_database(data_dir.database, data_dir.backups, "b")
    con = sqlite3.connect(data_dir.database)
    assert con.execute("SELECT COUNT(*) FROM product").fetchone()[0] == 12
    con.close()


def test_every_sample_code_but_the_unknown_one_is_known(demo_services):
    kinds = {code: identify(code).kind for _, code in sample_codes()}
    unknown = [c for c, k in kinds.items() if k == "unknown"]
    badges = [c for c in unknown if c.startswith(("OP-", "SV-"))]
    gs1 = [c for c in unknown if c.startswith("]C1")]  # goods-in reads it, below
    assert sorted(set(unknown) - set(badges) - set(gs1)) == ["6900000000000"]


def test_the_demo_gs1_carton_is_received_against_the_demo_po(demo_services):
    codes = dict(sample_codes())
    po = next(c for label, c in codes.items() if label.startswith("PO-"))
    carton = next(c for c in codes.values() if c.startswith("]C1"))
    receiving = demo_services.receiving
    got = receiving.scan(receiving.open(po, None), carton)
    assert (got.sku, got.qty, got.status, got.line.lot) == ("TEA-100", 24, "accepted", "DEMO-LOT")
