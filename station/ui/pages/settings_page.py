"""Settings: language, bench, devices, head office, feedback, security.

Anyone may look; saving needs the right to change settings, or a
supervisor's approval on the spot (audited with both names).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station.config import WAYBILL_SIZES, SettingsError
from station.core.auth import Permission
from station.core.scan import Outcome
from station.drivers.errors import DeviceOffline, DeviceUriError
from station.drivers.printers import open_printer
from station.drivers.printers.component import address_with_printer, is_component_address
from station.drivers.uri import DPIS, parse_uri, system_address
from station.services.devices import find_serial_ports, label_dpi, make_scale
from station.services.scale_worker import refusal
from station.ui.approval import ApprovalDialog
from station.ui.i18n import LANGUAGE_NAMES
from station.ui.messages import label_failure, message
from station.ui.pages.base import Page
from station.ui.scanner_check import ScannerCheckDialog
from station.ui.widgets import big_label
from station.ui.workers import run_in_background


class SettingsPage(Page):
    context = "settings"
    saved = Signal()
    test_label_requested = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        outer.addWidget(self.heading)
        # the many rows of fields scroll, so the page never makes the window taller
        # than a bench screen (1366x768 at the least); heading and Save stay in view
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        layout = QVBoxLayout(body)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.bench_name = QLineEdit()
        self.scanner = QLineEdit()
        self.printer = QLineEdit()
        self.standby_printer = QLineEdit()
        self.printer_dpi = QComboBox()
        self.standby_printer_dpi = QComboBox()
        for box in (self.printer_dpi, self.standby_printer_dpi):
            for dpi in (0, *DPIS):
                box.addItem("", dpi)
        self.document_printer = QLineEdit()
        self.scale = QLineEdit()
        self.scanner_prefix = QLineEdit()
        self.scanner_suffix = QLineEdit()
        self.gs_standin = QLineEdit()
        self.gs_chord = QLineEdit()
        self.gs_chord.setPlaceholderText("Ctrl+]")
        self.terminators = QComboBox()
        for code in ("enter,tab", "enter", "tab"):
            self.terminators.addItem(code, code)
        self.caps_lock_repair = QCheckBox()
        self.head_office = QLineEdit()
        self.sound = QCheckBox()
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(1, 240)
        self.cutoff = QTimeEdit()
        self.cutoff.setDisplayFormat("HH:mm")
        self.shop_carriers = QLineEdit()
        self.shop_carriers.setPlaceholderText("店铺A=SF; 店铺B=YTO")
        self.default_carrier = QLineEdit()
        self.default_carrier.setPlaceholderText("ZTO")
        self.pickups = QLineEdit()
        self.pickups.setPlaceholderText("SF=18:00, ZTO=16:30")
        self.company_prefix = QLineEdit()
        self.company_prefix.setMaxLength(12)
        self.plates = QComboBox()
        for code in ("each", "close", "off"):
            self.plates.addItem(code, code)
        self.waybill_size = QComboBox()
        for size in WAYBILL_SIZES:
            self.waybill_size.addItem(size.replace("x", " × ") + " mm", size)
        self.full_phone_carriers = QLineEdit()
        self.full_phone_carriers.setPlaceholderText("JD, SF")
        # peak-day batches (波次): the grouping rules
        self.batch_auto = QCheckBox()
        self.batch_max = QSpinBox()
        self.batch_max.setRange(1, 1000)
        self.batch_single = QCheckBox()
        self.batch_shared = QCheckBox()
        self.batch_carrier = QCheckBox()
        self.batch_deadline = QSpinBox()
        self.batch_deadline.setRange(0, 7 * 24 * 60)
        self.batch_deadline.setSingleStep(30)
        self.fields = [
            self.language,
            self.bench_name,
            self.scanner,
            self.printer,
            self.printer_dpi,
            self.standby_printer,
            self.standby_printer_dpi,
            self.document_printer,
            self.scale,
            self.scanner_prefix,
            self.scanner_suffix,
            self.gs_standin,
            self.gs_chord,
            self.terminators,
            self.caps_lock_repair,
            self.head_office,
            self.sound,
            self.idle_lock,
            self.cutoff,
            self.shop_carriers,
            self.default_carrier,
            self.pickups,
            self.company_prefix,
            self.plates,
            self.waybill_size,
            self.full_phone_carriers,
            self.batch_auto,
            self.batch_max,
            self.batch_single,
            self.batch_shared,
            self.batch_carrier,
            self.batch_deadline,
        ]
        self.labels = [QLabel() for _ in self.fields]
        for label, field in zip(self.labels, self.fields, strict=True):
            form.addRow(label, field)
        layout.addLayout(form)
        tools = QHBoxLayout()
        self.find_ports = QToolButton()
        self.find_ports.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.ports_menu = QMenu(self)
        self.ports_menu.aboutToShow.connect(self._fill_ports_menu)
        self.find_ports.setMenu(self.ports_menu)
        # the printers of the computer's print system (QPrinterInfo), for the
        # …+system:// and …+spool:// addresses
        self.find_system_printers = QToolButton()
        self.find_system_printers.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.system_printers_menu = QMenu(self)
        self.system_printers_menu.aboutToShow.connect(self._fill_system_printers_menu)
        self.find_system_printers.setMenu(self.system_printers_menu)
        self.test_printer = QPushButton()
        self.test_printer.clicked.connect(self.print_test_label)
        # the printers a platform's print component can print to (getPrinters)
        self.component_printers = QPushButton()
        self.component_printers.clicked.connect(self.list_component_printers)
        self.component_menu = QMenu(self)
        self.read_scale = QPushButton()
        self.read_scale.clicked.connect(self.weigh)
        self.check_scanner = QPushButton()
        self.check_scanner.clicked.connect(self.open_scanner_check)
        self.preview_waybill = QPushButton()
        self.preview_waybill.clicked.connect(self.show_waybill_preview)
        for w in (
            self.find_ports,
            self.find_system_printers,
            self.test_printer,
            self.preview_waybill,
            self.component_printers,
            self.read_scale,
            self.check_scanner,
        ):
            tools.addWidget(w)
        layout.addLayout(tools)
        self.device_result = QLabel()
        self.device_result.setWordWrap(True)
        layout.addWidget(self.device_result)
        self.save = QPushButton()
        self.save.clicked.connect(self.request_save)
        layout.addStretch(1)
        outer.addWidget(self.save)
        self.retranslate_ui()
        self.refresh()

    def title(self) -> str:
        return self.tr("Settings")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Settings of this bench"))
        texts = [
            self.tr("Language"),
            self.tr("Bench name"),
            self.tr("Scanner"),
            self.tr("Label printer"),
            self.tr("Label printer resolution"),
            self.tr("Standby label printer"),
            self.tr("Standby printer resolution"),
            self.tr("Document printer"),
            self.tr("Scale"),
            self.tr("Scanner prefix"),
            self.tr("Scanner suffix"),
            self.tr("Scanner's stand-in for the GS1 separator"),
            self.tr("Key chord the scanner types for the GS1 separator"),
            self.tr("Keys that end a scan"),
            self.tr("Caps Lock"),
            self.tr("Head office URL"),
            self.tr("Sounds"),
            self.tr("Lock after idle (minutes)"),
            self.tr("Carrier cut-off"),
            self.tr("Carrier by shop, for imported orders (SHOP=CODE; …)"),
            self.tr("Carrier of imported orders otherwise"),
            self.tr("Pickup per carrier"),
            self.tr("GS1 company prefix (putaway plates as SSCC)"),
            self.tr("Putaway labels"),
            self.tr("Waybill size"),
            self.tr("Carriers whose labels print the recipient's phone in full"),
            self.tr("Batches"),
            self.tr("Orders per batch, at most"),
            self.tr("Single-item orders"),
            self.tr("Multi-item orders"),
            self.tr("Carriers"),
            self.tr("Deadline window (minutes, 0: off)"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.sound.setText(self.tr("Play a sound on every scan"))
        self.batch_auto.setText(self.tr("Group new orders into batches after each import"))
        self.batch_single.setText(self.tr("Together, one batch per SKU"))
        self.batch_shared.setText(self.tr("By the SKU they share"))
        self.batch_carrier.setText(self.tr("One carrier per batch"))
        self.caps_lock_repair.setText(
            self.tr("The scanner presses Shift for capitals (off: it makes up for Caps Lock)")
        )
        plate_names = {
            "each": self.tr("one per carton or pallet, as received"),
            "close": self.tr("all at once when the receipt closes"),
            "off": self.tr("not printed"),
        }
        for i in range(self.plates.count()):
            self.plates.setItemText(i, plate_names[self.plates.itemData(i)])
        terminator_names = {
            "enter,tab": self.tr("Enter or Tab"),
            "enter": self.tr("Enter only"),
            "tab": self.tr("Tab only"),
        }
        for i in range(self.terminators.count()):
            self.terminators.setItemText(i, terminator_names[self.terminators.itemData(i)])
        for box in (self.printer_dpi, self.standby_printer_dpi):
            for i in range(box.count()):
                dpi = box.itemData(i)
                box.setItemText(
                    i,
                    self.tr("{dpi} dpi").format(dpi=dpi)
                    if dpi
                    else self.tr("as the address says (dpi=…), else 203 dpi"),
                )
        self.save.setText(self.tr("Save settings"))
        self.find_ports.setText(self.tr("Serial ports…"))
        self.find_system_printers.setText(self.tr("System printers…"))
        self.find_system_printers.setToolTip(
            self.tr(
                "The printers installed in this computer's print system, with their "
                "drivers: choose one for the label, standby or document printer"
            )
        )
        self.test_printer.setText(self.tr("Print test label"))
        self.component_printers.setText(self.tr("Print component printers…"))
        self.component_printers.setToolTip(
            self.tr(
                "Ask the print component at the label printer's address "
                "(cainiao+ws://, pdd+ws://, douyin+ws://) which printers it can print to"
            )
        )
        self.preview_waybill.setText(self.tr("Preview waybill…"))
        self.preview_waybill.setToolTip(
            self.tr(
                "The sample waybill at this bench's size, dot for dot at the label "
                "printer's resolution"
            )
        )
        self.full_phone_carriers.setToolTip(
            self.tr(
                "Carrier codes, separated by commas. Every other carrier's waybills and "
                "packing lists show the phone masked (138****1234)"
            )
        )
        self.read_scale.setText(self.tr("Read scale"))
        self.check_scanner.setText(self.tr("Check scanner"))

    def refresh(self) -> None:
        s = self.ctx.services.settings
        # not chosen yet: the language the bench runs in (the system's)
        shown = s.bench.language or self.ctx.translations.language
        self.language.setCurrentIndex(self.language.findData(shown))
        self.bench_name.setText(s.bench.bench_name)
        self.scanner.setText(s.devices.scanner)
        self.printer.setText(s.devices.printer)
        self.standby_printer.setText(s.devices.standby_printer)
        self.printer_dpi.setCurrentIndex(max(0, self.printer_dpi.findData(s.devices.printer_dpi)))
        self.standby_printer_dpi.setCurrentIndex(
            max(0, self.standby_printer_dpi.findData(s.devices.standby_printer_dpi))
        )
        self.document_printer.setText(s.devices.document_printer)
        self.scale.setText(s.devices.scale)
        self.scanner_prefix.setText(s.scanner.prefix)
        self.scanner_suffix.setText(s.scanner.suffix)
        self.gs_standin.setText(s.scanner.gs_standin)
        self.gs_chord.setText(s.scanner.gs_chord)
        self.caps_lock_repair.setChecked(s.scanner.caps_lock_repair)
        index = self.terminators.findData(s.scanner.terminators)
        self.terminators.setCurrentIndex(max(index, 0))
        self.head_office.setText(s.head_office.url)
        session_only = bool(self.ctx.services.session_head_office)
        self.head_office.setReadOnly(session_only)
        self.head_office.setToolTip(
            self.tr("The demo head office, started for this session: its address is not saved")
            if session_only
            else ""
        )
        self.sound.setChecked(s.feedback.sound)
        self.idle_lock.setValue(s.security.idle_lock_minutes)
        self.cutoff.setTime(QTime.fromString(s.packing.cutoff, "HH:mm"))
        self.shop_carriers.setText(s.packing.shop_carriers)
        self.default_carrier.setText(s.packing.default_carrier)
        self.pickups.setText(s.packing.pickups)
        self.company_prefix.setText(s.receiving.company_prefix)
        self.plates.setCurrentIndex(self.plates.findData(s.receiving.plates))
        self.waybill_size.setCurrentIndex(
            max(0, self.waybill_size.findData(s.printing.waybill_size))
        )
        self.full_phone_carriers.setText(s.packing.full_phone_carriers)
        b = s.batches
        self.batch_auto.setChecked(b.auto)
        self.batch_max.setValue(b.max_orders)
        self.batch_single.setChecked(b.single_item)
        self.batch_shared.setChecked(b.shared_skus)
        self.batch_carrier.setChecked(b.by_carrier)
        self.batch_deadline.setValue(b.deadline_minutes)

    def edited_settings(self):
        s = self.ctx.services.settings
        language = self.language.currentData()
        if not s.bench.language and language == self.ctx.translations.language:
            language = ""  # left as it was: still the system's
        s = s.replace(
            "bench",
            language=language,
            bench_name=self.bench_name.text().strip() or s.bench.bench_name,
        )
        s = s.replace(
            "devices",
            scanner=self.scanner.text().strip(),
            printer=self.printer.text().strip(),
            standby_printer=self.standby_printer.text().strip(),
            printer_dpi=self.printer_dpi.currentData(),
            standby_printer_dpi=self.standby_printer_dpi.currentData(),
            document_printer=self.document_printer.text().strip(),
            scale=self.scale.text().strip(),
        )
        s = s.replace(
            "scanner",
            prefix=self.scanner_prefix.text(),
            suffix=self.scanner_suffix.text(),
            gs_standin=self.gs_standin.text(),
            gs_chord=self.gs_chord.text().strip(),
            terminators=self.terminators.currentData(),
            caps_lock_repair=self.caps_lock_repair.isChecked(),
        )
        s = s.replace("head_office", url=self.head_office.text().strip())
        s = s.replace("feedback", sound=self.sound.isChecked())
        carriers = [c.strip().upper() for c in self.full_phone_carriers.text().split(",")]
        s = s.replace(
            "packing",
            cutoff=self.cutoff.time().toString("HH:mm"),
            full_phone_carriers=",".join(c for c in carriers if c),
            shop_carriers=self.shop_carriers.text().strip(),
            default_carrier=self.default_carrier.text().strip().upper(),
            pickups=self.pickups.text().strip(),
        )
        s = s.replace("printing", waybill_size=self.waybill_size.currentData())
        s = s.replace(
            "receiving",
            company_prefix=self.company_prefix.text().strip(),
            plates=self.plates.currentData(),
        )
        s = s.replace(
            "batches",
            auto=self.batch_auto.isChecked(),
            max_orders=self.batch_max.value(),
            single_item=self.batch_single.isChecked(),
            shared_skus=self.batch_shared.isChecked(),
            by_carrier=self.batch_carrier.isChecked(),
            deadline_minutes=self.batch_deadline.value(),
        )
        return s.replace("security", idle_lock_minutes=self.idle_lock.value())

    def request_save(self) -> ApprovalDialog | None:
        session = self.ctx.session
        if session is None:
            return None
        if session.can(Permission.CHANGE_SETTINGS):
            self._save(None)
            return None
        dialog = ApprovalDialog(
            self.ctx, "change_settings", self.tr("Change this bench's settings"), parent=self
        )
        dialog.approved.connect(self._save)
        dialog.open()
        return dialog

    def _save(self, approved_by) -> None:
        try:
            new = self.edited_settings()
        except SettingsError as exc:  # said in the operator's language, from its code
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        if new.devices.scanner:
            try:  # an option the scanner does not know is refused by name, not saved
                parse_uri("scanner", new.devices.scanner)
            except DeviceUriError as exc:
                self.ctx.feedback.give(
                    Outcome.REFUSED, message("settings_invalid", {"error": str(exc)})
                )
                return
        old_language = self.ctx.services.settings.bench.language
        self.ctx.services.change_settings(new, self.ctx.session.operator, approved_by)
        if new.bench.language != old_language:
            self.ctx.translations.set_language(new.bench.language)
        self.ctx.feedback.give(Outcome.OK, message("settings_saved"))
        self.saved.emit()

    # --- device tools ---

    def _fill_ports_menu(self) -> None:
        self.ports_menu.clear()
        ports = find_serial_ports()
        if not ports:
            self.ports_menu.addAction(self.tr("No serial ports found")).setEnabled(False)
        for port in ports:
            sub = self.ports_menu.addMenu(f"{port['device']}  {port['description']}")
            uri = port["uri"]
            sub.addAction(self.tr("Use for the scanner")).triggered.connect(
                lambda _=False, u=uri: self.scanner.setText(u)
            )
            sub.addAction(self.tr("Use for the scale (MT-SICS)")).triggered.connect(
                lambda _=False, u=uri: self.scale.setText(u.replace("serial:", "mtsics+serial:", 1))
            )
            sub.addAction(self.tr("Use for the label printer (ZPL)")).triggered.connect(
                lambda _=False, u=uri: self.printer.setText(u.replace("serial:", "zpl+serial:", 1))
            )

    def system_printer_choices(self) -> list[tuple[str, str, str]]:
        """What the System printers menu offers for each printer of the print system:
        (menu text, field, address) — a label printer (and the standby) taking ZPL or
        TSPL passed untouched to its queue, or drawn by its graphics driver; the
        document printer drawn by its driver."""
        return [
            (self.tr("Label printer: ZPL passed to its queue"), "printer", "zpl+spool"),
            (self.tr("Label printer: TSPL passed to its queue"), "printer", "tspl+spool"),
            (self.tr("Label printer: drawn by its driver (images)"), "printer", "zpl+system"),
            (
                self.tr("Standby label printer: ZPL passed to its queue"),
                "standby_printer",
                "zpl+spool",
            ),
            (
                self.tr("Standby label printer: TSPL passed to its queue"),
                "standby_printer",
                "tspl+spool",
            ),
            (
                self.tr("Standby label printer: drawn by its driver (images)"),
                "standby_printer",
                "zpl+system",
            ),
            (self.tr("Document printer: drawn by its driver"), "document_printer", "pdf+system"),
        ]

    def _fill_system_printers_menu(self) -> None:
        from station.system_print import default_printer_name, printer_names

        self.system_printers_menu.clear()
        names = printer_names()
        if not names:
            self.system_printers_menu.addAction(
                self.tr("No printers in this computer's print system")
            ).setEnabled(False)
        default = default_printer_name()
        for name in names:
            shown = self.tr("{name} (default)").format(name=name) if name == default else name
            sub = self.system_printers_menu.addMenu(shown)
            for i, (text, field, scheme) in enumerate(self.system_printer_choices()):
                if i in (3, 6):
                    sub.addSeparator()
                language, transport = scheme.split("+")
                address = system_address(language, transport, name)
                sub.addAction(text).triggered.connect(
                    lambda _=False, f=field, a=address: getattr(self, f).setText(a)
                )

    def list_component_printers(self) -> None:
        """Ask the print component typed as the label (or standby) printer for its
        printers, off the GUI thread; its answer becomes a menu to choose from."""
        address = next(
            (
                f.text().strip()
                for f in (self.printer, self.standby_printer)
                if is_component_address(f.text().strip())
            ),
            "",
        )
        if not address:
            self.device_result.setText(
                self.tr(
                    "Type a print component's address as the label printer first, "
                    "e.g. cainiao+ws://127.0.0.1:13528, pdd+ws://127.0.0.1:5000 "
                    "or douyin+ws://127.0.0.1:13888"
                )
            )
            self.ctx.feedback.give(Outcome.REFUSED, self.device_result.text())
            return
        self.component_printers.setEnabled(False)
        self.device_result.setText(self.tr("Asking the print component for its printers…"))
        run_in_background(
            self,
            lambda: open_printer(address, timeout=3.0).list_printers(timeout=3.0),
            lambda found: self._component_printers_found(address, *found),
            self._component_printers_failed,
        )

    def _component_printers_found(self, address: str, names: list, default: str) -> None:
        self.component_printers.setEnabled(True)
        self.component_menu.clear()
        if not names:
            self.device_result.setText(self.tr("The print component lists no printers"))
            self.ctx.feedback.give(Outcome.WARNING, self.device_result.text())
            return
        self.device_result.setText(
            self.tr("The print component can print to: {names}").format(names=", ".join(names))
        )
        for name in names:
            marked = self.tr("{name}  (default)").format(name=name)
            title = marked if name == default else name
            sub = self.component_menu.addMenu(title)
            for field, text in (
                (self.printer, self.tr("Use for the label printer")),
                (self.standby_printer, self.tr("Use for the standby label printer")),
            ):
                sub.addAction(text).triggered.connect(
                    lambda _=False, f=field, n=name: f.setText(address_with_printer(address, n))
                )
        self.component_menu.popup(
            self.component_printers.mapToGlobal(self.component_printers.rect().bottomLeft())
        )

    def _component_printers_failed(self, exc: BaseException) -> None:
        self.component_printers.setEnabled(True)
        self.device_result.setText(self.tr("Print component: {error}").format(error=str(exc)))
        self.ctx.feedback.give(Outcome.REFUSED, self.device_result.text())

    def show_waybill_preview(self) -> WaybillPreview | None:
        """The sample waybill (every element: route code, sortation, consolidation,
        QR, stub, masked phone) at the size and resolution chosen on the page,
        as the label printer prints it; refused with the reason when the
        bench's template cannot be drawn."""
        from station.services.documents import sample_waybill_fields

        size = self.waybill_size.currentData()
        chosen = self.printer_dpi.currentData() or 0
        docs = self.ctx.services.documents
        try:
            try:  # the resolution of the printer as edited here, not yet saved
                dpi = label_dpi(self.printer.text().strip(), chosen)
            except DeviceUriError:
                dpi = label_dpi("", chosen)
            png = docs.render_waybill(sample_waybill_fields(), "png", size, dpi=dpi)
        except Exception as exc:  # a user's template, a text too long: said, not raised
            self.ctx.feedback.give(Outcome.REFUSED, label_failure(exc))
            return None
        dialog = WaybillPreview(png, size, dpi, self)
        dialog.open()
        return dialog

    def print_test_label(self) -> None:
        self.test_label_requested.emit()
        self.device_result.setText(self.tr("Test label sent: see the print jobs on Waybills (F3)"))

    def weigh(self) -> None:
        """Read the scale as typed in the form (it may not be saved yet)."""
        text = self.scale.text().strip()
        if not text:
            self.device_result.setText(self.tr("No scale is set up"))
            return
        self.read_scale.setEnabled(False)
        self.device_result.setText(self.tr("Reading the scale…"))
        if text == self.ctx.services.settings.devices.scale and self.ctx.devices is not None:
            # the configured scale belongs to its worker thread: ask it
            self.ctx.devices.weigh(self._weighed, self._weigh_failed)
            return

        def work():
            scale = make_scale(text)
            try:
                return scale.weigh(timeout=self.ctx.services.settings.devices.scale_settle_seconds)
            finally:
                scale.close()

        run_in_background(self, work, self._weighed, self._weigh_failed)

    def _weighed(self, weight) -> None:
        self.read_scale.setEnabled(True)
        self.device_result.setText(
            self.tr("Scale: {grams} g ({state})").format(
                grams=weight.whole_grams,
                state=self.tr("stable") if weight.stable else self.tr("moving"),
            )
        )
        self.ctx.feedback.give(Outcome.OK, self.device_result.text())

    def _weigh_failed(self, exc: BaseException) -> None:
        self.read_scale.setEnabled(True)
        text = message(*refusal(exc))
        if isinstance(exc, DeviceOffline):  # which port or host: what the IT person fixes
            text += f" ({exc})"
        self.device_result.setText(text)
        self.ctx.feedback.give(Outcome.REFUSED, self.device_result.text())

    def open_scanner_check(self) -> ScannerCheckDialog:
        dialog = ScannerCheckDialog(self.ctx, self)
        dialog.apply_requested.connect(self.apply_scanner_fixes)
        dialog.open()
        return dialog

    def apply_scanner_fixes(self, fixes: dict) -> None:
        if "prefix" in fixes:
            self.scanner_prefix.setText(fixes["prefix"])
        if "suffix" in fixes:
            self.scanner_suffix.setText(fixes["suffix"])
        if "gs_standin" in fixes:
            self.gs_standin.setText(fixes["gs_standin"])
        self.request_save()


class WaybillPreview(QDialog):
    """A waybill preview: the PNG of the label, shown whole on the screen (scaled
    to fit, smoothly), its size and resolution said above it."""

    def __init__(self, png: bytes, size: str, dpi: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Waybill preview"))
        layout = QVBoxLayout(self)
        w_mm, h_mm = size.split("x")
        self.caption = QLabel(
            self.tr("{w} × {h} mm at {dpi} dpi, as the label printer prints it").format(
                w=w_mm, h=h_mm, dpi=dpi
            )
        )
        layout.addWidget(self.caption)
        self.image = QPixmap()
        self.image.loadFromData(png, "PNG")
        screen = self.screen().availableGeometry() if self.screen() else None
        tallest = int(screen.height() * 0.8) if screen else 800
        shown = self.image
        if self.image.height() > tallest:
            shown = self.image.scaledToHeight(tallest, Qt.TransformationMode.SmoothTransformation)
        self.picture = QLabel()
        self.picture.setPixmap(shown)
        self.picture.setStyleSheet("background: white; border: 1px solid #888;")
        layout.addWidget(self.picture)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close)
