"""A shop's carrier for imported orders, from head office's master data."""

import pytest

from station.config import Settings
from station.db.models import SalesOrder
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.services.order_import import import_orders
from station.services.order_import.carriers import import_carriers
from station.sync.client import BadAnswer, HeadOfficeClient
from station.sync.downloader import Downloader
from tests.marketplace import sample


@pytest.fixture
def ho(tmp_path, demo_services):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store).start()
    client = HeadOfficeClient(server.url, "tok")
    yield server, Downloader(demo_services.store.db, demo_services.bench_id, client)
    client.close()
    server.stop()
    store.close()


def test_head_office_names_a_shops_carrier_and_the_bench_setting_wins(ho, demo_services):
    server, down = ho
    server.store.publish("shop_carrier", "抖音家居小店", {"shop": "抖音家居小店", "carrier": "yd"})
    server.store.publish("shop_carrier", "", {"shop": "", "carrier": "EMS"})
    assert down.pull().applied == 2
    assert import_carriers(Settings().packing) == {"抖音家居小店": "YD", "": "EMS"}
    (douyin,) = sample("douyin", "utf-8-sig")
    db = demo_services.store.db
    assert import_orders(db, "b1", douyin, carriers=import_carriers(Settings().packing)).ok
    assert SalesOrder.get(SalesOrder.number == "6930170012345670013").carrier == "YD"
    mine = Settings().replace("packing", shop_carriers="抖音家居小店=SF")
    assert import_carriers(mine.packing) == {"抖音家居小店": "SF", "": "EMS"}
    server.store.publish("shop_carrier", "", {"shop": "", "carrier": ""})  # withdrawn
    down.pull()
    assert import_carriers(Settings().packing) == {"抖音家居小店": "YD"}


def test_a_shop_carrier_that_is_not_text_is_refused_whole(ho):
    server, down = ho
    server.store.publish("shop_carrier", "x", {"shop": "x", "carrier": 7})
    with pytest.raises(BadAnswer):
        down.pull()
    assert import_carriers(Settings().packing) == {}
