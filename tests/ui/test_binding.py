"""The Qt binding keeps Python's reference counts.

PySide6 6.12.0 dropped a reference to ``None`` on every call of methods such
as ``QListWidgetItem.setFlags`` and ``QTableWidget.setItem``: after enough
calls ``None`` is freed and the interpreter aborts, which on a bench means a
crash some hours into a shift. These calls are the ones the station makes
on every scan and login; a binding that breaks them fails here.
"""

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
)

SHORT, LONG = 200, 1200
SINGLETONS = (("None", None), ("True", True), ("False", False))


def _counts() -> dict[str, int]:
    return {k: sys.getrefcount(v) for k, v in SINGLETONS}


def _run(fn, n: int) -> dict[str, int]:
    before = _counts()
    for _ in range(n):
        fn()
    after = _counts()
    return {k: after[k] - before[k] for k in before}


def drift(fn) -> dict[str, int]:
    """How the counts move per extra 1,000 calls: a constant offset (caches, other
    threads) cancels out, a reference lost on every call does not."""
    gc.disable()
    try:
        short, long = _run(fn, SHORT), _run(fn, LONG)
    finally:
        gc.enable()
    return {k: long[k] - short[k] for k in short}


def lost(d: dict[str, int]) -> dict[str, int]:
    """Only a shrinking count is fatal; the broken binding loses one per call (-1000)."""
    return {k: v for k, v in d.items() if v < -(LONG - SHORT) // 4}


def test_item_views(qapp):
    lw = QListWidget()
    item = QListWidgetItem("x")
    lw.addItem(item)
    tw = QTableWidget(2, 2)

    def calls():
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)
        item.setData(Qt.ItemDataRole.UserRole, 7)
        item.data(Qt.ItemDataRole.UserRole)
        tw.setItem(0, 0, QTableWidgetItem("a"))

    assert lost(drift(calls)) == {}


def test_list_rebuilt(qapp):
    lw = QListWidget()

    def rebuild():
        lw.clear()
        for n in range(4):
            it = QListWidgetItem(f"op {n}")
            it.setData(Qt.ItemDataRole.UserRole, n)
            lw.addItem(it)

    assert lost(drift(rebuild)) == {}


def test_widgets(qapp):
    label, combo = QLabel(), QComboBox()

    def calls():
        label.setText("abc")
        label.setVisible(True)
        combo.clear()
        combo.addItem("a", 1)
        combo.currentData()

    assert lost(drift(calls)) == {}
