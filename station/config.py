"""Settings, declared once as a typed schema, with versioned upgrades.

The settings file is JSON in the data directory. Each section is a frozen
dataclass; ``load_settings`` reads the file, runs the upgrade steps from the
file's version to ``SETTINGS_VERSION``, fills missing keys with defaults and
refuses values of the wrong type with a message naming the key. Writes are
atomic (temporary file, fsync, rename), so a power cut never leaves half a
settings file.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_VERSION = 3
LANGUAGES = ("en", "zh_CN")
WAYBILL_SIZES = ("100x150", "100x180", "76x130")  # the standard waybill templates


class SettingsError(ValueError):
    """The settings file cannot be understood; the message names the key. ``key`` is
    that key (``section.name``, "" for the file as a whole) and ``code`` the rule it
    breaks, so a screen can say it in the operator's language."""

    def __init__(self, message: str, key: str = "", code: str = "", **params):
        super().__init__(message)
        self.key = key
        self.code = code or ("settings.invalid" if key else "settings.unreadable")
        self.params = {"key": key, **params}


@dataclass(frozen=True)
class BenchSettings:
    bench_id: str = ""
    bench_name: str = "Bench 1"
    # "" = nobody has chosen yet: the interface follows the system locale (LANG)
    language: str = ""


@dataclass(frozen=True)
class DeviceSettings:
    scanner: str = "wedge"
    printer: str = ""
    standby_printer: str = ""
    document_printer: str = ""
    scale: str = ""
    # print-head resolution of each label printer, dots per inch (203, 300 or 600);
    # 0 = the address's dpi= option, else 203
    printer_dpi: int = 0
    standby_printer_dpi: int = 0
    # how long a weighing waits for the scale to call the weight stable, then "the
    # scale did not settle" (a moving weight is never used)
    scale_settle_seconds: float = 5.0


@dataclass(frozen=True)
class ScannerSettings:
    """How scans are told apart and cleaned, whatever the scanner."""

    wedge_max_gap_ms: int = 30  # keys closer than this are a scanner's burst
    wedge_min_length: int = 4  # shorter bursts are typing
    prefix: str = ""  # added by the scanner before each code
    suffix: str = ""  # added after each code (before Enter)
    gs_standin: str = ""  # what the scanner types for the GS1 separator, e.g. ^] or |
    gs_chord: str = "Ctrl+]"  # the key chord a wedge scanner types for GS (Alt+0029 always works)
    terminators: str = "enter,tab"  # keys that end a wedge scan: enter, tab (comma-separated)
    # the scanner presses Shift for capitals whatever the PC's Caps Lock (most do); off
    # for a scanner set to make up for Caps Lock itself (Honeywell "Caps Lock on")
    caps_lock_repair: bool = True
    double_read_ms: int = 400  # same code again within this is one read


@dataclass(frozen=True)
class PrintingSettings:
    stale_after_minutes: int = 30  # a job older than this waits for a person to confirm it
    attempts: int = 2  # tries on the bench's printer before the standby printer
    # A try fails when the printer takes no byte for this long (not a limit on the
    # whole job: printers stop reading for seconds while printing a large graphic).
    no_progress_seconds: float = 30.0
    # The custom-area template (自定义区模板) a platform's print component draws the
    # station's own area with (items, quantities, remark, order barcode), as the
    # platform's template editor gives it; "" prints the platform's standard area only.
    component_custom_template: str = ""
    # The size of the waybills the station draws for this bench's label printer
    # (station/resources/labels/waybill_<size>.json): 100x150, 100x180 (two parts), 76x130.
    waybill_size: str = "100x150"


