import re
from urllib.parse import quote

import pytest

from station.drivers.errors import DeviceUriError
from station.drivers.uri import parse_uri, system_address


@pytest.mark.parametrize(
    "kind,text,check",
    [
        ("scanner", "wedge", dict(transport="wedge")),
        ("scanner", "sim", dict(transport="sim")),
        (
            "scanner",
            "serial:///dev/ttyACM0?baud=9600",
            dict(transport="serial", path="/dev/ttyACM0", baud=9600),
        ),
        ("scanner", "serial://COM3", dict(path="COM3")),
        ("scanner", "serial://usb/05E0:1200", dict(vid_pid=(0x05E0, 0x1200))),
        ("printer", "zpl+tcp://10.0.0.5:9100", dict(language="zpl", host="10.0.0.5", port=9100)),
        ("printer", "tspl+tcp://printer.local", dict(language="tspl", port=9100)),
        ("printer", "zpl+serial:///dev/ttyUSB0?baud=19200", dict(path="/dev/ttyUSB0", baud=19200)),
        ("printer", "zpl+usb:///dev/usb/lp0", dict(transport="usb", path="/dev/usb/lp0")),
        ("printer", "pdf+cups://Office_A4", dict(transport="cups", path="Office_A4")),
        (
            "printer",
            "pdf+file:///var/spool/station",
            dict(transport="file", path="/var/spool/station"),
        ),
        ("scale", "mtsics+serial:///dev/ttyUSB1?baud=9600", dict(language="mtsics")),
        ("scale", "continuous+serial:///dev/ttyUSB1", dict(language="continuous")),
        ("scale", "mtsics+tcp://10.0.0.9:4001", dict(transport="tcp", port=4001)),
    ],
)
def test_good_addresses(kind, text, check):
    uri = parse_uri(kind, text)
    for attr, value in check.items():
        assert getattr(uri, attr) == value, attr
    assert str(uri) == text


@pytest.mark.parametrize(
    "kind,text,words",
    [
        ("printer", "", "no address"),
        ("printer", "10.0.0.5:9100", "scheme://"),
        ("printer", "tcp://10.0.0.5", "language is missing"),
        ("printer", "epl+tcp://h", "unknown language 'epl'"),
        ("printer", "zpl+ftp://h", "unknown connection 'ftp'"),
        ("printer", "zpl+tcp://:9100", "host is missing"),
        ("printer", "zpl+tcp://h:70000", "port"),
        ("printer", "pdf+cups://", "queue name"),
        ("scanner", "zpl+serial:///dev/x", "no language prefix"),
        ("scanner", "serial:///dev/x?baud=1234", "baud=1234"),
        ("scanner", "serial://usb/zzzz", "VID:PID"),
        ("scale", "mtsics+usb:///dev/x", "unknown connection 'usb'"),
    ],
)
def test_bad_addresses_say_what_is_wrong(kind, text, words):
    with pytest.raises(DeviceUriError) as exc:
        parse_uri(kind, text)
    assert words in str(exc.value)
    assert "examples:" in str(exc.value)


@pytest.mark.parametrize(
    "text,language,host,port,name",
    [
        (
            "cainiao+ws://127.0.0.1:13528?printer=GP-1324D",
            "cainiao",
            "127.0.0.1",
            13528,
            "GP-1324D",
        ),
        ("pdd+ws://127.0.0.1:5000?printer=Deli%20DL-888", "pdd", "127.0.0.1", 5000, "Deli DL-888"),
        ("douyin+ws://127.0.0.1?printer=汉印N41", "douyin", "127.0.0.1", 13888, "汉印N41"),
        ("cainiao+ws://packpc.local", "cainiao", "packpc.local", 13528, None),
        ("PDD+WS://127.0.0.1:15000", "pdd", "127.0.0.1", 15000, None),
    ],
)
def test_print_component_addresses(text, language, host, port, name):
    uri = parse_uri("printer", text)
    assert (uri.language, uri.transport, uri.host, uri.port) == (language, "ws", host, port)
    assert uri.params.get("printer") == name


@pytest.mark.parametrize(
    "text,words",
    [
        ("zpl+ws://127.0.0.1:13528", "print component"),
        ("cainiao+tcp://127.0.0.1:13528", "print component"),
        ("pdd+ws://127.0.0.1:5000?printr=X", "unknown option 'printr'"),
        ("douyin+ws://127.0.0.1:70000", "port"),
        ("kuaishou+ws://127.0.0.1:16888", "unknown language"),
    ],
)
def test_bad_print_component_addresses(text, words):
    with pytest.raises(DeviceUriError) as e:
        parse_uri("printer", text)
    assert words in str(e.value)


# --- options: dpi on every label printer address; anything a driver does not use refused ---

LABEL_PRINTERS = [
    "zpl+tcp://10.0.0.5:9100",
    "tspl+tcp://printer.local",
    "zpl+serial:///dev/ttyUSB0",
    "tspl+serial://usb/0483:5740",
    "zpl+usb:///dev/usb/lp0",
    "tspl+usb:///dev/usb/lp1",
    "zpl+cups://Zebra_ZT410",
    "zpl+file:///var/spool/labels",
    "tspl+file:///tmp/labels",
    "sim",
]


def with_option(address: str, option: str) -> str:
    return address + ("&" if "?" in address else "?") + option


@pytest.mark.parametrize("address", LABEL_PRINTERS)
@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_dpi_on_every_label_printer_address(address, dpi):
    uri = parse_uri("printer", with_option(address, f"dpi={dpi}"))
    assert uri.dpi == dpi
    assert parse_uri("printer", address).dpi is None


