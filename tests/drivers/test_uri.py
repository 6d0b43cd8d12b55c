import pytest

from drivers.errors import DeviceUriError
from drivers.uri import parse_uri


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