@dataclass(frozen=True)
class PackingSettings:
    packaging_g: int = 60  # box and filling, added to the products' weight
    weight_tolerance_pct: float = 5.0
    weight_tolerance_g: int = 30  # small parcels: at least this many grams either way
    warn_before_minutes: int = 120  # orders due within this are shown at risk
    penalty_rate_pct: float = 10.0  # of the amount paid, for a late dispatch
    penalty_min_fen: int = 500
    penalty_max_fen: int = 10_000
    cutoff: str = "17:00"  # the carrier's last pickup of the day, local time (HH:MM)
    # per carrier, where it differs from cutoff: "SF=18:00, ZTO=16:30" (local HH:MM)
    pickups: str = ""
    orders_per_person_day: int = 450  # until the bench has measured its own rate
    sender_name: str = "Station 仓库"
    sender_phone: str = ""
    sender_address: str = ""
    # the carrier of an imported order whose export names none: its shop's
    # ("店铺A=SF; 店铺B=YTO"), else the default; else the import names the order
    shop_carriers: str = ""
    default_carrier: str = ""

    # Carriers (codes, comma-separated, e.g. "JD,SF") whose waybills and packing
    # lists print the recipient's phone in full; every other carrier's mask it
    # (138****1234, station.core.privacy.mask_phone).
    full_phone_carriers: str = ""

    def phone_masked(self, carrier: str | None) -> bool:
        """Whether documents for ``carrier`` mask the recipient's phone."""
        full = {c.strip().upper() for c in self.full_phone_carriers.split(",") if c.strip()}
        return (carrier or "").upper() not in full


@dataclass(frozen=True)
class BatchSettings:
    """Peak-day batches (station.core.batching): which rules group the open orders."""

    auto: bool = True  # group the new open orders after every order import
    max_orders: int = 50  # at most this many orders in one batch
    single_item: bool = True  # single-item orders (one unit of one SKU) together, per SKU
    shared_skus: bool = True  # multi-item orders by a SKU they share
    by_carrier: bool = True  # one carrier per batch
    deadline_minutes: int = 0  # orders due in the same window of this many minutes; 0: off


@dataclass(frozen=True)
class ReceivingSettings:
    company_prefix: str = ""  # GS1 company prefix: putaway plates are SSCCs
    plates: str = "each"  # putaway labels: each (carton or pallet as received) | close | off


@dataclass(frozen=True)
class SecuritySettings:
    max_pin_failures: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10
    min_pin_length: int = 4  # for PINs set on this bench; 4 to 12 (docs/security.md)
    supervisor_badge_and_pin: bool = (
        False  # a supervisor's badge alone neither logs in nor approves
    )


@dataclass(frozen=True)
class StorageSettings:
    backups_kept: int = 14
    backup_interval_hours: int = 24


@dataclass(frozen=True)
class FeedbackSettings:
    sound: bool = True
    banner_seconds: float = 3.0


@dataclass(frozen=True)
class HeadOfficeSettings:
    url: str = ""
    verify_tls: bool = True


