"""The carrier of an imported order whose export names none, by its shop.

Head office may send each shop's carrier with the master data (change kind
``shop_carrier``: ``{"shop": "抖音家居小店", "carrier": "ZTO"}``, ``"shop": ""`` for
every shop, an empty carrier to withdraw it); the bench's own settings
(``packing.shop_carriers``, ``packing.default_carrier``) win over it.
"""

from __future__ import annotations

from station.config import PackingSettings, shop_carriers
from station.db.models import Meta

META_PREFIX = "shop_carrier:"  # Meta key of head office's carrier for a shop


def set_head_office_carrier(shop: str, carrier: str) -> None:
    """Keep (or, for an empty ``carrier``, forget) head office's carrier for ``shop``."""
    key = META_PREFIX + shop.strip()
    if carrier.strip():
        Meta.insert(key=key, value=carrier.strip().upper()).on_conflict_replace().execute()
    else:
        Meta.delete().where(Meta.key == key).execute()


def import_carriers(packing: PackingSettings) -> dict[str, str]:
    """{shop: carrier code}, ``""`` for every shop: head office's, then this bench's
    settings over them (:func:`station.config.shop_carriers`)."""
    office = {
        row.key.removeprefix(META_PREFIX): row.value
        for row in Meta.select().where(Meta.key.startswith(META_PREFIX))
    }
    return {**office, **shop_carriers(packing)}
