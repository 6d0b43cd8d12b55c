r"""Device addresses (URIs) for scanners, printers and scales.

Scanners:  ``wedge``, ``sim``, ``serial:///dev/ttyACM0?baud=9600``,
           ``serial://COM3``, ``serial://usb/05E0:1200`` (found by USB VID:PID,
           so a re-plugged scanner on another port is found again); options
           in :data:`SCANNER_OPTIONS` (``terminator=auto|cr|lf|crlf|tab|etx|none``…),
           any other option is refused by name.
Printers:  ``zpl+tcp://10.0.0.5:9100``, ``tspl+tcp://…``,
           ``zpl+serial:///dev/ttyUSB0?baud=9600``, ``zpl+usb:///dev/usb/lp0``,
           ``pdf+cups://QUEUE``, ``pdf+file:///DIR``, ``zpl+file:///DIR``, ``sim``;
           a platform's print component on the packing PC:
           ``cainiao+ws://127.0.0.1:13528?printer=NAME``, ``pdd+ws://127.0.0.1:5000?printer=NAME``,
           ``douyin+ws://127.0.0.1:13888?printer=NAME`` (NAME: a printer of the operating
           system, as the component lists it; without it the component's default printer);
           a printer of the operating system's print system, by its name there:
           ``pdf+system://NAME`` (drawn by the system's driver at the printer's own
           resolution and paper size; ``zpl+system://`` / ``tspl+system://``: a label
           printer with only a graphics driver, sent each label as an image),
           ``zpl+spool://NAME``, ``tspl+spool://NAME``, ``pdf+spool://NAME`` (the bytes
           passed untouched to the named queue: the Windows spooler's RAW datatype, a
           CUPS raw queue). NAME is everything after ``://`` up to ``?``, URL-quoted
           where it holds ``%``, ``?`` or ``#`` (``system_address`` writes one);
           spaces and Chinese may stand as they are.
Scales:    ``mtsics+serial:///dev/ttyUSB1?baud=9600``, ``mtsics+tcp://host:port``,
           ``continuous+serial:///dev/ttyUSB1?baud=9600`` (``ST,GS,…`` lines),
           ``toledo+serial:///dev/ttyUSB1`` (Toledo continuous frames), ``sim``.

On Windows a serial port is a COM port: ``serial://COM3``, ``zpl+serial://COM4``;
``com3``, ``/COM3`` and ``\\.\COM10`` are read as ``COM3`` and ``COM10``
(COM1 to COM256). A folder is a Windows path with its drive letter,
``pdf+file:///C:/labels/out`` or ``pdf+file://C:/labels/out`` (``C:\labels\out``),
or a share, ``pdf+file://\\server\labels``: such paths are read with
``pathlib.PureWindowsPath``'s rules on any system, and must be full paths.

Options after ``?`` are the ones in ``OPTIONS`` for the device kind and its
connection, and no others: an option the driver would not use is refused by
name, never ignored (``?dpi=300`` on a scale, ``?baud=`` on a network printer,
a misspelt ``?dip=300``). Label printers (ZPL, TSPL) take ``dpi=203|300|600``,
the print head's resolution, on every connection; labels are laid out for it.

``parse_uri(kind, text)`` raises :class:`DeviceUriError` with a message that
names the part that is wrong and what would be right.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath
from urllib.parse import parse_qsl, unquote, urlsplit

from station.drivers.errors import DeviceUriError
from station.drivers.scanners.framing import FRAMINGS

KINDS = ("scanner", "printer", "scale")
# The platforms' print components (WebSocket servers on the packing PC) and the port
# each listens on by default; they are the only languages spoken over ``ws``.
COMPONENT_PORTS = {"cainiao": 13528, "pdd": 5000, "douyin": 13888}
COMPONENT_OPTIONS = ("printer",)  # the options a print component's address may carry
LANGUAGES = {
    "printer": ("zpl", "tspl", "pdf", *COMPONENT_PORTS),
    "scale": ("mtsics", "continuous", "toledo"),
}
TRANSPORTS = {
    "scanner": ("serial",),
    "printer": ("tcp", "serial", "usb", "cups", "file", "ws", "system", "spool"),
    "scale": ("serial", "tcp"),
}
# The options each kind of device takes on each connection; anything else is refused.
OPTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("scanner", "sim"): (),
    ("printer", "tcp"): ("dpi",),
    ("printer", "serial"): ("baud", "serial", "dpi"),
    ("printer", "usb"): ("dpi",),
    ("printer", "cups"): ("dpi",),
    ("printer", "file"): ("dpi",),
    ("printer", "sim"): ("dpi",),
    ("printer", "ws"): COMPONENT_OPTIONS,
    ("printer", "system"): ("dpi",),
    ("printer", "spool"): ("dpi",),
    ("scale", "serial"): ("baud", "serial"),
    ("scale", "tcp"): (),
    ("scale", "sim"): ("grams",),
}
# Print-head resolutions of the label printers the station lays labels out for (dots per inch).
DPIS = (203, 300, 600)
DEFAULT_DPI = 203
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)
_VID_PID = re.compile(r"^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$")
EXAMPLES = {
    "scanner": "wedge, sim, serial:///dev/ttyACM0?baud=9600, serial://usb/05E0:1200",
    "printer": "zpl+tcp://10.0.0.5:9100, tspl+serial:///dev/ttyUSB0?baud=9600, "
    "zpl+usb:///dev/usb/lp0, pdf+cups://QUEUE, pdf+file:///DIR, "
    "cainiao+ws://127.0.0.1:13528?printer=NAME, pdf+system://PRINTER NAME, "
    "zpl+spool://PRINTER NAME, sim",
    "scale": "mtsics+serial:///dev/ttyUSB1?baud=9600, continuous+serial:///dev/ttyUSB1, sim",
}
# the same, with the device names a Windows PC has
WINDOWS_EXAMPLES = {
    "scanner": "wedge, sim, serial://COM3?baud=9600, serial://usb/05E0:1200",
    "printer": "zpl+tcp://10.0.0.5:9100, tspl+serial://COM4?baud=9600, "
    "pdf+file:///C:/labels, cainiao+ws://127.0.0.1:13528?printer=NAME, sim",
    "scale": "mtsics+serial://COM5?baud=9600, continuous+serial://COM5, sim",
}
_COM_PORT = re.compile(r"^(?:[/\\]|\\\\\.\\)?(COM)(\d+)$", re.IGNORECASE)
# C:/x, C:\x, /C:/x (file:///C:/x), C: and C:x (refused: not full paths); shares \\server\x
_DRIVE = re.compile(r"^/?[A-Za-z]:")
_SHARE = re.compile(r"^\\\\[^/\\]")


def examples(kind: str, platform: str | None = None) -> str:
    """Example addresses of a device kind, with this system's device names
    (``platform``: a ``sys.platform`` value; this system's when None)."""
    table = WINDOWS_EXAMPLES if (platform or sys.platform) == "win32" else EXAMPLES
    return table[kind]


def local_path(text: str) -> str | None:
    """The Windows path in an address's path part (``/C:/labels``, ``C:\\labels``,
    ``\\\\server\\share\\x``) as ``PureWindowsPath`` writes it (``C:\\labels``), or
    None when it is not one (``/var/spool/x``)."""
    if _DRIVE.match(text):
        return str(PureWindowsPath(text.removeprefix("/") if text[2:3] == ":" else text))
    if _SHARE.match(text):
        return str(PureWindowsPath(text))
    return None


def com_port(text: str) -> str | None:
    """``COM3`` for ``COM3``, ``com3``, ``/COM3``, ``\\\\.\\COM3``; None when
    ``text`` names no COM port. ValueError for a number outside 1-256."""
    m = _COM_PORT.match(text)
    if not m:
        return None
    number = int(m.group(2))
    if not 1 <= number <= 256:
        raise ValueError(f"COM{m.group(2)} is not a COM port (COM1 to COM256)")
    return f"COM{number}"


def folder_address(language: str, folder: str | PurePath) -> str:
    """The address of a folder printer for ``folder`` (an absolute path of this
    system): ``zpl+file:///var/lib/x``, ``pdf+file:///C:/Users/x``."""
    text = (folder if isinstance(folder, PurePath) else PurePath(folder)).as_posix()
    return f"{language}+file://{text if text.startswith('/') else '/' + text}"


SCANNER_OPTIONS = {
    "baud": None,  # checked with every kind's baud
    "serial": None,  # the USB serial number, with serial://usb/VID:PID
    "terminator": FRAMINGS,
    "max_length": range(1, 65536),  # bytes a read may have
    "idle_ms": range(5, 5001),  # the pause that ends a read without a suffix
    "timeout_ms": range(50, 60001),  # the silence after which a read without its end is dropped
}
"""The options a serial scanner address takes, with their allowed values (words or a range)."""
OPTIONS[("scanner", "serial")] = tuple(SCANNER_OPTIONS)


def _scanner_options(kind: str, text: str, params: dict[str, str]) -> None:
    """Refuse an option a serial scanner does not know, by name, and a value out of range."""
    for name, value in params.items():
        if name not in SCANNER_OPTIONS:
            raise _fail(
                kind,
                text,
                f"unknown option {name!r}: a serial scanner takes "
                f"{', '.join(n + '=' for n in SCANNER_OPTIONS)}",
            )
        allowed = SCANNER_OPTIONS[name]
        if isinstance(allowed, range):
            if not value.isdigit() or int(value) not in allowed:
                low, high = allowed[0], allowed[-1]
                raise _fail(
                    kind, text, f"{name}={value} is not a whole number from {low} to {high}"
                )
        elif allowed is not None and value not in allowed:
            raise _fail(kind, text, f"{name}={value} is not one of {', '.join(allowed)}")


@dataclass(frozen=True)
class DeviceUri:
    kind: str
    transport: str  # wedge | sim | serial | tcp | usb | cups | file | ws | system | spool
    language: str = ""  # zpl | tspl | pdf | cainiao | pdd | douyin | mtsics | continuous
    path: str = ""  # serial port, device file, folder, queue, system printer name
    host: str = ""
    port: int = 0
    vid_pid: tuple[int, int] | None = None
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""

    @property
    def baud(self) -> int:
        return int(self.params.get("baud", 9600))

    @property
    def dpi(self) -> int | None:
        """The ``dpi=`` option (one of ``DPIS``), None when the address has none."""
        return int(self.params["dpi"]) if "dpi" in self.params else None

    def param_float(self, name: str, default: float) -> float:
        return float(self.params[name]) if name in self.params else default

    def __str__(self) -> str:
        return self.text


def _fail(kind: str, text: str, why: str) -> DeviceUriError:
    return DeviceUriError(f"{kind} address {text!r}: {why} (examples: {examples(kind)})")


def _options(kind: str, transport: str, language: str, text: str, query: str) -> dict[str, str]:
    """The options of an address, each checked: known for this kind and connection
    (``OPTIONS``), given once, with a value the driver can use."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _fail(kind, text, f"the options {query!r} are not name=value pairs") from None
    allowed = OPTIONS.get((kind, transport), ())
    if language == "pdf":
        allowed = tuple(o for o in allowed if o != "dpi")
    params: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            if name == "dpi" and kind == "printer":
                why = "a PDF printer has no dpi= option: the page is laid out in millimetres"
            else:
                where = f"a {kind} on {transport}"
                why = f"unknown option {name!r} for {where} (" + (
                    f"it takes {', '.join(allowed)})" if allowed else "it takes no options)"
                )
            raise _fail(kind, text, why)
        if name in params:
            raise _fail(kind, text, f"option {name!r} is given twice")
        params[name] = value
    if "baud" in params and (not params["baud"].isdigit() or int(params["baud"]) not in BAUD_RATES):
        raise _fail(
            kind,
            text,
            f"baud={params['baud']} is not a serial speed ({', '.join(map(str, BAUD_RATES))})",
        )
    if "dpi" in params and params["dpi"] not in {str(d) for d in DPIS}:
        raise _fail(
            kind,
            text,
            f"dpi={params['dpi']} is not a label printer resolution "
            f"(one of {', '.join(map(str, DPIS))})",
        )
    for name in ("max_length", "idle_ms"):
        if name in params and not (params[name].isdigit() and int(params[name]) > 0):
            raise _fail(kind, text, f"{name}={params[name]} is not a whole number above 0")
    if "grams" in params:
        try:
            float(params["grams"])
        except ValueError:
            raise _fail(kind, text, f"grams={params['grams']} is not a number") from None
    return params


SYSTEM_TRANSPORTS = ("system", "spool")
"""The connections through the operating system's print system, to a printer by its name."""


def system_address(language: str, transport: str, name: str) -> str:
    """The address of the system printer ``name`` (as the print system lists it):
    ``pdf+system://Office HP``; ``%``, ``?`` and ``#`` in the name are URL-quoted so
    ``parse_uri`` reads the same name back, anything else (spaces, Chinese, a Windows
    ``\\\\server\\queue``) stays as it is, readable in Settings."""
    if transport not in SYSTEM_TRANSPORTS:
        raise ValueError(f"not a system printer connection: {transport!r}")
    quoted = name.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return f"{language}+{transport}://{quoted}"


def parse_uri(kind: str, text: str) -> DeviceUri:
    if kind not in KINDS:
        raise ValueError(f"unknown device kind {kind!r}")
    text = (text or "").strip()
    if not text:
        raise _fail(kind, text, "no address given")
    if text in ("sim",) or text.startswith("sim?"):
        params = _options(kind, "sim", "", text, text.partition("?")[2])
        return DeviceUri(kind, "sim", params=params, text=text)
    if kind == "scanner" and text == "wedge":
        return DeviceUri(kind, "wedge", text=text)
    head, sep, rest = text.partition("://")
    if sep and head.lower().rpartition("+")[2] in SYSTEM_TRANSPORTS:
        # a system printer's name is free text (brackets, backslashes, spaces): only
        # the scheme and the options are read as a URL
        parts = urlsplit(f"{head}://printer?{rest.partition('?')[2]}")
    else:
        try:
            parts = urlsplit(text)
        except ValueError as exc:
            raise _fail(kind, text, f"not a readable address ({exc})") from None
    if not parts.scheme or "://" not in text:
        raise _fail(kind, text, "not an address of the form scheme://…")
    language, _, transport = parts.scheme.lower().rpartition("+")
    if kind == "scanner":
        if language:
            raise _fail(kind, text, f"a scanner has no language prefix ({language!r})")
    else:
        if not language:
            raise _fail(
                kind,
                text,
                f"the language is missing before '+{transport}': one of "
                f"{', '.join(LANGUAGES[kind])}",
            )
        if language not in LANGUAGES[kind]:
            raise _fail(
                kind,
                text,
                f"unknown language {language!r}: one of {', '.join(LANGUAGES[kind])}",
            )
    if transport not in TRANSPORTS[kind]:
        raise _fail(
            kind,
            text,
            f"unknown connection {transport!r}: one of {', '.join(TRANSPORTS[kind])}",
        )
    params = _options(kind, transport, language, text, parts.query)
    uri = dict(kind=kind, transport=transport, language=language, params=params, text=text)

    if (transport == "ws") != (language in COMPONENT_PORTS):
        raise _fail(
            kind,
            text,
            f"a print component ({', '.join(COMPONENT_PORTS)}) is reached by ws:// and "
            f"only a print component is: not {language}+{transport}",
        )
    if transport == "ws":
        unknown = sorted(set(params) - set(COMPONENT_OPTIONS))
        if unknown:
            raise _fail(
                kind,
                text,
                f"unknown option {unknown[0]!r} for a print component: "
                f"one of {', '.join(COMPONENT_OPTIONS)}",
            )
        try:
            port = parts.port
        except ValueError:
            raise _fail(kind, text, "the port is not a number from 1 to 65535") from None
        host = parts.hostname or "127.0.0.1"
        return DeviceUri(host=host, port=port or COMPONENT_PORTS[language], **uri)
    if transport == "tcp":
        host = parts.hostname
        try:
            port = parts.port
        except ValueError:
            raise _fail(kind, text, "the port is not a number from 1 to 65535") from None
        if not host:
            raise _fail(kind, text, "the host is missing (tcp://HOST:PORT)")
        return DeviceUri(host=host, port=port or 9100, **uri)
    if transport == "serial":
        if kind == "scanner":
            _scanner_options(kind, text, params)
        if parts.netloc.lower() == "usb":
            m = _VID_PID.match(parts.path.lstrip("/"))
            if not m:
                raise _fail(kind, text, "after serial://usb/ give the USB VID:PID, e.g. 05E0:1200")
            vid_pid = (int(m.group(1), 16), int(m.group(2), 16))
            return DeviceUri(vid_pid=vid_pid, **uri)
        path = parts.netloc + parts.path if parts.netloc else parts.path
        if not path:
            raise _fail(kind, text, "the serial port is missing")
        try:
            path = com_port(path) or path
        except ValueError as exc:
            raise _fail(kind, text, str(exc)) from None
        return DeviceUri(path=path, **uri)
    if transport in ("usb", "file"):
        path = parts.netloc + parts.path if parts.netloc else parts.path
        windows = local_path(path) if transport == "file" else None
        if windows is not None:
            if not PureWindowsPath(windows).is_absolute():
                raise _fail(kind, text, f"{windows} is not a full path (e.g. C:/labels)")
            path = windows
        if not path:
            raise _fail(
                kind, text, f"the {'device file' if transport == 'usb' else 'folder'} is missing"
            )
        return DeviceUri(path=path, **uri)
    if transport in ("system", "spool"):
        name = unquote(text.split("://", 1)[1].partition("?")[0]).strip()
        if not name:
            raise _fail(
                kind,
                text,
                f"the printer's name in the system is missing ({language}+{transport}://NAME)",
            )
        return DeviceUri(path=name, **uri)
    # cups
    queue = parts.netloc or parts.path.strip("/")
    if not queue:
        raise _fail(kind, text, "the print queue name is missing (pdf+cups://QUEUE)")
    return DeviceUri(path=queue, **uri)