@dataclass(frozen=True)
class Settings:
    bench: BenchSettings = field(default_factory=BenchSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    packing: PackingSettings = field(default_factory=PackingSettings)
    batches: BatchSettings = field(default_factory=BatchSettings)
    receiving: ReceivingSettings = field(default_factory=ReceivingSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    head_office: HeadOfficeSettings = field(default_factory=HeadOfficeSettings)

    def replace(self, section: str, **changes: Any) -> Settings:
        """A copy with some keys of one section changed (type-checked)."""
        current = getattr(self, section)
        updated = dataclasses.replace(current, **changes)
        _check_section(section, updated)
        return dataclasses.replace(self, **{section: updated})

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["version"] = SETTINGS_VERSION
        return data


# --- upgrades: each takes the dict of version N and returns version N+1 ---


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 kept the language at the top level and called the bench "name".
    bench = dict(data.get("bench", {}))
    if "name" in bench:
        bench.setdefault("bench_name", bench.pop("name"))
    if "language" in data:
        bench.setdefault("language", data.pop("language"))
    data["bench"] = bench
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    # Version 3 adds the scanner section; its defaults are what version 2 did.
    data.setdefault("scanner", {})
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


PLATES = ("each", "close", "off")
SCAN_TERMINATORS = ("enter", "tab")


def pickup_times(packing: PackingSettings) -> dict[str, str]:
    """Each carrier's pickup time (local HH:MM) from ``packing.pickups``
    (``"SF=18:00, ZTO=16:30"``, carrier codes upper-cased); carriers not named use
    ``packing.cutoff``. ValueError for an entry that is not CARRIER=HH:MM."""
    out = {}
    for part in packing.pickups.replace("，", ",").split(","):
        if not part.strip():
            continue
        carrier, sep, hhmm = part.partition("=")
        carrier, hhmm = carrier.strip().upper(), hhmm.strip()
        if not sep or not carrier or not _is_hhmm(hhmm):
            raise ValueError(part)
        out[carrier] = hhmm
    return out


def _is_hhmm(text: str) -> bool:
    hh, sep, mm = text.partition(":")
    return bool(sep) and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60


def _check_section(name: str, section: Any) -> None:
    for f in dataclasses.fields(section):
        value = getattr(section, f.name)
        expected = type(f.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if type(value) is not expected:
            raise SettingsError(
                f"setting {name}.{f.name} must be {expected.__name__}, "
                f"not {type(value).__name__} ({value!r})",
                f"{name}.{f.name}",
            )
    if name == "packing" and not _is_hhmm(section.cutoff):
        raise SettingsError(
            f"setting packing.cutoff must be HH:MM, not {section.cutoff!r}",
            "packing.cutoff",
            "settings.cutoff",
            value=section.cutoff,
        )
    if name == "packing":
        try:
            shop_carriers(section)
        except ValueError as exc:
            raise SettingsError(str(exc), "packing.shop_carriers") from None
        try:
            pickup_times(section)
        except ValueError:
            raise SettingsError(
                f"setting packing.pickups must be CARRIER=HH:MM, …, not {section.pickups!r}",
                "packing.pickups",
                "settings.pickups",
                value=section.pickups,
            ) from None
    if name == "receiving":
        prefix = section.company_prefix
        if prefix and not (prefix.isdigit() and 6 <= len(prefix) <= 12):
            raise SettingsError(
                f"setting receiving.company_prefix must be 6 to 12 digits, not {prefix!r}",
                "receiving.company_prefix",
                "settings.company_prefix",
                value=prefix,
            )
        if section.plates not in PLATES:
            raise SettingsError(
                f"setting receiving.plates must be one of {', '.join(PLATES)}, "
                f"not {section.plates!r}",
                "receiving.plates",
            )
    if name == "batches" and not 1 <= section.max_orders <= 1000:
        raise SettingsError(
            f"setting batches.max_orders must be 1 to 1000, not {section.max_orders!r}",
            "batches.max_orders",
        )
    if name == "batches" and not 0 <= section.deadline_minutes <= 7 * 24 * 60:
        raise SettingsError(
            "setting batches.deadline_minutes must be 0 (off) to 10080 (a week), "
            f"not {section.deadline_minutes!r}",
            "batches.deadline_minutes",
        )
    if name == "security" and not 4 <= section.min_pin_length <= 12:
        raise SettingsError(
            f"setting security.min_pin_length must be 4 to 12, not {section.min_pin_length!r}",
            "security.min_pin_length",
        )
    if name == "devices" and not 0 < section.scale_settle_seconds <= 60:
        raise SettingsError(
            "setting devices.scale_settle_seconds must be more than 0 and at most 60, "
            f"not {section.scale_settle_seconds!r}",
            "devices.scale_settle_seconds",
        )
    if name == "printing" and section.waybill_size not in WAYBILL_SIZES:
        raise SettingsError(
            f"setting printing.waybill_size must be one of {', '.join(WAYBILL_SIZES)}, "
            f"not {section.waybill_size!r}",
            "printing.waybill_size",
        )
    if name == "printing" and not 0 < section.no_progress_seconds <= 600:
        raise SettingsError(
            "setting printing.no_progress_seconds must be more than 0 and at most 600, "
            f"not {section.no_progress_seconds!r}",
            "printing.no_progress_seconds",
        )
    if name == "scanner":
        names = [n.strip() for n in section.terminators.split(",") if n.strip()]
        if any(n not in SCAN_TERMINATORS for n in names):
            raise SettingsError(
                f"setting scanner.terminators must list {', '.join(SCAN_TERMINATORS)}, "
                f"not {section.terminators!r}",
                "scanner.terminators",
            )
        chord = section.gs_chord
        if chord and not (
            "+" in chord.strip("+") and chord.split("+")[0] in ("Ctrl", "Alt", "Meta", "Shift")
        ):
            raise SettingsError(
                f"setting scanner.gs_chord must be a chord such as Ctrl+], not {chord!r}",
                "scanner.gs_chord",
            )
    if name == "devices":
        _check_dpi(section, "printer")
        _check_dpi(section, "standby_printer")
    if name == "bench" and section.language not in ("", *LANGUAGES):
        raise SettingsError(
            f"setting bench.language must be one of {', '.join(LANGUAGES)} "
            f"(or empty: the system's language), not {section.language!r}",
            "bench.language",
        )


def shop_carriers(packing: PackingSettings) -> dict[str, str]:
    """{shop name: carrier code} from ``packing.shop_carriers`` ("店铺A=SF; 店铺B=YTO",
    ``;`` or a line break between shops), with ``""`` for ``packing.default_carrier``.
    Raises ValueError for a pair without ``=`` or without a carrier."""
    out: dict[str, str] = {}
    for pair in packing.shop_carriers.replace("\n", ";").replace("；", ";").split(";"):
        if not pair.strip():
            continue
        shop, eq, code = pair.partition("=")
        if not eq or not shop.strip() or not code.strip():
            raise ValueError(f"setting packing.shop_carriers: {pair.strip()!r} is not SHOP=CARRIER")
        out[shop.strip()] = code.strip().upper()
    if packing.default_carrier.strip():
        out[""] = packing.default_carrier.strip().upper()
    return out


def _check_dpi(devices: DeviceSettings, printer: str) -> None:
    """``devices.<printer>_dpi`` is 0 or a label printer resolution, and does not
    contradict a ``dpi=`` in the printer's own address."""
    from station.drivers.errors import DeviceUriError
    from station.drivers.uri import DPIS, parse_uri

    key = f"devices.{printer}_dpi"
    dpi = getattr(devices, f"{printer}_dpi")
    if dpi not in (0, *DPIS):
        raise SettingsError(
            f"setting {key} must be one of {', '.join(map(str, DPIS))} (or 0: the address's "
            f"dpi=, else 203), not {dpi!r}",
            key,
            "settings.printer_dpi",
            value=dpi,
        )
    address = getattr(devices, printer)
    try:
        said = parse_uri("printer", address).dpi if address else None
    except DeviceUriError:
        return  # an address that cannot be used is reported where it is used
    if dpi and said and said != dpi:
        raise SettingsError(
            f"setting {key} is {dpi} but the printer's address says dpi={said}",
            key,
            "settings.printer_dpi_conflict",
            value=dpi,
            address=said,
        )


def settings_from_dict(data: dict[str, Any]) -> Settings:
    data = dict(data)
    version = data.pop("version", 1)
    if not isinstance(version, int) or version < 1 or version > SETTINGS_VERSION:
        raise SettingsError(f"settings version {version!r} is not one this station knows")
    try:
        while version < SETTINGS_VERSION:
            data = UPGRADES[version](data)
            version += 1
    except (TypeError, ValueError, AttributeError) as exc:
        raise SettingsError(f"settings of version {version} cannot be upgraded: {exc}") from None
    sections = {}
    for f in dataclasses.fields(Settings):
        cls = f.default_factory  # the section's dataclass
        raw = data.get(f.name, {})
        if not isinstance(raw, dict):
            raise SettingsError(f"settings section {f.name} must be an object")
        known = {sf.name for sf in dataclasses.fields(cls)}
        unknown = set(raw) - known
        if unknown:
            log.warning("ignoring unknown settings in %s: %s", f.name, ", ".join(sorted(unknown)))
        section = cls(**{k: v for k, v in raw.items() if k in known})
        _check_section(f.name, section)
        sections[f.name] = section
    return Settings(**sections)


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives defaults with a new bench id, saved at once."""
    if not path.exists():
        settings = Settings().replace("bench", bench_id=str(uuid.uuid4()))
        save_settings(path, settings)
        return settings
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"settings file {path} must hold a JSON object")
    settings = settings_from_dict(data)
    if not settings.bench.bench_id:
        settings = settings.replace("bench", bench_id=str(uuid.uuid4()))
        save_settings(path, settings)
    return settings


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
