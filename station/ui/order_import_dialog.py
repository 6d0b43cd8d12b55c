"""Import orders: choose the export, see which platform it was recognised as and
its first rows as the station reads them, then import with a progress bar.

Nothing is written until *Import* is pressed; the preview runs every check the
import runs, so refused rows, orders without a carrier and masked recipients are
shown before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.services.order_import import import_orders, prepare
from station.services.order_import.carriers import import_carriers
from station.services.order_import.sheets import builtin_profiles, user_profiles
from station.ui.import_messages import refusal_text
from station.ui.workers import run_in_background

PREVIEW_COLUMNS = (
    "order_number",
    "buyer_name",
    "address",
    "sku",
    "qty",
    "paid",
    "promised_dispatch_at",
    "carrier",
    "order_type",
)
REFUSALS_LISTED = 5


class _Progress(QObject):
    moved = Signal(int, int)


class OrderImportDialog(QDialog):
    """The import dialog of the waybills page. ``imported(path, result)`` is
    emitted when an import has run (refused or not)."""

    imported = Signal(object, object)
    previewed = Signal(object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.items_path: Path | None = None
        self.ready = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.file_label = QLabel()
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        self.file_caption = QLabel()
        form.addRow(self.file_caption, row)
        self.items_label = QLabel()
        self.items_button = QPushButton()
        self.items_button.clicked.connect(self.choose_items_file)
        row = QHBoxLayout()
        row.addWidget(self.items_label, 1)
        row.addWidget(self.items_button)
        self.items_caption = QLabel()
        form.addRow(self.items_caption, row)
        self.profile_box = QComboBox()
        self.profile_box.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.profile_caption = QLabel()
        form.addRow(self.profile_caption, self.profile_box)
        self.platform_label = QLabel()
        self.platform_caption = QLabel()
        form.addRow(self.platform_caption, self.platform_label)
        layout.addLayout(form)
        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton()
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(900, 520)
        self._fill_profiles()
        self.retranslate_ui()
        if self.profile_errors:  # a file in profiles/ that is not a profile: say which
            self.summary.setText(
                self.tr("Not used, not a profile: {files}").format(
                    files="; ".join(self.profile_errors)
                )
            )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import orders"))
        self.file_caption.setText(self.tr("Export file"))
        self.items_caption.setText(self.tr("Items file (Taobao/Tmall)"))
        self.profile_caption.setText(self.tr("Profile"))
        self.platform_caption.setText(self.tr("Recognised as"))
        self.choose_button.setText(self.tr("Choose…"))
        self.items_button.setText(self.tr("Choose…"))
        self.import_button.setText(self.tr("Import"))
        self.close_button.setText(self.tr("Close"))
        self.profile_box.setItemText(0, self.tr("Recognise from the header row"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Recipient"),
                self.tr("Address"),
                self.tr("SKU"),
                self.tr("Qty"),
                self.tr("Paid (CNY)"),
                self.tr("Dispatch by"),
                self.tr("Carrier"),
                self.tr("Type"),
            ]
        )
        if self.path is None:
            self.file_label.setText(self.tr("No file chosen"))
        if self.items_path is None:
            self.items_label.setText(self.tr("None"))

    def _profiles_dir(self) -> Path:
        return self.ctx.services.data_dir.profiles

    def _fill_profiles(self) -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItem("", None)
        self._names: dict[str, str] = {}
        for name, profile in builtin_profiles().items():
            self._names[name] = profile.get("name", name)
            self.profile_box.addItem(profile.get("name", name), name)
        mine, self.profile_errors = user_profiles(self._profiles_dir())
        for name, profile in mine.items():
            self._names[name] = profile.get("name", name)
            label = self.tr("{name} (this shop's, profiles/{file}.json)").format(
                name=profile.get("name", name), file=name
            )
            self.profile_box.addItem(label, name)
        self.profile_box.blockSignals(False)

    # --- choosing ---

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import orders"),
            "",
            self.tr("Order exports (*.csv *.xlsx *.json);;All files (*)"),
        )
        if path:
            self.set_files(Path(path), self.items_path)

    def choose_items_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Items file"),
            "",
            self.tr("Order exports (*.csv *.xlsx);;All files (*)"),
        )
        if path:
            self.set_files(self.path, Path(path))

    def set_files(self, path: Path | None, items: Path | None = None) -> None:
        """Show ``path`` (and Taobao's ``items`` file) and read them for the preview."""
        self.path, self.items_path = path, items
        self.file_label.setText(path.name if path else self.tr("No file chosen"))
        self.items_label.setText(items.name if items else self.tr("None"))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Read and check the files off the GUI thread; nothing is written."""
        if self.path is None:
            return
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Reading {name}…").format(name=self.path.name))
        path, items, profile = self.path, self.items_path, self.profile_box.currentData()
        services = self.ctx.services
        carriers = import_carriers(services.settings.packing)
        folder = self._profiles_dir()

        def work():
            try:
                return prepare(
                    path.read_bytes(),
                    kind="json" if path.suffix.lower() == ".json" else "csv",
                    profile=profile,
                    items=items.read_bytes() if items else None,
                    carriers=carriers,
                    profiles_dir=folder,
                )
            finally:
                services.store.db.close()  # this thread's connection

        run_in_background(self, work, self._show_preview, self._failed)

    def _show_preview(self, ready) -> None:
        self.ready = ready
        result = ready.result
        if result.profile:
            name = self._names.get(result.profile, result.profile)
            self.platform_label.setText(f"{name} [{result.profile}]")
        else:
            self.platform_label.setText(self.tr("the station's own columns"))
        self.table.setRowCount(len(ready.preview))
        types = {
            "spot": self.tr("spot"),
            "presale": self.tr("pre-sale"),
            "custom": self.tr("custom dispatch"),
        }
        for r, row in enumerate(ready.preview):
            for c, key in enumerate(PREVIEW_COLUMNS):
                text = row.get(key, "")
                if key == "order_type":
                    text = types.get(text, text)
                self.table.setItem(r, c, QTableWidgetItem(text))
        lines = [
            self.tr("Orders: {orders} · rows shown: {rows}").format(
                orders=len(ready.orders), rows=len(ready.preview)
            )
        ]
        if result.masked:
            lines.append(
                self.tr(
                    "Recipients masked by the platform: {n} ({first}). Their waybills can "
                    "only be printed through the platform's print component."
                ).format(n=len(result.masked), first=", ".join(result.masked[:3]))
            )
        if result.rejected:
            lines.append(
                self.tr("Nothing can be imported: rows refused {n}").format(n=len(result.rejected))
            )
            lines += [self.refusal_line(r) for r in result.rejected[:REFUSALS_LISTED]]
        self.summary.setText("\n".join(lines))
        self.import_button.setEnabled(result.ok and bool(ready.orders))
        self.previewed.emit(ready)

    def refusal_line(self, r) -> str:
        reason = refusal_text(r.reason, r.detail, r.field)
        where = (
            self.tr("row {line}, column {column}").format(line=r.line, column=r.column)
            if r.column
            else self.tr("row {line}").format(line=r.line)
        )
        if r.file == "items":
            where = self.tr("items file {where}").format(where=where)
        return f"{where}: {reason}"

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("The file cannot be read: {error}").format(error=str(exc)))
        self.progress.setVisible(False)
        self.import_button.setEnabled(False)

    # --- importing ---

    def start_import(self) -> None:
        """Import the previewed files off the GUI thread, the progress bar moving."""
        if self.path is None:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.progress.setRange(0, 0)  # reading: busy until the writing counts
        self.progress.setVisible(True)
        bridge = _Progress(self)
        bridge.moved.connect(self._moved)
        path, items, profile = self.path, self.items_path, self.ready.result.profile or None
        services = self.ctx.services
        carriers = import_carriers(services.settings.packing)
        folder = self._profiles_dir()

        operator = self.ctx.session.operator if self.ctx.session is not None else None

        def work():
            try:
                result = import_orders(
                    services.store.db,
                    services.bench_id,
                    path.read_bytes(),
                    kind="json" if path.suffix.lower() == ".json" else "csv",
                    profile=profile,
                    items=items.read_bytes() if items else None,
                    carriers=carriers,
                    profiles_dir=folder,
                    source=path.name,
                    progress=bridge.moved.emit,
                )
                if result.ok and services.batches is not None and services.settings.batches.auto:
                    services.batches.group(operator)  # the new orders into batches (波次)
                return result
            finally:
                services.store.db.close()

        run_in_background(self, work, self._done, self._failed)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, result) -> None:
        self.choose_button.setEnabled(True)
        self.imported.emit(self.path, result)
        if result.ok:
            self.accept()
        else:  # changed since the preview: the refusals are shown by the page
            self.refresh_preview()