def test_dpi_with_other_options():
    uri = parse_uri("printer", "zpl+serial:///dev/ttyUSB0?baud=19200&dpi=300&serial=A1")
    assert (uri.baud, uri.dpi, uri.params["serial"]) == (19200, 300, "A1")


@pytest.mark.parametrize("address", LABEL_PRINTERS[::3])
@pytest.mark.parametrize("value", ["250", "0", "300.0", "", "high", "-300", "1200", "٣٠٠"])
def test_unsupported_dpi_is_refused_by_name(address, value):
    with pytest.raises(DeviceUriError) as exc:
        parse_uri("printer", with_option(address, f"dpi={value}"))
    assert f"dpi={value}" in str(exc.value) and "203, 300, 600" in str(exc.value)


@pytest.mark.parametrize(
    "kind,text,name",
    [
        ("printer", "zpl+tcp://10.0.0.5:9100?dip=300", "dip"),
        ("printer", "zpl+tcp://10.0.0.5:9100?baud=9600", "baud"),
        ("printer", "tspl+tcp://h?timeout=5", "timeout"),
        ("printer", "zpl+usb:///dev/usb/lp0?baud=9600", "baud"),
        ("printer", "zpl+cups://Q?raw=1", "raw"),
        ("printer", "zpl+file:///tmp/x?extension=prn", "extension"),
        ("printer", "zpl+serial:///dev/ttyUSB0?terminator=cr", "terminator"),
        ("printer", "sim?grams=5", "grams"),
        ("printer", "pdf+cups://Office?dpi=300", "dpi"),
        ("printer", "pdf+file:///tmp/x?dpi=600", "dpi"),
        ("scanner", "serial:///dev/ttyACM0?dpi=300", "dpi"),
        ("scanner", "serial://usb/05E0:1200?speed=9600", "speed"),
        ("scanner", "sim?dpi=300", "dpi"),
        ("scale", "mtsics+serial:///dev/ttyUSB1?dpi=300", "dpi"),
        ("scale", "mtsics+tcp://10.0.0.9:4001?baud=9600", "baud"),
        ("scale", "continuous+serial:///dev/ttyUSB1?unit=kg", "unit"),
        ("scale", "sim?dpi=300", "dpi"),
    ],
)
def test_an_option_the_driver_does_not_use_is_refused_by_name(kind, text, name):
    with pytest.raises(DeviceUriError) as exc:
        parse_uri(kind, text)
    assert repr(name) in str(exc.value) or f"{name}=" in str(exc.value)
    assert "examples:" in str(exc.value)


@pytest.mark.parametrize(
    "kind,text",
    [
        ("printer", "zpl+tcp://h?dpi=300&dpi=600"),
        ("printer", "zpl+tcp://h?dpi=300&dpi=300"),
        ("scanner", "serial:///dev/ttyACM0?baud=9600&baud=9600"),
    ],
)
def test_an_option_given_twice_is_refused(kind, text):
    with pytest.raises(DeviceUriError, match="given twice"):
        parse_uri(kind, text)


@pytest.mark.parametrize(
    "kind,text",
    [
        ("scanner", "serial:///dev/ttyACM0?baud=9600&terminator=lf&max_length=64&idle_ms=20"),
        ("scanner", "serial://usb/05E0:1200?serial=ABC"),
        ("scale", "mtsics+serial:///dev/ttyUSB1?baud=9600&serial=X"),
        ("scale", "sim?grams=1250"),
    ],
)
def test_the_options_each_driver_uses_are_accepted(kind, text):
    assert parse_uri(kind, text).params


@pytest.mark.parametrize(
    "text",
    ["serial:///dev/x?max_length=0", "serial:///dev/x?idle_ms=fast", "serial:///dev/x?max_length="],
)
def test_scanner_numbers_are_whole_numbers(text):
    with pytest.raises(DeviceUriError, match="whole number"):
        parse_uri("scanner", text)


SYSTEM_NAMES = [
    "HP LaserJet Pro M404",
    "标签打印机 (Gprinter GP-1324D)",
    r"\\PRINTSRV\Office A4",
    "Zebra [ZT410] 300dpi",
    "50% toner? #2",
    "XP-420B",
]


@pytest.mark.parametrize("name", SYSTEM_NAMES)
@pytest.mark.parametrize(
    "language, transport",
    [("pdf", "system"), ("zpl", "system"), ("zpl", "spool"), ("tspl", "spool")],
)
def test_system_printer_names_come_back_whole(name, language, transport):
    """A system printer's name is free text: written by system_address, read back by
    parse_uri, the same name; URL-quoted (as a browser would copy it) too."""
    text = system_address(language, transport, name)
    uri = parse_uri("printer", text)
    assert (uri.path, uri.language, uri.transport, uri.params) == (name, language, transport, {})
    assert parse_uri("printer", f"{language}+{transport}://{quote(name)}").path == name
    if language != "pdf":
        assert parse_uri("printer", text + "?dpi=300").dpi == 300


@pytest.mark.parametrize(
    "text, words",
    [
        ("pdf+system://", "name in the system is missing"),
        ("zpl+spool://?dpi=203", "name in the system is missing"),
        ("pdf+spool://Office?dpi=300", "no dpi= option"),
        ("zpl+system://Label?baud=9600", "unknown option 'baud'"),
        ("cainiao+system://Label", "print component"),
        ("zpl+tcp://[2]:9100", "not a readable address"),
    ],
)
def test_bad_system_printer_addresses(text, words):
    with pytest.raises(DeviceUriError, match=re.escape(words)):
        parse_uri("printer", text)
