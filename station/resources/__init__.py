"""Data files shipped with the station: demo data, sounds, translations, templates,
read through importlib.resources so they are found in a wheel or a one-folder build alike."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def resource(*parts: str) -> Traversable:
    node = files(__name__)
    for part in parts:
        node = node / part
    return node


def read_json(*parts: str) -> Any:
    return json.loads(resource(*parts).read_text(encoding="utf-8"))
